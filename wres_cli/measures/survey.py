"""Staff survey share: the percentage of each group's respondents giving an answer, from
the aggregate table trusts receive (WRES 5-8, WDES 4-7).

A group's result may be suppressed by the survey (too few responses): it is shown as
suppressed with the input's reason, and nothing is computed from it (no difference, no
change). When the file records its source (survey year, file, SHA-256: ``wres
import-survey`` writes them), the result carries it and the report's section says it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wres_cli.escape import plain, printable
from wres_cli.measures import Measure, Tidy, Year, absent, absent_row, label_width, trend_line
from wres_cli.schema.output import NotProvided, SuppressedGroup, SurveyGroup, SurveySource
from wres_cli.view import (
    Cell,
    Scene,
    Summary,
    Table,
    View,
    count_cell,
    direction,
    figure,
    number_cell,
    verdict_sentence,
)

if TYPE_CHECKING:
    from wres_cli.change import Better, Change
    from wres_cli.funnel import ProportionCounts
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
    labels: Mapping[str, str] = field(default_factory=dict)
    """Group labels of the report's tables and charts, by group key, where the survey's
    groups are not the axis's (WDES: a long-term condition, not ESR's disability)."""
    people: Mapping[str, str] = field(default_factory=dict)
    """Who a group is in a sentence, by group key ('staff with a long-term condition or
    illness'); else '<label> respondents'."""

    difference: str = ""
    """The difference column's heading in the report; else '<focus> minus <reference>'."""
    better: Better = "lower"
    """Which way a change of the focus group's share is an improvement (declared for
    every question: 'lower' for harassment, 'higher' for equal opportunities)."""

    def label(self, group: Group) -> str:
        return self.labels.get(group.key, group.label)

    def who(self, group: Group) -> str:
        """Who answered, in a sentence: 'BME respondents' (a survey base is its
        respondents, not the workforce)."""
        return self.people.get(group.key, f"{self.label(group)} respondents")

    def shown(self, axis: Axis) -> tuple[Group, ...]:
        """The groups the result holds, in order."""
        return (axis.focus,) if self.focus_only else (axis.reference, axis.focus)

    def compute(self, year: Year, indicator: Item) -> dict[str, Result]:
        if self.source not in year.tables:
            missing = NotProvided(reason=f"{self.source} file not provided")
            return dict.fromkeys(year.orgs, missing)
        axis = year.axis
        found: dict[str, dict[str, SurveyGroup | SuppressedGroup]] = {}
        sources: dict[str, SurveySource] = {}
        for row in year.tables[self.source].iter_rows(named=True):
            if str(row[self.key_column]) != indicator.key:
                continue
            org, group = row["organisation_code"], row[self.group_column]
            if (source := _source(row)) is not None:
                sources[org] = source  # one per file (mixed-survey-source)
            if row.get("suppressed") is not None:
                found.setdefault(org, {})[group] = SuppressedGroup(
                    reason=row["suppressed"], respondents=row["respondents"]
                )
                continue
            pct = row.get("percent")  # the column is optional when ``positive`` is given
            if pct is None:
                if not row["respondents"]:
                    continue  # no respondents, no percentage (never a made-up 0%)
                pct = 100 * row["positive"] / row["respondents"]
            found.setdefault(org, {})[group] = SurveyGroup(
                respondents=row["respondents"], percent=pct
            )
        out: dict[str, Result] = {}
        for org in year.orgs:
            groups = found.get(org)
            if not groups:
                reason = f"no rows for {indicator.noun} {indicator.key} in {self.source}"
                out[org] = NotProvided(reason=reason)
                continue
            parts: dict[str, Any] = {g.key: groups.get(g.value) for g in self.shown(axis)}
            if org in sources:  # only a file that records it: other outputs stay as they were
                parts["source"] = sources[org]
            if self.focus_only:
                out[org] = self.model(**parts)
                continue
            ref, focus = _given(parts[axis.reference.key]), _given(parts[axis.focus.key])
            out[org] = self.model(
                **parts, difference_pp=focus.percent - ref.percent if ref and focus else None
            )
        return out

    def headline(self, result: Any, axis: Axis) -> dict[str, float | None]:
        if not isinstance(result, self.model):
            return {}
        out: dict[str, float | None] = {}
        for g in self.shown(axis):
            part = _given(getattr(result, g.key))
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
            elif isinstance(part, SuppressedGroup):
                shown = "" if part.respondents is None else f"{part.respondents:,}"
                why = printable(part.reason, 80)
                lines.append(f"  {g.label:<{w}}{shown:>14}  suppressed: {why}")
            else:
                lines.append(f"  {g.label:<{w}}{part.respondents:>14,}{pct(part.percent):>10}")
        if not self.focus_only:
            difference = f"{axis.focus.label} minus {axis.reference.label}"
            lines.append(f"  Difference ({difference}): {pp(result.difference_pp)}")
        if (source := getattr(result, "source", None)) is not None:  # 100 columns at most
            survey = f"the {source.survey_year} NHS Staff Survey" if source.survey_year else ""
            named = ", ".join(x for x in (survey, printable(source.file or "", 60)) if x)
            lines.append(f"  Source: {named or 'not named'}")
            if source.sha256:
                lines.append(f"  SHA-256: {printable(source.sha256, 64)}")
        labels = {f"{g.key}_percent": f"{g.label} %" for g in self.shown(axis)}
        return lines + trend_line(result, labels)

    def tidy(self, result: Any, axis: Axis) -> Iterator[Tidy]:
        if not isinstance(result, self.model):
            yield from absent_row(result)
            return
        for g in self.shown(axis):
            part = getattr(result, g.key)
            if isinstance(part, SuppressedGroup):
                note = f"suppressed: {part.reason}"
                yield ("", g.label, "percent", None, part.respondents, None, note)
            elif part is not None:
                yield ("", g.label, "percent", None, part.respondents, part.percent, None)
        if not self.focus_only:
            note = f"{axis.focus.label} minus {axis.reference.label}"
            yield ("", "", "difference_pp", None, None, result.difference_pp, note)
        source = getattr(result, "source", None)
        if source is not None:
            note = f"{source.file or ''} sha256 {source.sha256 or ''}".strip()
            yield ("", "", "source_survey_year", None, None, source.survey_year, note)

    def respondents(self, result: Any, axis: Axis) -> dict[str, int | None]:
        """Respondents of each group shown, by group key ({} when there is no result)."""
        if not isinstance(result, self.model):
            return {}
        parts = {g.key: getattr(result, g.key) for g in self.shown(axis)}
        return {key: None if p is None else p.respondents for key, p in parts.items()}

    def sentences(self, result: Any, axis: Axis, survey: str = "") -> list[str]:
        """'In the 2024 NHS Staff Survey, 28.9% of BME staff and 25.4% of White staff
        ...' and the gap in points; ``survey`` is the survey's year."""
        from wres_cli.numbers import pct
        from wres_cli.stats import round_half_away

        lead = f"In the {survey} NHS Staff Survey, " if survey else ""
        focus = getattr(result, axis.focus.key)
        if self.focus_only:
            if isinstance(focus, SuppressedGroup):
                return [self._suppressed([axis.focus], focus)]
            if focus is None:
                return ["The survey result was not provided."]
            return [f"{lead}{pct(focus.percent)} of {self.who(axis.focus)} {self.phrase}."]
        ref = getattr(result, axis.reference.key)
        pairs = ((axis.focus, focus), (axis.reference, ref))
        hidden = [g for g, p in pairs if isinstance(p, SuppressedGroup)]
        if hidden:
            why = next(p for _, p in pairs if isinstance(p, SuppressedGroup))
            shown = [(g, p) for g, p in pairs if isinstance(p, SurveyGroup)]
            known = "".join(
                f"{lead or 'In the survey, '}{pct(p.percent)} of {self.who(g)} {self.phrase}; "
                for g, p in shown
            )
            said = self._suppressed(hidden, why)
            return [known + (said[0].lower() + said[1:] if known else said)]
        if ref is None or focus is None or result.difference_pp is None:
            return ["The survey results for one of the two groups were not provided."]
        gap = round_half_away(abs(result.difference_pp), 1)
        if gap == 0:
            compare = "the same for both groups"
        else:
            compare = (
                f"{gap:.1f} percentage points "
                f"{'higher' if result.difference_pp > 0 else 'lower'} "
                f"for {self.who(axis.focus)}"
            )
        return [
            f"{lead}{pct(focus.percent)} of {self.who(axis.focus)} and {pct(ref.percent)} of "
            f"{self.who(axis.reference)} {self.phrase} ({compare})."
        ]

    def _suppressed(self, groups: list[Group], part: SuppressedGroup) -> str:
        """'The result for BME respondents is suppressed (fewer than 10 responses), so no
        difference is shown.'"""
        who = " and ".join(self.who(g) for g in groups)
        result = "results" if len(groups) > 1 else "result"
        verb = "are" if len(groups) > 1 else "is"
        tail = "" if self.focus_only else ", so no difference is shown"
        return f"The {result} for {who} {verb} suppressed ({plain(part.reason)}){tail}."

    def placing(self, result: Any, axis: Axis, code: str) -> ProportionCounts | None:
        """The focus group's share, as respondents answering so of respondents."""
        from wres_cli.funnel import ProportionCounts

        if not isinstance(result, self.model):
            return None
        part = _given(getattr(result, axis.focus.key))
        if part is None:
            return None
        return ProportionCounts(code, part.percent * part.respondents / 100, part.respondents)

    def compared(self, axis: Axis) -> str:
        who = self.who(axis.focus)
        return f"{who[0].upper()}{who[1:]} who {self.phrase}"

    def change(self, result: Any, scene: Scene) -> Change:
        """The focus group's share this survey against last survey's."""
        from wres_cli.change import not_tested, share_change

        before = scene.previous
        if before is None or not isinstance(before, self.model):
            return not_tested("no survey result for last year")
        now = _given(getattr(result, scene.axis.focus.key))
        then = _given(getattr(before, scene.axis.focus.key))
        if now is None or then is None:
            return not_tested(f"no {scene.axis.focus.label} result in one of the two surveys")
        return share_change(
            (then.percent, then.respondents), (now.percent, now.respondents), self.better
        )

    def change_sentence(self, result: Any, scene: Scene) -> str | None:
        from wres_cli.numbers import pct, pp

        if scene.previous is None:
            return None
        change = self.change(result, scene)
        focus = scene.axis.focus
        then = _given(getattr(scene.previous, focus.key, None))
        now = _given(getattr(result, focus.key))
        what, detail = f"the share of {self.who(focus)} changed", ""
        if change.estimate is not None and change.ci95 is not None and then and now:
            what = (
                f"the share of {self.who(focus)} went from {pct(then.percent)} to "
                f"{pct(now.percent)}"
            )
            detail = (
                f"{pp(change.estimate)}, 95% confidence interval {pp(change.ci95[0])} to "
                f"{pp(change.ci95[1])}; {self.better} is better"
            )
        year = scene.year
        since = f"Compared with the {year - 2} survey" if year else "Compared with last survey"
        return verdict_sentence(change, since, what, detail)

    def view(self, result: Any, scene: Scene) -> View:
        from wres_cli import charts
        from wres_cli.numbers import DASH, count, pct, pp
        from wres_cli.stats import wilson_interval

        axis = scene.axis
        shown = self.shown(axis)
        rows, bars = [], []
        for year, r in scene.history:
            if not isinstance(r, self.model):
                continue
            survey = _survey_year(year)
            given = [getattr(r, g.key) for g in shown]
            parts = [_given(p) for p in given]
            values = [p.percent if p else None for p in parts]
            bars.append((survey, tuple(values)))
            cells = [Cell(survey, header=True)]
            for p, v, g in zip(parts, values, given, strict=True):
                known = g.respondents if g is not None else None
                cells.append(count_cell(DASH if known is None else count(known)))
                if isinstance(g, SuppressedGroup):
                    cells.append(Cell("suppressed", numeric=True))
                else:
                    cells.append(number_cell(pct(v), v, "percent"))
                ci = wilson_interval(p.percent, p.respondents) if p else None
                shown_ci = DASH if ci is None else f"{pct(ci[0])} to {pct(ci[1])}"
                cells.append(Cell(shown_ci, numeric=True))
            if not self.focus_only:
                cells.append(number_cell(pp(r.difference_pp), r.difference_pp, "pp"))
            rows.append(tuple(cells))
        columns = [
            c
            for g in shown
            for c in (
                f"{self.label(g)} respondents",
                f"{self.label(g)} %",
                f"{self.label(g)} 95% CI",
            )
        ]
        if not self.focus_only:
            columns.append(
                self.difference or f"{self.label(axis.focus)} minus {self.label(axis.reference)}"
            )
        table = Table(
            f"{scene.number}: NHS Staff Survey results by survey year",
            ("Survey", *columns),
            tuple(rows),
        )
        groups = tuple((self.label(g), axis.groups.index(g)) for g in shown)
        who = (
            " and of ".join(self.who(g) for g in reversed(shown)) + " who"
            if self.people
            else f"{' and '.join(self.label(g) for g in shown)} staff"
        )
        chart = None if not scene.draw else charts.survey(bars, self.phrase, groups, who)
        said = self.sentences(result, axis, _survey_year(scene.year))
        if (changed := self.change_sentence(result, scene)) is not None:
            said.append(changed)
        if (source := _source_sentence(result)) is not None:
            said.append(plain(source))
        return View(tuple(said), figure(chart) if chart else None, (table,))

    def summary(self, result: Any, scene: Scene) -> Summary:
        """The focus group's share, its change since last survey and the verdict."""
        from wres_cli.numbers import DASH, pct

        focus = f"{scene.axis.focus.key}_percent"
        trend = result.trend
        part = _given(getattr(result, scene.axis.focus.key))
        last, change = DASH, DASH
        if trend is not None:
            last = pct(trend.previous.get(focus))
            change = direction(trend.change.get(focus), "pct")
        verdict = str(self.change(result, scene).verdict)
        return Summary(pct(part.percent if part else None), last, change, DASH, verdict)


def _given(part: Any) -> SurveyGroup | None:
    """A group's figure, or None when there is none (not provided, or suppressed)."""
    return part if isinstance(part, SurveyGroup) else None


def _source(row: dict[str, Any]) -> SurveySource | None:
    """The source a staff_survey row records, if it records any."""
    year, file, sha = (row.get(c) for c in ("survey_year", "source_file", "source_sha256"))
    if year is None and file is None and sha is None:
        return None
    return SurveySource(survey_year=year, file=file, sha256=sha)


def _source_sentence(result: Any) -> str | None:
    """'Source: NSS24.xlsx (SHA-256 9f86...), the 2024 NHS Staff Survey's figures.'"""
    source = getattr(result, "source", None)
    if source is None:
        return None
    parts = [source.file or "the staff_survey file"]
    if source.sha256:
        parts.append(f"(SHA-256 {source.sha256})")
    said = "Source: " + " ".join(parts)
    if source.survey_year is not None:
        said += f", the {source.survey_year} NHS Staff Survey's figures"
    return said + "."


def _survey_year(year: int | None) -> str:
    """The NHS Staff Survey a reporting year uses: the autumn before (2025 uses 2024)."""
    return str(year - 1) if year is not None else ""
