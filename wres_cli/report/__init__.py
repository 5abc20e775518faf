"""The board report: one Jinja template set rendered to HTML, and to PDF through WeasyPrint."""

from __future__ import annotations

from typing import Literal

from wres_cli.errors import UsageError
from wres_cli.pipeline import Analysis

Format = Literal["html", "pdf"]


def render(analysis: Analysis, fmt: Format) -> bytes:
    """The report on the latest year of the one organisation analysed (earlier years give
    the trend), as HTML or PDF bytes."""
    from wres_cli.report import context, document

    codes = {d.organisation.code for d in analysis.documents}
    if len(codes) > 1:
        raise UsageError(
            f"the data holds {len(codes)} organisations; a report covers one "
            "(give one organisation's folder)"
        )
    latest = max(analysis.documents, key=lambda d: d.reporting_year or 0)
    ctx = context.build(analysis, latest)
    page = document.html(ctx)
    if fmt == "html":
        return page.encode("utf-8")
    return document.pdf(page, ctx)
