"""Year-on-year change: each indicator's headline values, last year's, and the change."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from wres_cli.schema.output import (
    AnalysisDocument,
    BoardRepresentation,
    Indicators,
    RelativeLikelihood,
    Representation,
    Result,
    Survey,
    Trend,
    TrendSeries,
)


def headline(result: BaseModel) -> dict[str, float | None]:
    """The values a board compares year on year, by indicator shape."""
    if isinstance(result, Representation):
        return {
            "bme_percent": result.overall.bme.percent,
            "unknown_percent": result.overall.unknown.percent,
        }
    if isinstance(result, RelativeLikelihood):
        return {"relative_likelihood": result.relative_likelihood}
    if isinstance(result, Survey):
        return {
            "white_percent": result.white.percent if result.white else None,
            "bme_percent": result.bme.percent if result.bme else None,
        }
    if isinstance(result, BoardRepresentation):
        return {
            "voting_difference_pp": result.board.voting.difference_pp,
            "total_difference_pp": result.board.total.difference_pp,
        }
    return {}


def with_trend(current: Indicators, previous: Indicators, previous_year: int) -> Indicators:
    """``current`` with each computed indicator carrying last year's values and the change."""
    update: dict[str, Result] = {}
    for number, now in current.items():
        before = previous.root.get(number)
        if before is None:
            continue
        values, old = headline(now), headline(before)
        if not values or not old:
            continue
        change = {
            k: (values[k] - old[k]) if values[k] is not None and old.get(k) is not None else None  # type: ignore[operator]
            for k in values
        }
        trend = Trend(reporting_year=previous_year, previous=old, change=change)
        update[number] = now.model_copy(update={"trend": trend})
    return current.replaced(update)


def series(documents: Sequence[AnalysisDocument]) -> list[TrendSeries]:
    """Every headline value by organisation, indicator, measure and year."""
    table: dict[tuple[str | None, str, str], dict[str, float | None]] = {}
    for doc in sorted(documents, key=lambda d: d.reporting_year or 0):
        for number, result in doc.indicators.items():
            for measure, value in headline(result).items():
                key = (doc.organisation.code, number, measure)
                table.setdefault(key, {})[str(doc.reporting_year)] = value
    return [
        TrendSeries(organisation_code=org, indicator=number, measure=measure, values=values)
        for (org, number, measure), values in table.items()
    ]
