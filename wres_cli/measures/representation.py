"""Representation by band: headcount per group in each pay band (or band cluster) of
each cluster (non-clinical, clinical), Unknown in every denominator (WRES 1, WDES 1)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
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
    wide,
)
from wres_cli.schema.output import NotProvided

if TYPE_CHECKING:
    from wres_cli.groups import Axis
    from wres_cli.measures import Item
    from wres_cli.numbers import Suppression
    from wres_cli.schema.output import Result


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
