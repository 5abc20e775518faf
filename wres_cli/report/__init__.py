"""The board report: one Jinja template set rendered to HTML, and to PDF through WeasyPrint."""
