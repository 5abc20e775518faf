"""Pay band and grade spellings to the rows of indicator 1 (wres-spec.md section 3)."""

from __future__ import annotations

import re

import polars as pl

AFC_BANDS = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
MEDICAL = (
    "Consultant",
    "Non-consultant career grade",
    "Trainee grade",
    "Other (medical and dental)",
)
BAND_ORDER: tuple[str, ...] = (
    "Under Band 1",
    *(f"Band {b}" for b in AFC_BANDS),
    "VSM",
    *MEDICAL,
)
"""Every indicator 1 row, in the order a board paper lists them."""

_MEDICAL_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Consultant", re.compile(r"^(consultant|medicalconsultant|consultantmedical)")),
    (
        "Non-consultant career grade",
        re.compile(
            r"^(nonconsultantcareergrade|ncg|sas|specialtydoctor|specialitydoctor|"
            r"specialistdoctor|specialist$|"
            r"associatespecialist|staffgrade|hospitalpractitioner|clinicalassistant)"
        ),
    ),
    (
        "Trainee grade",
        re.compile(
            r"^(trainee|foundation|fy[12]$|f[12]$|specialtyregistrar|specialistregistrar|specialityregistrar|"
            r"registrar|str$|spr$|st[1-8]$|ct[1-3]$|coretrain|specialtytrain|"
            r"houseofficer|sho$|seniorhouseofficer|doctorintraining|dentalcore|"
            r"dentalfoundation|dentaltrainee|dentalspecialtytrainee|vocationaldental|"
            r"specialtydentaltrainee|.*trainee$)"
        ),
    ),
    (
        "Other (medical and dental)",
        re.compile(r"^(other(medical|dental)|medicalother|clinicalfellow|dental|trustgrade)"),
    ),
)


_GRADE_CODE = re.compile(r"^(?:[A-Z0-9]{2,6}\|)?[A-Z]{2}\d{2,3}[A-Z]?\s*[|\-\u2013]?\s+(?=\S)")
"""ESR's leading grade code: 'XN08 Consultant', 'XR05 Review Body Band 5', 'NHS|XR05 ...'."""
_RANGE = re.compile(r"band8(?:range)?([a-d])$")


def normalise(value: str | None) -> str | None:
    """The indicator 1 row for one spelling, or None when it is not recognised.

    ESR writes a grade as a code and a name ('XN08 Consultant'), Agenda for Change bands
    as 'Review Body Band 5' or 'Band 8 - Range A'; all of those are read.
    """
    if value is None:
        return None
    value = _GRADE_CODE.sub("", value.strip())
    key = re.sub(r"[^0-9a-z]", "", value.casefold())
    key = key.removeprefix("reviewbody").removeprefix("nhs")
    if ranged := _RANGE.search(key):
        key = key[: ranged.start()] + "band8" + ranged.group(1)
    if key in ("vsm", "verysenior", "veryseniormanager", "veryseniormanagers"):
        return "VSM"
    if re.fullmatch(r"(afc|agendaforchange)?(under|below)(band|afc)*1", key):
        return "Under Band 1"
    band = re.fullmatch(r"(afc|agendaforchange)?(payband|band)?(afc)?([1-9]|8[a-d])", key)
    if band:
        return f"Band {band.group(4)}"
    for row, pattern in _MEDICAL_WORDS:
        if pattern.match(key):
            return row
    return None


def band_table(values: pl.Series) -> pl.DataFrame:
    """Normalised row of every distinct spelling: columns value, band (null = unknown)."""
    distinct = values.unique(maintain_order=True).to_list()
    return pl.DataFrame(
        {"value": distinct, "band": [normalise(v) for v in distinct]},
        schema={"value": pl.String, "band": pl.String},
    )


def is_medical(band: pl.Expr) -> pl.Expr:
    """Medical and dental grades sit under clinical whatever the clinical column says."""
    return band.is_in(MEDICAL)
