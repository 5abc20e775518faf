"""Column kinds: the vocabulary the models use to declare how a cell is read.

A kind says how the text of a cell becomes a value; the compiler turns each kind into a
vectorised Polars expression, and the JSON Schema says what a cell may contain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import annotated_types as at
from pydantic import WithJsonSchema

TRUE_WORDS = ("y", "yes", "true", "1", "t")
FALSE_WORDS = ("n", "no", "false", "0", "f")
CLINICAL_WORDS = ("clinical", *TRUE_WORDS)
NON_CLINICAL_WORDS = ("non-clinical", "non clinical", "nonclinical", *FALSE_WORDS)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
"""Explicit date formats, tried in order; nothing is guessed (03/04 is always 3 April)."""


class Kind(StrEnum):
    """How a column's text is parsed."""

    IDENTIFIER = "identifier"
    TEXT = "text"
    ETHNIC_ORIGIN = "ethnic_origin"
    PAY_BAND = "pay_band"
    CLINICAL = "clinical"
    YES_NO = "yes_no"
    DATE = "date"
    COUNT = "count"
    PERCENT = "percent"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    """Marker in a field's metadata: the column's kind and whether a cell may be blank."""

    kind: Kind
    blank_ok: bool = False


def _cell(description: str, **schema: Any) -> WithJsonSchema:
    return WithJsonSchema({"description": description, **schema})


Identifier = Annotated[
    str,
    Column(Kind.IDENTIFIER),
    _cell("Text identifier, never blank", type="string", minLength=1),
]
Text = Annotated[str, Column(Kind.TEXT, blank_ok=True), _cell("Free text", type="string")]
RequiredText = Annotated[
    str, Column(Kind.TEXT), _cell("Free text, never blank", type="string", minLength=1)
]
EthnicOrigin = Annotated[
    str,
    Column(Kind.ETHNIC_ORIGIN, blank_ok=True),
    _cell(
        "NHS ethnic category: a code (A, N, 99), an ESR label (A White - British) or a "
        "plain label (White - British). Blank or unrecognised counts as Unknown.",
        type="string",
    ),
]
PayBand = Annotated[
    str,
    Column(Kind.PAY_BAND),
    _cell(
        "Agenda for Change band (5, Band 5, AfC Band 8A), VSM, Under Band 1, or a medical "
        "and dental grade (Consultant, Specialty Doctor, Foundation Year 1, ...)",
        type="string",
    ),
]
Clinical = Annotated[
    bool,
    Column(Kind.CLINICAL),
    _cell(
        "Clinical or Non-clinical (also Y/N)",
        type="string",
        enum=["Clinical", "Non-clinical", "Y", "N"],
    ),
]
YesNo = Annotated[
    bool,
    Column(Kind.YES_NO),
    _cell("Y/N, Yes/No, TRUE/FALSE or 1/0", type="string", enum=["Y", "N", "Yes", "No"]),
]
ReportDate = Annotated[
    dt.date,
    Column(Kind.DATE, blank_ok=True),
    _cell("Date as dd/mm/yyyy or yyyy-mm-dd", type="string"),
]
Count = Annotated[
    int,
    Column(Kind.COUNT),
    at.Ge(0),
    _cell("Whole number, 0 or more", type="integer", minimum=0),
]
Percent = Annotated[
    float,
    Column(Kind.PERCENT, blank_ok=True),
    at.Ge(0),
    at.Le(100),
    _cell("Percentage from 0 to 100", type="number", minimum=0, maximum=100),
]
