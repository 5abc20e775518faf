"""Charts as self-contained SVG, drawn with matplotlib's object API (never pyplot).

Every chart carries a ``<title>`` that states in a full sentence what it shows, uses the
Okabe-Ito palette, and a second cue besides colour (hatching and value labels), so it
reads in greyscale and to colour-blind readers. Output is deterministic.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from wres_cli.numbers import pct, ratio

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.container import Container
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.text import Annotation, Text

    from wres_cli.funnel import Funnel
    from wres_cli.groups import Axis

# NHS identity colours of the axis's groups, in its order (reference, focus, unknown):
# NHS Blue, NHS Pink and NHS Mid Grey, each at least 3:1 against white (WCAG 1.4.11;
# Okabe-Ito orange was 2.2:1); hatching or value labels are the second cue.
COLOURS = ("#005EB8", "#AE2573", "#768692")
HATCHES = ("", "//", "..")
REFERENCE, FOCUS = 0, 1
RANGE_COLOUR = "#009639"  # NHS Green, as a pale band


def _font() -> str:
    """The report's typeface where matplotlib has it (Liberation Sans, metric-compatible
    with Arial), else DejaVu Sans, which matplotlib ships: never a missing-font warning."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in ("Liberation Sans", "Arimo") if n in names), "DejaVu Sans")


FONT = _font()


@dataclass(frozen=True)
class Chart:
    """An SVG document and the sentence that describes it (its title and alt text)."""

    svg: str
    description: str


def _figure(width: float, height: float, **margins: float) -> Figure:
    """A figure with fixed margins (in inches): a layout engine would draw it twice."""
    import matplotlib

    # A title at the top of its axes, as matplotlib would place it here (no ticks above):
    # left to itself, matplotlib measures every tick label of the axes to decide, a sixth
    # of a report's drawing time.
    matplotlib.rcParams["axes.titley"] = 1.0
    figure = Figure(figsize=(width, height), dpi=100)
    m = {"left": 0.75, "right": 0.15, "top": 0.25, "bottom": 0.45, **margins}
    figure.subplots_adjust(
        left=m["left"] / width,
        right=1 - m["right"] / width,
        top=1 - m["top"] / height,
        bottom=m["bottom"] / height,
        wspace=m.get("wspace", 0.2),
    )
    return figure


def _serialised(figure: Figure) -> str:
    """The figure as SVG, the same bytes for the same figure."""
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "wres-cli"
    matplotlib.rcParams["svg.fonttype"] = "none"  # real text: smaller, searchable, faster
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "wres-cli"})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _titled(svg: str, description: str) -> Chart:
    """The SVG with the description as its <title>, named as its accessible name."""
    title = f'<title id="t">{escape(description)}</title>'
    svg = re.sub(r"(<svg[^>]*>)", r"\1" + title.replace("\\", r"\\"), svg, count=1)
    svg = svg.replace("<svg ", '<svg role="img" aria-labelledby="t" ', 1)
    return Chart(svg, description)


def _style(ax: object) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)


def representation(
    rows: Sequence[tuple[str, str, dict[str, float | None] | None]],
    organisation: str,
    axis: Axis,
    clusters: Sequence[str],
    row_noun: str,
) -> Chart:
    """Indicator 1: stacked horizontal bars of the White/BME/Unknown share of each band,
    non-clinical and clinical side by side. ``rows`` = (cluster, band, percent by group);
    an empty dict is a band with no staff, None a band suppressed in publication mode.

    The second cue here is the BME share printed on each bar, not hatching: sixty hatched
    segments tripled the time WeasyPrint takes to draw the PDF."""
    per = {c: [r for r in rows if r[0] == c][::-1] for c in clusters}  # bottom to top
    # Room for the first panel's row labels (the WDES cluster names are long).
    longest = max((len(band) for _, band, _ in per[clusters[0]]), default=0)
    margin = max(0.65, 0.06 * longest + 0.1)
    second = max((len(band) for _, band, _ in per[clusters[-1]]), default=0)
    wspace = 0.75
    if second > 27:  # the gap holds the second panel's labels: widen it to fit them
        gap = 0.06 * second + 0.15
        wspace = gap / ((7.2 - margin - 0.15 - gap) / 2)
    shape = tuple((c, len(per[c])) for c in clusters)
    groups = tuple(g.label for g in axis.groups)
    drawing = _representation_drawing(shape, groups, row_noun)
    svg = drawing.drawn([per[c] for c in clusters], margin, wspace)
    hidden = sum(1 for _, _, shares in rows if shares is None)
    ref, focus, unknown = (g.said for g in axis.groups)
    description = (
        f"Bar chart of the percentage of {ref}, {focus} and {unknown}-{axis.noun} staff in "
        f"each {row_noun} at {organisation}, for non-clinical staff on the left and clinical "
        f"staff on the right; the {focus} share is labelled on each bar wide enough to hold "
        f"it, and given for every {row_noun} in the table below"
        + (f"; {hidden} bands with small numbers are not shown." if hidden else ".")
    )
    return _titled(svg, description)


