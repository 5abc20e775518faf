"""Relative likelihood: the likelihood of an outcome in one group over that in another,
oriented so that above 1 is adverse to the standard's focus group (WRES 2-4, WDES 2-3).

Numerators count applications (appointment from shortlisting) or distinct people (entry
into a process, access to training) against the workforce headcount; a two-year window
pools last year's counts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from wres_cli.change import Verdict
from wres_cli.measures import (
    Measure,
    Tables,
    Tidy,
    Year,
    absent,
    absent_row,
    label_width,
    trend_line,
)
from wres_cli.schema.output import Likelihood as Part
from wres_cli.schema.output import NotCalculable
from wres_cli.schema.spec import ORG
from wres_cli.stats import SMALL_COUNT, relative_likelihood
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
    from wres_cli.change import Change
    from wres_cli.funnel import RatioCounts
    from wres_cli.groups import Axis, Group
    from wres_cli.issues import Issue
    from wres_cli.measures import Item
    from wres_cli.numbers import Suppression
    from wres_cli.schema.output import Result


@dataclass(frozen=True)
class RangeNames:
    """How 0.80-1.25 is named where it is shown (sentence, terminal, chart, summary)."""

    sentence: str
    text: str
    chart: str
    summary: str


RANGE_NAMES = {
    True: RangeNames(
        "NHS England's non-adverse range of 0.80 to 1.25",
        "NHS England non-adverse range 0.80 to 1.25",
        "NHS England's non-adverse range 0.80-1.25",
        "range",
    ),
    False: RangeNames(
        "the 0.80 to 1.25 band that NHS England uses for WRES indicator 3",
        "the 0.80 to 1.25 band of WRES indicator 3",
        "the 0.80-1.25 band of WRES indicator 3",
        "the 0.80-1.25 band",
    ),
}
"""By whether NHS England states the range for the indicator (WRES 3 only): elsewhere it
is named as the band of WRES indicator 3, never as NHS England's range (wres-spec.md 5)."""


def _place(assessment: str) -> str:
    """'above', 'below' or 'within' the range, from the assessment."""
    return {"above range": "above", "below range": "below"}.get(assessment, "within")


@dataclass(frozen=True)
class Counts:
    """Numerator and denominator per organisation and group: columns ORG, group, num, den."""

    frame: pl.DataFrame
    column: str

    @cached_property
    def _table(self) -> dict[tuple[str, str], tuple[int, int]]:
        return {
            (org, group): (int(num or 0), int(den or 0))
            for org, group, num, den in self.frame.select(
                ORG, self.column, "num", "den"
            ).iter_rows()
        }

    def get(self, org: str, group: Group) -> tuple[int, int]:
        return self._table.get((org, group.value), (0, 0))

    def __add__(self, other: Counts) -> Counts:
        both = pl.concat([self.frame, other.frame])
        pooled = both.group_by(ORG, self.column).agg(pl.col("num", "den").sum())
        return Counts(pooled, self.column)


