"""The NHS Staff Survey benchmark workbook: its WRES breakdowns (indicators 5-8), read for
every organisation it holds.

No NHS data dictionary describes this file; the layout below is read from public scripts
that parse it (the project's benchmarking notes, section 3). So the layout is declared
here as data, and the reader refuses, naming what it expected and what it found,
wherever the workbook departs from it: a wrong reading would put another question's
figures, or another year's, into a board report, and nobody would see it.

The layout accepted:

- one sheet per benchmark group (any name), besides the sheets that hold no results
  (``OTHER_SHEETS``, matched ignoring case, spaces, punctuation and a plural s); any
  other sheet without the header below is refused, never skipped;
- on each benchmark-group sheet a header row (in the first ten rows) with ``org_id`` and
  ``org_name``, then one row per organisation (rows without an org_id are passed over);
- the vintage is the latest year YYYY in the column names (``<measure>_<YYYY>``); for
  each indicator's stem (``STEMS``) and group (``1`` White, ``2`` BME) of that year, the
  value ``<stem>_<group>_<YYYY>`` (a fraction, 0-1) and the number of responses
  ``<stem>_n_<group>_<YYYY>``. The count spelled ``<stem>_<group>_n_<YYYY>`` (the
  general ``<measure>_n_<YYYY>``) is accepted when it is the only one of the two; both
  present is refused. Headers match ignoring case and surrounding spaces; ``_sig`` and
  every other column are not read.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

import polars as pl

from wres_cli.errors import DataInvalid, InputUnreadable
from wres_cli.escape import printable
from wres_cli.issues import Issue
from wres_cli.load.files import not_regular
from wres_cli.load.table import _Unreadable, column_letter
from wres_cli.load.workbook import _CellNotes, _check_workbook, _scan_sheet

STEMS: dict[str, str] = {
    "5": "har_from_pat_eth_summary",
    "6": "har_from_staff_eth_summary",
    "7": "equal_eth_summary",
    "8": "q16b_eth_summary",
}
"""Each WRES survey indicator's column stem in the workbook."""
GROUPS: dict[str, str] = {"1": "White", "2": "BME"}
"""The workbook's ethnicity breakdown codes, as staff_survey's ``ethnic_group`` says."""
OTHER_SHEETS = ("Notes", "Organisation Benchmark groups", "ICBs", "Community Surgical Services")
"""Sheets of the workbook that hold no organisation's results."""
IDENTITY = ("org_id", "org_name")
HEADER_SEARCH = 10
"""The header row is looked for in this many rows from the top (title rows above it)."""
SUPPRESSED_BELOW = 10
"""The workbook leaves a group with fewer responses than this blank (benchmarking notes)."""
SUPPRESSED = f"fewer than {SUPPRESSED_BELOW} responses"
BLANK = "left blank in the benchmark workbook"
"""The reason given when a blank's own count says it was no small group: not a guess."""

Columns = dict[tuple[str, str], tuple[int, int]]
"""(indicator, group) -> the absolute columns of its value and of its count."""


@dataclass(frozen=True)
class GroupResult:
    """One group's answer to one indicator's question, as the staff_survey input holds it."""

    indicator: str
    group: str
    respondents: int | None
    percent: str | None
    """0-100, written exactly (the fraction times 100 in decimal, never a float's tail)."""
    suppressed: str | None
    """Why there is no percent (the workbook's cell was blank), else None."""


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    sheet: str
    results: tuple[GroupResult, ...]


@dataclass(frozen=True)
class _Sheet:
    """A benchmark-group sheet as read: its cells as text (to tell a blank from a word)
    and as numbers (the stored value exactly: fastexcel's text keeps nine digits)."""

    name: str
    text: pl.DataFrame
    numbers: pl.DataFrame
    offset: int
    """Absolute column of the frames' first column (a used range right of column A)."""
    header: int
    """0-based row of the header."""
    columns: dict[str, list[int]]
    """Header (lower case, stripped) -> its absolute columns."""
    notes: _CellNotes
    located: Columns


