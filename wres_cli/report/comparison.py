"""The comparison's page (``wres compare -o compare.html|.pdf``): a funnel per panel, the
organisations outside the 99.8% limits named, the rest left unranked; rendered through
the report's one Jinja environment and stylesheet, and to PDF the report's way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup

from wres_cli import resources
from wres_cli.comparison import ALL, Comparison, Panel, shown
from wres_cli.funnel import Band, Funnel, Scale
from wres_cli.view import Figure, figure

if TYPE_CHECKING:
    from wres_cli.report.printer import Printer

TEMPLATE = "compare.html.j2"


@dataclass(frozen=True)
class Outlier:
    code: str
    value: str
    z: str
    side: str


@dataclass(frozen=True)
class Section:
    """A panel as the page shows it."""

    anchor: str
    title: str
    compared: str
    group: str | None
    sentences: tuple[str, ...]
    figure: Figure | None
    outliers: tuple[Outlier, ...]
    excluded: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Page:
    title: str
    year: int | None
    previous: int | None
    organisations: int
    adjusted: bool
    sections: tuple[Section, ...]
    version: str
    grouped_by: str | None = None
    """Where the peer groups came from, when there are any."""


def sentences(panel: Panel, what: str) -> tuple[str, ...]:
    """What the funnel shows, in words: how many are outside 99.8% against how many
    chance alone would put there, and the spread the limits allow for."""
    plot = panel.funnel
    if plot is None:
        return (f"No funnel: {panel.reason}.",)
    above = sum(1 for p in plot.points if p.band is Band.ABOVE_998)
    below = sum(1 for p in plot.points if p.band is Band.BELOW_998)
    target = shown(plot, plot.target)
    outside = above + below
    where = (
        "none is outside the 99.8% limits"
        if outside == 0
        else f"{outside} {'is' if outside == 1 else 'are'} outside the 99.8% limits "
        f"({above} above, {below} below)"
    )
    out = [
        f"Of {plot.count} organisations, {where}; chance alone would put about "
        f"{plot.expected_outside_998:.1f} there. The pooled {what} of all of them is {target}.",
    ]
    if plot.adjusted:
        out.append(
            f"The organisations vary more than chance alone would make them (\u03c6 = "
            f"{plot.phi:.2f}); the limits allow for a spread between organisations of "
            f"\u03c4 = {plot.tau:.3f} on the {_scale(plot)}."
            if plot.tau2 > 0
            else f"The organisations vary no more than chance would make them (\u03c6 = "
            f"{plot.phi:.2f}), so the limits are not widened."
        )
    else:
        out.append("The limits are not adjusted for overdispersion (as asked).")
    return tuple(out)


def _scale(plot: Funnel) -> str:
    return "log scale" if plot.scale is Scale.LOG else "arcsine scale"


def page(comparison: Comparison, version: str) -> Page:
    return Page(
        title=f"{comparison.standard_title}: organisations compared",
        year=comparison.year,
        previous=comparison.previous,
        organisations=len(comparison.organisations),
        adjusted=comparison.adjusted,
        sections=tuple(_section(panel) for panel in comparison.panels),
        version=version,
        grouped_by=comparison.grouped_by,
    )


def _section(panel: Panel) -> Section:
    """A panel as the page shows it: its sentences, its funnel and who is outside 99.8%."""
    from wres_cli import charts

    plot = panel.funnel
    if panel.kind == "change":
        what = "ratio"
    else:
        what = "relative likelihood" if plot and plot.scale is Scale.LOG else "share"
    outliers = (
        ()
        if plot is None
        else tuple(
            Outlier(
                p.code,
                shown(plot, p.value),
                f"{p.z:+.2f}",
                "above" if p.band is Band.ABOVE_998 else "below",
            )
            for p in sorted(plot.outside_998, key=lambda p: p.code)
        )
    )
    return Section(
        anchor=panel.slug,
        title=panel.title,
        compared=panel.compared,
        group=None if panel.group == ALL else panel.group,
        sentences=sentences(panel, what),
        figure=None if plot is None else figure(charts.funnel(plot, panel.compared)),
        outliers=outliers,
        excluded=tuple((e.code, e.reason) for e in panel.excluded),
    )


def render(
    comparison: Comparison, fmt: Literal["html", "pdf"], printer: Printer | None = None
) -> bytes:
    """The comparison as HTML or PDF bytes (a PDF printed by ``printer`` when given)."""
    from wres_cli import __version__
    from wres_cli.report import document
    from wres_cli.report.printer import Metadata, write_pdf

    content = page(comparison, __version__)
    css = (resources.data_dir("templates") / document.STYLESHEET).read_text(encoding="utf-8")
    html = (
        document.environment().get_template(TEMPLATE).render(page=content, stylesheet=Markup(css))
    )
    if fmt == "html":
        return html.encode("utf-8")
    about = Metadata(content.title, "wres-cli", f"wres-cli {__version__}")
    return printer.pdf(html, about) if printer is not None else write_pdf(html, about)
