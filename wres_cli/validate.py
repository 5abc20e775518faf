"""Validation results: issues with stable rule codes, and the exit code they imply.

Like frictionless-py, validation never stops at the first problem: it returns a
``ValidationResult`` holding every issue, and the exit code follows from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import polars as pl

from wres_cli import bands, ethnicity
from wres_cli.errors import ExitCode
from wres_cli.schema.columns import Kind
from wres_cli.schema.compile import CellCheck, cell_checks, parse
from wres_cli.schema.models import FILE_MODELS, WresToml
from wres_cli.schema.spec import LINE, ColumnSpec, column_specs

if TYPE_CHECKING:
    from wres_cli.load import Loaded, Table


class Severity(StrEnum):
    """Errors block analysis; warnings are reported and analysis goes on; info is context."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Rule:
    """A stable rule code: its severity, and whether it means the input is unreadable."""

    severity: Severity
    summary: str
    unreadable: bool = False


RULES: dict[str, Rule] = {
    # input cannot be read at all: exit 3
    "file-unreadable": Rule(Severity.ERROR, "file or folder cannot be opened", True),
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
    "positive-exceeds-respondents": Rule(Severity.ERROR, "survey positive > respondents"),
    "survey-measure-missing": Rule(Severity.ERROR, "survey row has neither percent nor positive"),
    # analysis continues: exit 0
    "no-events": Rule(Severity.WARNING, "an event file has a header but no rows"),
    "unrecognised-ethnicity": Rule(Severity.WARNING, "ethnicity value counted as Unknown"),
    "high-unknown-ethnicity": Rule(Severity.WARNING, "large share of Unknown ethnicity"),
    "outside-reporting-year": Rule(Severity.WARNING, "rows dated outside the year, excluded"),
    "staff-not-in-workforce": Rule(Severity.WARNING, "staff id absent from the workforce file"),
    "small-count": Rule(Severity.WARNING, "a count behind a ratio is below 10"),
    "no-reporting-year": Rule(Severity.WARNING, "reporting year unknown, dates not checked"),
    "excluded-assignment-category": Rule(Severity.INFO, "rows excluded by assignment category"),
    "blank-rows": Rule(Severity.INFO, "fully blank rows skipped"),
    "extra-columns": Rule(Severity.INFO, "columns the tool does not use, ignored"),
    "encoding": Rule(Severity.INFO, "file decoded as Windows-1252"),
    "header-row": Rule(Severity.INFO, "header found below title rows"),
    "ignored-file": Rule(Severity.INFO, "a file in the folder that is not a WRES input"),
}


def printable(text: str, limit: int | None = None) -> str:
    """Text from input made safe for a terminal: control characters shown escaped (an
    ESC from a file must not drive the screen), and cut to ``limit`` characters."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"... ({len(text):,} characters)"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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


@dataclass(frozen=True)
class FileSummary:
    """What was read from one input file."""

    kind: str
    path: str
    encoding: str
    rows: int
    used_rows: int
    columns: dict[str, str]
    ignored_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValidationResult:
    """Every issue found in one data folder, and what was read."""

    folder: str
    issues: tuple[Issue, ...]
    files: tuple[FileSummary, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.INFO)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> ExitCode:
        """3 when any input is unreadable, 1 when any error, else 0."""
        if any(RULES[i.rule].unreadable for i in self.issues):
            return ExitCode.UNREADABLE
        return ExitCode.INVALID if self.errors else ExitCode.OK

    def to_dict(self) -> dict[str, Any]:
        """JSON form; carries every issue."""
        return {
            "folder": self.folder,
            "valid": self.valid,
            "exit_code": int(self.exit_code),
            "files": [asdict(f) for f in self.files],
            "errors": [i.to_dict() for i in self.errors],
            "warnings": [i.to_dict() for i in self.warnings],
            "info": [i.to_dict() for i in self.infos],
        }


@dataclass(frozen=True)
class Validated:
    """The outcome of validation: the result, and typed frames ready for the indicators.

    ``tables`` hold only the rows that enter the analysis (every exclusion is counted
    in the result) and are filled only when the result is valid.
    """

    result: ValidationResult
    tables: dict[str, pl.DataFrame]
    reporting_year: int | None
    config: WresToml
    narrative: str | None = None


MAX_ROW_ISSUES = 10_000
"""Per rule and column; the rows beyond it are counted in one more issue."""
DETAIL = "detail:"
RAW = "raw:"
"""Prefix of the columns that keep each cell's text as read, for messages."""