@dataclass(frozen=True)
class Benchmark:
    """A benchmark workbook as read: its vintage, its sheets and where each organisation's
    row is. Values are read, and checked, per organisation (``organisation``): a bad cell
    of another trust does not stop a trust importing its own."""

    path: Path
    sha256: str
    vintage: int
    earlier: tuple[int, ...]
    """The other years the column names hold: never read (each workbook re-weights
    earlier years to its own survey, so they are not the figures those surveys gave)."""
    sheets: tuple[str, ...]
    """The benchmark-group sheets read."""
    rows: dict[str, tuple[str, int]]
    """Organisation code -> its sheet and 0-based row, in code order."""
    frames: dict[str, _Sheet]

    def find(self, code: str) -> str | None:
        """The organisation's code as the workbook writes it (matched ignoring case)."""
        wanted = code.strip().upper()
        return next((c for c in self.rows if c.upper() == wanted), None)

    def organisation(self, code: str) -> Organisation:
        """One organisation's eight results (indicators 5-8, White and BME): a blank value
        is suppressed, never 0; a value that is no fraction of 0-1, a count that is no
        whole number, or an error cell is refused, naming the cell."""
        name, row = self.rows[code]
        sheet = self.frames[name]
        problems: list[Issue] = []
        results = []
        for (indicator, group), (value_at, count_at) in sheet.located.items():
            before = len(problems)
            value = _number(self.path, sheet, row, value_at, problems, fraction=True)
            count = _number(self.path, sheet, row, count_at, problems, fraction=False)
            respondents = None if count is None else int(count)
            if len(problems) > before:
                continue
            if value is None:
                small = respondents is None or respondents < SUPPRESSED_BELOW
                why = SUPPRESSED if small else BLANK
                results.append(GroupResult(indicator, GROUPS[group], respondents, None, why))
            elif respondents is None:
                problems.append(
                    _problem(
                        self.path,
                        sheet,
                        row,
                        count_at,
                        "a result without its number of responses (the count is blank)",
                    )
                )
            else:
                percent = _percent(value)
                results.append(GroupResult(indicator, GROUPS[group], respondents, percent, None))
        if problems:
            _refuse(problems)
        title = _text(sheet, row, sheet.columns["org_name"][0]) or ""
        return Organisation(code, title, name, tuple(results))


def read_benchmark(path: Path) -> Benchmark:
    """The workbook's layout, vintage and organisations; else an error naming what was
    expected and what was found (exit 1), or why the file cannot be read (exit 3)."""
    import fastexcel

    if path.suffix.lower() != ".xlsx":
        _unreadable(
            Issue(
                "unsupported-format",
                path.name,
                "the benchmark workbook is read as .xlsx: open it in Excel and save it as "
                "Excel Workbook (.xlsx)",
            )
        )
    if (why := not_regular(path)) is not None:
        _unreadable(Issue("file-unreadable", path.name, f"cannot be read: {why}"))
    try:
        _check_workbook(path)  # not an .xls, a zip, no zip bomb
        reader = fastexcel.read_excel(path)
        names = list(reader.sheet_names)
    except _Unreadable as err:
        _unreadable(err.issue)
    except BaseException as err:  # fastexcel's own errors, and calamine panics
        _reraise_fatal(err)
        _unreadable(Issue("bad-workbook", path.name, f"cannot read workbook: {_said(err)}"))
    others = {_sheet_key(n) for n in OTHER_SHEETS}
    groups = [(i, n) for i, n in enumerate(names) if _sheet_key(n) not in others]
    if not groups:
        _layout(
            path,
            "no benchmark-group sheet: expected one sheet per benchmark group besides "
            f"{_listed(OTHER_SHEETS)}; found only {_listed(names)}",
        )
    sheets = [_read_sheet(path, reader, index, name) for index, name in groups]
    years = sorted({y for s in sheets for y in _years(s.columns)})
    if not years:
        _layout(path, "no column named <measure>_<YYYY> on any benchmark-group sheet")
    vintage = years[-1]
    sheets = [replace(s, located=_locate(path, s, vintage)) for s in sheets]
    rows: dict[str, tuple[str, int]] = {}
    seen: dict[str, str] = {}  # codes as --org matches them (any case)
    for sheet in sheets:
        for row, code in _organisations(sheet):
            if code.upper() in seen:
                first, line = rows[seen[code.upper()]]
                _refuse(
                    [
                        _problem(
                            path,
                            sheet,
                            row,
                            sheet.columns["org_id"][0],
                            f'org_id {code} is also on row {line + 1} of sheet "{first}": '
                            "which row is the organisation's would be a guess",
                            rule="duplicate-id",
                        )
                    ]
                )
            rows[code] = (sheet.name, row)
            seen[code.upper()] = code
    return Benchmark(
        path=path,
        sha256=_sha256(path),
        vintage=vintage,
        earlier=tuple(years[:-1]),
        sheets=tuple(s.name for s in sheets),
        rows=dict(sorted(rows.items())),
        frames={s.name: s for s in sheets},
    )


