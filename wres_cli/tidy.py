"""The tidy long table of an analysis (one row per organisation, year, indicator, part,
group and measure): the CSV output, and the workbook's sheet for pivots; and the one rule
for any text cell a spreadsheet reads.

Its own module because the machine outputs (``export``) and the workbook
(``report.workbook``) both write it, and neither should import the other for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wres_cli.escape import plain

if TYPE_CHECKING:
    from wres_cli.pipeline import Analysis

TIDY_COLUMNS = (
    "organisation",
    "organisation_code",
    "reporting_year",
    "indicator",
    "part",
    "group",
    "measure",
    "numerator",
    "denominator",
    "value",
    "note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell starting like a formula gets a leading apostrophe (CSV/XLSX injection);
    control and bidirectional-control characters are escaped (a raw ESC or NUL in a CSV)."""
    if not isinstance(value, str):
        return value
    value = plain(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def tidy_rows(analysis: Analysis) -> Iterator[tuple[Any, ...]]:
    """The long table: one row per organisation, year, indicator, part, group and measure."""
    standard = analysis.standard
    for doc in analysis.documents:
        head = (doc.organisation.name, doc.organisation.code, doc.reporting_year)
        for indicator in standard.indicators:
            result = doc.indicators[indicator.key]
            for cells in indicator.measure.tidy(result, standard.axis):
                yield (*head, indicator.key, *cells)
