"""Compute the nine indicators for every organisation of one reporting year.

Counting is one grouped Polars pass per source file over all organisations at once;
only the assembly of each organisation's small result document is plain Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from wres_cli.bands import AFC_BANDS, MEDICAL
from wres_cli.ethnicity import GROUPS, Group
from wres_cli.indicators.definitions import (
    BOARD,
    DISCIPLINARY,
    LIKELIHOODS,
    SURVEY,
    LikelihoodDefinition,
)
from wres_cli.schema.output import (
    BandRow,
    BoardRepresentation,
    BoardSubset,
    BoardSubsets,
    GroupShare,
    Likelihood,
    NotCalculable,
    NotProvided,
    Overall,
    RelativeLikelihood,
    Representation,
    Survey,
    SurveyGroup,
)
from wres_cli.stats import relative_likelihood

ORG = "organisation_code"
GROUP = "ethnic_group"
Tables = Mapping[str, pl.DataFrame]
"""Validated frames by input kind (``workforce``, ``recruitment``, ...)."""

ROWS = {
    "non-clinical": ("Under Band 1", *(f"Band {b}" for b in AFC_BANDS), "VSM"),
    "clinical": ("Under Band 1", *(f"Band {b}" for b in AFC_BANDS), "VSM", *MEDICAL),
}
"""Indicator 1 rows per cluster; 'Under Band 1' is shown only where it has staff."""


@dataclass(frozen=True)
class Counts:
    """Numerator and denominator per organisation and group: columns ORG, GROUP, num, den."""

    frame: pl.DataFrame

    @cached_property
    def _table(self) -> dict[tuple[str, str], tuple[int, int]]:
        return {
            (org, group): (int(num or 0), int(den or 0))
            for org, group, num, den in self.frame.select(ORG, GROUP, "num", "den").iter_rows()
        }

    def get(self, org: str, group: Group) -> tuple[int, int]:
        return self._table.get((org, group.value), (0, 0))

    def __add__(self, other: Counts) -> Counts:
        both = pl.concat([self.frame, other.frame])
        return Counts(both.group_by(ORG, GROUP).agg(pl.col("num", "den").sum()))


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


def headcount(tables: Tables) -> pl.DataFrame:
    """Workforce headcount per organisation and group: the denominator of 3 and 4."""
    return tables["workforce"].group_by(ORG, GROUP).agg(den=pl.len())


def likelihood_counts(definition: LikelihoodDefinition, tables: Tables) -> Counts | None:
    """Numerator and denominator for indicator 2, 3 or 4; None when its file is absent."""
    if definition.source not in tables:
        return None
    source = tables[definition.source]
    if definition.source == "recruitment":
        counted = (
            source.filter(pl.col("shortlisted"))
            .group_by(ORG, GROUP)
            .agg(num=pl.col("appointed").sum(), den=pl.len())
        )
        return Counts(counted.with_columns(pl.col("num", "den").cast(pl.Int64)))
    if definition.source == "training":
        source = source.filter(~pl.col("mandatory"))
    people = source.unique([ORG, "staff_id"], keep="first", maintain_order=True)
    num = people.group_by(ORG, GROUP).agg(num=pl.len())
    joined = headcount(tables).join(num, on=[ORG, GROUP], how="full", coalesce=True)
    return Counts(joined.with_columns(pl.col("num", "den").fill_null(0).cast(pl.Int64)))


def likelihood_result(
    definition: LikelihoodDefinition, counts: Counts, org: str, window_years: int = 1
) -> RelativeLikelihood:
    """Per-group likelihoods and the oriented ratio with its interval and assessment."""
    per_group = {g: counts.get(org, g) for g in GROUPS}
    a, n1 = per_group[definition.top]
    c, n2 = per_group[definition.ref]
    ratio = relative_likelihood(a, n1, c, n2, top=definition.top.value, ref=definition.ref.value)

    def likelihood(group: Group) -> Likelihood:
        num, den = per_group[group]
        return Likelihood(numerator=num, denominator=den, likelihood=num / den if den else None)

    return RelativeLikelihood(
        status="ok" if ratio.value is not None else "not calculable",
        reason=ratio.reason,
        orientation="white/bme" if definition.top is Group.WHITE else "bme/white",
        white=likelihood(Group.WHITE),
        bme=likelihood(Group.BME),
        unknown=likelihood(Group.UNKNOWN),
        relative_likelihood=ratio.value,
        ci95=ratio.ci95,
        ci_method=ratio.ci_method,
        significant=ratio.significant,
        assessment=ratio.assessment.value,
        window_years=window_years,
    )


def _share(count: int, total: int) -> GroupShare:
    return GroupShare(count=count, percent=100 * count / total if total else None)


def _wide(frame: pl.DataFrame, keys: list[str]) -> dict[tuple[str, ...], dict[str, int]]:
    """Counts by key tuple then group name, from a long (keys, GROUP, n) frame."""
    out: dict[tuple[str, ...], dict[str, int]] = {}
    for row in frame.iter_rows(named=True):
        key = tuple(str(row[k]) for k in keys)
        out.setdefault(key, {})[row[GROUP]] = int(row["n"])
    return out


def representation(tables: Tables) -> dict[str, Representation]:
    """Indicator 1 for every organisation."""
    counts = tables["workforce"].group_by(ORG, "cluster", "band", GROUP).agg(n=pl.len())
    cells = _wide(counts, [ORG, "cluster", "band"])
    totals = _wide(counts.group_by(ORG, GROUP).agg(pl.col("n").sum()), [ORG])
    out: dict[str, Representation] = {}
    for (org,), by_group in totals.items():
        rows = []
        for cluster, bands in ROWS.items():
            for band in bands:
                cell = cells.get((org, cluster, band), {})
                if band == "Under Band 1" and not cell:
                    continue
                rows.append(BandRow(cluster=cluster, band=band, **_shares(cell)))
        out[org] = Representation(overall=Overall(**_shares(by_group)), rows=rows)
    return out


def _shares(by_group: Mapping[str, int]) -> dict[str, GroupShare | int]:
    total = sum(by_group.values())
    shares: dict[str, GroupShare | int] = {
        g.value.lower(): _share(by_group.get(g.value, 0), total) for g in GROUPS
    }
    shares["total"] = total
    return shares


def survey(tables: Tables, orgs: list[str]) -> dict[str, dict[str, Survey | NotProvided]]:
    """Indicators 5-8 per organisation from the aggregate survey table (a few rows each)."""
    if "staff_survey" not in tables:
        missing = NotProvided(reason="staff_survey file not provided")
        return {org: dict.fromkeys(SURVEY, missing) for org in orgs}
    groups: dict[tuple[str, str], dict[str, SurveyGroup]] = {}
    for row in tables["staff_survey"].iter_rows(named=True):
        pct = row.get("percent")  # the column is optional when ``positive`` is given
        if pct is None:
            if not row["respondents"]:
                continue  # no respondents, no percentage (never a made-up 0%)
            pct = 100 * row["positive"] / row["respondents"]
        key = (row[ORG], str(row["indicator"]))
        groups.setdefault(key, {})[row[GROUP]] = SurveyGroup(
            respondents=row["respondents"], percent=pct
        )
    out: dict[str, dict[str, Survey | NotProvided]] = {}
    for org in orgs:
        out[org] = {}
        for number in SURVEY:
            found = groups.get((org, number))
            if not found:
                out[org][number] = NotProvided(
                    reason=f"no rows for indicator {number} in staff_survey"
                )
                continue
            white, bme = found.get("White"), found.get("BME")
            out[org][number] = Survey(
                white=white,
                bme=bme,
                difference_pp=bme.percent - white.percent if white and bme else None,
            )
    return out


BOARD_SUBSETS = {
    "total": pl.len(),
    "voting": pl.col("voting").sum(),
    "executive": pl.col("executive").sum(),
    "non_executive": (~pl.col("executive")).sum(),
}
"""Members of each board subset, as aggregations over one organisation and group."""


def board(
    tables: Tables, orgs: list[str], workforce_bme_percent: Mapping[str, float | None]
) -> dict[str, BoardRepresentation | NotProvided | NotCalculable]:
    """Indicator 9 per organisation: each board subset against the workforce, counted in
    one grouped pass."""
    if BOARD.source not in tables:
        return dict.fromkeys(orgs, NotProvided(reason="board file not provided"))
    counts = (
        tables[BOARD.source]
        .group_by(ORG, GROUP)
        .agg(count.alias(name) for name, count in BOARD_SUBSETS.items())
    )
    per: dict[str, dict[str, dict[str, int]]] = {}
    for row in counts.iter_rows(named=True):
        for name in BOARD_SUBSETS:
            per.setdefault(row[ORG], {}).setdefault(name, {})[row[GROUP]] = int(row[name])
    out: dict[str, BoardRepresentation | NotProvided | NotCalculable] = {}
    for org in orgs:
        if org not in per:
            out[org] = NotCalculable(reason="no board members listed for this organisation")
            continue
        workforce = workforce_bme_percent.get(org)
        subsets = {}
        for name in BOARD_SUBSETS:
            shares = _shares(per[org].get(name, {}))
            bme = shares["bme"]
            assert isinstance(bme, GroupShare)
            subsets[name] = BoardSubset(
                **shares,
                bme_percent=bme.percent,
                difference_pp=(
                    bme.percent - workforce
                    if bme.percent is not None and workforce is not None
                    else None
                ),
            )
        out[org] = BoardRepresentation(
            workforce_bme_percent=workforce, board=BoardSubsets(**subsets)
        )
    return out


__all__ = [
    "DISCIPLINARY",
    "LIKELIHOODS",
    "Counts",
    "board",
    "likelihood_counts",
    "likelihood_result",
    "organisations",
    "representation",
    "survey",
    "with_org",
]