@dataclass(frozen=True)
class _RepresentationDrawing:
    """The representation chart's two panels, drawn again for each organisation (as
    ``_SurveyDrawing``): its margins follow its row labels (their headcounts), its bars
    are set, and its labels taken away and added again in the order a new figure adds
    them."""

    figure: Figure
    axes: tuple[Axes, ...]
    bars: tuple[tuple[PolyCollection, ...], ...]
    """Per panel, one collection per group."""
    groups: tuple[str, ...]
    added: list[Artist] = field(default_factory=list)

    def drawn(
        self,
        panels: Sequence[Sequence[tuple[str, str, dict[str, float | None] | None]]],
        margin: float,
        wspace: float,
    ) -> str:
        self.figure.subplots_adjust(left=margin / 7.2, wspace=wspace)
        _take_away(self.added)
        for ax, bars, data in zip(self.axes, self.bars, panels, strict=True):
            for y, (_, _, shares) in enumerate(data):
                if not shares:
                    note = "suppressed" if shares is None else "no staff"
                    self.added.append(
                        ax.text(2, y, note, va="center", fontsize=6.5, color="#4c6272", family=FONT)
                    )
            left = [0.0] * len(data)
            # points per percentage point: a label is drawn only inside a bar it fits in
            unit = ax.get_position().width * self.figure.get_figwidth() * 72 / 100
            for i, (group, collection) in enumerate(zip(self.groups, bars, strict=True)):
                values = [((shares or {}).get(group) or 0.0) for _, _, shares in data]
                collection.set_verts(_boxes(left, values))
                if i == FOCUS:
                    self.added.extend(
                        ax.text(
                            start + value / 2,
                            y,
                            pct(value),
                            ha="center",
                            va="center",
                            fontsize=LABEL_SIZE,
                            color="black",
                            family=FONT,
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
                        )
                        for y, (start, value) in enumerate(zip(left, values, strict=True))
                        if _label_width(pct(value)) + LABEL_ROOM <= value * unit
                    )
                left = [a + b for a, b in zip(left, values, strict=True)]
            ax.set_yticks(range(len(data)), [band for _, band, _ in data])
        return _serialised(self.figure)


LABEL_SIZE = 6.5
"""Points: the share printed on each bar of the focus group."""
LABEL_ROOM = 3.0
"""Points a bar must have beside its label's text: the label's white box (half a point
each side) and a point of the bar either side, so that no label spills over its bar
onto the next (a 9.1% bar is narrower than "9.1%"; the table under the chart has it)."""


