"""Validation results: issues with stable rule codes, and the exit code they imply.

Like frictionless-py, validation never stops at the first problem: it returns a
``ValidationResult`` holding every issue, and the exit code follows from it.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import polars as pl

from wres_cli.errors import ExitCode
from wres_cli.issues import RULES, Issue, Severity
from wres_cli.limits import MAX_ROW_ISSUES
from wres_cli.load import Loaded, Table
from wres_cli.schema.columns import Kind
from wres_cli.schema.compile import CellCheck, cell_checks, parse
from wres_cli.schema.models import FILE_MODELS, WresToml
from wres_cli.schema.spec import LINE, ColumnSpec, column_specs, person_keys


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
    def exclusions(self) -> tuple[Issue, ...]:
        """The ledger: every exclusion, lookup, dedupe and fall-back, with its count."""
        return tuple(i for i in self.issues if RULES[i.rule].ledger)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> ExitCode:
        """3 when any input is unreadable, 1 when any error, else 0."""
        if any(RULES[i.rule].unreadable for i in self.issues):
            return ExitCode.UNREADABLE
        return ExitCode.INVALID if self.errors else ExitCode.OK

    @property
    def exit_code_strict(self) -> ExitCode:
        """As ``exit_code``, but a warning fails too (``wres validate --strict``)."""
        code = self.exit_code
        return ExitCode.INVALID if code is ExitCode.OK and self.warnings else code

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
            "exclusions": [i.ledger_entry() for i in self.exclusions],
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


DETAIL = "detail:"
RAW = "raw:"
"""Prefix of the columns that keep each cell's text as read, for messages."""
CLASSIFIED = ("ethnic_origin", "disability", "pay_band", "grade")
"""Columns whose text as read ``classify`` turns into groups and bands."""


@dataclass(frozen=True)
class Checked:
    """Every loaded row parsed and checked: the issues so far and the typed frames (all
    rows, before any exclusion), for ``classify`` and then ``prepare``."""

    loaded: Loaded
    issues: tuple[Issue, ...]
    frames: dict[str, pl.DataFrame]


@dataclass(frozen=True)
class TableCheck:
    """One table checked: its typed frame and the issues of its cells, rows and ids."""

    frame: pl.DataFrame
    issues: tuple[Issue, ...]


def check_table(table: Table, year: int | None) -> TableCheck:
    """Parse and check one table on its own (the rules across tables wait for all)."""
    issues: list[Issue] = []
    checked = _check_table(table, year, issues)
    # The text as read is only needed for messages: drop it at once to save memory,
    # but for the values ``classify`` reads (and drops).
    kept = [RAW + c for c in CLASSIFIED if RAW + c in checked.columns]
    unused = FILE_MODELS[table.kind].checked_only
    frame = checked.select(pl.exclude(f"^{RAW}.*$"), *kept).drop(unused, strict=False)
    return TableCheck(frame, tuple(issues))


def validate(loaded: Loaded, checks: Mapping[str, TableCheck] | None = None) -> Checked:
    """Check every loaded table and the rules across them; never stops at the first issue.

    ``checks`` are the tables already checked one by one as they were read (``load_folder``
    with ``check``, whose tables then keep no text): only the rules across tables remain."""
    issues: list[Issue] = list(loaded.issues)
    typed: dict[str, pl.DataFrame] = {}
    for kind, table in loaded.tables.items():
        done = checks[kind] if checks is not None else check_table(table, loaded.reporting_year)
        issues += done.issues
        typed[kind] = done.frame
    _cross_file(loaded, typed, issues)
    # Later stages read each table's description (file, headers, letters), never its text
    # again: the text frames, the largest thing in memory, are not passed on.
    described = {k: replace(t, frame=t.frame.clear()) for k, t in loaded.tables.items()}
    return Checked(replace(loaded, tables=described), tuple(issues), typed)