def _read_sheet(path: Path, reader: Any, index: int, name: str) -> _Sheet:
    """One benchmark-group sheet and its header row (refused without one)."""
    notes = _CellNotes()
    try:
        _scan_sheet(path, index, notes)  # far cells refused; error cells, formulas noted
        text_sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
        number_sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="float")
        text: pl.DataFrame = text_sheet.to_polars()
        numbers: pl.DataFrame = number_sheet.to_polars()
        offset = min(
            (c.absolute_index - c.index for c in text_sheet.available_columns()), default=0
        )
    except _Unreadable as err:
        _unreadable(err.issue)
    except BaseException as err:
        _reraise_fatal(err)
        _unreadable(Issue("bad-workbook", path.name, f'cannot read sheet "{name}": {_said(err)}'))
    if text.shape != numbers.shape:
        _unreadable(Issue("bad-workbook", path.name, f'sheet "{name}" reads inconsistently'))
    top = [[v.strip() for v in text.row(r) if v and v.strip()] for r in range(text.height)][
        :HEADER_SEARCH
    ]
    header = next((r for r, cells in enumerate(top) if "org_id" in map(_column_key, cells)), None)
    if header is None:
        first = next((cells for cells in top if cells), [])
        found = _listed(first[:6]) + (" ..." if len(first) > 6 else "") if first else "nothing"
        _layout(
            path,
            f'sheet "{name}" is neither a benchmark-group sheet (a header row with '
            f"{_listed(IDENTITY)} in its first {HEADER_SEARCH} rows) nor one of "
            f"{_listed(OTHER_SHEETS)}; its first row holds {found}",
        )
    columns: dict[str, list[int]] = {}
    for i, value in enumerate(text.row(header)):
        if value is not None and value.strip():
            columns.setdefault(_column_key(value), []).append(i + offset)
    missing = [c for c in IDENTITY if c not in columns]
    if missing:
        _layout(
            path,
            f'sheet "{name}": no {_listed(missing)} column in its header (row {header + 1}); '
            f"expected {_listed(IDENTITY)}",
        )
    for column in IDENTITY:
        if len(columns[column]) > 1:
            _layout(path, f'sheet "{name}": the header {column} appears twice')
    return _Sheet(name, text, numbers, offset, header, columns, notes, {})


def _locate(path: Path, sheet: _Sheet, vintage: int) -> Columns:
    """The value and count columns of each indicator and group in ``vintage``; every
    question missing is named, with the columns of its stem the sheet does have."""
    found: Columns = {}
    missing: list[str] = []
    for indicator, stem in STEMS.items():
        absent: list[str] = []
        for group in GROUPS:
            value = f"{stem}_{group}_{vintage}"
            counts = (f"{stem}_n_{group}_{vintage}", f"{stem}_{group}_n_{vintage}")
            present = [c for c in counts if c in sheet.columns]
            for name in (value, *present):
                if len(sheet.columns.get(name, ())) > 1:
                    _layout(path, f'sheet "{sheet.name}": the header {name} appears twice')
            if len(present) > 1:
                _layout(
                    path,
                    f'sheet "{sheet.name}": both {present[0]} and {present[1]} are there: '
                    "which is the number of responses would be a guess",
                )
            if value not in sheet.columns:
                absent.append(value)
            if not present:
                absent.append(counts[0])
            if value in sheet.columns and present:
                found[(indicator, group)] = (sheet.columns[value][0], sheet.columns[present[0]][0])
        if absent:
            seen = sorted(c for c in sheet.columns if c.startswith(stem) and c not in absent)
            shown = _listed(seen[:4]) + (f" and {len(seen) - 4} more" if len(seen) > 4 else "")
            missing.append(
                f"{stem} (indicator {indicator}): missing {_listed(absent)}; found "
                + (shown if seen else "no column starting with it")
            )
    if missing:
        _layout(
            path,
            f'sheet "{sheet.name}" lacks {vintage} columns of {len(missing)} WRES question(s) '
            f"(expected <stem>_1_{vintage}, <stem>_2_{vintage} for White and BME, and "
            f"<stem>_n_1_{vintage}, <stem>_n_2_{vintage} for their responses): "
            + "; ".join(missing),
        )
    return found


def _organisations(sheet: _Sheet) -> list[tuple[int, str]]:
    """(0-based row, code) of each organisation row; rows without an org_id (blank, a
    footnote) hold no organisation."""
    column = sheet.columns["org_id"][0]
    rows = ((row, _text(sheet, row, column)) for row in range(sheet.header + 1, sheet.text.height))
    return [(row, code) for row, code in rows if code is not None]


