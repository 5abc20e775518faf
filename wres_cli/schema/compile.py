"""Compile the column specifications into vectorised Polars expressions.

Each column kind becomes a parse expression (text -> typed value) and the cell checks
that go with it; nothing here loops over rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from wres_cli.limits import MAX_TEXT_LENGTH
from wres_cli.schema.columns import (
    CLINICAL_WORDS,
    DATE_FORMATS,
    EXECUTIVE_WORDS,
    FALSE_WORDS,
    FORMAL_WORDS,
    INFORMAL_WORDS,
    NON_CLINICAL_WORDS,
    NON_EXECUTIVE_WORDS,
    TRUE_WORDS,
    Kind,
)
from wres_cli.schema.spec import ColumnSpec

EXCEL_DATETIME = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class CellCheck:
    """A check of one column's cells: ``bad`` is true on each offending row."""

    rule: str
    column: str
    bad: pl.Expr
    message: str
    detail: pl.Expr | None = None
    """Per-row value filled into ``{}`` in the message (e.g. the line of the first copy)."""


TWO_DIGIT_YEAR = r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}$"
"""'21/12/24': the century is a guess, so it is refused (never read as the year 0024)."""
THOUSANDS = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?%?$"
"""'1,234' is a thousands separator; any other comma ('6,0') may be a decimal comma."""


def _words(expr: pl.Expr, true: tuple[str, ...], false: tuple[str, ...]) -> pl.Expr:
    lowered = expr.str.to_lowercase().str.replace_all(r"\s+", " ")
    return (
        pl.when(lowered.is_in(true))
        .then(pl.lit(True))
        .when(lowered.is_in(false))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )


def _number(expr: pl.Expr) -> pl.Expr:
    """Numbers as exports write them: '1,234', ' 56 ', '45.5%'; never '6,0' as 60."""
    commas = expr.str.contains(",") & ~expr.str.replace_all(r"\s", "").str.contains(THOUSANDS)
    text = expr.str.replace_all(r"[,%\s]", "")
    return pl.when(commas).then(None).otherwise(text).cast(pl.Float64, strict=False)


def parse(spec: ColumnSpec, source: str) -> pl.Expr:
    """Typed value of column ``source``; null where the cell is blank or cannot be read."""
    raw = pl.col(source)
    match spec.kind:
        case Kind.YES_NO:
            typed = _words(raw, TRUE_WORDS, FALSE_WORDS)
        case Kind.CLINICAL:
            typed = _words(raw, CLINICAL_WORDS, NON_CLINICAL_WORDS)
        case Kind.EXECUTIVE:
            typed = _words(raw, EXECUTIVE_WORDS, NON_EXECUTIVE_WORDS)
        case Kind.FORMAL:
            typed = _words(raw, FORMAL_WORDS, INFORMAL_WORDS)
        case Kind.DATE:
            parsed = pl.coalesce(
                *(raw.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS),
                raw.str.to_datetime(EXCEL_DATETIME, strict=False).dt.date(),
            )
            typed = pl.when(raw.str.contains(TWO_DIGIT_YEAR)).then(None).otherwise(parsed)
        case Kind.COUNT:
            number = _number(raw)
            whole = number.is_finite() & (number == number.floor()) & (number.abs() < 2**53)
            typed = pl.when(whole).then(number).cast(pl.Int64, strict=False)
        case Kind.PERCENT | Kind.NUMBER:
            number = _number(raw)
            typed = pl.when(number.is_finite()).then(number)
        case Kind.CHOICE:
            lowered = raw.str.to_lowercase().str.replace(r"\.0$", "")
            if _choice_dtype(spec) is pl.Int64:  # 'Indicator 5', 'WRES 5', 'WRES indicator 5'
                lowered = lowered.str.replace(r"^(wres\s*)?(indicator|ind\.?|metric)?\s*", "")
            if spec.loose:  # 'Metric 4a(i)', '4a i', '4ai'; 'Non disabled'
                lowered = _loose(lowered.str.replace(LOOSE_PREFIX, ""))
            typed = pl.lit(None, dtype=_choice_dtype(spec))
            for choice in reversed(spec.choices):
                key = _loose_key(str(choice)) if spec.loose else str(choice).lower()
                typed = pl.when(lowered == key).then(pl.lit(choice)).otherwise(typed)
        case _:
            typed = raw
    return typed.alias(spec.name)


