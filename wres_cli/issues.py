"""The vocabulary every stage reports in: issues, their severities and stable rule codes.

Loading, checking and preparing all say what they found as ``Issue`` values whose rule
code is a row of ``RULES`` (docs/errors.md lists them): the severity, whether the input is
unreadable, and whether it changes what is counted follow from the code, never from the
call site. Its own module so that every stage can speak it without importing another.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from wres_cli.escape import printable


class Severity(StrEnum):
    """Errors block analysis; warnings are reported and analysis goes on; info is context."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Rule:
    """A stable rule code: its severity, whether it means the input is unreadable, and
    whether it changes what is counted (an exclusion, lookup, dedupe or fall-back: such
    issues form the exclusions ledger of the JSON and the report's appendix)."""

    severity: Severity
    summary: str
    unreadable: bool = False
    ledger: bool = False


RULES: dict[str, Rule] = {
    # input cannot be read at all: exit 3
    "file-unreadable": Rule(Severity.ERROR, "file or folder cannot be opened", True),
    "unsupported-format": Rule(Severity.ERROR, "an input in a format not read (.xls)", True),
    "line-too-long": Rule(Severity.ERROR, "a CSV line longer than any real row", True),
    "not-a-table": Rule(Severity.ERROR, "binary or non-text content in a .csv file", True),
    "undecodable": Rule(Severity.ERROR, "bytes that are neither UTF-8 nor Windows-1252", True),
    "malformed-csv": Rule(Severity.ERROR, "CSV structure broken (quotes, field counts)", True),
    "bad-workbook": Rule(Severity.ERROR, "XLSX workbook cannot be read", True),
    "config-syntax": Rule(Severity.ERROR, "wres.toml is not valid TOML", True),
    "too-many-columns": Rule(Severity.ERROR, "more columns than any real export", True),
    "file-too-large": Rule(Severity.ERROR, "file too large for the memory available", True),
    # data invalid: exit 1
    "config-invalid": Rule(Severity.ERROR, "wres.toml has an unknown key or a bad value"),
    "missing-file": Rule(Severity.ERROR, "a required input file is absent"),
    "ambiguous-file": Rule(Severity.ERROR, "two files in the folder are the same input"),
    "empty-file": Rule(Severity.ERROR, "file has no content at all"),
    "no-rows": Rule(Severity.ERROR, "file has a header but no data rows"),
    "narrative-too-long": Rule(Severity.ERROR, "narrative.md is larger than a foreword"),
    "missing-column": Rule(Severity.ERROR, "a required column is not in the file"),
    "duplicate-column": Rule(Severity.ERROR, "two headers map to the same column"),
    "missing-value": Rule(Severity.ERROR, "a required cell is blank"),
    "mixed-organisation-code": Rule(
        Severity.ERROR, "some files have organisation_code and others not"
    ),
    "duplicate-id": Rule(Severity.ERROR, "an identifier that must be unique repeats"),
    "bad-yes-no": Rule(Severity.ERROR, "a Y/N cell holds something else"),
    "bad-clinical": Rule(Severity.ERROR, "a clinical cell is not Clinical/Non-clinical"),
    "bad-date": Rule(Severity.ERROR, "a date is not dd/mm/yyyy or yyyy-mm-dd"),
    "bad-number": Rule(Severity.ERROR, "a number cell is not a number"),
    "out-of-range": Rule(Severity.ERROR, "a number is outside its allowed range"),
    "not-allowed": Rule(Severity.ERROR, "a value is not one of the allowed values"),
    "unknown-pay-band": Rule(Severity.ERROR, "a pay band or grade is not recognised"),
    "appointed-not-shortlisted": Rule(Severity.ERROR, "appointed without being shortlisted"),
    "duplicate-row": Rule(Severity.ERROR, "an assignment row repeats exactly"),
    "text-too-long": Rule(Severity.ERROR, "a text cell longer than any real one"),
    "bad-organisation-code": Rule(Severity.ERROR, "an organisation code that is no ODS code"),
    "staff-id-is-assignment": Rule(
        Severity.ERROR, "staff_id holds assignment numbers, not employee numbers"
    ),
    "mapped-header-missing": Rule(Severity.ERROR, "wres.toml maps a column to an absent header"),
    "two-digit-year": Rule(Severity.ERROR, "a date with a two-digit year"),
    "implausible-date": Rule(Severity.ERROR, "a date in an implausible year"),
    "excel-error-cell": Rule(Severity.ERROR, "a workbook cell holds an Excel error"),
    "formula-no-value": Rule(Severity.ERROR, "a workbook formula has no saved value"),
    "percent-looks-like-fraction": Rule(
        Severity.ERROR, "every survey percent is at most 1: fractions, not percentages"
    ),
    "positive-exceeds-respondents": Rule(Severity.ERROR, "survey positive > respondents"),
    "survey-measure-missing": Rule(Severity.ERROR, "survey row has neither percent nor positive"),
    "suppressed-with-value": Rule(Severity.ERROR, "a suppressed survey row gives a figure too"),
    "mixed-survey-source": Rule(Severity.ERROR, "one staff survey file names two sources"),
    "benchmark-layout": Rule(Severity.ERROR, "the benchmark workbook is not laid out as read"),
    "benchmark-value": Rule(Severity.ERROR, "a benchmark workbook cell is no fraction or count"),
    # analysis continues: exit 0
    "no-events": Rule(Severity.WARNING, "an event file has a header but no rows"),
    "unrecognised-ethnicity": Rule(Severity.WARNING, "ethnicity value counted as Unknown"),
    "high-unknown-ethnicity": Rule(Severity.WARNING, "large share of Unknown ethnicity"),
    "unrecognised-disability": Rule(Severity.WARNING, "disability value counted as Unknown"),
    "outside-reporting-year": Rule(
        Severity.WARNING, "rows dated outside the year, excluded", ledger=True
    ),
    "staff-not-in-workforce": Rule(
        Severity.WARNING, "staff id absent from the workforce file (kept)", ledger=True
    ),
    "small-count": Rule(Severity.WARNING, "a count behind a ratio is below 10"),
    "survey-year-mismatch": Rule(
        Severity.WARNING, "staff survey figures from another year's survey"
    ),
    "no-reporting-year": Rule(Severity.WARNING, "reporting year unknown, dates not checked"),
    "lookup-error-text": Rule(
        Severity.WARNING, "#N/A text (a pasted lookup) counted as Unknown", ledger=True
    ),
    "ethnicity-conflict": Rule(
        Severity.WARNING, "ethnic code and label disagree: the code decides", ledger=True
    ),
    "ethnicity-not-found": Rule(
        Severity.WARNING, "staff not in the workforce: ethnicity Unknown", ledger=True
    ),
    "disability-not-found": Rule(
        Severity.WARNING, "staff not in the workforce: disability Unknown", ledger=True
    ),
    "ethnicity-disagrees": Rule(
        Severity.WARNING, "an event file's ethnicity differs from the workforce's", ledger=True
    ),
    "no-primary-assignment": Rule(
        Severity.WARNING, "no single primary assignment: highest band used", ledger=True
    ),
    "no-assignment-category": Rule(
        Severity.WARNING, "no assignment category column: nothing excluded", ledger=True
    ),
    "unmatched-optional-column": Rule(
        Severity.WARNING, "a header looks like an optional column but is not matched"
    ),
    "blank-date": Rule(Severity.WARNING, "rows with no date, kept unchecked", ledger=True),
    "excluded-assignment-category": Rule(
        Severity.INFO, "rows excluded by assignment category", ledger=True
    ),
    "excluded-person-events": Rule(
        Severity.INFO, "events of people whose assignments are all excluded", ledger=True
    ),
    "several-assignments": Rule(
        Severity.INFO, "people with several assignments, counted once", ledger=True
    ),
    "excluded-case-type": Rule(
        Severity.INFO, "cases that are not disciplinary, excluded", ledger=True
    ),
    "excluded-informal": Rule(Severity.INFO, "informal cases, excluded", ledger=True),
    "excluded-not-in-post": Rule(
        Severity.INFO, "events of staff not in post, excluded (option)", ledger=True
    ),
    "left-board": Rule(Severity.INFO, "board members who left before the snapshot", ledger=True),
    "ethnicity-from-workforce": Rule(
        Severity.INFO, "ethnicity looked up from the workforce by staff_id", ledger=True
    ),
    "disability-from-workforce": Rule(
        Severity.INFO, "disability looked up from the workforce by staff_id", ledger=True
    ),
    "excluded-capability-grounds": Rule(
        Severity.INFO, "ill-health capability cases, excluded (capability_grounds)", ledger=True
    ),
    "value-mapped": Rule(Severity.INFO, "cells read through [values]", ledger=True),
    "percent-cells": Rule(Severity.INFO, "percentage-formatted cells read as shown"),
    "hidden-sheet": Rule(Severity.INFO, "a hidden sheet not read"),
    "blank-rows": Rule(Severity.INFO, "fully blank rows skipped", ledger=True),
    "extra-columns": Rule(Severity.INFO, "columns the tool does not use, ignored"),
    "encoding": Rule(Severity.INFO, "file decoded as Windows-1252"),
    "header-row": Rule(Severity.INFO, "header found below title rows"),
    "ignored-file": Rule(Severity.INFO, "a file in the folder that is not a WRES input"),
}


