"""National figures: the published national value beside each trust figure.

The tables are package data (``reference/<standard>-national-figures.csv``: indicator,
measure, data year, value, unit, source), copied from the project's shared reference;
``docs/national-figures.md`` says how to update them. The latest figure of a measure is
the one of the latest data year not after the report's year; where the table has none,
the report says so rather than leave a gap.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from wres_cli import resources

WORDS = {
    "bme_share_of_workforce": "BME staff were {value} of the NHS trust workforce in England",
    "bme_share_of_vsm": "BME staff held {value} of very senior manager posts",
    "bme_share_of_band_5": "BME staff held {value} of Band 5 posts",
    "relative_likelihood": "the relative likelihood was {value}",
    "share_of_trusts_significantly_adverse": "at {value} of NHS trusts White applicants "
    "were significantly more likely to be appointed from shortlisting",
    "bme_percent": "{value} of BME staff said so",
    "white_percent": "{value} of White staff said so",
    "bme_share_of_board_members": "BME members were {value} of NHS trust board members",
    "disabled_share_of_workforce": "{value} of NHS staff were recorded as Disabled in ESR",
}
"""Each measure of the tables in a sentence (after 'In 2024, ')."""


@dataclass(frozen=True)
class National:
    """One published national figure."""

    indicator: str
    measure: str
    year: int
    value: float
    unit: str
    source: str

    @property
    def shown(self) -> str:
        """The value as the report shows it: '28.6%', '1.59'."""
        from wres_cli.numbers import pct, ratio

        return ratio(self.value) if self.unit == "ratio" else pct(self.value)

    def sentence(self) -> str:
        """'Nationally, in 2024, BME staff were 28.6% of ... (source).'"""
        words = WORDS.get(self.measure, f"{self.measure.replace('_', ' ')} was {{value}}")
        return f"Nationally, in {self.year}, {words.format(value=self.shown)} ({self.source})."


@cache
def table(standard: str) -> tuple[National, ...]:
    """The standard's national figures (none when it has no table)."""
    path = resources.data_dir("reference") / f"{standard}-national-figures.csv"
    if not path.is_file():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            National(
                row["indicator"],
                row["measure"],
                int(row["data_year"]),
                float(row["value"]),
                row["unit"],
                row["source"],
            )
            for row in csv.DictReader(handle)
        )


def latest(standard: str, indicator: str, year: int | None) -> list[National]:
    """The latest figure of each of an indicator's national measures, not after ``year``."""
    found: dict[str, National] = {}
    for figure in table(standard):
        if figure.indicator != indicator or (year is not None and figure.year > year):
            continue
        if figure.measure not in found or figure.year > found[figure.measure].year:
            found[figure.measure] = figure
    return sorted(
        found.values(), key=lambda f: list(WORDS).index(f.measure) if f.measure in WORDS else 99
    )
