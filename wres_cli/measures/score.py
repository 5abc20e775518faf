"""Survey score: a score (0-10) by group and for the whole organisation, as the survey
publishes it (WDES 9a, the staff engagement score)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wres_cli.change import Verdict
from wres_cli.measures import Measure, Tidy, Year, absent, absent_row, label_width, trend_line
from wres_cli.schema.output import NotProvided
from wres_cli.view import Cell, Scene, Summary, Table, View, count_cell, direction, number_cell

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
    labels: Mapping[str, str] = field(default_factory=dict)
    """Group labels of the report's tables, by group key (as ``SurveyShare.labels``)."""
    people: Mapping[str, str] = field(default_factory=dict)
    """Who a group is in a sentence, by group key (as ``SurveyShare.people``)."""

    def _groups(self, axis: Axis) -> list[tuple[str, str, str]]:
        """(key, table label, sentence noun) of the focus and reference groups and the
        whole organisation, in the order the report shows them."""
        return [
            (
                g.key,
                self.labels.get(g.key, g.label),
                self.people.get(g.key, f"{g.label} staff"),
            )
            for g in (axis.focus, axis.reference)
        ] + [("organisation", WHOLE, "the whole organisation")]

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

    def sentences(self, result: Any, axis: Axis) -> list[str]:
        """'The engagement score of ... was 6.5 out of 10, against ...'."""
        parts = [(who, getattr(result, key)) for key, _, who in self._groups(axis)]
        given = [(who, p.score) for who, p in parts if p is not None]
        if not given:
            return ["No scores were provided."]
        (first, score), rest = given[0], given[1:]
        against = "; against " + ", and ".join(f"{s:.1f} for {w}" for w, s in rest) if rest else ""
        return [f"The score of {first} was {score:.1f} out of 10{against}."]

    def view(self, result: Any, scene: Scene) -> View:
        from wres_cli.numbers import DASH, count

        groups = self._groups(scene.axis)
        rows = []
        for year, r in scene.history:
            if not isinstance(r, self.model):
                continue
            cells = [Cell(str(year), header=True)]
            for key, _, _ in groups:
                part = getattr(r, key)
                score = None if part is None else part.score
                cells.append(number_cell(DASH if score is None else f"{score:.1f}", score, "score"))
                respondents = None if part is None else part.respondents
                cells.append(count_cell(DASH if respondents is None else count(respondents)))
            rows.append(tuple(cells))
        columns = [c for _, label, _ in groups for c in (f"{label} score", f"{label} respondents")]
        table = Table(f"{scene.number}: scores out of 10 by year", ("Year", *columns), tuple(rows))
        return View(tuple(self.sentences(result, scene.axis)), None, (table,))

    def summary(self, result: Any, scene: Scene) -> Summary:
        from wres_cli.numbers import DASH

        key = f"{scene.axis.focus.key}_score"
        part = getattr(result, scene.axis.focus.key)
        last, change = DASH, DASH
        if result.trend is not None:
            before = result.trend.previous.get(key)
            last = DASH if before is None else f"{before:.1f}"
            change = direction(result.trend.change.get(key), "score")
        # the survey publishes no spread for a score: a change cannot be tested
        verdict = str(Verdict.NOT_TESTED) if scene.previous is not None else DASH
        return Summary(DASH if part is None else f"{part.score:.1f}", last, change, DASH, verdict)
