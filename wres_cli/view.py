"""The presentation model: what a measure shows of one result in a report, as data.

A measure turns its result into a ``View`` (sentences, a chart, tables) and a
``Summary`` (the summary table's row); the report only lays them out. Rounding and
suppression are applied by then, so every presenter shows the same figures. Its own
module because measures (which build views) and the report (which lays them out) both
need these types, and neither should import the other for them.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wres_cli.change import Change
    from wres_cli.charts import Chart
    from wres_cli.groups import Axis
    from wres_cli.numbers import MaskedRow, Suppression
    from wres_cli.schema.output import GroupShare


@dataclass(frozen=True)
class Cell:
    """A table cell; ``header`` cells become ``<th scope=row>``. A number also carries its
    unrounded ``value`` and its ``kind`` (count, percent, ratio, pp, score), so that the
    workbook writes a number with its format where the page writes the text; a hidden or
    missing number has no value."""

    text: str
    header: bool = False
    numeric: bool = False
    value: float | None = None
    kind: str = ""


def count_cell(text: str) -> Cell:
    """A count as shown ('1,294', or '<10' / '*' when hidden: then no value)."""
    digits = text.replace(",", "")
    return Cell(text, numeric=True, value=float(digits) if digits.isdigit() else None, kind="count")


def number_cell(text: str, value: float | None, kind: str) -> Cell:
    """A percentage (0-100), ratio, pp or score as shown; its value unless hidden."""
    hidden = text in ("suppressed", "\N{EN DASH}") or value is None
    return Cell(text, numeric=True, value=None if hidden else value, kind=kind)


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Figure:
    """A chart as a data URI with its alt text (the SVG's own <title>: what it shows,
    with its values) and its caption (the finding it shows, set by the report)."""

    src: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class View:
    """A result as the report shows it, below its heading."""

    sentences: tuple[str, ...]
    figure: Figure | None
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Summary:
    """An indicator's row of the summary table (formatted)."""

    this_year: str
    last_year: str
    change: str
    assessment: str
    verdict: str = "\N{EN DASH}"
    """'improved', 'worsened', 'no significant change' or 'not tested'."""
    sentence: str | None = None
    """The summary's sentence, where it is not the section's first (indicator 1: the
    senior-bands finding)."""


@dataclass(frozen=True)
class Scene:
    """What a measure's view needs besides its result: the indicator's key and the
    standard's word for it, the axis, this indicator's results of earlier years up to
    this one (for the trend), the publication threshold and the organisation's name."""

    key: str
    noun: str
    axis: Axis
    history: tuple[tuple[int | None, Any], ...]
    hide: Suppression
    organisation: str
    draw: bool = True
    """Whether to draw the chart (the workbook has tables only)."""

    @property
    def year(self) -> int | None:
        """The year shown (the last of the history)."""
        return self.history[-1][0] if self.history else None

    @property
    def previous(self) -> Any:
        """Last year's result of this indicator, None when there is no last year."""
        year = self.year
        if year is None:
            return None
        return next((r for y, r in self.history if y == year - 1), None)

    @property
    def since(self) -> str:
        """'Compared with 2024': the start of a sentence on the change since last year."""
        return f"Compared with {self.year - 1}" if self.year else "Compared with last year"

    @property
    def number(self) -> str:
        """'Indicator 2', 'Metric 4a(i)': how captions name the indicator."""
        return f"{self.noun.capitalize()} {self.key}"


def figure(chart: Chart) -> Figure:
    """A chart as an image the report embeds (no external file)."""
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return Figure(f"data:image/svg+xml;base64,{data}", chart.description)


def share_columns(axis: Axis) -> tuple[str, ...]:
    """Column headings of a table of group counts and shares: 'White', 'White %', ..."""
    return (*(c for g in axis.groups for c in (g.label, f"{g.label} %")), "Total")


def shares_row(label: str, shares: Sequence[GroupShare], masked: MaskedRow) -> tuple[Cell, ...]:
    """A row of group counts and shares as published (hidden cells say 'suppressed')."""
    from wres_cli.numbers import pct

    cells = [Cell(label, header=True)]
    for i, share in enumerate(shares):
        cells.append(count_cell(masked.cells[i]))
        hidden = i in masked.hidden
        text = "suppressed" if hidden else pct(share.percent)
        cells.append(number_cell(text, share.percent, "percent"))
    cells.append(count_cell(masked.total))
    return tuple(cells)


def direction(change: float | None, kind: str) -> str:
    """'up 1.6 pp', 'down 0.12', 'no change' at display rounding."""
    from wres_cli.numbers import DASH
    from wres_cli.stats import round_half_away

    if change is None:
        return DASH
    places = 2 if kind == "ratio" else 1
    rounded = round_half_away(change, places)
    if rounded == 0:
        return "no change"
    unit = " pp" if kind in ("pct", "pp") else ""
    word = "up" if rounded > 0 else "down"
    return f"{word} {abs(rounded):.{places}f}{unit}"


def verdict_sentence(
    change: Change, since: str, what: str, detail: str = "", caveat: str = ""
) -> str:
    """'<since>, <what> (<detail>; p = 0.030): worsened.' for the section; ``since`` is
    'Compared with 2024' or 'Compared with the 2023 survey'."""
    from wres_cli.change import Verdict

    if change.verdict is Verdict.NOT_TESTED:
        return f"{since}, the change was not tested: {change.reason}."
    p = "p < 0.001" if change.p is not None and change.p < 0.001 else f"p = {change.p:.3f}"
    said = {
        Verdict.IMPROVED: "improved",
        Verdict.WORSENED: "worsened",
        Verdict.NO_CHANGE: "no significant change",
    }[change.verdict]
    numbers = f"{detail}; {p}" if detail else p
    return f"{since}, {what} ({numbers}): {said}.{(' ' + caveat) if caveat else ''}"