LOOSE_PREFIX = r"^\s*(wdes\s*)?((metric|indicator)\s*(no\.?|number)?)?\s*"
"""Words before a loose choice: 'WDES Metric 4a(i)', 'Metric no. 5'."""


def _loose(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(r"[^0-9a-z]", "")


def _loose_key(choice: str) -> str:
    """A loose choice as compared: lower case, letters and digits only."""
    return "".join(c for c in choice.lower() if c.isascii() and c.isalnum())


def _choice_dtype(spec: ColumnSpec) -> type[pl.DataType]:
    return pl.Int64 if all(isinstance(c, int) for c in spec.choices) else pl.String


_PARSE_RULE = {
    Kind.YES_NO: ("bad-yes-no", "expected Y or N (also Yes/No, TRUE/FALSE, 1/0)"),
    Kind.CLINICAL: (
        "bad-clinical",
        "expected Clinical or Non-clinical, an ESR Staff Group, or Y/N",
    ),
    Kind.EXECUTIVE: ("bad-yes-no", "expected Executive or Non-Executive (or Y/N)"),
    Kind.FORMAL: ("bad-yes-no", "expected Formal or Informal (or Y/N)"),
    Kind.DATE: ("bad-date", "expected a date as dd/mm/yyyy or yyyy-mm-dd"),
    Kind.COUNT: ("bad-number", "expected a whole number"),
    Kind.PERCENT: ("bad-number", "expected a number"),
    Kind.NUMBER: ("bad-number", "expected a number"),
}
_DECIMAL_COMMA = "; a comma here would be a decimal comma: write 6.0, not 6,0"


def cell_checks(spec: ColumnSpec, source: str, typed: str) -> list[CellCheck]:
    """Checks of one column: ``source`` holds its text, ``typed`` its parsed value."""
    raw, value = pl.col(source), pl.col(typed)
    present = raw.is_not_null()
    checks: list[CellCheck] = []
    if not spec.blank_ok:
        checks.append(
            CellCheck("missing-value", spec.name, raw.is_null(), f"{spec.name} must not be blank")
        )
    if spec.kind is Kind.DATE:
        two_digit = present & raw.str.contains(TWO_DIGIT_YEAR)
        checks.append(
            CellCheck(
                "two-digit-year",
                spec.name,
                two_digit,
                "two-digit year: the century would be a guess; write the year in full (21/12/2024)",
            )
        )
        rule, message = _PARSE_RULE[spec.kind]
        checks.append(CellCheck(rule, spec.name, present & value.is_null() & ~two_digit, message))
    elif spec.kind in (Kind.COUNT, Kind.PERCENT, Kind.NUMBER):
        rule, message = _PARSE_RULE[spec.kind]
        comma = raw.str.contains(",")
        bad = present & value.is_null()
        checks.append(CellCheck(rule, spec.name, bad & ~comma, message))
        checks.append(CellCheck(rule, spec.name, bad & comma, message + _DECIMAL_COMMA))
    elif spec.kind in _PARSE_RULE:
        rule, message = _PARSE_RULE[spec.kind]
        checks.append(CellCheck(rule, spec.name, present & value.is_null(), message))
    if spec.kind is Kind.CHOICE:
        allowed = ", ".join(str(c) for c in spec.choices)
        checks.append(
            CellCheck(
                "not-allowed", spec.name, present & value.is_null(), f"must be one of {allowed}"
            )
        )
    if spec.kind in (
        Kind.TEXT,
        Kind.IDENTIFIER,
        Kind.ETHNIC_ORIGIN,
        Kind.DISABILITY,
        Kind.PAY_BAND,
    ):
        checks.append(
            CellCheck(
                "text-too-long",
                spec.name,
                raw.str.len_chars() > MAX_TEXT_LENGTH,
                f"more than {MAX_TEXT_LENGTH:,} characters: no such cell is this long",
            )
        )
    if spec.ge is not None:
        checks.append(
            CellCheck("out-of-range", spec.name, value < spec.ge, f"must be at least {spec.ge:g}")
        )
    if spec.le is not None:
        checks.append(
            CellCheck("out-of-range", spec.name, value > spec.le, f"must be at most {spec.le:g}")
        )
    return checks
