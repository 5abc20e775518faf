"""Survey score: a score (0-10) by group and for the whole organisation, as the survey
publishes it (WDES 9a, the staff engagement score)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wres_cli.measures import Measure, Tidy, Year, absent, absent_row, label_width, trend_line
from wres_cli.schema.output import NotProvided

if TYPE_CHECKING:
    from wres_cli.groups import Axis
    from wres_cli.measures import Item
    from wres_cli.numbers import Suppression
    from wres_cli.schema.output import Result

WHOLE = "Organisation"
"""The group value of the whole organisation's row."""


@dataclass(frozen=True)
class SurveyScore(Measure):
    """Scores of the reference and focus groups and of the organisation."""

    model: Any
    part_model: Any
    source: str = "wdes_survey"
    key_column: str = "metric"
    group_column: str = "group"

    def compute(self, year: Year, indicator: Item) -> dict[str, Result]:
        if self.source not in year.tables:
            return dict.fromkeys(year.orgs, NotProvided(reason=f"{self.source} file not provided"))
        found: dict[str, dict[str, Any]] = {}
        for row in year.tables[self.source].iter_rows(named=True):
            if str(row[self.key_column]) != indicator.key or row.get("score") is None:
                continue
            part = self.part_model(respondents=row["respondents"], score=row["score"])
            found.setdefault(row["organisation_code"], {})[row[self.group_column]] = part
        axis = year.axis
        out: dict[str, Result] = {}
        for org in year.orgs:
            groups = found.get(org)
            if not groups:
                reason = f"no rows for metric {indicator.key} in {self.source}"
                out[org] = NotProvided(reason=reason)
                continue
            out[org] = self.model(
                **{g.key: groups.get(g.value) for g in (axis.focus, axis.reference)},
                organisation=groups.get(WHOLE),
            )
        return out

    def headline(self, result: Any, axis: Axis) -> dict[str, float | None]:
        if not isinstance(result, self.model):
            return {}
        return {
            f"{g.key}_score": getattr(result, g.key).score if getattr(result, g.key) else None
            for g in (axis.reference, axis.focus)
        }

    def text(self, result: Any, indicator: Item, axis: Axis, hide: Suppression) -> list[str]:
        del indicator, hide
        if (lines := absent(result)) is not None:
            return lines
        w = max(label_width(axis), len(WHOLE) + 2)
        lines = [f"  {'group':<{w}}{'respondents':>14}{'score':>10}"]
        for key, label in [(g.key, g.label) for g in (axis.reference, axis.focus)] + [
            ("organisation", WHOLE)
        ]:
            part = getattr(result, key)
            if part is None:
                lines.append(f"  {label:<{w}}{'not provided':>24}")
            else:
                shown = "" if part.respondents is None else f"{part.respondents:,}"
                lines.append(f"  {label:<{w}}{shown:>14}{part.score:>10.1f}")
        labels = {f"{g.key}_score": f"{g.label} score" for g in (axis.reference, axis.focus)}
        return lines + trend_line(result, labels, "ratio")

    def tidy(self, result: Any, axis: Axis) -> Iterator[Tidy]:
        if not isinstance(result, self.model):
            yield from absent_row(result)
            return
        for key, label in [(g.key, g.label) for g in (axis.reference, axis.focus)] + [
            ("organisation", WHOLE)
        ]:
            part = getattr(result, key)
            if part is not None:
                yield ("", label, "score", None, part.respondents, part.score, None)