def _number(
    path: Path, sheet: _Sheet, row: int, column: int, problems: list[Issue], *, fraction: bool
) -> float | None:
    """A value (a fraction, 0-1) or a count (a whole number) of one cell, None when blank;
    a problem when it is neither, or an error cell or a formula without a value (both
    of which would otherwise read as a blank, and so as suppressed)."""
    error = next((v for r, c, v in sheet.notes.errors if (r, c) == (row, column)), None)
    if error is not None:
        message = f"the cell holds the Excel error {error} (a broken formula)"
        problems.append(_problem(path, sheet, row, column, message, "excel-error-cell", error))
        return None
    if (row, column) in sheet.notes.formulas:
        message = "a formula with no saved value: open and save the workbook in Excel"
        problems.append(_problem(path, sheet, row, column, message, "formula-no-value"))
        return None
    text = _text(sheet, row, column)
    if text is None:
        return None
    number = sheet.numbers[sheet.numbers.columns[column - sheet.offset]][row]
    if number is None or not _numeric(text):
        problems.append(_problem(path, sheet, row, column, "not a number", value=text))
        return None
    if fraction and not 0 <= number <= 1:
        message = (
            f"{text} is not a fraction from 0 to 1: the workbook's results are fractions "
            "(0.254 is 25.4%)"
        )
        problems.append(_problem(path, sheet, row, column, message))
        return None
    if not fraction and (number < 0 or number != int(number)):
        message = "the number of responses is not a whole number of 0 or more"
        problems.append(_problem(path, sheet, row, column, message, value=text))
        return None
    return float(number)


def _percent(value: float) -> str:
    """A fraction as a percentage, in decimal: 0.254 is 25.4, not 25.400000000000002."""
    from decimal import Decimal

    return format((Decimal(repr(value)) * 100).normalize(), "f")


def _numeric(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _text(sheet: _Sheet, row: int, column: int) -> str | None:
    """A cell's text, stripped; None when blank (or beyond the used range)."""
    at = column - sheet.offset
    if not 0 <= at < sheet.text.width or row >= sheet.text.height:
        return None
    value = sheet.text[sheet.text.columns[at]][row]
    return (value.strip() or None) if isinstance(value, str) else None


def _years(columns: dict[str, list[int]]) -> set[int]:
    return {
        int(m.group(1))
        for name in columns
        if (m := re.fullmatch(r".+_((?:19|20)\d\d)", name)) is not None
    }


def _sheet_key(name: str) -> str:
    """A sheet name as compared: letters and digits, lower case, no plural s."""
    return re.sub(r"[^0-9a-z]", "", name.casefold()).removesuffix("s")


def _column_key(header: str) -> str:
    return header.strip().casefold()


def cell_name(sheet: str, row: int, column: int) -> str:
    """A cell as Excel names it (0-based row and column): Acute!F7, 'Acute Trusts'!F7."""
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet)
    quoted = sheet if plain else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{column_letter(column)}{row + 1}"


def _problem(
    path: Path,
    sheet: _Sheet,
    row: int,
    column: int,
    message: str,
    rule: str = "benchmark-value",
    value: str | None = None,
) -> Issue:
    """A cell's problem: the cell as Excel names it, its header and the organisation."""
    header = next((h for h, cols in sheet.columns.items() if column in cols), "")
    code = _text(sheet, row, sheet.columns["org_id"][0]) or "?"
    where = f"{cell_name(sheet.name, row, column)} ({header}, organisation {code})"
    return Issue(rule, path.name, f"{where}: {message}", value=value)


def _refuse(problems: list[Issue]) -> NoReturn:
    """The first problem as one line, and how many more there are."""
    more = f" (and {len(problems) - 1} more cell(s))" if len(problems) > 1 else ""
    raise DataInvalid(_line(problems[0]) + more)


def _layout(path: Path, message: str) -> NoReturn:
    raise DataInvalid(_line(Issue("benchmark-layout", path.name, message)))


def _unreadable(issue: Issue) -> NoReturn:
    raise InputUnreadable(_line(issue))


def _line(issue: Issue) -> str:
    """An issue as the one line after ``wres: error:``: the file, the message (room for a
    layout's expected-and-found list, which names a few columns per question), the value
    and the rule code; input text shown escaped."""
    value = f' (value "{printable(issue.value, 80)}")' if issue.value is not None else ""
    return f"{printable(issue.file)}: {printable(issue.message, 1500)}{value} [{issue.rule}]"


def _reraise_fatal(err: BaseException) -> None:
    if isinstance(err, KeyboardInterrupt | SystemExit | MemoryError):
        raise err


def _said(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0][:200] if text else type(err).__name__


def _listed(items: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f'"{i}"' for i in items)


def _sha256(path: Path) -> str:
    """The file's SHA-256, recorded with the figures so a report traces to the exact file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
