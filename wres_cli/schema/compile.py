"""Compile the column specifications into vectorised Polars expressions.

Each column kind becomes a parse expression (text -> typed value) and the cell checks
that go with it; nothing here loops over rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from wres_cli.schema.columns import (
    CLINICAL_WORDS,
    DATE_FORMATS,
    FALSE_WORDS,
    NON_CLINICAL_WORDS,
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


def _words(expr: pl.Expr, true: tuple[str, ...], false: tuple[str, ...]) -> pl.Expr:
    lowered = expr.str.to_lowercase()
    return (
        pl.when(lowered.is_in(true))
        .then(pl.lit(True))
        .when(lowered.is_in(false))
        .then(pl.lit(False))
        .otherwise(pl.lit(None, dtype=pl.Boolean))
    )


def _number(expr: pl.Expr) -> pl.Expr:
    """Numbers as exports write them: '1,234', ' 56 ', '45.5%'."""
    return expr.str.replace_all(r"[,%\s]", "").cast(pl.Float64, strict=False)


def parse(spec: ColumnSpec, source: str) -> pl.Expr:
    """Typed value of column ``source``; null where the cell is blank or cannot be read."""
    raw = pl.col(source)
    match spec.kind:
        case Kind.YES_NO:
            typed = _words(raw, TRUE_WORDS, FALSE_WORDS)
        case Kind.CLINICAL:
            typed = _words(raw, CLINICAL_WORDS, NON_CLINICAL_WORDS)
        case Kind.DATE:
            typed = pl.coalesce(
                *(raw.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS),
                raw.str.to_datetime(EXCEL_DATETIME, strict=False).dt.date(),
            )
        case Kind.COUNT:
            number = _number(raw)
            whole = number.is_finite() & (number == number.floor()) & (number.abs() < 2**53)
            typed = pl.when(whole).then(number).cast(pl.Int64, strict=False)
        case Kind.PERCENT:
            number = _number(raw)
            typed = pl.when(number.is_finite()).then(number)
        case Kind.CHOICE:
            lowered = raw.str.to_lowercase().str.replace(r"\.0$", "")
            typed = pl.lit(None, dtype=_choice_dtype(spec))
            for choice in reversed(spec.choices):
                typed = (
                    pl.when(lowered == str(choice).lower()).then(pl.lit(choice)).otherwise(typed)
                )
        case _:
            typed = raw
    return typed.alias(spec.name)


def _choice_dtype(spec: ColumnSpec) -> type[pl.DataType]:
    return pl.Int64 if all(isinstance(c, int) for c in spec.choices) else pl.String


_PARSE_RULE = {
    Kind.YES_NO: ("bad-yes-no", "expected Y or N (also Yes/No, TRUE/FALSE, 1/0)"),
    Kind.CLINICAL: ("bad-clinical", "expected Clinical or Non-clinical (or Y/N)"),
    Kind.DATE: ("bad-date", "expected a date as dd/mm/yyyy or yyyy-mm-dd"),
    Kind.COUNT: ("bad-number", "expected a whole number"),
    Kind.PERCENT: ("bad-number", "expected a number"),
}


def cell_checks(spec: ColumnSpec, source: str, typed: str) -> list[CellCheck]:
    """Checks of one column: ``source`` holds its text, ``typed`` its parsed value."""
    raw, value = pl.col(source), pl.col(typed)
    present = raw.is_not_null()
    checks: list[CellCheck] = []
    if not spec.blank_ok:
        checks.append(
            CellCheck("missing-value", spec.name, raw.is_null(), f"{spec.name} must not be blank")
        )
    if spec.kind in _PARSE_RULE:
        rule, message = _PARSE_RULE[spec.kind]
        checks.append(CellCheck(rule, spec.name, present & value.is_null(), message))
    if spec.kind is Kind.CHOICE:
        allowed = ", ".join(str(c) for c in spec.choices)
        checks.append(
            CellCheck(
                "not-allowed", spec.name, present & value.is_null(), f"must be one of {allowed}"
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
