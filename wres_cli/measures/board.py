"""Board representation: the focus group's share of each board subset (total, voting,
executive, non-executive) minus its share of the workforce, in percentage points (WRES 9,
WDES 10); Unknown stays in every denominator and is shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from wres_cli.measures import (
    ORG,
    Measure,
    Tidy,
    Year,
    absent,
    absent_row,
    group_cells,
    shares,
    trend_line,
)
from wres_cli.schema.output import GroupShare, NotCalculable

if TYPE_CHECKING:
    from wres_cli.groups import Axis
    from wres_cli.measures import Item
    from wres_cli.numbers import Suppression
    from wres_cli.schema.output import Result

SUBSETS = {
    "total": pl.len(),
    "voting": pl.col("voting").sum(),
    "executive": pl.col("executive").sum(),
    "non_executive": (~pl.col("executive")).sum(),
}
"""Members of each board subset, as aggregations over one organisation and group."""


@dataclass(frozen=True)
class BoardGap(Measure):
    """Each subset against the workforce; voting members are the headline."""

    model: Any
    subsets_model: Any
    subset_model: Any
    source: str = "board"

    def compute(self, year: Year, indicator: Item) -> dict[str, Result]:
        del indicator
        if (missing := self.missing(year)) is not None:
            return missing
        axis = year.axis
        focus = f"{axis.focus.key}_percent"
        staff = (
            year.tables["workforce"]
            .group_by(ORG)
            .agg(
                (pl.col(axis.column) == axis.focus.value).sum().alias("focus"), pl.len().alias("n")
            )
        )
        workforce = {org: 100 * focus / n for org, focus, n in staff.iter_rows() if n}
        counts = (
            year.tables[self.source]
            .group_by(ORG, axis.column)
            .agg(count.alias(name) for name, count in SUBSETS.items())
        )
        per: dict[str, dict[str, dict[str, int]]] = {}
        for row in counts.iter_rows(named=True):
            for name in SUBSETS:
                per.setdefault(row[ORG], {}).setdefault(name, {})[row[axis.column]] = int(row[name])
        out: dict[str, Result] = {}
        for org in year.orgs:
            if org not in per:
                out[org] = NotCalculable(reason="no board members listed for this organisation")
                continue
            base = workforce.get(org)
            subsets = {}
            for name in SUBSETS:
                counted = shares(per[org].get(name, {}), axis)
                part = counted[axis.focus.key]
                assert isinstance(part, GroupShare)
                gap = part.percent - base if part.percent is not None and base is not None else None
                subsets[name] = self.subset_model(
                    **counted, **{focus: part.percent}, difference_pp=gap
                )
            out[org] = self.model(
                **{f"workforce_{focus}": base}, board=self.subsets_model(**subsets)
            )
        return out

    def headline(self, result: Any, axis: Axis) -> dict[str, float | None]:
        del axis
        if not isinstance(result, self.model):
            return {}
        return {
            "voting_difference_pp": result.board.voting.difference_pp,
            "total_difference_pp": result.board.total.difference_pp,
        }

    def text(self, result: Any, indicator: Item, axis: Axis, hide: Suppression) -> list[str]:
        from wres_cli.numbers import mask_board, pct, pp

        del indicator
        if (lines := absent(result)) is not None:
            return lines
        groups = "".join(f"{g.label:>17}" for g in axis.groups)
        focus = axis.focus
        lines = [
            f"  Workforce {focus.label}: {pct(getattr(result, f'workforce_{focus.key}_percent'))}",
            f"  {'board':<19}{groups}{'Total':>9}{'vs workforce':>14}",
        ]
        masked = mask_board(result, hide, axis)
        for name in SUBSETS:
            subset = getattr(result.board, name)
            cells = group_cells([getattr(subset, g.key) for g in axis.groups], masked[name])
            diff = "suppressed" if 1 in masked[name].hidden else pp(subset.difference_pp)
            label = name.replace("_", "-") + (" (headline)" if name == "voting" else "")
            lines.append(f"  {label:<19}{cells}{diff:>14}")
            if name == "voting" and diff == "suppressed":
                result = result.model_copy(update={"trend": None})
        labels = {"voting_difference_pp": "voting members vs workforce"}
        return lines + trend_line(result, labels, "pp")

    def tidy(self, result: Any, axis: Axis) -> Iterator[Tidy]:
        if not isinstance(result, self.model):
            yield from absent_row(result)
            return
        focus = axis.focus
        workforce = getattr(result, f"workforce_{focus.key}_percent")
        yield ("workforce", focus.label, "percent", None, None, workforce, None)
        for name in SUBSETS:
            subset = getattr(result.board, name)
            for g in axis.groups:
                s = getattr(subset, g.key)
                yield (name, g.label, "percent", s.count, subset.total, s.percent, None)
            note = f"board {focus.label} % minus workforce {focus.label} %"
            yield (name, "", "difference_pp", None, None, subset.difference_pp, note)