def _check_table(table: Table, year: int | None, issues: list[Issue]) -> pl.DataFrame:
    """Parse every column and run cell checks, row rules and uniqueness."""
    model = FILE_MODELS[table.kind]
    specs = [s for s in column_specs(model) if s.name in table.frame.columns]
    frame = table.frame.rename({s.name: RAW + s.name for s in specs})
    distinct = _distinct(frame, specs)
    frame = frame.with_columns(_typed(s, distinct.get(s.name)) for s in specs)
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
    checks += _date_checks(specs, year) if table.kind != "actions" else []
    if "organisation_code" in frame.columns:
        checks.append(
            CellCheck(
                "bad-organisation-code",
                "organisation_code",
                pl.col(RAW + "organisation_code").str.contains(ORGANISATION_CODE).not_(),
                "an organisation code is letters and digits (an ODS code such as R9Z or "
                "RXX01, at most 32 characters): this one could not name a report file",
            )
        )
    repeats = table.kind == "workforce" and _repeats(frame)  # assignment rows (once)
    if table.kind == "workforce":
        issues += _assignment_keys(table, frame, repeats)
    checks += [
        CellCheck(r.code, r.column, r.bad & ~_unparsed(r.bad, frame), r.message)
        for r in model.row_rules
        if set(r.bad.meta.root_names()) <= set(frame.columns)
    ]
    checks = [_by_distinct(c, distinct) for c in checks]
    masks = frame.select(*(c.bad.fill_null(False).alias(str(i)) for i, c in enumerate(checks)))
    for i, check in enumerate(checks):
        if masks[str(i)].any():
            detail = [] if check.detail is None else [check.detail.alias(DETAIL)]
            bad = frame.with_columns(*detail).filter(masks[str(i)])
            issues += row_issues(table, bad, check)
    copies: list[Issue] = []
    if repeats:  # a copied row repeats its staff_id
        raw = [c for c in frame.columns if c.startswith(RAW)]
        copies = _duplicates(table, frame, raw, rule="duplicate-row")
    if model.unique and set(model.unique) <= set(frame.columns):
        # a row that is an exact copy is reported once, as a copy, not also by its id
        copied = {i.line for i in copies}
        issues += [i for i in _duplicates(table, frame, list(model.unique)) if i.line not in copied]
    issues += copies
    return frame


def _unparsed(rule: pl.Expr, frame: pl.DataFrame) -> pl.Expr:
    """Rows where a cell the rule reads was given but could not be parsed: already an
    error of its own, so the rule (which would see a blank) says nothing more."""
    failed = [
        pl.col(RAW + name).is_not_null() & pl.col(name).is_null()
        for name in rule.meta.root_names()
        if RAW + name in frame.columns
    ]
    return pl.any_horizontal(failed) if failed else pl.lit(False)


ORGANISATION_CODE = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"
"""ODS codes are short alphanumerics; the same pattern names each batch report file."""
PLAUSIBLE_FROM = 1950
PLAUSIBLE_AHEAD = 5
"""Event dates before 1950, or more than five years after the snapshot, are typing errors
(2042, 2204 in a 2025 report), never rows merely 'outside the year'."""


def _date_checks(specs: list[ColumnSpec], year: int | None) -> list[CellCheck]:
    latest = (year or 2095) + PLAUSIBLE_AHEAD
    return [
        CellCheck(
            "implausible-date",
            s.name,
            pl.col(s.name).dt.year().is_between(PLAUSIBLE_FROM, latest).not_(),
            f"the year is implausible (expected {PLAUSIBLE_FROM} to {latest}): a typing error?",
        )
        for s in specs
        if s.kind is Kind.DATE
    ]


_ASSIGNMENT_NUMBER = r"^\d{4,}-\d{1,3}$"


def _repeats(frame: pl.DataFrame) -> bool:
    """Whether any staff_id (per organisation) is on more than one row."""
    keys = person_keys(frame.columns)
    candidates = sharing_a_hash(frame, keys)
    return bool(candidates.height) and bool(
        candidates.select(pl.struct(keys).is_duplicated().any()).item()
    )


def _key_hash(keys: Sequence[str]) -> pl.Expr:
    """One hash of the key columns, each hashed on its own and the hashes combined: a
    struct's hash, or a window over the keys, encodes every row's keys first (235 MB at
    the peak of the 5.0 M national applications)."""
    return functools.reduce(operator.xor, (pl.col(k).hash(i) for i, k in enumerate(keys)))