@functools.lru_cache(maxsize=1024)
def _label_width(text: str) -> float:
    """The width in points of ``text`` as a bar's label is set (from the font's metrics:
    no drawing)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    font = FontProperties(family=FONT, size=LABEL_SIZE)
    width, _, _ = TextToPath().get_text_width_height_descent(text, font, ismath=False)
    return float(width)


@functools.lru_cache(maxsize=8)
def _representation_drawing(
    shape: tuple[tuple[str, int], ...], groups: tuple[str, ...], row_noun: str
) -> _RepresentationDrawing:
    """One figure per clusters and their numbers of rows, groups and row noun, per
    process (one thread draws)."""
    tallest = max(n for _, n in shape)
    figure = _figure(7.2, 0.28 * tallest + 1.3, bottom=0.85, top=0.3, wspace=0.75)
    axes = figure.subplots(1, 2, sharex=True)
    bars = []
    for ax, (cluster, n) in zip(axes, shape, strict=True):
        empty = _boxes([0.0] * n, [0.0] * n)
        bars.append(
            tuple(
                ax.add_collection(
                    PolyCollection(empty, facecolors=colour, edgecolors="white", linewidths=0.5),
                    autolim=False,
                )
                for colour in COLOURS[: len(groups)]
            )
        )
        # where matplotlib's autoscaling puts bars 0.8 high (a 5% margin either side)
        extent = n - 0.2
        ax.set_ylim(-0.4 - 0.05 * extent, n - 0.6 + 0.05 * extent)
        ax.set_title(f"{cluster.capitalize()} staff", fontsize=9, family=FONT)
        ax.set_xlim(0, 100)
        ax.set_xlabel(f"% of staff in {row_noun.split()[-1]}", fontsize=8, family=FONT)
        _style(ax)
    figure.legend(
        handles=[
            Patch(facecolor=COLOURS[i], edgecolor="white", linewidth=0.5, label=group)
            for i, group in enumerate(groups)
        ],
        loc="lower center",
        ncol=3,
        fontsize=8,
        frameon=False,
    )
    return _RepresentationDrawing(figure, tuple(axes), tuple(bars), groups)


def _take_away(added: list[Artist] | list[Artist | Container]) -> None:
    """Remove from a kept figure what the last drawing added to it (its points, labels)."""
    for old in added:
        old.remove()
    added.clear()


def _boxes(left: Sequence[float], widths: Sequence[float]) -> list[tuple[tuple[float, float], ...]]:
    """Horizontal bars 0.8 high at y = 0, 1, 2, ..., as one collection's polygons:
    ``barh`` adds a patch a bar and updates the axes' limits for each, which was about a
    quarter of the representation chart's time."""
    return [
        ((x, y - 0.4), (x + w, y - 0.4), (x + w, y + 0.4), (x, y + 0.4))
        for y, (x, w) in enumerate(zip(left, widths, strict=True))
    ]


def relative_likelihoods(
    points: Sequence[tuple[str, float | None, tuple[float, float] | None]],
    what: str,
    focus: str = "BME",
    band: str = "the 0.80-1.25 band",
) -> Chart:
    """A relative likelihood (with its 95% CI) for each year on a log axis, so that 0.80
    and 1.25 sit symmetric about 1, against the 0.80-1.25 band. ``points`` = (year label,
    value, ci); ``band`` names the band as the standard allows."""
    drawing = _likelihood_drawing(tuple(p[0] for p in points), focus, band)
    svg = drawing.drawn(points)
    values = "; ".join(
        f"{label}: {ratio(v) if v is not None else 'not calculable'}" for label, v, _ in points
    )
    description = (
        f"Chart of the relative likelihood of {what}, with 95% confidence intervals, on a "
        f"log scale against {band} (shaded). Values: {values}."
    )
    return _titled(svg, description)


