"""Staff survey share: the percentage of each group's respondents giving an answer, from
the aggregate table trusts receive (WRES 5-8, WDES 4-7)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wres_cli.measures import Measure, Tidy, Year, absent, absent_row, label_width, trend_line
from wres_cli.schema.output import NotProvided, SurveyGroup

if TYPE_CHECKING:
    from wres_cli.groups import Axis, Group
    from wres_cli.measures import Item
    from wres_cli.numbers import Suppression
    from wres_cli.schema.output import Result


@dataclass(frozen=True)
class SurveyShare(Measure):
    """One question's share by group; rows of ``source`` whose ``key_column`` is the
    indicator's key. The difference is focus group minus reference group."""

    phrase: str
    """Completes '<x>% of BME staff ...' in sentences."""
    model: Any
    source: str = "staff_survey"
    key_column: str = "indicator"
    group_column: str = "ethnic_group"
    focus_only: bool = False
    """One group, no comparison (WDES 8: adjustments, asked of Disabled staff only)."""

    def shown(self, axis: Axis) -> tuple[Group, ...]:
        """The groups the result holds, in order."""
        return (axis.focus,) if self.focus_only else (axis.reference, axis.focus)

    def compute(self, year: Year, indicator: Item) -> dict[str, Result]:
        if self.source not in year.tables:
            missing = NotProvided(reason=f"{self.source} file not provided")
            return dict.fromkeys(year.orgs, missing)
        axis = year.axis
        found: dict[str, dict[str, SurveyGroup]] = {}
        for row in year.tables[self.source].iter_rows(named=True):
            if str(row[self.key_column]) != indicator.key:
                continue
            pct = row.get("percent")  # the column is optional when ``positive`` is given
            if pct is None:
                if not row["respondents"]:
                    continue  # no respondents, no percentage (never a made-up 0%)
                pct = 100 * row["positive"] / row["respondents"]
            group = row[self.group_column]
            found.setdefault(row["organisation_code"], {})[group] = SurveyGroup(
                respondents=row["respondents"], percent=pct
            )
        out: dict[str, Result] = {}
        for org in year.orgs:
            groups = found.get(org)
            if not groups:
                reason = f"no rows for {indicator.noun} {indicator.key} in {self.source}"
                out[org] = NotProvided(reason=reason)
                continue
            parts = {g.key: groups.get(g.value) for g in self.shown(axis)}
            if self.focus_only:
                out[org] = self.model(**parts)
                continue
            ref, focus = parts[axis.reference.key], parts[axis.focus.key]
            out[org] = self.model(
                **parts, difference_pp=focus.percent - ref.percent if ref and focus else None
            )
        return out

    def headline(self, result: Any, axis: Axis) -> dict[str, float | None]:
        if not isinstance(result, self.model):
            return {}
        out: dict[str, float | None] = {}
        for g in self.shown(axis):
            part = getattr(result, g.key)
            out[f"{g.key}_percent"] = part.percent if part else None
        return out

    def text(self, result: Any, indicator: Item, axis: Axis, hide: Suppression) -> list[str]:
        from wres_cli.numbers import pct, pp

        del indicator, hide
        if (lines := absent(result)) is not None:
            return lines
        w = label_width(axis)
        lines = [f"  {'group':<{w}}{'respondents':>14}{'percent':>10}"]
        for g in self.shown(axis):
            part = getattr(result, g.key)
            if part is None:
                lines.append(f"  {g.label:<{w}}{'not provided':>24}")
            else:
                lines.append(f"  {g.label:<{w}}{part.respondents:>14,}{pct(part.percent):>10}")
        if not self.focus_only:
            difference = f"{axis.focus.label} minus {axis.reference.label}"
            lines.append(f"  Difference ({difference}): {pp(result.difference_pp)}")
        labels = {f"{g.key}_percent": f"{g.label} %" for g in self.shown(axis)}
        return lines + trend_line(result, labels)

    def tidy(self, result: Any, axis: Axis) -> Iterator[Tidy]:
        if not isinstance(result, self.model):
            yield from absent_row(result)
            return
        for g in self.shown(axis):
            part = getattr(result, g.key)
            if part is not None:
                yield ("", g.label, "percent", None, part.respondents, part.percent, None)
        if not self.focus_only:
            note = f"{axis.focus.label} minus {axis.reference.label}"
            yield ("", "", "difference_pp", None, None, result.difference_pp, note)
