"""Board representation: the focus group's share of each board subset (total, voting,
executive, non-executive) minus its share of the workforce, in percentage points (WRES 9,
WDES 10); Unknown stays in every denominator and is shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from wres_cli.measures import (
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
from wres_cli.schema.spec import ORG
from wres_cli.view import (
    Scene,
    Summary,
    Table,
    View,
    direction,
    figure,
    number_cell,
    share_columns,
    shares_row,
    verdict_sentence,
)

if TYPE_CHECKING:
    from wres_cli.change import Better, Change
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
LABELS = {
    "total": "Total board",
    "voting": "Voting members",
    "executive": "Executive",
    "non_executive": "Non-executive",
}
"""Each subset's label in the report."""
WHO = {
    "total": "members of the board",
    "voting": "the voting members of the board",
    "executive": "the executive members of the board",
    "non_executive": "the non-executive members of the board",
}


@dataclass(frozen=True)
class BoardGap(Measure):
    """Each subset against the workforce; voting members are the headline."""

    model: Any
    subsets_model: Any
    subset_model: Any
    source: str = "board"
    also: tuple[str, ...] = ()
    """Subsets besides voting members that the findings describe (WDES 10: executive)."""
    unknown_finding: bool = False
    """Whether the findings state the Unknown share of voting members (WDES 10)."""

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
        masked = mask_board(result, hide.for_officers(), axis)
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

    def sentences(self, result: Any, axis: Axis) -> list[str]:
        """Voting membership (and any other subsets declared) against the workforce."""
        from wres_cli.numbers import pct
        from wres_cli.stats import round_half_away

        focus = axis.focus
        voting = result.board.voting
        if getattr(voting, f"{focus.key}_percent") is None or voting.difference_pp is None:
            return ["The board has no voting members listed."]
        workforce = getattr(result, f"workforce_{focus.key}_percent")
        out = []
        for name in ("voting", *self.also):
            subset = getattr(result.board, name)
            share = getattr(subset, f"{focus.key}_percent")
            if share is None or subset.difference_pp is None:
                out.append(f"The board has no {LABELS[name].lower()} members listed.")
                continue
            gap = round_half_away(abs(subset.difference_pp), 1)
            side = "lower" if subset.difference_pp < 0 else "higher"
            out.append(
                f"{focus.label} members make up {pct(share)} of {WHO[name]}, against "
                f"{pct(workforce)} of the workforce: {gap:.1f} percentage points {side}."
            )
        if self.unknown_finding:
            out.append(
                f"{pct(voting.unknown.percent)} of the voting members have no recorded "
                f"{axis.noun} ({axis.unknown.label}); they stay in every denominator."
            )
        out.append("A negative difference means the board is less diverse than the workforce.")
        return out

    def view(self, result: Any, scene: Scene) -> View:
        from wres_cli import charts
        from wres_cli.numbers import mask_board, pp

        axis, focus = scene.axis, scene.axis.focus
        rows, bars = [], []
        masked = mask_board(result, scene.hide.for_officers(), axis)
        for key, label in LABELS.items():
            subset = getattr(result.board, key)
            hidden = 1 in masked[key].hidden
            row = shares_row(label, [getattr(subset, g.key) for g in axis.groups], masked[key])
            diff = "suppressed" if hidden else pp(subset.difference_pp)
            rows.append((*row, number_cell(diff, subset.difference_pp, "pp")))
            bars.append((label, None if hidden else getattr(subset, f"{focus.key}_percent")))
        table = Table(
            f"{scene.number}: board membership against the workforce",
            ("Board", *share_columns(axis), f"{focus.label} % minus workforce {focus.label} %"),
            tuple(rows),
        )
        workforce = getattr(result, f"workforce_{focus.key}_percent")
        chart = None if not scene.draw else charts.board(bars, workforce, focus.label)
        said = (
            (
                "The voting membership counts are below the publication threshold, so the "
                "difference is not shown.",
            )
            if bars[1][1] is None
            else tuple(self.sentences(result, axis))
        )
        if bars[1][1] is not None and (changed := self.change_sentence(result, scene)):
            said = (*said, changed)
        return View(said, figure(chart) if chart else None, (table,))

    def _voting(self, result: Any, axis: Axis) -> tuple[float, int] | None:
        """The focus group's share of voting members, and their number."""
        if not isinstance(result, self.model):
            return None
        voting = result.board.voting
        share = getattr(voting, f"{axis.focus.key}_percent")
        return None if share is None or not voting.total else (share, voting.total)

    def change(self, result: Any, scene: Scene) -> Change:
        """The focus group's share of voting members against last year's: better when
        nearer the workforce's share."""
        from wres_cli.change import not_tested, share_change

        now, then = self._voting(result, scene.axis), self._voting(scene.previous, scene.axis)
        if now is None or then is None:
            return not_tested("no voting members listed in one of the two years")
        workforce = getattr(scene.previous, f"workforce_{scene.axis.focus.key}_percent")
        better: Better = "higher" if workforce is None or then[0] < workforce else "lower"
        return share_change(then, now, better)

    def change_sentence(self, result: Any, scene: Scene) -> str | None:
        from wres_cli.numbers import pct

        if scene.previous is None:
            return None
        change = self.change(result, scene)
        now, then = self._voting(result, scene.axis), self._voting(scene.previous, scene.axis)
        what = f"the {scene.axis.focus.label} share of voting members changed"
        if now and then:
            what = (
                f"the {scene.axis.focus.label} share of voting members went from "
                f"{pct(then[0])} to {pct(now[0])}"
            )
        caveat = (
            "A board has few members, so only a large change can be told apart from chance."
            if change.p is not None
            else ""
        )
        return verdict_sentence(change, scene.since, what, caveat=caveat)

    def summary(self, result: Any, scene: Scene) -> Summary:
        from wres_cli.numbers import DASH, pp

        last, change = DASH, DASH
        if result.trend is not None:
            last = pp(result.trend.previous.get("voting_difference_pp"))
            change = direction(result.trend.change.get("voting_difference_pp"), "pp")
        verdict = str(self.change(result, scene).verdict)
        return Summary(pp(result.board.voting.difference_pp), last, change, DASH, verdict)
