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
STAFF_GROUPS_CLINICAL = (
    "medical and dental",
    "nursing and midwifery registered",
    "allied health professionals",
    "additional clinical services",
    "add prof scientific and technic",
    "additional professional scientific and technical",
    "healthcare scientists",
    "students",
)
"""ESR staff groups counted as clinical (Students: almost all are nursing or medical
students on placement; a documented choice, docs/decisions.md)."""
STAFF_GROUPS_NON_CLINICAL = ("administrative and clerical", "estates and ancillary")
CLINICAL_WORDS = ("clinical", *TRUE_WORDS, *STAFF_GROUPS_CLINICAL)
NON_CLINICAL_WORDS = (
    "non-clinical",
    "non clinical",
    "nonclinical",
    *FALSE_WORDS,
    *STAFF_GROUPS_NON_CLINICAL,
)
EXECUTIVE_WORDS = ("executive", "exec", "executive director", "executive member", *TRUE_WORDS)
NON_EXECUTIVE_WORDS = (
    "non-executive",
    "non executive",
    "nonexecutive",
    "non-exec",
    "ned",
    "non-executive director",
    "non executive director",
    "non-executive member",
    "chair",
    *FALSE_WORDS,
)
FORMAL_WORDS = ("formal", *TRUE_WORDS)
INFORMAL_WORDS = ("informal", *FALSE_WORDS)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
"""Explicit date formats, tried in order; nothing is guessed (03/04 is always 3 April)."""


class Kind(StrEnum):
    """How a column's text is parsed."""

    IDENTIFIER = "identifier"
    TEXT = "text"
    ETHNIC_ORIGIN = "ethnic_origin"
    DISABILITY = "disability"
    PAY_BAND = "pay_band"
    CLINICAL = "clinical"
    EXECUTIVE = "executive"
    FORMAL = "formal"
    YES_NO = "yes_no"
    DATE = "date"
    COUNT = "count"
    PERCENT = "percent"
    NUMBER = "number"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    """Marker in a field's metadata: the column's kind and whether a cell may be blank."""

    kind: Kind
    blank_ok: bool = False
    loose: bool = False
    """For a choice: matched ignoring spaces and punctuation and a leading 'Metric'
    ('Metric 4a(i)', '4a i', '4ai' are 4a(i); 'Non disabled' is Non-disabled)."""


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
Disability = Annotated[
    str,
    Column(Kind.DISABILITY, blank_ok=True),
    _cell(
        "Disability as recorded: Yes / No (also Y/N, Disabled / Not disabled). Not Declared, "
        "Prefer Not To Answer, Unspecified, blank or an unrecognised value count as Unknown.",
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
OptionalPayBand = Annotated[
    str,
    Column(Kind.PAY_BAND, blank_ok=True),
    _cell(
        "Agenda for Change band (5, Band 5, Review Body Band 5, Band 8 - Range A), VSM, Under "
        "Band 1, or a medical and dental grade (XN08 Consultant, Speciality Doctor, ...)",
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
Executive = Annotated[
    bool,
    Column(Kind.EXECUTIVE),
    _cell(
        "Executive or Non-Executive (also Y/N; a chair is non-executive)",
        type="string",
        enum=["Executive", "Non-Executive", "Y", "N"],
    ),
]
Formal = Annotated[
    bool,
    Column(Kind.FORMAL, blank_ok=True),
    _cell("Formal or Informal (also Y/N)", type="string", enum=["Formal", "Informal", "Y", "N"]),
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
SurveyYear = Annotated[
    int,
    Column(Kind.COUNT, blank_ok=True),
    at.Ge(2000),
    at.Le(2100),
    _cell("Year of an NHS Staff Survey, e.g. 2024", type="integer", minimum=2000, maximum=2100),
]
Score = Annotated[
    float,
    Column(Kind.NUMBER, blank_ok=True),
    at.Ge(0),
    at.Le(10),
    _cell("Score from 0 to 10", type="number", minimum=0, maximum=10),
]
Percent = Annotated[
    float,
    Column(Kind.PERCENT, blank_ok=True),
    at.Ge(0),
    at.Le(100),
    _cell("Percentage from 0 to 100", type="number", minimum=0, maximum=100),
]
