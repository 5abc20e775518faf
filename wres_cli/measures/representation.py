"""Representation by band: headcount per group in each pay band (or band cluster) of
each cluster (non-clinical, clinical), Unknown in every denominator (WRES 1, WDES 1)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
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
    wide,
)
from wres_cli.schema.output import NotProvided
from wres_cli.schema.spec import ORG
from wres_cli.view import (
    Scene,
    Summary,
    Table,
    View,
    direction,
    figure,
    share_columns,
    shares_row,
    verdict_sentence,
)

if TYPE_CHECKING:
    from wres_cli.change import Change
    from wres_cli.funnel import ProportionCounts
    from wres_cli.groups import Axis
    from wres_cli.measures import Item
    from wres_cli.numbers import Suppression
    from wres_cli.schema.output import Result


@dataclass(frozen=True)
class Split:
    """The finding a board needs from representation: the focus group's share of the
    lower rows against the upper rows (e.g. Bands 1-7 against Band 8a and above)."""

    lower: tuple[str, ...]
    upper: tuple[str, ...]
    sentence: str
    """With ``{focus}``, ``{lower}`` and ``{upper}`` (formatted percentages)."""
    upper_label: str = "Band 8a and above"
    """The upper rows, in a sentence on their change."""

    def counts(
        self, result: Any, axis: Axis, row_key: str
    ) -> tuple[tuple[int, int], tuple[int, int]]:
        """(focus count, staff) of the lower and of the upper rows, pooled over the
        clusters."""
        key = axis.focus.key

        def pooled(names: tuple[str, ...]) -> tuple[int, int]:
            rows = [r for r in result.rows if getattr(r, row_key) in names]
            return sum(getattr(r, key).count for r in rows), sum(r.total for r in rows)

        return pooled(self.lower), pooled(self.upper)

    def shares(self, result: Any, axis: Axis, row_key: str) -> tuple[float, float] | None:
        """The focus group's percentage of the lower and of the upper rows; None when
        either has no staff."""
        (low, low_total), (up, up_total) = self.counts(result, axis, row_key)
        if not (low_total and up_total):
            return None
        return 100 * low / low_total, 100 * up / up_total


@dataclass(frozen=True)
class Representation(Measure):
    """Rows per cluster; ``row_of`` maps a person's band to its row (identity when None)."""

    rows: Mapping[str, tuple[str, ...]]
    model: Any
    row_model: Any
    overall_model: Any
    row_key: str = "band"
    """The row's name in the JSON: ``band`` (WRES) or ``band_cluster`` (WDES)."""
    row_of: Mapping[str, str] | None = None
    optional_rows: frozenset[str] = field(default_factory=frozenset)
    """Rows shown only where they have staff (Under Band 1)."""
    source: str = "workforce"
    row_header: str = "Band"
    """The row column's heading in the report's tables."""
    row_noun: str = "pay band"
    """What a row is, in a caption: 'pay band', 'pay-band cluster'."""
    split: Split | None = None
    """The senior-against-junior finding (rows pooled across both clusters)."""

    def compute(self, year: Year, indicator: Item) -> dict[str, Result]:
        del indicator
        if (missing := self.missing(year)) is not None:
            return missing
        axis = year.axis
        staff = year.tables["workforce"]
        if self.row_of is not None:
            staff = staff.with_columns(
                pl.col("band").replace_strict(self.row_of, default=None, return_dtype=pl.String)
            )
        counts = staff.group_by(ORG, "cluster", "band", axis.column).agg(n=pl.len())
        cells = wide(counts, [ORG, "cluster", "band"], axis.column)
        totals = wide(counts.group_by(ORG, axis.column).agg(pl.col("n").sum()), [ORG], axis.column)
        out: dict[str, Result] = {}
        for (org,), by_group in totals.items():
            rows = []
            for cluster, labels in self.rows.items():
                for label in labels:
                    cell = cells.get((org, cluster, label), {})
                    if label in self.optional_rows and not cell:
                        continue
                    rows.append(
                        self.row_model(
                            cluster=cluster, **{self.row_key: label}, **shares(cell, axis)
                        )
                    )
            out[org] = self.model(overall=self.overall_model(**shares(by_group, axis)), rows=rows)
        for org in year.orgs:
            out.setdefault(org, NotProvided(reason="no workforce rows for this organisation"))
        return {org: out[org] for org in year.orgs}

    def headline(self, result: Any, axis: Axis) -> dict[str, float | None]:
        if not isinstance(result, self.model):
            return {}
        overall = result.overall
        return {
            f"{axis.focus.key}_percent": getattr(overall, axis.focus.key).percent,
            f"{axis.unknown.key}_percent": getattr(overall, axis.unknown.key).percent,
        }

    def text(self, result: Any, indicator: Item, axis: Axis, hide: Suppression) -> list[str]:
        del indicator
        from wres_cli.numbers import mask_representation

        if (lines := absent(result)) is not None:
            return lines
        masked, overall = mask_representation(result, hide, axis)
        groups = "".join(f"{g.label:>17}" for g in axis.groups)
        w = max(28, *(len(label) + 1 for labels in self.rows.values() for label in labels))
        lines = [f"  {self.row_key.replace('_', ' '):<{w + 2}}{groups}{'Total':>9}"]
        cluster = ""
        for row, shown in zip(result.rows, masked, strict=True):
            if row.cluster != cluster:
                cluster = row.cluster
                lines.append(f"  {cluster.capitalize()} staff")
            parts = [getattr(row, g.key) for g in axis.groups]
            lines.append(f"    {getattr(row, self.row_key):<{w}}{group_cells(parts, shown)}")
        o = result.overall
        parts = [getattr(o, g.key) for g in axis.groups]
        lines.append(f"  {'All staff':<{w + 2}}{group_cells(parts, overall)}")
        labels = {
            f"{axis.focus.key}_percent": f"{axis.focus.label} %",
            f"{axis.unknown.key}_percent": f"{axis.unknown.label} %",
        }
        return lines + trend_line(result, labels)

    def tidy(self, result: Any, axis: Axis) -> Iterator[Tidy]:
        if not isinstance(result, self.model):
            yield from absent_row(result)
            return
        parts = [(f"{r.cluster}: {getattr(r, self.row_key)}", r) for r in result.rows]
        for part, r in [*parts, ("all staff", result.overall)]:
            for g in axis.groups:
                s = getattr(r, g.key)
                yield (part, g.label, "percent", s.count, r.total, s.percent, None)

    def sentences(self, result: Any, axis: Axis) -> list[str]:
        """The focus group's share of the workforce, the unknown share, and the split."""
        from wres_cli.numbers import pct

        focus, unknown = getattr(result.overall, axis.focus.key), result.overall.unknown
        out = [
            f"{axis.focus.label} staff make up {pct(focus.percent)} of the workforce "
            f"({focus.count:,} of {result.overall.total:,} staff); {pct(unknown.percent)} "
            f"{axis.unstated}."
        ]
        split = self.split.shares(result, axis, self.row_key) if self.split else None
        if self.split is not None and split is not None:
            out.append(
                self.split.sentence.format(
                    focus=axis.focus.label, lower=pct(split[0]), upper=pct(split[1])
                )
            )
        return out

    def view(self, result: Any, scene: Scene) -> View:
        from wres_cli import charts
        from wres_cli.numbers import count, mask_representation

        axis = scene.axis
        masked, overall = mask_representation(result, scene.hide, axis)
        columns = share_columns(axis)
        tables = []
        for cluster in self.rows:
            rows = [
                shares_row(getattr(r, self.row_key), [getattr(r, g.key) for g in axis.groups], m)
                for r, m in zip(result.rows, masked, strict=True)
                if r.cluster == cluster
            ]
            tables.append(
                Table(
                    f"{cluster.capitalize()} staff by {self.row_noun} (headcount)",
                    (self.row_header, *columns),
                    tuple(rows),
                )
            )
        o = result.overall
        tables.append(
            Table(
                "All staff (headcount)",
                ("", *columns),
                (shares_row("All staff", [getattr(o, g.key) for g in axis.groups], overall),),
            )
        )
        chart_rows: list[tuple[str, str, dict[str, float | None] | None]] = []
        for r, shown in zip(result.rows, masked, strict=True):
            # the headcount beside each row: a band of 2 must not look like one of 1,294
            name = f"{getattr(r, self.row_key)} ({shown.total})"
            if r.total and not shown.hidden and shown.total == count(r.total):
                chart_rows.append(
                    (r.cluster, name, {g.label: getattr(r, g.key).percent for g in axis.groups})
                )
            else:
                chart_rows.append((r.cluster, name, {} if r.total == 0 else None))
        chart = (
            None
            if not scene.draw
            else charts.representation(
                chart_rows, scene.organisation, axis, tuple(self.rows), self.row_noun
            )
        )
        said = self.sentences(result, axis)
        if (changed := self.change_sentence(result, scene)) is not None:
            said.append(changed)
        return View(tuple(said), figure(chart) if chart else None, tuple(tables))

    def _upper(self, result: Any, axis: Axis) -> tuple[float, int] | None:
        """The focus group's share of the upper rows and their staff."""
        if self.split is None or not isinstance(result, self.model):
            return None
        _, (count, total) = self.split.counts(result, axis, self.row_key)
        return (100 * count / total, total) if total else None

    def placing(self, result: Any, axis: Axis, code: str) -> ProportionCounts | None:
        """The focus group's share of the upper rows (Band 8a and above)."""
        from wres_cli.funnel import ProportionCounts

        if self.split is None or not isinstance(result, self.model):
            return None
        _, (count, total) = self.split.counts(result, axis, self.row_key)
        return ProportionCounts(code, count, total)

    def compared(self, axis: Axis) -> str:
        if self.split is None:
            return ""
        return f"{axis.focus.label} share of posts at {self.split.upper_label}"

    def change(self, result: Any, scene: Scene) -> Change:
        """The focus group's share of the upper rows this year against last year's."""
        from wres_cli.change import not_tested, share_change

        now, then = self._upper(result, scene.axis), self._upper(scene.previous, scene.axis)
        if now is None or then is None:
            return not_tested("no staff in the senior rows in one of the two years")
        if scene.hide.active():
            return not_tested("counts are suppressed for publication")
        return share_change(then, now, "higher")

    def change_sentence(self, result: Any, scene: Scene) -> str | None:
        from wres_cli.numbers import pct, pp

        if self.split is None or scene.previous is None:
            return None
        change = self.change(result, scene)
        now, then = self._upper(result, scene.axis), self._upper(scene.previous, scene.axis)
        label = f"{scene.axis.focus.label} share of posts at {self.split.upper_label}"
        what, detail = f"the {label} changed", ""
        if change.estimate is not None and change.ci95 is not None and now and then:
            what = f"the {label} went from {pct(then[0])} to {pct(now[0])}"
            detail = (
                f"{pp(change.estimate)}, 95% confidence interval {pp(change.ci95[0])} to "
                f"{pp(change.ci95[1])}"
            )
        caveat = (
            "The test is conservative: most staff are counted in both years."
            if change.p is not None
            else ""
        )
        return verdict_sentence(change, scene.since, what, detail, caveat)

    def summary(self, result: Any, scene: Scene) -> Summary:
        """The focus group's share of the upper rows (the finding a board needs), its
        change since last year and the verdict; without a split, its workforce share."""
        from wres_cli.numbers import DASH, pct

        now = self._upper(result, scene.axis)
        if now is None:
            key = f"{scene.axis.focus.key}_percent"
            value = getattr(result.overall, scene.axis.focus.key).percent
            last, change = DASH, DASH
            if result.trend is not None:
                last = pct(result.trend.previous.get(key))
                change = direction(result.trend.change.get(key), "pct")
            return Summary(pct(value), last, change, DASH)
        then = self._upper(scene.previous, scene.axis)
        last = DASH if then is None else pct(then[0])
        moved = direction(None if then is None else now[0] - then[0], "pct")
        verdict = str(self.change(result, scene).verdict)
        said = self.sentences(result, scene.axis)
        return Summary(pct(now[0]), last, moved, DASH, verdict, said[-1])
