"""CSV files as exports write them: encodings detected without loss, binary content and
broken structure located, title rows and Excel's ``sep=`` line, the size limits."""

from __future__ import annotations

import mmap
import os
import re
from pathlib import Path

import polars as pl

from wres_cli.issues import Issue
from wres_cli.limits import (
    MAX_COLUMNS,
    MAX_LINE_BYTES,
    MEMORY_FACTOR,
)
from wres_cli.load.headers import HEADER_SCAN_ROWS
from wres_cli.load.table import _Unreadable, column_letter
from wres_cli.schema.spec import ColumnSpec, normalise_header

_UTF8_BOM = b"\xef\xbb\xbf"


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_TEXT_BYTES = bytes(b for b in range(256) if not _CONTROL.match(bytes([b])))
"""Every byte but the control bytes: deleting these leaves only the binary ones (fast)."""


def available_memory() -> int:
    """Bytes of memory available now (Linux / macOS); 0 when unknown."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 0


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The signature of an OLE compound file: Excel 97-2003 (.xls)."""


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: text whose every other byte is NUL."""
    head = raw[:2000]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.4


def _check_limits(path: Path, raw: bytes | mmap.mmap) -> None:
    """Refuse, with a clear message, files that would exhaust memory or hang the reader."""
    # a line of MAX_LINE_BYTES or more holds a whole aligned window of half that size
    half = MAX_LINE_BYTES // 2
    for start in range(0, len(raw) - half + 1, half):
        if raw.find(b"\n", start, start + half) < 0:  # stops at the first newline: a page
            line = bytes(raw[:start]).count(b"\n") + 1
            raise _Unreadable(
                Issue(
                    "line-too-long",
                    path.name,
                    f"a line of more than {MAX_LINE_BYTES // (1 << 20)} MB (no real row is "
                    "this long): is a quote unbalanced, or is this not a CSV?",
                    line=line,
                )
            )
    header_end = raw.find(b"\n", 0, 10_000_000)
    header = raw[: header_end if header_end >= 0 else 10_000_000]
    columns = max(header.count(sep) for sep in (b",", b";", b"\t", b"|")) + 1
    if columns > MAX_COLUMNS:
        raise _Unreadable(
            Issue(
                "too-many-columns",
                path.name,
                f"{columns:,} columns on line 1; at most {MAX_COLUMNS:,} are read "
                "(is this the right file, and is its separator a comma?)",
                line=1,
            )
        )
    memory = available_memory()
    if memory and len(raw) * MEMORY_FACTOR > memory:
        raise _Unreadable(
            Issue(
                "file-too-large",
                path.name,
                f"{len(raw) / 1e9:.1f} GB needs about {len(raw) * MEMORY_FACTOR / 1e9:.0f} GB "
                f"of memory and {memory / 1e9:.1f} GB is available; split the extract by "
                "organisation or year",
            )
        )


SPACES = " \t\u00a0"
"""What a cell's surrounding space is made of: the loader trims these."""


def _spaces(present: frozenset[bytes]) -> str:
    """The surrounding-space characters a file can hold: a tab or a no-break space only
    when its byte is ``present`` in the file at all, so that each cell is tested for
    fewer of them (the test was half the time of reading the file)."""
    tab = "\t" if b"\t" in present else ""
    no_break = "\u00a0" if b"\xa0" in present else ""  # its UTF-8 is C2 A0
    return " " + tab + no_break


LOOKED_FOR = b'\t\xa0"\x00'
"""The bytes a file is scanned for: padding (tab, no-break space), quote (a cell over
lines, with CR: looked for only in a file that has a quote), NUL (binary content)."""
WINDOW = 64 << 20
"""How much of a mapped file is scanned before its pages are let go."""


def _present(data: bytes | mmap.mmap, wanted: bytes = LOOKED_FOR) -> frozenset[bytes]:
    """Which of the single bytes ``wanted`` are anywhere in ``data``: ``memchr`` for each,
    one window at a time, so that a mapped file's pages are read once and let go (five
    scans of the whole file, each letting go, took 0.3 s over 350 MB, against 0.08)."""
    missing = {wanted[i : i + 1] for i in range(len(wanted))}
    for start in range(0, len(data), WINDOW):
        missing = {b for b in missing if data.find(b, start, start + WINDOW) < 0}
        _released(data, start, start + WINDOW)
        if not missing:
            break
    return frozenset(wanted[i : i + 1] for i in range(len(wanted))) - missing


