"""Compute a standard's indicators for every organisation of one reporting year.

Each indicator's measure counts in one grouped Polars pass over all organisations; only
the assembly of each organisation's small document is plain Python.
"""

from __future__ import annotations

import polars as pl

from wres_cli.issues import Issue
from wres_cli.measures import Tables, Year
from wres_cli.schema.output import Indicators, Result
from wres_cli.schema.spec import ORG
from wres_cli.standards import Standard

__all__ = ["ORG", "compute_year", "organisations", "result_warnings", "with_org"]


def with_org(tables: Tables, default: str) -> dict[str, pl.DataFrame]:
    """Every frame with an organisation column (single-organisation folders get ``default``)."""
    return {
        kind: frame if ORG in frame.columns else frame.with_columns(pl.lit(default).alias(ORG))
        for kind, frame in tables.items()
    }


def organisations(tables: Tables) -> list[str]:
    """Organisation codes present in any file, in sorted order."""
    codes = pl.concat([f.select(pl.col(ORG).unique()) for f in tables.values()])
    return sorted(codes[ORG].drop_nulls().unique().to_list())


def compute_year(
    standard: Standard,
    tables: Tables,
    previous: Tables | None = None,
    window_years: int = 1,
    missing_previous: str | None = None,
) -> dict[str, Indicators]:
    """The standard's indicators per organisation for one year; ``previous`` feeds a
    two-year window (``missing_previous`` says why it is absent when it is needed)."""
    year = Year(
        tables=tables,
        orgs=organisations(tables),
        axis=standard.axis,
        previous=previous,
        window_years=window_years,
        missing_previous=missing_previous,
    )
    results = {i.key: i.measure.compute(year, i) for i in standard.indicators}
    out: dict[str, Indicators] = {}
    for org in year.orgs:
        values: dict[str, Result] = {key: by_org[org] for key, by_org in results.items()}
        out[org] = Indicators(values)
    return out


def result_warnings(standard: Standard, indicators: Indicators, org: str) -> list[Issue]:
    """Warnings about the results themselves (small counts behind a ratio)."""
    return [
        issue
        for i in standard.indicators
        for issue in i.measure.warnings(indicators[i.key], i, standard.axis, org)
    ]
