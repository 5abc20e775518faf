"""Render a report context to HTML (one Jinja environment) and HTML to PDF (WeasyPrint).

The HTML is self-contained: the stylesheet is inlined, charts are data URIs, no script,
no web font, no external URL. Output is deterministic for the same input.
"""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup

from wres_cli import numbers, resources
from wres_cli.escape import plain
from wres_cli.report.context import ReportContext
from wres_cli.report.printer import Metadata, Printer, write_pdf

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(resources.data_dir("templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_plain,
    )
    env.filters.update(ratio=numbers.ratio, pct=numbers.pct, pp=numbers.pp, count=numbers.count)
    return env


def _plain(value: object) -> object:
    """Every value the template prints, control and bidi characters escaped (input text
    such as an organisation name must not reorder or hide the report around it)."""
    if isinstance(value, Markup):
        return Markup(plain(str(value)))
    return plain(value) if isinstance(value, str) else value


def html(context: ReportContext) -> str:
    """The report as one HTML document."""
    env = environment()
    css = (resources.data_dir("templates") / STYLESHEET).read_text(encoding="utf-8")
    # The stylesheet is the package's own file, not input: trusted, so not escaped.
    return env.get_template(TEMPLATE).render(report=context, stylesheet=Markup(css))


def metadata(context: ReportContext) -> Metadata:
    return Metadata(
        title=plain(f"{context.words.title} {context.year or ''} - {context.organisation}".strip()),
        author=plain(context.organisation),
        generator=f"wres-cli {context.version}",
    )


def pdf(document: str, context: ReportContext, printer: Printer | None = None) -> bytes:
    """The same HTML as a tagged PDF (PDF/UA-1), with fixed metadata for reproducibility;
    printed by ``printer`` (a process of its own, started earlier) when given."""
    about = metadata(context)
    return printer.pdf(document, about) if printer is not None else write_pdf(document, about)
