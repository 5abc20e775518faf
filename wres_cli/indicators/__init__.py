"""The nine WRES indicators, computed from validated frames (wres-spec.md section 4)."""

from __future__ import annotations

from wres_cli.ethnicity import Group
from wres_cli.indicators.compute import (
    ORG,
    Tables,
    board,
    likelihood_counts,
    likelihood_result,
    organisations,
    representation,
    survey,
    with_org,
)
from wres_cli.indicators.definitions import DISCIPLINARY, LIKELIHOODS
from wres_cli.issues import Issue
from wres_cli.schema.output import (
    Indicators,
    NotCalculable,
    NotProvided,
    RelativeLikelihood,
    Result,
)
from wres_cli.stats import SMALL_COUNT

__all__ = ["ORG", "compute_year", "small_count_warnings", "with_org"]


def compute_year(
    tables: Tables,
    previous: Tables | None = None,
    window_years: int = 1,
    missing_previous: str | None = None,
) -> dict[str, Indicators]:
    """Indicators per organisation for one year; ``previous`` feeds the 2-year window of 3.

    With a two-year window and no previous year, indicator 3 is not calculable, and
    ``missing_previous`` says why.
    """
    rep = representation(tables)
    counts = {d.number: likelihood_counts(d, tables) for d in LIKELIHOODS}
    if window_years == 2 and counts["3"] is not None and previous is not None:
        earlier = likelihood_counts(DISCIPLINARY, previous)
        counts["3"] = counts["3"] + earlier if earlier is not None else None
    orgs = organisations(tables)
    workforce_bme = {org: r.overall.bme.percent for org, r in rep.items()}
    surveys = survey(tables, orgs)
    boards = board(tables, orgs, workforce_bme)
    out: dict[str, Indicators] = {}
    for org in orgs:  # assembling each organisation's small document; counting is done
        i1 = rep.get(org)
        values: dict[str, Result] = {
            "1": i1 or NotProvided(reason="no workforce rows for this organisation")
        }
        for definition in LIKELIHOODS:
            found = counts[definition.number]
            window = window_years if definition is DISCIPLINARY else 1
            values[definition.number] = (
                likelihood_result(definition, found, org, window)
                if found is not None
                else NotProvided(reason=f"{definition.source} file not provided")
            )
        if window_years == 2 and previous is None:
            values[DISCIPLINARY.number] = NotCalculable(
                reason=missing_previous or "the two-year window needs last year's data"
            )
        values.update(surveys[org])
        values["9"] = boards[org]
        out[org] = Indicators(values)
    return out


def small_count_warnings(indicators: Indicators, org: str) -> list[Issue]:
    """Warn (never fail) when a count behind a ratio is below 10: the ratio is unstable."""
    issues = []
    for definition in LIKELIHOODS:
        result = indicators[definition.number]
        if not isinstance(result, RelativeLikelihood):
            continue
        for group in (Group.WHITE, Group.BME):
            part = getattr(result, group.value.lower())
            small = [
                f"{name} {value}"
                for name, value in (
                    ("numerator", part.numerator),
                    ("denominator", part.denominator),
                )
                if value < SMALL_COUNT
            ]
            if small:
                issues.append(
                    Issue(
                        "small-count",
                        definition.source,
                        f"indicator {definition.number} ({org}): {group.value} "
                        f"{' and '.join(small)} below {SMALL_COUNT}; the ratio is unstable",
                    )
                )
    return issues