@dataclass(frozen=True)
class Issue:
    """One finding, located as a spreadsheet shows it (1-based line, column header)."""

    rule: str
    file: str
    message: str
    line: int | None = None
    column: str | None = None
    column_letter: str | None = None
    value: str | None = None
    count: int = 1
    """How many rows this issue stands for (aggregated warnings name the first line)."""

    @property
    def severity(self) -> Severity:
        """Severity follows from the rule code, so it cannot drift per call site."""
        return RULES[self.rule].severity

    def location(self) -> str:
        """``file:line: column "X" (C)`` — what an analyst needs to find the cell."""
        where = self.file + (f":{self.line}" if self.line is not None else "")
        if self.column:
            letter = f" ({self.column_letter})" if self.column_letter else ""
            where += f': column "{self.column}"{letter}'
        return printable(where)

    def one_line(self) -> str:
        """The issue as a single line of text (input shown safely, long values cut)."""
        value = ""
        if self.value is not None and self.count == 1:
            value = f' (value "{printable(self.value, 80)}")'
        message = printable(self.message, 500)
        return f"{self.location()}: {self.severity.value}: {message}{value} [{self.rule}]"

    def to_dict(self) -> dict[str, Any]:
        """JSON form: every field plus the severity."""
        return {**asdict(self), "severity": self.severity.value}

    def ledger_entry(self) -> dict[str, Any]:
        """The issue as a line of the exclusions ledger: reason, file, count, description."""
        return {
            "reason": self.rule,
            "file": self.file,
            "count": self.count,
            "description": self.message,
        }