@dataclass(frozen=True)
class _LikelihoodDrawing:
    """A relative-likelihood chart's axes, band, legend and years, drawn again for each
    set of points (as ``_SurveyDrawing``): ``drawn`` takes away the last points and their
    labels and adds the new ones in the order a new figure adds them."""

    figure: Figure
    axes: Axes
    added: list[Artist | Container] = field(default_factory=list)

    def drawn(self, points: Sequence[tuple[str, float | None, tuple[float, float] | None]]) -> str:
        from matplotlib.ticker import FixedLocator

        ax = self.axes
        _take_away(self.added)
        reach = 1.6  # the axis runs from 1/reach to reach
        for i, (_label, point_value, ci) in enumerate(points):
            if point_value is None:
                continue
            value = float(point_value)
            colour = COLOURS[FOCUS] if value > 1.25 else COLOURS[REFERENCE]
            drawn = min(max(value, 1 / 8), 8.0)  # a point beyond the axis sits at its edge
            if ci is not None:
                low, high = max(ci[0], 1 / 8), min(ci[1], 8.0)
                bar = ax.errorbar(
                    [i],
                    [drawn],
                    yerr=[[max(drawn - low, 0.0)], [max(high - drawn, 0.0)]],
                    fmt="o",
                    color=colour,
                    ecolor="#212b32",
                    capsize=4,
                    markersize=7,
                )
                self.added.append(bar)
                reach = max(reach, high * 1.15, 1.15 / low)
            else:
                self.added.extend(ax.plot([i], [drawn], "o", color=colour))
            self.added.append(
                ax.annotate(
                    ratio(value),
                    (i, drawn),
                    xytext=(10, 0),
                    textcoords="offset points",
                    fontsize=9,
                    va="center",
                    family=FONT,
                )
            )
            reach = max(reach, drawn * 1.3, 1.3 / drawn)
        for i, point in enumerate(points):
            if point[1] is None:
                self.added.append(
                    ax.annotate("not calculable", (i, 1.0), ha="center", fontsize=8, family=FONT)
                )
        reach = min(reach, 8.5)
        ax.set_ylim(1 / reach, reach)
        ticks = [
            t for t in (0.125, 0.25, 0.5, 0.8, 1.0, 1.25, 2.0, 4.0, 8.0) if 1 / reach <= t <= reach
        ]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.set_yticklabels([f"{t:g}" for t in ticks])
        return _serialised(self.figure)


@functools.lru_cache(maxsize=8)
def _likelihood_drawing(years: tuple[str, ...], focus: str, band: str) -> _LikelihoodDrawing:
    """One figure per years, group and band name, per process (one thread draws)."""
    from matplotlib.lines import Line2D
    from matplotlib.ticker import NullLocator

    figure = _figure(6.0, 2.9, bottom=0.85)
    ax = figure.subplots()
    ax.set_yscale("log")
    ax.axhspan(0.8, 1.25, color=RANGE_COLOUR, alpha=0.18)
    ax.axhline(1.0, color="#425563", linewidth=0.8, linestyle="--")
    ax.set_xticks(range(len(years)), list(years))
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_ylabel("relative likelihood (log scale)", fontsize=8, family=FONT)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color=COLOURS[FOCUS],
            label=f"above 1.25 (adverse to {focus} staff)",
        ),
        Line2D([], [], marker="o", linestyle="", color=COLOURS[REFERENCE], label="1.25 or below"),
        Line2D([], [], color="#212b32", marker="_", markersize=10, label="95% confidence interval"),
        Patch(color=RANGE_COLOUR, alpha=0.18, label=band),
    ]
    figure.legend(handles=handles, loc="lower center", ncol=2, fontsize=7, frameon=False)
    _style(ax)
    return _LikelihoodDrawing(figure, ax)


def survey(
    bars: Sequence[tuple[str, tuple[float | None, ...]]],
    question: str,
    groups: Sequence[tuple[str, int]],
    who: str,
) -> Chart:
    """Survey shares of each group side by side, for each year given. ``bars`` = (year
    label, one percentage per group); ``groups`` = (label, position in the axis) of each
    series, the position choosing its colour; ``who`` names the groups in the title."""
    drawing = _survey_drawing(tuple(b[0] for b in bars), tuple(groups))
    svg = drawing.drawn([[b[1][n] for b in bars] for n in range(len(groups))])
    values_text = "; ".join(
        f"{b[0]}: "
        + ", ".join(f"{label} {pct(v)}" for (label, _), v in zip(groups, b[1], strict=True))
        for b in bars
    )
    description = f"Bar chart of the percentage of {who} {question}. {values_text}."
    return _titled(svg, description)


