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
    Survey,
    Trend,
    TrendSeries,
)

NUMBERS = tuple(str(n) for n in range(1, 10))


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


def _indicator(indicators: Indicators, number: str) -> BaseModel:
    result: BaseModel = getattr(indicators, f"i{number}")
    return result


def with_trend(current: Indicators, previous: Indicators, previous_year: int) -> Indicators:
    """``current`` with each computed indicator carrying last year's values and the change."""
    update: dict[str, BaseModel] = {}
    for number in NUMBERS:
        now, before = _indicator(current, number), _indicator(previous, number)
        values, old = headline(now), headline(before)
        if not values or not old:
            continue
        change = {
            k: (values[k] - old[k]) if values[k] is not None and old.get(k) is not None else None  # type: ignore[operator]
            for k in values
        }
        trend = Trend(reporting_year=previous_year, previous=old, change=change)
        update[f"i{number}"] = now.model_copy(update={"trend": trend})
    return current.model_copy(update=update)


def series(documents: Sequence[AnalysisDocument]) -> list[TrendSeries]:
    """Every headline value by organisation, indicator, measure and year."""
    table: dict[tuple[str | None, str, str], dict[str, float | None]] = {}
    for doc in sorted(documents, key=lambda d: d.reporting_year or 0):
        for number in NUMBERS:
            for measure, value in headline(_indicator(doc.indicators, number)).items():
                key = (doc.organisation.code, number, measure)
                table.setdefault(key, {})[str(doc.reporting_year)] = value
    return [
        TrendSeries(organisation_code=org, indicator=number, measure=measure, values=values)
        for (org, number, measure), values in table.items()
    ]