def validate(loaded: Loaded) -> Validated:
    """Check every loaded table and the rules across them; never stops at the first issue."""
    issues: list[Issue] = list(loaded.issues)
    typed: dict[str, pl.DataFrame] = {}
    for kind, table in loaded.tables.items():
        # The text as read is only needed for messages: drop it at once to save memory.
        typed[kind] = _check_table(table, issues).select(pl.exclude(f"^{RAW}.*$"))
    _cross_file(loaded, typed, issues)
    final = {
        kind: _exclude(loaded.tables[kind], frame, loaded, issues) for kind, frame in typed.items()
    }
    summaries = tuple(
        FileSummary(
            kind=t.kind,
            path=str(t.path),
            encoding=t.encoding,
            rows=t.rows_read,
            used_rows=final[k].height,
            columns=t.headers,
            ignored_columns=t.ignored,
        )
        for k, t in loaded.tables.items()
    )
    result = ValidationResult(str(loaded.folder), tuple(issues), summaries)
    return Validated(
        result,
        final if result.valid else {},
        loaded.reporting_year,
        loaded.config,
        loaded.narrative,
    )


def _check_table(table: Table, issues: list[Issue]) -> pl.DataFrame:
    """Parse every column and run cell checks, derived columns, row rules and uniqueness."""
    model = FILE_MODELS[table.kind]
    specs = [s for s in column_specs(model) if s.name in table.frame.columns]
    frame = table.frame.rename({s.name: RAW + s.name for s in specs})
    frame = frame.with_columns(_parsed(frame, s) for s in specs)
    if "shortlisted" in model.model_fields and "shortlisted" not in frame.columns:
        frame = frame.with_columns(shortlisted=pl.lit(True))  # absent column: all shortlisted
    # An optional column a row rule reads is, when absent, blank in every row.
    absent = {n for r in model.row_rules for n in r.bad.meta.root_names()} - set(frame.columns)
    frame = frame.with_columns(
        pl.lit(None, dtype=_DTYPES[s.kind]).alias(s.name)
        for s in column_specs(model)
        if s.name in absent
    )
    checks = [c for s in specs for c in cell_checks(s, RAW + s.name, s.name)]
    if "ethnic_origin" in frame.columns:
        frame = _with_ethnic_group(table, frame, issues)
    if "pay_band" in frame.columns:
        frame = _with_band(frame)
        checks.append(
            CellCheck(
                "unknown-pay-band",
                "pay_band",
                pl.col(RAW + "pay_band").is_not_null() & pl.col("band").is_null(),
                "pay band or grade not recognised (expected e.g. Band 5, 8A, VSM, Consultant)",
            )
        )
    checks += [
        CellCheck(r.code, r.column, r.bad, r.message)
        for r in model.row_rules
        if set(r.bad.meta.root_names()) <= set(frame.columns)
    ]
    masks = frame.select(*(c.bad.fill_null(False).alias(str(i)) for i, c in enumerate(checks)))
    for i, check in enumerate(checks):
        if masks[str(i)].any():
            detail = [] if check.detail is None else [check.detail.alias(DETAIL)]
            bad = frame.with_columns(*detail).filter(masks[str(i)])
            issues += _row_issues(table, bad, check)
    if model.unique:
        issues += _duplicates(table, frame, list(model.unique))
    return frame


_DTYPES: dict[Kind, pl.DataType] = {
    Kind.COUNT: pl.Int64(),
    Kind.PERCENT: pl.Float64(),
    Kind.YES_NO: pl.Boolean(),
    Kind.DATE: pl.Date(),
}
"""Types of the optional columns a row rule may read."""

# Few distinct values in many rows: parse each distinct value once and map the rest.
_BY_DISTINCT = {Kind.YES_NO, Kind.CLINICAL, Kind.DATE, Kind.CHOICE}


def _parsed(frame: pl.DataFrame, spec: ColumnSpec) -> pl.Series:
    """A column's typed values; low-cardinality kinds are parsed once per distinct value."""
    source = RAW + spec.name
    if spec.kind not in _BY_DISTINCT:
        return frame.select(parse(spec, source)).to_series()
    distinct = frame.select(pl.col(source).unique().drop_nulls()).with_columns(parse(spec, source))
    return (
        frame[source]
        .replace_strict(
            distinct[source],
            distinct[spec.name],
            default=None,
            return_dtype=distinct.schema[spec.name],
        )
        .alias(spec.name)
    )