def _released(data: bytes | mmap.mmap, start: int, end: int) -> None:
    """Let go of a scanned range of a mapped file: the pages stay in the page cache, but
    no longer count in this process's memory. A scan of a whole 180 MB file otherwise
    raised the national run's peak by the file's size (the files read before it are
    still held)."""
    if isinstance(data, mmap.mmap):
        first = start - start % mmap.PAGESIZE  # madvise takes a page-aligned start
        last = min(end, len(data))
        if last > first:
            data.madvise(mmap.MADV_DONTNEED, first, last - first)


BLOCK = 1 << 20
"""The first block of a file: what its kind, encoding, title rows, header and separator
are read from. A file no longer than this is read whole, as bytes."""


def _read_csv(
    path: Path,
    specs: tuple[ColumnSpec, ...],
    mapping: dict[str, str],
    header_row: int | None,
) -> tuple[pl.DataFrame, str, int, str]:
    """Decode without loss (UTF-8, UTF-8 with BOM or Windows-1252) and split into cells.

    Title rows above the header (a report name, a run date) are skipped: the third value
    is how many lines were skipped, so that line numbers stay those of the file.

    A file longer than one block whose first block is plain UTF-8 text with LF or CRLF
    line ends is split by Polars from the file itself (``_read_large``): no copy of it
    is held in Python, and no Python pass goes over its bytes. Binary content is recognised
    from the first block (any control byte there) and by a NUL byte anywhere (found by
    ``memchr``); either is read whole, located and refused. Another control byte past
    the first block stays in its cell, where validation reports the value if it is coded.
    Anything else, and any file Polars cannot split as strict UTF-8 (Windows-1252, a
    broken quote), is read whole (``_read_whole``), which finds and locates every
    problem; both give the same cells, issues and line numbers
    (``tests/test_large_files.py``)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(BLOCK + 1)
    except OSError as err:
        raise _Unreadable(Issue("file-unreadable", path.name, err.strerror or str(err))) from err
    if len(head) > BLOCK:
        read = _read_large(path, head[:BLOCK], specs, mapping, header_row)
        if read is not None:
            return read
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise _Unreadable(Issue("file-unreadable", path.name, err.strerror or str(err))) from err
    return _read_whole(path, raw, specs, mapping, header_row)


def _read_large(
    path: Path,
    head: bytes,
    specs: tuple[ColumnSpec, ...],
    mapping: dict[str, str],
    header_row: int | None,
) -> tuple[pl.DataFrame, str, int, str] | None:
    """Polars splits the file from disk; None when the whole-file reader must decide."""
    if head.startswith((b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff", _OLE)) or _looks_utf16(head):
        return None
    encoding, start = ("utf-8-sig", len(_UTF8_BOM)) if head.startswith(_UTF8_BOM) else ("utf-8", 0)
    head = head[start : head.rfind(b"\n") + 1]  # whole lines only
    if not head or head.isspace() or b"\r" in head.replace(b"\r\n", b""):
        return None  # lone CR (old Mac line ends) or no whole line: read whole
    head = head.replace(b"\r\n", b"\n")
    if _CONTROL.search(head) or not _utf8(head):
        return None
    if head[:4].lower() == b"sep=":
        return None  # Excel's separator line: rare in large files, read whole
    if header_row is not None and header_row - 1 > head.count(b"\n") - 1:
        return None
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
        _check_limits(path, view)
        # A quoted cell over several lines keeps its CRLF in Polars (the whole-file reader
        # makes it LF). Only a file with a CR and a quote can hold one; it does when it has
        # more lines than Polars gave records (each cell over two lines takes one line more).
        present = _present(view)
        crlf = b'"' in present and bool(_present(view, b"\r"))  # a fifth scan, when needed
        lines = _lines(view) if crlf else 0
        if b"\x00" in present:  # the mark of binary content, looked for everywhere
            return None  # (read whole: located and refused)
        spaces = _spaces(present)
    skipped = _title_lines(head, specs, mapping, header_row)
    offset = 0
    for _ in range(skipped):
        offset = head.find(b"\n", offset) + 1
    end = head.find(b"\n", offset)
    first_line = head[offset:end].decode("utf-8")
    separator = max((",", ";", "\t", "|"), key=first_line.count)
    try:
        grid = pl.read_csv(
            path,
            has_header=False,
            infer_schema=False,
            separator=separator,
            quote_char='"',
            skip_lines=skipped,
            encoding="utf8",
        )
    except (pl.exceptions.PolarsError, OSError):
        return None  # not UTF-8 after the first block, or a broken quote: read whole
    if lines > skipped + grid.height and grid.width:
        grid = grid.with_columns(pl.all().str.replace_all("\r\n", "\n", literal=True))
    return grid, encoding, skipped, spaces


def _lines(view: mmap.mmap) -> int:
    """The file's lines (a last one without its newline counted), counted in C."""
    chunk = 16 << 20
    ends = 0
    for i in range(0, len(view), chunk):
        ends += view[i : i + chunk].count(b"\n")
        _released(view, i, i + chunk)
    return ends + (1 if len(view) and view[-1:] != b"\n" else 0)


