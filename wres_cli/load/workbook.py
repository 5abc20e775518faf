"""XLSX workbooks: the sheet to read, what the cell XML says that values alone do not
(percentage formats, error cells, unsaved formulas), and the guards against workbooks
that would exhaust memory (far cells, zip bombs)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO

import polars as pl

from wres_cli.issues import Issue
from wres_cli.limits import (
    MAX_SHEET_CELLS,
    MAX_WORKBOOK_PART_BYTES,
    SCAN_LIMIT,
)
from wres_cli.load.delimited import _OLE
from wres_cli.load.table import _Unreadable, column_letter
from wres_cli.schema.columns import Kind
from wres_cli.schema.spec import ColumnSpec, normalise_header


class _CellNotes:
    """What the cell XML of a workbook says that the values alone do not: which cells are
    formatted as percentages (0.241 shown as 24.1%), which hold an Excel error (#N/A),
    which hold a formula with no saved value. Positions are 0-based (row, column)."""

    def __init__(self) -> None:
        self.percent: set[tuple[int, int]] = set()
        self.errors: list[tuple[int, int, str]] = []
        self.formulas: list[tuple[int, int]] = []

    def report(
        self,
        file: str,
        headers: list[str],
        positions: dict[str, int],
        header_index: int,
        issues: list[Issue],
    ) -> None:
        """Errors for error cells and unsaved formulas in the columns read (and below the
        header): a broken formula is never a blank or a dropped row."""
        used = set(positions.values())
        for row, col, value in self.errors:
            if col in used and row > header_index:
                issues.append(
                    Issue(
                        "excel-error-cell",
                        file,
                        f"the cell holds the Excel error {value} (a broken formula or "
                        "lookup): fix it in the workbook",
                        line=row + 1,
                        column=headers[col] if col < len(headers) else None,
                        column_letter=column_letter(col),
                        value=value,
                    )
                )
        for row, col in self.formulas:
            if col in used and row > header_index:
                issues.append(
                    Issue(
                        "formula-no-value",
                        file,
                        "a formula with no saved value (the file was written by a program "
                        "that does not calculate): open and save it in Excel, or paste values",
                        line=row + 1,
                        column=headers[col] if col < len(headers) else None,
                        column_letter=column_letter(col),
                    )
                )

    def as_percent(
        self,
        body: pl.DataFrame,
        names: list[str],
        positions: dict[str, int],
        specs: tuple[ColumnSpec, ...],
        first_row: int,
        fractions: bool = False,
    ) -> tuple[pl.DataFrame, int]:
        """Percentage-formatted cells of percent columns as the sheet shows them:
        0.241 formatted 0.0% is 24.1, never 0.241%; and how many were converted. With
        ``fractions`` (``survey_percent_as_fraction``) every other cell of the column is a
        fraction too, so the 0-100 check that follows sees percentages."""
        from decimal import Decimal, InvalidOperation

        converted = 0
        percent_columns = {
            positions[s.name] for s in specs if s.kind is Kind.PERCENT and s.name in positions
        }
        for col in percent_columns:
            rows = sorted(r - first_row for r, c in self.percent if c == col and r >= first_row)
            if fractions:
                formatted = set(rows)
                rows = [r for r in range(body.height) if r not in formatted]
                converted -= len(rows)  # only formatted cells are reported as such
            if not rows:
                continue
            values = body[names[col]].to_list()
            for r in rows:
                if r < len(values) and values[r] is not None:
                    try:
                        values[r] = format((Decimal(values[r]) * 100).normalize(), "f")
                    except InvalidOperation:
                        continue
                    converted += 1
            body = body.with_columns(pl.Series(names[col], values, dtype=pl.String))
        return body, converted


def _read_xlsx(
    path: Path, kind: str, sheet: str | None, cells: _CellNotes, issues: list[Issue]
) -> pl.DataFrame:
    """The sheet wres.toml names, else the sheet named like the file, else the first
    visible sheet (a hidden sheet is never read in place of the data); every cell as
    text, rows kept in place."""
    import fastexcel

    if path.stat().st_size == 0:
        return pl.DataFrame()
    _check_workbook(path)
    try:
        reader = fastexcel.read_excel(path)
        names = reader.sheet_names
        hidden = _hidden_sheets(path)
        if sheet is not None:
            if sheet not in names:
                raise _Unreadable(
                    Issue(
                        "bad-workbook",
                        path.name,
                        f'no sheet "{sheet}" (wres.toml [files]); the sheets are '
                        + ", ".join(f'"{n}"' for n in names),
                    )
                )
            chosen = sheet
        else:
            visible = [n for n in names if n not in hidden] or names
            chosen = next(
                (n for n in visible if normalise_header(n) == normalise_header(kind)), visible[0]
            )
            if names.index(chosen) > 0 and names[0] in hidden:
                issues.append(
                    Issue(
                        "hidden-sheet",
                        path.name,
                        f'the first sheet "{names[0]}" is hidden and was not read; read '
                        f'"{chosen}" (choose another with sheet in wres.toml [files])',
                    )
                )
        _scan_sheet(path, names.index(chosen), cells)
        loaded = reader.load_sheet(chosen, header_row=None, skip_rows=0, dtypes="string")
        frame: pl.DataFrame = loaded.to_polars()
        # the sheet's used range may start right of column A: pad so letters stay true
        offset = min((c.absolute_index - c.index for c in loaded.available_columns()), default=0)
    except _Unreadable:
        raise
    except BaseException as err:  # fastexcel's own errors, and calamine panics (BaseException)
        if isinstance(err, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        message = str(err).strip().splitlines()[0][:200] if str(err).strip() else type(err).__name__
        raise _Unreadable(
            Issue("bad-workbook", path.name, f"cannot read workbook: {message}")
        ) from err
    padding = [pl.lit(None, dtype=pl.String).alias(f"__pad{i}") for i in range(offset)]
    return frame.select(
        *padding,
        *(pl.col(c).str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "$1") for c in frame.columns),
    )


def _check_workbook(path: Path) -> None:
    """Refuse what is no workbook, or would inflate beyond memory, before a reader opens it,
    naming the real problem."""

    def refuse(message: str) -> _Unreadable:
        return _Unreadable(Issue("bad-workbook", path.name, message))

    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE):
        raise refuse(
            "an old Excel .xls workbook (or an encrypted one) named .xlsx: open it in Excel "
            "and save it as Excel Workbook (.xlsx)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise refuse(f"not an .xlsx workbook (not a readable zip file: {err})") from err
    names = {p.filename for p in parts}
    if "xl/workbook.xml" not in names:
        raise refuse(
            "a zip file without the workbook part xl/workbook.xml: not an Excel workbook "
            "(a .docx or .zip renamed?), or a damaged one"
        )
    for part in parts:  # what each inflates to really, not what its header declares
        deflated = part.compress_type == zipfile.ZIP_DEFLATED and part.filename.endswith(".xml")
        if deflated and _inflated_size(path, part, MAX_WORKBOOK_PART_BYTES) > (
            MAX_WORKBOOK_PART_BYTES
        ):
            raise refuse(
                f"{part.filename} inflates beyond {MAX_WORKBOOK_PART_BYTES >> 30} GiB "
                f"(its header says {part.file_size:,} bytes): a zip bomb"
            )
    total = sum(p.file_size for p in parts)
    largest = max(parts, key=lambda p: p.file_size)
    if largest.file_size > MAX_WORKBOOK_PART_BYTES or total > 2 * MAX_WORKBOOK_PART_BYTES:
        raise refuse(
            f"the workbook would inflate to {total / (1 << 30):.1f} GiB ({largest.filename}: "
            f"{largest.file_size / (1 << 30):.1f} GiB) from {path.stat().st_size / 1e6:.1f} MB; "
            f"at most {MAX_WORKBOOK_PART_BYTES >> 30} GiB per part is read (a zip bomb, or "
            "an extract to split)"
        )


def _inflated_size(path: Path, part: zipfile.ZipInfo, limit: int) -> int:
    """Bytes a deflated part really inflates to (up to just over ``limit``), counted from
    its compressed data in bounded steps: a header may lie about the size."""
    import struct
    import zlib

    if part.file_size < limit and part.compress_size * 1032 < limit:
        return part.file_size  # even at deflate's best ratio (~1032:1) it stays small
    with path.open("rb") as handle:
        handle.seek(part.header_offset)
        local = handle.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            return part.file_size
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        handle.seek(part.header_offset + 30 + name_length + extra_length)
        inflate = zlib.decompressobj(-15)
        size, left = 0, part.compress_size
        while left > 0 and size <= limit:
            data = handle.read(min(left, 1 << 20))
            if not data:
                break
            left -= len(data)
            while data and size <= limit:
                size += len(inflate.decompress(data, 16 << 20))
                data = inflate.unconsumed_tail
    return size


def _hidden_sheets(path: Path) -> set[str]:
    """Names of the sheets the workbook marks hidden or very hidden."""
    import html

    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return set()
    return {
        html.unescape(m.group(1).decode("utf-8", "replace"))
        for m in re.finditer(
            rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?state="(?:hidden|veryHidden)"', workbook
        )
    } | {
        html.unescape(m.group(1).decode("utf-8", "replace"))
        for m in re.finditer(
            rb'<sheet\b[^>]*?state="(?:hidden|veryHidden)"[^>]*?name="([^"]*)"', workbook
        )
    }


_CELL = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[A-Za-z_][\w.-]*:)?c>)", re.DOTALL
)


_REF = re.compile(rb"(?<![\w:])r\s*=\s*[\"']\s*([A-Za-z]+)\s*([0-9]+)\s*[\"']")
"""A cell reference in any attribute order, quoting, spacing, case or namespace prefix."""


_STYLE = re.compile(rb"(?<![\w:])s\s*=\s*[\"']([0-9]+)[\"']")


_TYPE = re.compile(rb"(?<![\w:])t\s*=\s*[\"']([a-z]+)[\"']")


_PERCENT_FORMATS = {9, 10}
"""Excel's built-in number formats 0% and 0.00%."""


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indices of the cell styles whose number format shows a percentage."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    custom = {
        int(m.group(1))
        for m in re.finditer(
            rb'<numFmt\b[^>]*?numFmtId="([0-9]+)"[^>]*?formatCode="([^"]*)"', styles
        )
        if b"%" in re.sub(rb'"[^"]*"|\\.', b"", m.group(2).replace(b"&quot;", b'"'))
    }
    xfs = re.search(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", styles, re.DOTALL)
    if xfs is None:
        return set()
    found = set()
    for index, xf in enumerate(re.finditer(rb"<xf\b([^>]*?)/?>", xfs.group(1))):
        number = re.search(rb'numFmtId="([0-9]+)"', xf.group(1))
        if number and int(number.group(1)) in (_PERCENT_FORMATS | custom):
            found.add(index)
    return found


def _far_cell(path: Path, rows: int, cols: int) -> None:
    if cols > 16_384 or rows > 1_048_576 or rows * cols > MAX_SHEET_CELLS:
        raise _Unreadable(
            Issue(
                "bad-workbook",
                path.name,
                f"the sheet's cells span {rows:,} rows x {cols:,} columns, far beyond any "
                "export; delete the stray cells far from the data",
            )
        )


def _scan_far_cells(path: Path, stream: IO[bytes], head: bytes) -> None:
    """The area a large sheet's cells span, read in chunks (never the whole sheet at
    once), and its true inflated size: a part larger than it declares is refused too."""
    rows = cols = 0
    size, tail = len(head), b""
    chunk = head
    while chunk:
        text = tail + chunk
        for ref in _REF.finditer(text):
            col = 0
            for char in ref.group(1).upper():
                col = col * 26 + char - 64
            rows, cols = max(rows, int(ref.group(2))), max(cols, col)
        tail = text[-64:]
        chunk = stream.read(16 << 20)
        size += len(chunk)
        if size > MAX_WORKBOOK_PART_BYTES:
            raise _Unreadable(
                Issue(
                    "bad-workbook",
                    path.name,
                    f"a sheet inflates beyond {MAX_WORKBOOK_PART_BYTES >> 30} GiB (whatever its "
                    "header says): a zip bomb, or an extract to split",
                )
            )
    _far_cell(path, rows, cols)


_RELATIONSHIP = re.compile(rb'<Relationship\b(?=[^>]*?\bId="([^"]+)")(?=[^>]*?\bTarget="([^"]+)")')
"""A relationship's Id and Target, in either order (openpyxl writes Target first)."""


def _scan_sheet(path: Path, index: int, cells: _CellNotes) -> None:
    """Refuse a sheet whose cells span an area too large to allocate, before reading it;
    note percentage-formatted cells, error cells and formulas without a saved value."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            ids = re.findall(rb'<sheet [^>]*?r:id="([^"]+)"', workbook)
            targets = dict(re.findall(_RELATIONSHIP, rels))
            target = targets.get(ids[index], b"") if index < len(ids) else b""
            name = "xl/" + target.decode().lstrip("/").removeprefix("xl/")
            percent = _percent_styles(archive)
            with archive.open(name) as stream:
                xml = stream.read(SCAN_LIMIT + 1)
                if len(xml) > SCAN_LIMIT:  # a large sheet: its far cells, read in chunks
                    _scan_far_cells(path, stream, xml)
                    return
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, IndexError):
        return  # let the reader report what is wrong with the workbook
    rows = cols = 0
    for match in _CELL.finditer(xml):
        attributes, content = match.group(1), match.group(2) or b""
        ref = _REF.search(attributes)
        if ref is None:
            continue
        col = 0
        for char in ref.group(1).upper():
            col = col * 26 + char - 64
        row = int(ref.group(2))
        rows, cols = max(rows, row), max(cols, col)
        style = _STYLE.search(attributes)
        kind = _TYPE.search(attributes)
        if kind is not None and kind.group(1) == b"e":
            value = re.search(rb"<v>(.*?)</v>", content, re.DOTALL)
            text = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
            cells.errors.append((row - 1, col - 1, text))
        elif b"<f" in content and b"<v" not in content:
            cells.formulas.append((row - 1, col - 1))
        elif style is not None and int(style.group(1)) in percent and b"<v" in content:
            cells.percent.add((row - 1, col - 1))
    _far_cell(path, rows, cols)
