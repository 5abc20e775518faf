"""Render a report context to HTML (one Jinja environment) and HTML to PDF (WeasyPrint).

The HTML is self-contained: the stylesheet is inlined, charts are data URIs, no script,
no web font, no external URL. Output is deterministic for the same input.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from wres_cli import numbers, resources
from wres_cli.escape import plain
from wres_cli.report import structure
from wres_cli.report.context import ReportContext

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


@dataclass(frozen=True)
class Metadata:
    """What the PDF says of itself (title, author, generator), as plain strings."""

    title: str
    author: str
    generator: str


def metadata(context: ReportContext) -> Metadata:
    return Metadata(
        title=plain(f"{context.words.title} {context.year or ''} - {context.organisation}".strip()),
        author=plain(context.organisation),
        generator=f"wres-cli {context.version}",
    )


def pdf(document: str, context: ReportContext) -> bytes:
    """The same HTML as a tagged PDF (PDF/UA-1), with fixed metadata for reproducibility."""
    return write_pdf(document, metadata(context))


def write_pdf(document: str, about: Metadata) -> bytes:
    """HTML to a tagged PDF (PDF/UA-1) with WeasyPrint; no date in it, so the same HTML
    gives the same bytes."""
    import logging

    import weasyprint
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    # Charts are data URIs; anything else would be a fetch from outside: refused.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    rendered = weasyprint.HTML(string=document, url_fetcher=fetcher).render()
    rendered.metadata.title = about.title
    rendered.metadata.authors = [about.author]
    rendered.metadata.generator = about.generator
    rendered.metadata.created = None
    rendered.metadata.modified = None
    rendered.metadata.lang = "en-GB"
    output: bytes = rendered.write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=False, finisher=structure.finish
    )
    return output