@dataclass(frozen=True)
class _SurveyDrawing:
    """A survey chart's figure, drawn again for each set of values.

    A report draws four survey charts, and a batch of reports hundreds, all with the same
    years and groups: building the axes, ticks and legend once and changing only the bars,
    their labels and the axis's height halves a chart's time. ``drawn`` sets everything
    that depends on the values, so the SVG is the one a new figure would give (tested)."""

    figure: Figure
    axes: Axes
    bars: tuple[tuple[Rectangle, ...], ...]
    labels: tuple[tuple[Annotation, ...], ...]

    def drawn(self, series: Sequence[Sequence[float | None]]) -> str:
        for bars, labels, values in zip(self.bars, self.labels, series, strict=True):
            for bar, label, value in zip(bars, labels, values, strict=True):
                bar.set_height(value or 0.0)
                label.set_text(pct(value))
                label.xy = (bar.get_x() + bar.get_width() / 2, value or 0.0)
        highest = max(((v or 0.0) for values in series for v in values), default=0.0)
        self.axes.set_ylim(0, max(10.0, min(100.0, highest * 1.3)))
        return _serialised(self.figure)


@functools.lru_cache(maxsize=8)
def _survey_drawing(years: tuple[str, ...], groups: tuple[tuple[str, int], ...]) -> _SurveyDrawing:
    """One figure per years and groups, per process (a report is drawn on one thread)."""
    figure = _figure(6.0, 2.7, bottom=0.75)
    ax = figure.subplots()
    width = 0.38 if len(groups) > 1 else 0.5
    offsets = [-width / 2, width / 2] if len(groups) > 1 else [0.0]
    bars, labels = [], []
    for offset, (group, position) in zip(offsets, groups, strict=True):
        xs = [i + offset for i in range(len(years))]
        rects = ax.bar(
            xs,
            [0.0] * len(xs),
            width,
            color=COLOURS[position],
            hatch=HATCHES[position],
            edgecolor="white",
            label=group,
        )
        bars.append(tuple(rects))
        labels.append(
            tuple(
                ax.annotate(
                    "",
                    (rect.get_x() + rect.get_width() / 2, 0.0),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                    family=FONT,
                )
                for rect in rects
            )
        )
    ax.set_xticks(range(len(years)), list(years))
    ax.set_ylabel("% of respondents", fontsize=8, family=FONT)
    figure.legend(
        *ax.get_legend_handles_labels(), fontsize=8, frameon=False, loc="lower center", ncol=2
    )
    _style(ax)
    return _SurveyDrawing(figure, ax, tuple(bars), tuple(labels))


def board(
    subsets: Sequence[tuple[str, float | None]], workforce: float | None, focus: str
) -> Chart:
    """The focus group's % of each board subset beside its % of the workforce."""
    labels = tuple(label for label, _ in subsets)
    svg = _board_drawing(labels, workforce is not None, focus).drawn(subsets, workforce)
    values_text = "; ".join(f"{label} {pct(value)}" for label, value in subsets)
    description = (
        f"Bar chart of the {focus} percentage of the board and its subsets against the {focus} "
        f"percentage of the overall workforce ({pct(workforce)}, dashed line): {values_text}."
    )
    return _titled(svg, description)


@dataclass(frozen=True)
class _BoardDrawing:
    """The board chart's figure, drawn again for each board (as ``_SurveyDrawing``)."""

    figure: Figure
    axes: Axes
    bars: tuple[Rectangle, ...]
    """Bottom to top: the subsets in reverse order."""
    labels: tuple[Annotation, ...]
    workforce: Line2D | None
    legend: Text | None
    focus: str

    def drawn(self, subsets: Sequence[tuple[str, float | None]], workforce: float | None) -> str:
        values = [value for _, value in subsets][::-1]
        for bar, label, value in zip(self.bars, self.labels, values, strict=True):
            bar.set_width(value or 0.0)
            label.set_text(pct(value))
            label.xy = (value or 0.0, bar.get_y() + bar.get_height() / 2)
        if self.workforce is not None and self.legend is not None and workforce is not None:
            said = f"workforce {self.focus} {pct(workforce)}"
            self.workforce.set_xdata([workforce, workforce])
            self.workforce.set_label(said)
            self.legend.set_text(said)
        self.axes.set_xlim(0, max([*(v or 0.0 for v in values), workforce or 0]) * 1.3 + 5)
        return _serialised(self.figure)