def sharing_a_hash(frame: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    """The rows whose keys' hash is on another row too: every row whose keys repeat, and
    perhaps a few more (a shared hash), for the exact comparison to decide."""
    return frame.filter(_key_hash(keys).is_duplicated())


def _one_person_two_ethnicities(table: Table, frame: pl.DataFrame, repeats: bool) -> list[Issue]:
    """Assignments of one person share their ethnic origin (ESR records it per person):
    a staff_id whose rows disagree is two people under one id, an error."""
    if RAW + "ethnic_origin" not in frame.columns or not repeats:
        return []
    keys = person_keys(frame.columns)
    frame = sharing_a_hash(frame, keys)  # a person of one row cannot disagree with itself
    first = pl.col(LINE).min().over(keys)
    first_value = pl.col(RAW + "ethnic_origin").sort_by(LINE).first().over(keys)
    bad = pl.len().over(keys) > 1
    bad = bad & pl.col(RAW + "ethnic_origin").ne_missing(first_value)
    check = CellCheck(
        "duplicate-id",
        "staff_id",
        bad,
        "staff_id repeats line {} with another ethnic origin: one employee number for two "
        "people? (assignments of one person share their ethnic origin)",
        detail=first,
    )
    rows = frame.with_columns(first.alias(DETAIL), bad.alias("_bad")).filter(pl.col("_bad"))
    if not rows.height:
        return []
    return row_issues(table, rows, check)


def _assignment_keys(table: Table, frame: pl.DataFrame, repeats: bool) -> list[Issue]:
    """A staff_id column holding assignment numbers (20301442-2) counts posts, not people:
    refused, naming the column to use instead."""
    looks = frame.select(
        pl.col(RAW + "staff_id").str.contains(_ASSIGNMENT_NUMBER).mean().alias("share"),
        pl.col(LINE).filter(pl.col(RAW + "staff_id").str.contains(_ASSIGNMENT_NUMBER)).min(),
    )
    share, first = looks.row(0)
    found = _one_person_two_ethnicities(table, frame, repeats)
    if not share or share < 0.5:
        return found
    return [
        *found,
        Issue(
            "staff-id-is-assignment",
            table.label,
            f"{share:.0%} of staff ids look like ESR assignment numbers (employee number - "
            "post): people with several posts would be counted more than once; map staff_id "
            'to the Employee Number column: [columns.workforce] staff_id = "Employee Number"',
            line=first,
            column=table.headers["staff_id"],
            column_letter=table.letters["staff_id"],
        ),
    ]


_DTYPES: dict[Kind, pl.DataType] = {
    Kind.TEXT: pl.String(),
    Kind.COUNT: pl.Int64(),
    Kind.PERCENT: pl.Float64(),
    Kind.NUMBER: pl.Float64(),
    Kind.YES_NO: pl.Boolean(),
    Kind.FORMAL: pl.Boolean(),
    Kind.DATE: pl.Date(),
}
"""Types of the optional columns a row rule may read."""

# Few distinct values in many rows: parse each distinct value once and map the rest.
_BY_DISTINCT = {Kind.YES_NO, Kind.CLINICAL, Kind.EXECUTIVE, Kind.FORMAL, Kind.DATE, Kind.CHOICE}


_DISTINCT_TEXT = {"organisation_code"}
"""Text columns with few distinct values in many rows: checked once per distinct value."""


def _distinct(frame: pl.DataFrame, specs: list[ColumnSpec]) -> dict[str, pl.DataFrame]:
    """For each low-cardinality column, its distinct values: the text, null included,
    beside its parsed value. Those kinds are parsed once per distinct value and mapped;
    the columns' distinct values are found in one select, on every core."""
    few = [s for s in specs if s.kind in _BY_DISTINCT or s.name in _DISTINCT_TEXT]
    if not few:
        return {}
    found = frame.select(pl.col(RAW + s.name).unique().implode() for s in few)
    return {
        s.name: found.select(pl.col(RAW + s.name).explode()).with_columns(parse(s, RAW + s.name))
        for s in few
    }


def _typed(spec: ColumnSpec, distinct: pl.DataFrame | None) -> pl.Expr:
    """A column's typed values: parsed, or for a kind parsed per distinct value, mapped
    from ``distinct`` (all of a table's columns are then typed in one ``with_columns``,
    on every core)."""
    source = RAW + spec.name
    if spec.kind not in _BY_DISTINCT or distinct is None:
        return parse(spec, source)
    given = distinct.drop_nulls(source)
    dtype = distinct.schema[spec.name]
    return mapping(source, given[source], given[spec.name], dtype).alias(spec.name)


FEW = 8
"""Distinct values few enough to compare each row with them all: comparing short text is
six times quicker than looking it up (a yes/no column of 5.0 M rows: 5 ms against 31)."""


def mapped(
    frame: pl.DataFrame,
    source: str,
    texts: pl.Series,
    values: pl.Series,
    dtype: pl.DataType,
    default: str | None = None,
) -> pl.Series:
    """Column ``source`` (text) of ``frame`` mapped to ``values`` by ``texts`` (distinct,
    not null), ``default`` for any other text and for null (``mapping``)."""
    # with_columns, not select: with no text to compare, the default is as tall as the frame
    return frame.with_columns(mapping(source, texts, values, dtype, default).alias(source))[source]


def mapping(
    source: str,
    texts: pl.Series,
    values: pl.Series,
    dtype: pl.DataType,
    default: str | None = None,
) -> pl.Expr:
    """Column ``source`` mapped to ``values`` by ``texts`` (distinct, not null),
    ``default`` for any other text and for null: a few texts are compared with each row,
    more are looked up."""
    if texts.len() > FEW:
        return pl.col(source).replace_strict(texts, values, default=default, return_dtype=dtype)
    chosen: pl.Expr = pl.lit(default, dtype=dtype)
    for text, value in zip(texts, values, strict=True):
        chosen = pl.when(pl.col(source) == text).then(pl.lit(value, dtype=dtype)).otherwise(chosen)
    return chosen


def _by_distinct(check: CellCheck, distinct: Mapping[str, pl.DataFrame]) -> CellCheck:
    """``check`` worked out once per distinct value when it reads one low-cardinality
    column alone, its rows then found by their text (the date and organisation code
    checks of the 5.0 M national applications: the file's checks 1.0 -> 0.87 s CPU)."""
    roots = set(check.bad.meta.root_names())
    for name, values in distinct.items():
        if check.detail is None and roots and roots <= {RAW + name, name}:
            bad = values.filter(check.bad.fill_null(False))[RAW + name]
            rows = pl.col(RAW + name).is_in(bad.drop_nulls().implode())
            return replace(
                check, bad=rows | pl.col(RAW + name).is_null() if bad.has_nulls() else rows
            )
    return check


def _duplicates(
    table: Table, frame: pl.DataFrame, unique: list[str], rule: str = "duplicate-id"
) -> list[Issue]:
    """Rows repeating an identifier (per organisation): each copy after the first, naming
    the first's line. Sorted hashes find candidates cheaply; only those are compared.
    Each key column is hashed on its own and the hashes combined: hashing them as one
    struct encodes every row first (235 MB at the peak of the 5.0 M national
    applications). Two keys sharing a combined hash are only candidates, compared exactly.

    With ``rule="duplicate-row"`` the keys are every column read: an exact copy."""
    keys = [k for k in ("organisation_code", *unique) if k in frame.columns]
    if rule == "duplicate-row":
        keys = unique
    complete = (
        pl.all_horizontal(pl.col(keys).is_not_null()) if rule != "duplicate-row" else pl.lit(True)
    )
    hashes = frame.select(pl.when(complete).then(_key_hash(keys)).alias("h"))["h"]
    ordered = hashes.drop_nulls().sort()
    repeated = ordered.filter(ordered == ordered.shift(1))  # hashes seen twice: candidates
    if repeated.len() == 0:
        return []
    candidates = frame.filter(hashes.is_in(repeated.unique().implode()))
    first = pl.col(LINE).min().over(keys)
    check = CellCheck(
        rule,
        unique[-1],
        pl.col(LINE) != first,
        " + ".join(unique) + " repeats line {}",
        detail=first,
    )
    if rule == "duplicate-row":
        column = "staff_id"
        check = CellCheck(
            rule,
            column,
            pl.col(LINE) != first,
            "the whole row repeats line {}: an exported assignment twice (remove one copy)",
            detail=first,
        )
    bad = candidates.with_columns(first.alias(DETAIL)).filter(check.bad)
    return row_issues(table, bad, check)


def row_issues(table: Table, bad: pl.DataFrame, check: CellCheck) -> list[Issue]:
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


_IDENTIFIER_LIKE = re.compile(r"\d{4,}|^[A-Z]{0,3}\d{3,}[A-Z]?$", re.IGNORECASE)


def mask(value: str) -> str:
    """A value that looks like an identifier (an employee number pasted into the ethnicity
    column) is never repeated: it is shown masked."""
    if _IDENTIFIER_LIKE.search(value):
        return f"[an identifier-like value of {len(value)} characters]"
    return value


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
    for kind in ("disciplinary", "training", "capability"):
        if kind not in typed or "staff_id" not in typed[kind].columns:
            continue
        keys = person_keys(staff.columns, typed[kind].columns)
        # the keys alone, streamed: the 2.9 M training rows are not copied; the workforce's
        # keys as they are (an anti join needs no unique side: making it one took 2-3% of
        # the ESR-style analyse, and saved no memory)
        missing = (
            typed[kind]
            .lazy()
            .select(*keys, LINE)
            .join(staff.lazy().select(keys), on=keys, how="anti")
            .collect(engine="streaming")
        )
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


def _first_line(frame: pl.DataFrame) -> int:
    """Line of the first row of a non-empty frame."""
    return int(frame.select(pl.col(LINE).min()).item())