def _duplicates(table: Table, frame: pl.DataFrame, unique: list[str]) -> list[Issue]:
    """Rows repeating an identifier (per organisation): each copy after the first, naming
    the first's line. Sorted hashes find candidates cheaply; only those are compared."""
    keys = [k for k in ("organisation_code", *unique) if k in frame.columns]
    complete = pl.all_horizontal(pl.col(keys).is_not_null())
    hashes = frame.select(pl.when(complete).then(pl.struct(keys).hash()).alias("h"))["h"]
    ordered = hashes.drop_nulls().sort()
    repeated = ordered.filter(ordered == ordered.shift(1))  # hashes seen twice: candidates
    if repeated.len() == 0:
        return []
    candidates = frame.filter(hashes.is_in(repeated.unique().implode()))
    first = pl.col(LINE).min().over(keys)
    check = CellCheck(
        "duplicate-id",
        unique[-1],
        pl.col(LINE) != first,
        " + ".join(unique) + " repeats line {}",
        detail=first,
    )
    bad = candidates.with_columns(first.alias(DETAIL)).filter(check.bad)
    return _row_issues(table, bad, check)


def _row_issues(table: Table, bad: pl.DataFrame, check: CellCheck) -> list[Issue]:
    """One issue per offending row (line, header, letter, text as read), capped."""
    header = table.headers.get(check.column, check.column)
    letter = table.letters.get(check.column)
    shown = bad.head(MAX_ROW_ISSUES)
    raw = RAW + check.column
    values = shown[raw].to_list() if raw in shown.columns else [None] * shown.height
    details = shown[DETAIL].to_list() if DETAIL in shown.columns else [None] * shown.height
    found = [
        Issue(
            check.rule,
            table.label,
            check.message.replace("{}", str(detail)) if detail is not None else check.message,
            line=line,
            column=header,
            column_letter=letter,
            value=value,
        )
        for line, value, detail in zip(shown[LINE], values, details, strict=True)
    ]
    if bad.height > MAX_ROW_ISSUES:
        rest = bad.height - MAX_ROW_ISSUES
        found.append(
            Issue(
                check.rule,
                table.label,
                f"{check.message} ({rest} more rows not listed)",
                line=int(bad[LINE][MAX_ROW_ISSUES]),
                column=header,
                column_letter=letter,
                count=rest,
            )
        )
    return found


def _with_ethnic_group(table: Table, frame: pl.DataFrame, issues: list[Issue]) -> pl.DataFrame:
    """Add ``ethnic_group``; warn once per unrecognised value with its count and first line."""
    source = RAW + "ethnic_origin"
    lookup = ethnicity.group_table(frame[source].unique().drop_nulls())
    frame = frame.with_columns(
        frame[source]
        .replace_strict(lookup["value"], lookup["group"], default=ethnicity.Group.UNKNOWN.value)
        .alias("ethnic_group"),
        frame[source]
        .replace_strict(lookup["value"], lookup["recognised"], default=True)
        .alias("recognised"),
    )
    unrecognised = (
        frame.filter(~pl.col("recognised"))
        .group_by(source, maintain_order=True)
        .agg(pl.len().alias("n"), pl.col(LINE).min().alias("first"))
    )
    for value, n, first in unrecognised.iter_rows():
        issues.append(
            Issue(
                "unrecognised-ethnicity",
                table.label,
                f'"{value}" is not a recognised ethnic category: {n} row(s) counted as Unknown',
                line=first,
                column=table.headers["ethnic_origin"],
                column_letter=table.letters["ethnic_origin"],
                value=value,
                count=n,
            )
        )
    return frame.drop("recognised")


