"""Measure shapes: each one counts, shapes, summarises and prints its own results.

A standard's indicator is a measure (a shape with its parameters: which file, which
groups on top of a ratio, which bands). The shape owns everything about its results, so
that nothing outside it asks what shape a result is: ``compute`` (one grouped pass over
every organisation), ``headline`` (the values compared year on year), ``text`` (the
terminal block), ``tidy`` (the long table of CSV and XLSX), ``view`` and ``summary``
(the report's section and summary row, as ``wres_cli.view`` types) and ``warnings``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import polars as pl

from wres_cli.schema.output import GroupShare, NotCalculable, NotProvided

if TYPE_CHECKING:
    from wres_cli.funnel import ProportionCounts, RatioCounts
    from wres_cli.groups import Axis
    from wres_cli.issues import Issue
    from wres_cli.numbers import Suppression
    from wres_cli.schema.output import Result
    from wres_cli.view import Scene, Summary, View

Tables = Mapping[str, pl.DataFrame]
"""Prepared frames by input kind (``workforce``, ``recruitment``, ...)."""
Tidy = tuple[str, str, str, Any, Any, Any, Any]
"""A tidy row after the organisation, year and indicator: part, group, measure,
numerator, denominator, value, note."""


class Item(Protocol):
    """What a measure needs to know of the indicator it counts for (its key and the
    standard's word for it), without knowing standards."""

    @property
    def key(self) -> str: ...

    @property
    def noun(self) -> str: ...


@dataclass(frozen=True)
class Year:
    """What measures count: one reporting year's prepared tables, for every organisation."""

    tables: Tables
    orgs: list[str]
    axis: Axis
    previous: Tables | None = None
    """Last year's tables, for a two-year window."""
    window_years: int = 1
    missing_previous: str | None = None
    """Why last year's tables are absent when the window needs them."""


class Measure(ABC):
    """A shape of indicator; subclasses are the shapes, instances their parameters."""

    source: str
    """The input file it counts from: absent, the indicator is 'not provided'."""
    windowed: bool = False
    """Whether the two-year window option pools last year's counts."""

    @abstractmethod
    def compute(self, year: Year, indicator: Item) -> dict[str, Result]:
        """The result for every organisation of the year."""

    @abstractmethod
    def headline(self, result: Any, axis: Axis) -> dict[str, float | None]:
        """The values a board compares year on year ({} when there are none)."""

    @abstractmethod
    def text(self, result: Any, indicator: Item, axis: Axis, hide: Suppression) -> list[str]:
        """The result's lines in the terminal table (below its title)."""

    @abstractmethod
    def tidy(self, result: Any, axis: Axis) -> Iterator[Tidy]:
        """The result as rows of the long table."""

    @abstractmethod
    def view(self, result: Any, scene: Scene) -> View:
        """The result as the report shows it: sentences, chart and tables (rounded and
        suppressed as published). Only called on a result that is there."""

    @abstractmethod
    def summary(self, result: Any, scene: Scene) -> Summary:
        """The result's row of the report's summary table (a result that is there)."""

    def placing(self, result: Any, axis: Axis, code: str) -> RatioCounts | ProportionCounts | None:
        """What a funnel across organisations needs of the organisation's result: the
        counts behind its ratio or share (``wres compare``); None for a shape that is not
        compared across organisations, or a result that is not there."""
        del result, axis, code
        return None

    def compared(self, axis: Axis) -> str:
        """What ``placing`` gives, in words: a funnel's title ('BME share at Band 8a and
        above'); "" for a shape that gives nothing."""
        del axis
        return ""

    def warnings(self, result: Any, indicator: Item, axis: Axis, org: str) -> list[Issue]:
        """Warnings about the result itself (small counts)."""
        del result, indicator, axis, org
        return []

    def missing(self, year: Year) -> dict[str, Result] | None:
        """'not provided' for every organisation when the source file, or its group column
        (a WRES folder without disability columns, read for the WDES), is absent."""
        if self.source not in year.tables:
            reason = f"{self.source} file not provided"
        elif year.axis.column not in year.tables[self.source].columns:
            reason = f"{self.source} has no {year.axis.noun} column"
        elif year.axis.column not in year.tables["workforce"].columns:
            reason = f"workforce has no {year.axis.noun} column"
        else:
            return None
        return dict.fromkeys(year.orgs, NotProvided(reason=reason))


def absent(result: Result) -> list[str] | None:
    """The line of a result that is not there ('not provided: ...'), else None."""
    if isinstance(result, NotProvided | NotCalculable):
        return [f"  {result.status}: {result.reason}"]
    return None


def status(result: Result) -> str | None:
    """'not provided: <reason>' of a result that is not there, else None (the report's
    note in place of the section)."""
    if isinstance(result, NotProvided | NotCalculable):
        return f"{result.status}: {result.reason}"
    return None


def unprovided(result: Result) -> str | None:
    """Why a result is 'not provided' (an input absent), else None: the report lists them."""
    return result.reason if isinstance(result, NotProvided) else None


def absent_row(result: Result) -> Iterator[Tidy]:
    """The tidy row of a result that is not there."""
    if isinstance(result, NotProvided | NotCalculable):
        yield ("", "", "status", None, None, None, f"{result.status}: {result.reason}")


def label_width(axis: Axis) -> int:
    """Width of the group column in terminal tables: 10, or wider for long labels."""
    return max(10, max(len(g.label) for g in axis.groups) + 2)


def share(count: int, total: int) -> GroupShare:
    return GroupShare(count=count, percent=100 * count / total if total else None)


def shares(by_group: Mapping[str, int], axis: Axis) -> dict[str, GroupShare | int]:
    """Each group's count and percentage of all (Unknown in the denominator), and the total,
    keyed as the axis keys them; ``by_group`` is keyed by group value."""
    total = sum(by_group.values())
    out: dict[str, GroupShare | int] = {
        g.key: share(by_group.get(g.value, 0), total) for g in axis.groups
    }
    out["total"] = total
    return out


def wide(
    frame: pl.DataFrame, keys: list[str], column: str
) -> dict[tuple[str, ...], dict[str, int]]:
    """Counts by key tuple then group value, from a long (keys, group, n) frame."""
    out: dict[tuple[str, ...], dict[str, int]] = {}
    for row in frame.iter_rows(named=True):
        key = tuple(str(row[k]) for k in keys)
        out.setdefault(key, {})[row[column]] = int(row["n"])
    return out


def trend_line(result: Result, labels: dict[str, str], style: str = "pct") -> list[str]:
    """'Last year (2024): ...; change ...' for the headline values."""
    from wres_cli.numbers import DASH, pct, pp, ratio
    from wres_cli.stats import round_half_away

    trend = getattr(result, "trend", None)
    if trend is None:
        return []
    parts = []
    for key, label in labels.items():
        before, change = trend.previous.get(key), trend.change.get(key)
        if style == "ratio":
            signed = DASH if change is None else f"{round_half_away(change, 2):+.2f}"
            parts.append(f"{label} {ratio(before)} (change {signed})")
        elif style == "pp":
            parts.append(f"{label} {pp(before)} (change {pp(change)})")
        else:
            parts.append(f"{label} {pct(before)} (change {pp(change)})")
    return [f"  Last year ({trend.reporting_year}): " + "; ".join(parts)]


def group_cells(shown: list[GroupShare], masked: Any) -> str:
    """Counts and percentages of one row of a group table, as the terminal shows them."""
    from wres_cli.numbers import pct

    cells = [
        f"{masked.cells[i]:>6} {('suppressed' if i in masked.hidden else pct(s.percent)):>10}"
        for i, s in enumerate(shown)
    ]
    return " ".join(cells) + f" {masked.total:>8}"