@functools.lru_cache(maxsize=8)
def _board_drawing(labels: tuple[str, ...], workforce: bool, focus: str) -> _BoardDrawing:
    """One figure per subsets, workforce line or not, and group, per process."""
    figure = _figure(6.0, 2.7, left=1.15, bottom=0.8)
    ax = figure.subplots()
    shown = list(labels)[::-1]
    bars = ax.barh(
        shown, [0.0] * len(shown), color=COLOURS[FOCUS], hatch=HATCHES[FOCUS], edgecolor="white"
    )
    notes = tuple(
        ax.annotate(
            "",
            (0.0, bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            family=FONT,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},  # over the line
            zorder=5,
        )
        for bar in bars
    )
    line, legend = None, None
    if workforce:
        line = ax.axvline(
            0.0, color=COLOURS[REFERENCE], linestyle="--", linewidth=1.2, label="workforce"
        )
        legend = figure.legend(fontsize=8, frameon=False, loc="lower center").get_texts()[0]
    ax.set_xlabel(f"{focus} % of members", fontsize=8, family=FONT)
    _style(ax)
    return _BoardDrawing(figure, ax, tuple(bars), notes, line, legend, focus)


def funnel(
    plot: Funnel, what: str, highlight: str | None = None, names: Mapping[str, str] | None = None
) -> Chart:
    """A funnel plot: each organisation's value against its precision, with the pooled
    target and the 95% and 99.8% limits (adjusted for overdispersion unless the funnel is
    not), phi and tau printed. Ratios on a log axis; shares in percent. ``highlight`` is
    one organisation's code, drawn apart and labelled (a trust's own report).

    The funnel is drawn once and kept (``_funnel_base``); a highlighted one adds the
    organisation's marker to that drawing's SVG, so that the 220 reports of a batch do
    not draw the same 220 points 220 times (it doubled a report's time)."""
    own = next((p for p in plot.points if p.code == highlight), None)
    base = _funnel_base(plot, what, own is not None)
    named = len(plot.outside_998)
    description = (
        f"Funnel plot of {what} for {plot.count} organisations against precision, with the "
        f"pooled target and 95% and 99.8% limits; {named} outside the 99.8% limits"
        + (f"; {(names or {}).get(own.code, own.code)} highlighted." if own else ".")
    )
    svg = base.svg if own is None else base.marked(own.code, own.precision, own.value)
    return _titled(svg, description)


@dataclass(frozen=True)
class _FunnelDrawing:
    """A funnel drawn, as SVG without its title, and where a point of it falls in the
    SVG's coordinates (points, y down)."""

    svg: str
    to_svg: Callable[[float, float], tuple[float, float]]
    middle: float
    """The precision halfway across the axis (log scale): labels go to the side with room."""
    scale: float

    def marked(self, code: str, precision: float, value: float) -> str:
        x, y = self.to_svg(precision, value * self.scale)
        r = 5.9  # matplotlib's "D" marker of size 70
        right = precision > self.middle
        tx, anchor = (x - 9, "end") if right else (x + 9, "start")
        mark = (
            f'<g id="highlight"><path d="M {x:.2f} {y - r:.2f} L {x + r:.2f} {y:.2f} '
            f'L {x:.2f} {y + r:.2f} L {x - r:.2f} {y:.2f} z" style="fill: {COLOURS[REFERENCE]}; '
            'stroke: #ffffff; stroke-width: 1"/>'
            f'<text x="{tx:.2f}" y="{y - 6:.2f}" style="font-size: 8px; font-family: '
            f"'{FONT}'; text-anchor: {anchor}\">{escape(code)}</text></g>"
        )
        return self.svg.replace("</svg>", mark + "\n</svg>", 1)


