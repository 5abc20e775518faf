"""Ethnic category to WRES group (White / BME / Unknown), as wres-spec.md section 2.

Classification runs once per distinct recorded value, not per row: an export of a
million rows holds a few dozen distinct labels.
"""

from __future__ import annotations

import re
from enum import StrEnum

import polars as pl


class Group(StrEnum):
    """The three groups every WRES output shows side by side."""

    WHITE = "White"
    BME = "BME"
    UNKNOWN = "Unknown"


GROUPS = (Group.WHITE, Group.BME, Group.UNKNOWN)

_CODE_GROUP = {
    **dict.fromkeys("ABC", Group.WHITE),
    **dict.fromkeys("DEFGHJKLMNPRS", Group.BME),
    **dict.fromkeys("ZX", Group.UNKNOWN),
}
# A national code (one letter, maybe an ESR sub-code letter or digit) standing alone
# or followed by its label: "A", "NF", "C3 White Unspecified", "N - Black African".
_CODE = re.compile(r"^([A-Z])[A-Z0-9]?(?:$|[\s\-\u2013:])")
_NOT_KNOWN = re.compile(
    r"^(99|not ?stated|not ?known|unknown|not ?declared|prefer ?not|declined|"
    r"not ?given|not ?disclosed|do ?not ?wish|i ?do ?not ?wish|unspecified$)"
)
_MIXED = re.compile(r"^(mixed|white ?(and|&) ?(black|asian))")
_WHITE = re.compile(
    r"^(white|british|english|scottish|welsh|irish|northern ?irish|gypsy|roma|"
    r"traveller|polish|any ?other ?white)"
)
_BME = re.compile(
    r"^(asian|black|chinese|indian|pakistani|bangladeshi|caribbean|african|arab|"
    r"any ?other ?(ethnic|mixed|asian|black)|other ?ethnic|other ?mixed)"
)


def classify(value: str | None) -> tuple[Group, bool]:
    """Group of one recorded value and whether it was recognised.

    Blank is Unknown but recognised (it is not a data-entry error to report by value).
    """
    if value is None or not value.strip():
        return Group.UNKNOWN, True
    text = " ".join(value.split())
    words = text.casefold()
    if _NOT_KNOWN.match(words):
        return Group.UNKNOWN, True
    code = _CODE.match(text.upper())
    if code:
        group = _CODE_GROUP.get(code.group(1))
        return (group, True) if group else (Group.UNKNOWN, False)
    for pattern, group in ((_MIXED, Group.BME), (_WHITE, Group.WHITE), (_BME, Group.BME)):
        if pattern.match(words):
            return group, True
    return Group.UNKNOWN, False


def group_table(values: pl.Series) -> pl.DataFrame:
    """Classification of every distinct value: columns value, group, recognised."""
    distinct = values.unique(maintain_order=True).to_list()
    groups = [classify(v) for v in distinct]
    return pl.DataFrame(
        {
            "value": distinct,
            "group": [g.value for g, _ in groups],
            "recognised": [r for _, r in groups],
        },
        schema={"value": pl.String, "group": pl.String, "recognised": pl.Boolean},
    )
