"""Year-on-year change: each indicator's headline values, last year's, and the change."""

from __future__ import annotations

from collections.abc import Sequence

from wres_cli.schema.output import AnalysisDocument, Indicators, Result, Trend, TrendSeries
from wres_cli.standards import Standard


def with_trend(
    standard: Standard, current: Indicators, previous: Indicators, previous_year: int
) -> Indicators:
    """``current`` with each computed indicator carrying last year's values and the change."""
    update: dict[str, Result] = {}
    for indicator in standard.indicators:
        now, before = current[indicator.key], previous[indicator.key]
        values = indicator.measure.headline(now, standard.axis)
        old = indicator.measure.headline(before, standard.axis)
        if not values or not old:
            continue
        change = {
            k: (values[k] - old[k])  # type: ignore[operator]
            if values[k] is not None and old.get(k) is not None
            else None
            for k in values
        }
        trend = Trend(reporting_year=previous_year, previous=old, change=change)
        update[indicator.key] = now.model_copy(update={"trend": trend})
    return current.replaced(update)


def series(standard: Standard, documents: Sequence[AnalysisDocument]) -> list[TrendSeries]:
    """Every headline value by organisation, indicator, measure and year."""
    table: dict[tuple[str | None, str, str], dict[str, float | None]] = {}
    for doc in sorted(documents, key=lambda d: d.reporting_year or 0):
        for indicator in standard.indicators:
            result = doc.indicators[indicator.key]
            for measure, value in indicator.measure.headline(result, standard.axis).items():
                key = (doc.organisation.code, indicator.key, measure)
                table.setdefault(key, {})[str(doc.reporting_year)] = value
    return [
        TrendSeries(organisation_code=org, indicator=number, measure=measure, values=values)
        for (org, number, measure), values in table.items()
    ]