def _with_band(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``band`` (indicator 1 row) and ``cluster``; medical grades are clinical."""
    source = RAW + "pay_band"
    lookup = bands.band_table(frame[source].unique().drop_nulls())
    frame = frame.with_columns(
        frame[source]
        .replace_strict(lookup["value"], lookup["band"], default=None, return_dtype=pl.String)
        .alias("band")
    )
    return frame.with_columns(
        cluster=pl.when(bands.is_medical(pl.col("band")) | pl.col("clinical"))
        .then(pl.lit("clinical"))
        .otherwise(pl.lit("non-clinical"))
    )


def _cross_file(loaded: Loaded, typed: dict[str, pl.DataFrame], issues: list[Issue]) -> None:
    """Staff named in event files should be in the workforce file (a warning: leavers)."""
    with_code = sorted(k for k, f in typed.items() if "organisation_code" in f.columns)
    without = sorted(k for k in typed if k not in with_code and k != "actions")
    if with_code and without:
        for kind in without:
            issues.append(
                Issue(
                    "mixed-organisation-code",
                    loaded.tables[kind].label,
                    f"no organisation_code column, but {', '.join(with_code)} have one: in a "
                    "multi-organisation extract every file needs it",
                    line=loaded.tables[kind].header_line,
                )
            )
    if "workforce" not in typed:
        return
    staff = typed["workforce"]
    for kind in ("disciplinary", "training"):
        if kind not in typed or "staff_id" not in typed[kind].columns:
            continue
        keys = [
            k
            for k in ("organisation_code", "staff_id")
            if k in staff.columns and k in typed[kind].columns
        ]
        missing = typed[kind].join(staff.select(keys).unique(), on=keys, how="anti")
        if missing.height:
            table = loaded.tables[kind]
            issues.append(
                Issue(
                    "staff-not-in-workforce",
                    table.label,
                    f"{missing.height} row(s) name staff who are not in the workforce file "
                    "(leavers are expected; check the ids otherwise)",
                    line=_first_line(missing),
                    column=table.headers["staff_id"],
                    column_letter=table.letters["staff_id"],
                    count=missing.height,
                )
            )


def _exclude(
    table: Table, frame: pl.DataFrame, loaded: Loaded, issues: list[Issue]
) -> pl.DataFrame:
    """Drop rows that do not enter the analysis, counting each reason in an issue."""
    options = loaded.config.options
    if "assignment_category" in frame.columns and options.exclude_assignment_categories:
        excluded = [c.casefold() for c in options.exclude_assignment_categories]
        drop = pl.col("assignment_category").str.to_lowercase().is_in(excluded).fill_null(False)
        counts = frame.filter(drop).group_by("assignment_category", maintain_order=True).len()
        for category, n in counts.iter_rows():
            issues.append(
                Issue(
                    "excluded-assignment-category",
                    table.label,
                    f'{n} row(s) with assignment category "{category}" excluded '
                    "(exclude_assignment_categories)",
                    column=table.headers["assignment_category"],
                    column_letter=table.letters["assignment_category"],
                    value=category,
                    count=n,
                )
            )
        frame = frame.filter(~drop)
    if "date" in frame.columns:
        year = loaded.reporting_year
        if year is None:
            issues.append(
                Issue(
                    "no-reporting-year",
                    table.label,
                    "reporting year unknown (set reporting_year in wres.toml or name the "
                    "folder by year), so dates were not checked",
                )
            )
        else:
            start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
            outside = pl.col("date").is_not_null() & ~pl.col("date").is_between(start, end)
            dropped = frame.filter(outside)
            if dropped.height:
                issues.append(
                    Issue(
                        "outside-reporting-year",
                        table.label,
                        f"{dropped.height} row(s) dated outside 1 April {year - 1} to "
                        f"31 March {year} excluded",
                        line=_first_line(dropped),
                        column=table.headers["date"],
                        column_letter=table.letters["date"],
                        count=dropped.height,
                    )
                )
                frame = frame.filter(~outside)
    if "ethnic_group" in frame.columns and frame.height:
        unknown = int((frame["ethnic_group"] == ethnicity.Group.UNKNOWN).sum())
        share = 100 * unknown / frame.height
        if share > options.unknown_ethnicity_warning_percent:
            issues.append(
                Issue(
                    "high-unknown-ethnicity",
                    table.label,
                    f"{share:.1f}% of rows ({unknown} of {frame.height}) have Unknown ethnicity "
                    f"(warning above {options.unknown_ethnicity_warning_percent:g}%)",
                    column=table.headers["ethnic_origin"],
                    count=unknown,
                )
            )
    return frame


def _first_line(frame: pl.DataFrame) -> int:
    """Line of the first row of a non-empty frame."""
    return int(frame.select(pl.col(LINE).min()).item())