@functools.lru_cache(maxsize=64)
def _funnel_base(plot: Funnel, what: str, marked: bool) -> _FunnelDrawing:
    del what  # part of the key: the same funnel under another title is drawn again
    from matplotlib.lines import Line2D

    from wres_cli.funnel import Band, Scale, limit_curve, limits

    log = plot.scale is Scale.LOG
    scale = 1.0 if log else 100.0
    figure = _figure(6.4, 3.4, bottom=0.95, left=0.8)
    ax = figure.subplots()
    ax.set_xscale("log")
    if log:
        ax.set_yscale("log")
    low = min(p.precision for p in plot.points)
    high = max(p.precision for p in plot.points)
    curve = limit_curve(plot, 120, low / 1.5, high * 1.5)
    xs = [c.precision for c in curve]
    grey, dark = "#768692", "#212b32"
    ax.plot(xs, [c.upper998 * scale for c in curve], color=dark, linewidth=1.0)
    ax.plot(xs, [c.lower998 * scale for c in curve], color=dark, linewidth=1.0)
    ax.plot(xs, [c.upper95 * scale for c in curve], color=dark, linewidth=0.8, linestyle="--")
    ax.plot(xs, [c.lower95 * scale for c in curve], color=dark, linewidth=0.8, linestyle="--")
    ax.axhline(plot.target * scale, color=COLOURS[REFERENCE], linewidth=1.0)
    outside = {Band.ABOVE_998, Band.BELOW_998}
    ax.scatter(
        [p.precision for p in plot.points],
        [p.value * scale for p in plot.points],
        s=14,
        c=[COLOURS[FOCUS] if p.band in outside else grey for p in plot.points],
        linewidths=0,
        zorder=3,
    )
    from matplotlib.ticker import (
        FixedLocator,
        FuncFormatter,
        LogLocator,
        NullFormatter,
        NullLocator,
    )

    ax.set_xlim(low / 1.5, high * 1.5)
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 10 else f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    # the axis fits the organisations (the limits of the least precise run far off)
    middle = sorted(p.precision for p in plot.points)[len(plot.points) // 2]
    reach = limits(plot, middle)  # the funnel's 99.8% limits at the median organisation
    values = [p.value * scale for p in plot.points] + [plot.target * scale]
    values += [reach.lower998 * scale, reach.upper998 * scale]
    if log:
        bottom = max(min(values) / 1.2, plot.target / 5)
        top = min(max(values) * 1.2, plot.target * 5)
        ax.set_ylim(bottom, top)
        marks = (0.1, 0.2, 0.25, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 5.0, 10.0)
        shown = [t for t in marks if bottom <= t <= top]
        if top / bottom > 6:  # a wide range: fewer marks, or they run into each other
            shown = [t for t in shown if t in (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0)]
        ax.yaxis.set_major_locator(FixedLocator(shown))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    else:
        ax.set_ylim(0, min(100.0, max(values) * 1.3 + 2))
    ax.tick_params(labelsize=8)
    ax.set_xlabel(
        "precision (1 / variance; larger organisations to the right)", fontsize=8, family=FONT
    )
    ax.set_ylabel(
        "relative likelihood (log scale)" if log else "% of respondents or staff",
        fontsize=8,
        family=FONT,
    )
    tau = f"{plot.tau:.3f}" if log else f"{plot.tau:.4f}"
    adjusted = "adjusted for overdispersion" if plot.adjusted else "not adjusted"
    ax.text(
        0.99,
        0.97,
        f"\u03c6 = {plot.phi:.2f}, \u03c4 = {tau} ({adjusted})",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=7.5,
        family=FONT,
    )
    handles = [
        Line2D([], [], color=COLOURS[REFERENCE], label="pooled target"),
        Line2D([], [], color=dark, linestyle="--", linewidth=0.8, label="95% limits"),
        Line2D([], [], color=dark, linewidth=1.0, label="99.8% limits"),
        Line2D([], [], marker="o", linestyle="", color=COLOURS[FOCUS], label="outside 99.8%"),
        Line2D([], [], marker="o", linestyle="", color=grey, label="inside 99.8%"),
    ]
    if marked:
        handles.append(
            Line2D(
                [],
                [],
                marker="D",
                linestyle="",
                color=COLOURS[REFERENCE],
                label="this organisation",
            )
        )
    figure.legend(handles=handles, loc="lower center", ncol=3, fontsize=7, frameon=False)
    _style(ax)
    svg = _serialised(figure)
    points = 72 / figure.dpi
    height = figure.get_figheight() * 72
    transform = ax.transData

    def to_svg(x: float, y: float) -> tuple[float, float]:
        px, py = transform.transform((x, y))
        return float(px) * points, height - float(py) * points

    centre = math.sqrt((low / 1.5) * (high * 1.5))
    return _FunnelDrawing(svg, to_svg, centre, scale)