def _utf8(block: bytes) -> bool:
    """Whether a block is UTF-8 (ASCII included)."""
    if block.isascii():
        return True
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read_whole(
    path: Path,
    raw: bytes,
    specs: tuple[ColumnSpec, ...],
    mapping: dict[str, str],
    header_row: int | None,
) -> tuple[pl.DataFrame, str, int, str]:
    """The whole file as bytes: every problem found and located."""
    if not raw or raw.isspace():
        return pl.DataFrame(), "utf-8", 0, SPACES
    if raw.startswith(b"PK\x03\x04"):
        raise _Unreadable(
            Issue(
                "not-a-table",
                path.name,
                "this is an Excel workbook or zip file, not CSV; save it as .xlsx or export CSV",
                line=1,
            )
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Unreadable(
            Issue("undecodable", path.name, "file is UTF-16; save it as 'CSV UTF-8'", line=1)
        )
    if _looks_utf16(raw):
        raise _Unreadable(
            Issue(
                "undecodable",
                path.name,
                "file is UTF-16 without a byte order mark (every other byte is 0); save it "
                "as 'CSV UTF-8'",
                line=1,
            )
        )
    if raw.startswith(_OLE):
        raise _Unreadable(
            Issue(
                "not-a-table",
                path.name,
                "this is an old Excel .xls workbook, not CSV: save it as .xlsx or CSV UTF-8",
                line=1,
            )
        )
    encoding = "utf-8"
    if raw.startswith(_UTF8_BOM):
        raw, encoding = raw[len(_UTF8_BOM) :], "utf-8-sig"
        if not raw or raw.isspace():
            return pl.DataFrame(), encoding, 0, SPACES
    if b"\r" in raw:  # Windows CRLF, and old Mac "CSV (Macintosh)" lone CR, to LF
        raw = raw.replace(b"\r\n", b"\n")
        if b"\r" in raw:
            raw = raw.replace(b"\r", b"\n")
    _check_limits(path, raw)
    separator_given = None
    if raw[:4].lower() == b"sep=" and (raw[5:6] in (b"\n", b"") or raw[4:5] == b"\t"):
        # Excel's "sep=;" first line names the separator: read it, as Excel does
        separator_given = raw[4:5].decode("latin-1")
        raw = raw[raw.find(b"\n") + 1 :] if b"\n" in raw else b""
    # Control bytes are the same in UTF-8 and Windows-1252, so binary content is found
    # before decoding: a binary file is "not a table", whatever its other bytes are.
    control = _CONTROL.search(raw) if raw.translate(None, _TEXT_BYTES) else None
    if control:
        raise _Unreadable(
            _byte_issue(
                path,
                raw,
                control.start(),
                "not-a-table",
                "binary data (control character) in a text file",
            )
        )
    try:
        if not raw.isascii():
            raw.decode("utf-8")  # validates; Polars reads the bytes themselves
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError as err:
            # the byte neither encoding can read, not the first non-UTF-8 one (é in cp1252)
            raise _Unreadable(_byte_issue(path, raw, err.start)) from err
        raw = text.encode("utf-8")
    sep_line = 1 if separator_given else 0
    skipped = _title_lines(
        raw, specs, mapping, None if header_row is None else header_row - sep_line
    )
    if skipped:
        offset = 0
        for _ in range(skipped):
            offset = raw.find(b"\n", offset) + 1
        raw = raw[offset:]
    skipped += sep_line
    end = raw.find(b"\n")
    first_line = raw[: end if end >= 0 else len(raw)].decode("utf-8")
    separator = separator_given or max((",", ";", "\t", "|"), key=first_line.count)
    try:
        grid = pl.read_csv(
            raw,
            has_header=False,
            infer_schema=False,
            separator=separator,
            quote_char='"',
        )
    except (pl.exceptions.PolarsError, OSError) as err:
        message = str(err).strip().splitlines()[0][:200]
        raise _Unreadable(
            _malformed(path, raw.decode("utf-8", "replace"), separator)
            or Issue("malformed-csv", path.name, f"cannot split into cells: {message}")
        ) from err
    return grid, encoding, skipped, _spaces(_present(raw, b"\t\xa0"))


def _title_lines(
    raw: bytes, specs: tuple[ColumnSpec, ...], mapping: dict[str, str], header_row: int | None
) -> int:
    """Lines above the header: ``header_row`` - 1 when configured, else the line among
    the first ones holding the most known headers (0 when that is the first line)."""
    import csv
    import io

    if header_row is not None:
        return max(0, min(header_row - 1, raw.count(b"\n")))
    head = raw[: 1 << 20].decode("utf-8", "replace").split("\n")[:HEADER_SCAN_ROWS]
    if len(head) < 2:
        return 0
    known = {normalise_header(a) for s in specs for a in s.aliases}
    known |= {normalise_header(h) for h in mapping.values()}
    best, best_score = 0, 0
    for index, line in enumerate(head):
        if len(line) > 100_000:  # no header is this long (a huge cell: leave it to the reader)
            continue
        separator = max((",", ";", "\t", "|"), key=line.count)
        try:
            cells = next(csv.reader(io.StringIO(line), delimiter=separator), [])
        except csv.Error:
            continue
        score = sum(1 for c in cells if normalise_header(c) in known)
        if score > best_score:
            best, best_score = index, score
    return best


def _malformed(path: Path, text: str, separator: str) -> Issue | None:
    """Where a CSV stops splitting: the row with more fields than the header, or the line
    whose quote never closes (found by the standard csv module, only after a failure)."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text), delimiter=separator, strict=True)
    width, start = 0, 1
    try:
        for row in reader:
            if width == 0:
                width = len(row)
            elif len(row) > width:
                return Issue(
                    "malformed-csv",
                    path.name,
                    f"{len(row)} fields where the header has {width}",
                    line=start,
                    column_letter=column_letter(width),
                    column=f"field {width + 1}",
                )
            start = reader.line_num + 1
    except csv.Error:
        line = text.splitlines()[start - 1] if start - 1 < len(text.splitlines()) else ""
        column = _open_quote_field(line, separator)
        header = next(csv.reader(io.StringIO(text), delimiter=separator), [])
        name = header[column].strip() if column is not None and column < len(header) else None
        return Issue(
            "malformed-csv",
            path.name,
            "a quote opens here and never closes, so the rest of the file is one cell",
            line=start,
            column=name,
            column_letter=column_letter(column) if column is not None else None,
        )
    return None


def _open_quote_field(line: str, separator: str) -> int | None:
    """Index of the field on ``line`` whose opening quote is not closed on that line."""
    field, quoted, at_start = 0, False, True
    opened = None
    for char in line:
        if quoted:
            if char == '"':
                quoted = False
            continue
        if char == separator:
            field, at_start = field + 1, True
            continue
        if char == '"' and at_start:
            quoted, opened = True, field
        at_start = False
    return opened if quoted else None


def _byte_issue(
    path: Path, raw: bytes, pos: int, rule: str = "undecodable", what: str | None = None
) -> Issue:
    """Locate a bad byte as line and column (counting separators before it on its line)."""
    line_start = raw.rfind(b"\n", 0, pos) + 1
    line = raw.count(b"\n", 0, pos) + 1
    field_index = raw[line_start:pos].count(b",")
    first = raw.split(b"\n", 1)[0]
    try:
        header = first.decode("utf-8").split(",")
    except UnicodeDecodeError:
        header = first.decode("cp1252", "replace").split(",")
    # a first line without separators is no header (a binary file's first bytes, "‰PNG")
    located = len(header) > 1 and field_index < len(header)
    column = header[field_index].strip().strip('"') if located else None
    message = what or (
        f"byte 0x{raw[pos]:02X} is not valid UTF-8 or Windows-1252; re-save the file as CSV UTF-8"
    )
    return Issue(
        rule,
        path.name,
        message,
        line=line,
        column=column,
        column_letter=column_letter(field_index) if located else None,
    )