@dataclass(frozen=True)
class RelativeLikelihood(Measure):
    """RL = likelihood(top) / likelihood(ref); groups named by their axis keys."""

    source: str
    top: str
    ref: str
    unit: Literal["applications", "people"]
    """Applications: shortlisted rows, appointed ones counted; people: distinct staff of the
    source against the workforce headcount."""
    numerator: str
    denominator: str
    subject: str
    """Who the likelihood is about, in a sentence: 'applicants', 'staff'."""
    outcome: str
    """Completes '... were N times as likely as ... to <outcome>'."""
    short_numerator: str
    short_denominator: str
    model: Any
    counted: str | None = None
    """A Boolean column: only rows where it is false count (training: ``mandatory``)."""
    windowed: bool = False
    """Whether the two-year window option applies (WRES 3, WDES 3)."""
    nhse_range: bool = False
    """Whether NHS England states the 0.80-1.25 range for this indicator (WRES 3 only):
    then the report leads with the range, else with significance."""

    def counts(self, tables: Tables, axis: Axis) -> Counts | None:
        """Numerator and denominator per organisation and group; None when absent."""
        if self.source not in tables:
            return None
        source, column = tables[self.source], axis.column
        if self.unit == "applications":
            counted = (
                source.filter(pl.col("shortlisted"))
                .group_by(ORG, column)
                .agg(num=pl.col("appointed").sum(), den=pl.len())
            )
            return Counts(counted.with_columns(pl.col("num", "den").cast(pl.Int64)), column)
        if self.counted is not None:
            source = source.filter(~pl.col(self.counted))
        people = source.unique([ORG, "staff_id"], keep="first", maintain_order=True)
        num = people.group_by(ORG, column).agg(num=pl.len())
        headcount = tables["workforce"].group_by(ORG, column).agg(den=pl.len())
        joined = headcount.join(num, on=[ORG, column], how="full", coalesce=True)
        return Counts(joined.with_columns(pl.col("num", "den").fill_null(0).cast(pl.Int64)), column)

    def compute(self, year: Year, indicator: Item) -> dict[str, Result]:
        del indicator
        if (missing := self.missing(year)) is not None:
            return missing
        counts = self.counts(year.tables, year.axis)
        assert counts is not None
        window = year.window_years if self.windowed else 1
        if window == 2:
            if year.previous is None:
                reason = year.missing_previous or "the two-year window needs last year's data"
                return dict.fromkeys(year.orgs, NotCalculable(reason=reason))
            earlier = self.counts(year.previous, year.axis)
            if earlier is not None:
                counts = counts + earlier
        return {org: self._result(counts, org, year.axis, window) for org in year.orgs}

    def _result(self, counts: Counts, org: str, axis: Axis, window: int) -> Result:
        top, ref = axis.group(self.top), axis.group(self.ref)
        per_group = {g.key: counts.get(org, g) for g in axis.groups}
        a, n1 = per_group[top.key]
        c, n2 = per_group[ref.key]
        ratio = relative_likelihood(a, n1, c, n2, top=top.value, ref=ref.value)

        def part(key: str) -> Part:
            num, den = per_group[key]
            return Part(numerator=num, denominator=den, likelihood=num / den if den else None)

        result: Result = self.model(
            status="ok" if ratio.value is not None else "not calculable",
            reason=ratio.reason,
            orientation=f"{top.key}/{ref.key}",
            **{g.key: part(g.key) for g in axis.groups},
            relative_likelihood=ratio.value,
            ci95=ratio.ci95,
            ci_method=ratio.ci_method,
            significant=ratio.significant,
            assessment=ratio.assessment.value,
            window_years=window,
        )
        return result

    def headline(self, result: Any, axis: Axis) -> dict[str, float | None]:
        del axis
        if not isinstance(result, self.model):
            return {}
        return {"relative_likelihood": result.relative_likelihood}

    def text(self, result: Any, indicator: Item, axis: Axis, hide: Suppression) -> list[str]:
        del indicator
        from wres_cli.numbers import pct, ratio

        if (lines := absent(result)) is not None:
            return lines
        top, ref = axis.group(self.top), axis.group(self.ref)
        w = label_width(axis)
        lines = [
            f"  RL = likelihood({top.label}) / likelihood({ref.label}); above 1 means "
            f"{axis.focus.label} {self.subject} fare worse",
            f"  {'group':<{w}}{self.short_numerator:>14}{self.short_denominator:>14}"
            f"{'likelihood':>12}",
        ]
        for g in axis.groups:
            p = getattr(result, g.key)
            num, den = hide.row([p.numerator])[0], hide.row([p.denominator])[0]
            like = hide.derived(
                pct(None if p.likelihood is None else 100 * p.likelihood),
                p.numerator,
                p.denominator,
            )
            lines.append(f"  {g.label:<{w}}{num:>14}{den:>14}{like:>12}")
        counts = [
            n
            for g in (axis.reference, axis.focus)
            for n in (getattr(result, g.key).numerator, getattr(result, g.key).denominator)
        ]
        if result.relative_likelihood is None:
            lines.append(f"  Relative likelihood: not calculable ({result.reason})")
        else:
            value = hide.derived(ratio(result.relative_likelihood), *counts)
            ci = ""
            if result.ci95 and value != "suppressed":
                method = (
                    "Katz log" if result.ci_method == "katz-log" else "Miettinen-Nurminen score"
                )
                sig = "significant" if result.significant else "not significant"
                ci = (
                    f" (95% CI {ratio(result.ci95[0])} to {ratio(result.ci95[1])}, {method}, "
                    f"{sig}; project addition)"
                )
            lines.append(f"  Relative likelihood {value}{ci}")
            lines.append(f"  Assessment: {result.assessment} ({self.names.text})")
        if result.window_years == 2:
            lines.append("  Two-year rolling average: this year and last year pooled.")
        if hide.derived("shown", *counts) == "shown":
            lines += trend_line(result, {"relative_likelihood": "relative likelihood"}, "ratio")
        return lines

    def tidy(self, result: Any, axis: Axis) -> Iterator[Tidy]:
        if not isinstance(result, self.model):
            yield from absent_row(result)
            return
        for g in axis.groups:
            p = getattr(result, g.key)
            yield ("", g.label, "likelihood", p.numerator, p.denominator, p.likelihood, None)
        note = result.reason or result.assessment
        yield ("", "", "relative_likelihood", None, None, result.relative_likelihood, note)
        if result.ci95 is not None:
            yield ("", "", "ci95_low", None, None, result.ci95[0], result.ci_method)
            yield ("", "", "ci95_high", None, None, result.ci95[1], result.ci_method)

    def warnings(self, result: Any, indicator: Item, axis: Axis, org: str) -> list[Issue]:
        """Warn (never fail) when a count behind the ratio is below 10: it is unstable."""
        from wres_cli.issues import Issue

        if not isinstance(result, self.model):
            return []
        issues = []
        for g in (axis.reference, axis.focus):
            p = getattr(result, g.key)
            small = [
                f"{name} {value}"
                for name, value in (("numerator", p.numerator), ("denominator", p.denominator))
                if value < SMALL_COUNT
            ]
            if small:
                issues.append(
                    Issue(
                        "small-count",
                        self.source,
                        f"{indicator.noun} {indicator.key}{f' ({org})' if org else ''}: {g.label} "
                        f"{' and '.join(small)} below {SMALL_COUNT}; the ratio is unstable",
                    )
                )
        return issues

    def _hidden(self, result: Any, axis: Axis, hide: Suppression) -> bool:
        """Whether a count behind the ratio is below the publication threshold."""
        counts = [
            n
            for g in (axis.reference, axis.focus)
            for n in (getattr(result, g.key).numerator, getattr(result, g.key).denominator)
        ]
        return hide.derived("x", *counts) != "x"

    def band(self, assessment: str) -> str:
        """Where the ratio sits against 0.80-1.25, named as the standard allows: NHS
        England's range for WRES 3 only, elsewhere the band it uses for indicator 3."""
        return f"{_place(assessment)} {self.names.sentence}"

    @property
    def names(self) -> RangeNames:
        return RANGE_NAMES[self.nhse_range]

    def sentences(self, result: Any, axis: Axis) -> list[str]:
        """The ratio in words from the declared orientation, with its significance and
        where it sits against 0.80-1.25, in one reading: led by the range where NHS
        England states it (WRES 3), else by significance (wres-spec.md section 5)."""
        from wres_cli.numbers import ratio

        top, ref = axis.group(self.top).label, axis.group(self.ref).said
        who = self.subject
        if result.relative_likelihood is None:
            return [f"The relative likelihood cannot be calculated this year: {result.reason}."]
        value = ratio(result.relative_likelihood)
        ci = ""
        if result.ci95 is not None:
            ci = f"95% confidence interval {ratio(result.ci95[0])} to {ratio(result.ci95[1])}"
        window = " over the two years pooled" if result.window_years == 2 else ""
        adverse = {
            "above range": f", adverse to {axis.focus.label} {who}",
            "below range": f", adverse to {axis.reference.said} {who}",
        }.get(result.assessment, "")
        significant = result.significant is True
        if self.nhse_range:
            out = [
                f"{top} {who} were {value} times as likely as {ref} {who} to {self.outcome}"
                f"{window}{f' ({ci})' if ci else ''}."
            ]
            if result.significant is None:
                out.append(f"That is {self.band(result.assessment)}{adverse}.")
            elif significant:
                out.append(
                    f"That is {self.band(result.assessment)}{adverse}, and the interval "
                    "excludes 1.00: the difference is statistically significant."
                )
            else:
                link = "but" if adverse else "and"
                out.append(
                    f"That is {self.band(result.assessment)}{adverse}, {link} the interval "
                    "includes 1.00: with numbers this size the difference could be due to "
                    "chance."
                )
            return out
        if significant:
            more = "more" if result.relative_likelihood > 1 else "less"
            out = [
                f"{top} {who} were significantly {more} likely than {ref} {who} to "
                f"{self.outcome}{window}: {value} times as likely ({ci})."
            ]
        else:
            tail = (
                f" ({ci}); the interval includes 1.00, so the difference is not "
                "statistically significant"
                if ci
                else ""
            )
            out = [
                f"{top} {who} were {value} times as likely as {ref} {who} to {self.outcome}"
                f"{window}{tail}."
            ]
        out.append(f"The ratio is {self.band(result.assessment)}{adverse}.")
        return out

    def counts_of(self, result: Any, axis: Axis) -> tuple[int, int, int, int]:
        """(top numerator, top denominator, reference numerator, reference denominator)."""
        top, ref = (
            getattr(result, axis.group(self.top).key),
            getattr(result, axis.group(self.ref).key),
        )
        return (top.numerator, top.denominator, ref.numerator, ref.denominator)

    def placing(self, result: Any, axis: Axis, code: str) -> RatioCounts | None:
        from wres_cli.funnel import RatioCounts

        if not isinstance(result, self.model):
            return None
        return RatioCounts(code, *self.counts_of(result, axis))

    def compared(self, axis: Axis) -> str:
        top, ref = axis.group(self.top).label, axis.group(self.ref).label
        return f"Relative likelihood, {top} over {ref} {self.subject}"

    def change(self, result: Any, scene: Scene) -> Change:
        """This year's ratio against last year's (the ratio of the two)."""
        from wres_cli.change import not_tested, ratio_change

        before = scene.previous
        if before is None or not isinstance(before, self.model):
            return not_tested("no result for last year")
        if result.relative_likelihood is None or before.relative_likelihood is None:
            return not_tested("one of the two ratios cannot be calculated")
        if result.window_years == 2:
            return not_tested("two-year windows of consecutive years overlap")
        hidden = self._hidden(result, scene.axis, scene.hide)
        if hidden or self._hidden(before, scene.axis, scene.hide):
            return not_tested("counts below the publication threshold")
        return ratio_change(self.counts_of(before, scene.axis), self.counts_of(result, scene.axis))

    def change_sentence(self, result: Any, scene: Scene) -> str | None:
        from wres_cli.numbers import ratio

        change = self.change(result, scene)
        if change.verdict is Verdict.NOT_TESTED and scene.previous is None:
            return None
        what, detail = "the relative likelihood changed", ""
        if change.estimate is not None and change.ci95 is not None:
            what = f"the relative likelihood is {ratio(change.estimate)} times last year's"
            detail = f"95% confidence interval {ratio(change.ci95[0])} to {ratio(change.ci95[1])}"
        caveat = (
            "The test is conservative: the same staff are counted in both years."
            if self.unit == "people" and change.verdict is not Verdict.NOT_TESTED
            else ""
        )
        return verdict_sentence(change, scene.since, what, detail, caveat)

    def view(self, result: Any, scene: Scene) -> View:
        from wres_cli import charts
        from wres_cli.numbers import DASH, pct, ratio

        axis, hide = scene.axis, scene.hide
        rows = []
        for group in axis.groups:
            part = getattr(result, group.key)
            num, den = hide.row([part.numerator])[0], hide.row([part.denominator])[0]
            like = None if part.likelihood is None else 100 * part.likelihood
            rows.append(
                (
                    Cell(group.label, header=True),
                    count_cell(num),
                    count_cell(den),
                    number_cell(
                        hide.derived(pct(like), part.numerator, part.denominator), like, "percent"
                    ),
                )
            )
        table = Table(
            f"{scene.number}: likelihood by group",
            (
                "Group",
                self.short_numerator.capitalize(),
                self.short_denominator.capitalize(),
                "Likelihood",
            ),
            tuple(rows),
        )
        ratio_rows = []
        points = []
        for year, r in scene.history:
            if not isinstance(r, self.model):
                continue
            hidden = self._hidden(r, axis, hide)
            ci = f"{ratio(r.ci95[0])} to {ratio(r.ci95[1])}" if r.ci95 and not hidden else DASH
            ratio_rows.append(
                (
                    Cell(str(year), header=True),
                    number_cell(
                        "suppressed" if hidden else ratio(r.relative_likelihood),
                        r.relative_likelihood,
                        "ratio",
                    ),
                    Cell(ci, numeric=True),
                    Cell("suppressed" if hidden else r.assessment),
                )
            )
            points.append(
                (
                    str(year),
                    None if hidden else r.relative_likelihood,
                    None if hidden else r.ci95,
                )
            )
        trend = Table(
            f"{scene.number}: relative likelihood by year",
            ("Year", "Relative likelihood", "95% confidence interval", "Assessment"),
            tuple(ratio_rows),
        )
        top, ref = axis.group(self.top).said, axis.group(self.ref).said
        what = f"{top} {self.subject} to {self.outcome}, compared with {ref} {self.subject}"
        chart = (
            None
            if not scene.draw
            else charts.relative_likelihoods(points, what, axis.focus.label, self.names.chart)
        )
        said = (
            (
                "Some counts behind this ratio are below the publication threshold, so the "
                "ratio is not shown.",
            )
            if self._hidden(result, axis, hide)
            else tuple(self.sentences(result, axis))
        )
        if (changed := self.change_sentence(result, scene)) is not None:
            said = (*said, changed)
        return View(said, figure(chart) if chart else None, (table, trend))

    def summary(self, result: Any, scene: Scene) -> Summary:
        from wres_cli.numbers import DASH, ratio

        last, change = DASH, DASH
        if result.trend is not None:
            last = ratio(result.trend.previous.get("relative_likelihood"))
            change = direction(result.trend.change.get("relative_likelihood"), "ratio")
        if result.relative_likelihood is None:
            assessment = "not calculable"
        else:
            sig = {True: "significant", False: "not significant"}.get(result.significant)
            where = f"{_place(result.assessment)} {self.names.summary}"
            assessment = (
                f"{where}{f'; {sig}' if sig else ''}"
                if self.nhse_range
                else f"{sig + '; ' if sig else ''}{where}"
            )
        verdict = self.change(result, scene).verdict
        return Summary(ratio(result.relative_likelihood), last, change, assessment, str(verdict))
