"""Read a WRES data folder into Polars frames of text: encoding, headers, nothing else.

Every cell stays a string here; parsing to types is validation's job, so that a bad
cell becomes an issue with its line and column rather than a read failure.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import polars as pl
import pydantic

from wres_cli.schema.models import FILE_MODELS, InputFile, WresToml
from wres_cli.schema.spec import LINE, ColumnSpec, column_specs, normalise_header
from wres_cli.validate import Issue

SUFFIXES = (".csv", ".xlsx")
HEADER_SCAN_ROWS = 30
_UTF8_BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TEXT_BYTES = bytes(b for b in range(256) if not _CONTROL.match(bytes([b])))
"""Every byte but the control bytes: deleting these leaves only the binary ones (fast)."""
_BLANK = "_blank"


@dataclass(frozen=True)
class Table:
    """One input file as read: canonical columns (text) plus the line number column."""

    kind: str
    path: Path
    encoding: str
    header_line: int
    headers: dict[str, str]
    """Canonical column name -> header text as it appears in the file."""
    letters: dict[str, str]
    """Canonical column name -> spreadsheet column letter."""
    ignored: tuple[str, ...]
    frame: pl.DataFrame
    rows_read: int

    @property
    def label(self) -> str:
        """File name as shown in messages."""
        return self.path.name


@dataclass(frozen=True)
class Loaded:
    """A data folder as read: configuration, tables, and problems met while reading."""

    folder: Path
    config: WresToml
    reporting_year: int | None
    tables: dict[str, Table]
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    narrative: str | None = None
    """The foreword in ``narrative.md`` (Markdown), when the folder has one."""


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _Unreadable(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def load_folder(folder: Path, on_file: Callable[[Path], None] | None = None) -> Loaded:
    """Read the configuration and every input file present in ``folder``.

    ``on_file`` is told after each file is read (the CLI's progress bar)."""
    issues: list[Issue] = []
    config = _read_config(folder, issues)
    year = config.reporting_year
    if year is None and re.fullmatch(r"\d{4}", folder.resolve().name):
        year = int(folder.resolve().name)
    tables: dict[str, Table] = {}
    for kind, path in _discover(folder, issues).items():
        try:
            table = _read_table(
                path,
                FILE_MODELS[kind],
                cast(dict[str, dict[str, str]], config.columns).get(kind, {}),
                issues,
            )
        except _Unreadable as err:
            issues.append(err.issue)
            continue
        if table is not None:
            tables[kind] = table
        if on_file is not None:
            on_file(path)
    narrative = _read_narrative(folder / NARRATIVE, issues)
    return Loaded(folder, config, year, tables, tuple(issues), narrative)


NARRATIVE = "narrative.md"
MAX_NARRATIVE_BYTES = 200_000


def _read_narrative(path: Path, issues: list[Issue]) -> str | None:
    """The foreword as text: UTF-8 (BOM allowed), of a size a board paper can hold."""
    if not path.is_file():
        return None
    raw = path.read_bytes()
    if len(raw) > MAX_NARRATIVE_BYTES:
        issues.append(
            Issue(
                "narrative-too-long",
                path.name,
                f"{len(raw):,} bytes; a foreword of at most {MAX_NARRATIVE_BYTES:,} is expected",
            )
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        issues.append(
            Issue(
                "undecodable",
                path.name,
                f"byte 0x{raw[err.start]:02X} is not UTF-8; save the file as UTF-8",
                line=line,
            )
        )
        return None


def _read_config(folder: Path, issues: list[Issue]) -> WresToml:
    path = folder / "wres.toml"
    if not path.is_file():
        return WresToml()
    text = ""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        issues.append(
            Issue(
                "config-syntax",
                path.name,
                f"byte 0x{raw[err.start]:02X} is not UTF-8; save wres.toml as UTF-8",
                line=raw.count(b"\n", 0, err.start) + 1,
            )
        )
        return WresToml()
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as err:
        if isinstance(err, RecursionError):
            err = tomllib.TOMLDecodeError("nested too deeply")
        where = re.search(r"line (\d+), column (\d+)", str(err))
        issues.append(
            Issue(
                "config-syntax",
                path.name,
                f"not valid TOML: {str(err).split(' (at')[0]}",
                line=int(where.group(1)) if where else None,
                column=f"character {where.group(2)}" if where else None,
            )
        )
        return WresToml()
    try:
        config = WresToml.model_validate(data)
    except pydantic.ValidationError as err:
        for e in err.errors():
            key = ".".join(str(p) for p in e["loc"])
            issues.append(
                Issue(
                    "config-invalid",
                    path.name,
                    f"{key}: {e['msg']}",
                    line=_toml_line(text, e["loc"]),
                    value=str(e["input"])[:80],
                )
            )
        return WresToml()
    for kind, mapping in config.columns.items():
        known = [s.name for s in column_specs(FILE_MODELS[kind])]
        for key in sorted(set(mapping) - set(known)):
            issues.append(
                Issue(
                    "config-invalid",
                    path.name,
                    f"[columns.{kind}] {key}: no such column; columns are {', '.join(known)}",
                    line=_toml_line(text, ("columns", kind, key)),
                    value=key,
                )
            )
    return config


def _toml_line(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Line of the key a validation error points at (``options.x``: ``x =`` under ``[options]``)."""
    keys = [k for k in loc if isinstance(k, str) and k != "[key]"]
    table: list[str] = []
    best: tuple[int, int] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            table = _toml_key(stripped.strip("[]"))
            path = table
        elif match := re.match(r"\s*([^=#\[]+?)\s*=", line):
            path = [*table, *_toml_key(match.group(1))]
        else:
            continue
        if path == keys[: len(path)] and (best is None or len(path) > best[0]):
            best = (len(path), number)
    return best[1] if best else None


def _toml_key(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in dotted.split(".")]


def _discover(folder: Path, issues: list[Issue]) -> dict[str, Path]:
    """Input files by kind: ``workforce.csv`` or ``Workforce.xlsx``, never both."""
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        stem = normalise_header(path.stem)
        kind = next((k for k in FILE_MODELS if normalise_header(k) == stem), None)
        if kind and path.suffix.lower() in SUFFIXES:
            found.setdefault(kind, []).append(path)
        elif path.suffix.lower() in SUFFIXES:
            issues.append(Issue("ignored-file", path.name, "not a WRES input file name; ignored"))
    chosen: dict[str, Path] = {}
    for kind, paths in found.items():
        if len(paths) > 1:
            names = " and ".join(p.name for p in paths)
            issues.append(
                Issue("ambiguous-file", paths[0].name, f"{names} are both the {kind} file")
            )
        else:
            chosen[kind] = paths[0]
    for kind, model in FILE_MODELS.items():
        if model.required and kind not in found:
            issues.append(
                Issue(
                    "missing-file",
                    f"{kind}.csv",
                    f"the {kind} file (.csv or .xlsx) is required and is not in {folder}",
                )
            )
    return chosen


def _read_table(
    path: Path, model: type[InputFile], mapping: dict[str, str], issues: list[Issue]
) -> Table | None:
    if path.suffix.lower() == ".xlsx":
        grid, encoding = _read_xlsx(path, model.file_name), "xlsx"
    else:
        grid, encoding = _read_csv(path)
    if grid.height == 0:
        issues.append(Issue("empty-file", path.name, "the file is empty", line=1))
        return None
    specs = column_specs(model)
    header_index = _find_header(grid, specs, mapping)
    header_cells = [("" if v is None else str(v)).strip() for v in grid.row(header_index)]
    header_line = header_index + 1
    if header_index:
        issues.append(
            Issue("header-row", path.name, f"header found on line {header_line}", line=header_line)
        )
    if encoding == "cp1252":
        issues.append(Issue("encoding", path.name, "not UTF-8; decoded as Windows-1252"))
    positions = _match_columns(path.name, header_cells, header_line, specs, mapping, issues)
    if positions is None:
        return None
    body = grid.slice(header_index + 1)
    names = grid.columns
    used = set(positions.values())
    cells = _trimmed(body, {name: names[i] for name, i in positions.items()})
    # A blank row: every used cell empty after trimming, every other cell empty as read.
    blank = pl.all_horizontal(
        *(c.is_null() for c in cells),
        *(pl.col(n).is_null() for i, n in enumerate(names) if i not in used),
    )
    frame = body.select(
        pl.int_range(header_line + 1, header_line + 1 + body.height, dtype=pl.UInt32).alias(LINE),
        *cells,
        blank.alias(_BLANK),
    )
    ignored = tuple(h for i, h in enumerate(header_cells) if h and i not in used)
    if ignored:
        issues.append(
            Issue(
                "extra-columns",
                path.name,
                f"{len(ignored)} column(s) not used: {', '.join(ignored[:12])}"
                + (" ..." if len(ignored) > 12 else ""),
                line=header_line,
            )
        )
    rows_read = frame.height
    blank_rows = int(frame[_BLANK].sum())
    if blank_rows:
        issues.append(
            Issue(
                "blank-rows",
                path.name,
                f"{blank_rows} completely blank row(s) skipped",
                count=blank_rows,
            )
        )
        frame = frame.filter(~pl.col(_BLANK))
    frame = frame.drop(_BLANK)
    if frame.height == 0:
        if model.empty_ok:
            issues.append(
                Issue(
                    "no-events",
                    path.name,
                    "header only: no events recorded this year",
                    line=header_line,
                )
            )
        else:
            issues.append(
                Issue(
                    "no-rows", path.name, "the file has a header but no data rows", line=header_line
                )
            )
    return Table(
        kind=model.file_name,
        path=path,
        encoding=encoding,
        header_line=header_line,
        headers={name: header_cells[i] for name, i in positions.items()},
        letters={name: column_letter(i) for name, i in positions.items()},
        ignored=ignored,
        frame=frame,
        rows_read=rows_read,
    )


MAX_COLUMNS = 2_000
"""Real exports carry dozens of columns; thousands means a broken or hostile file."""
MEMORY_FACTOR = 4
"""Text read into Polars takes a few times its size on disk, with room to validate."""


def available_memory() -> int:
    """Bytes of memory available now (Linux / macOS); 0 when unknown."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 0


def _check_limits(path: Path, raw: bytes) -> None:
    """Refuse, with a clear message, files that would exhaust memory or hang the reader."""
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


def _trimmed(body: pl.DataFrame, columns: dict[str, str]) -> list[pl.Expr]:
    """Each used column with surrounding spaces removed and empty cells as null.

    Trimming rewrites every string, so it is done only to columns that need it (a cheap
    prefix/suffix test finds them); the CSV reader already gives empty fields as null.
    """
    space = [
        pl.col(c).str.starts_with(w) | pl.col(c).str.ends_with(w)
        for c in columns.values()
        for w in (" ", "\t", "\u00a0")
    ]
    flags = body.select(pl.any_horizontal(space[i : i + 3]).any() for i in range(0, len(space), 3))
    out = []
    for (name, column), needs in zip(columns.items(), flags.row(0), strict=True):
        expr = pl.col(column)
        if needs:
            expr = expr.str.strip_chars().replace("", None)
        out.append(expr.alias(name))
    return out


def _read_csv(path: Path) -> tuple[pl.DataFrame, str]:
    """Decode without loss (UTF-8, UTF-8 with BOM or Windows-1252) and split into cells."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise _Unreadable(Issue("file-unreadable", path.name, err.strerror or str(err))) from err
    if not raw or raw.isspace():
        return pl.DataFrame(), "utf-8"
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
    encoding = "utf-8"
    if raw.startswith(_UTF8_BOM):
        raw, encoding = raw[len(_UTF8_BOM) :], "utf-8-sig"
        if not raw or raw.isspace():
            return pl.DataFrame(), encoding
    if b"\r" in raw:  # Windows CRLF, and old Mac "CSV (Macintosh)" lone CR, to LF
        raw = raw.replace(b"\r\n", b"\n")
        if b"\r" in raw:
            raw = raw.replace(b"\r", b"\n")
    _check_limits(path, raw)
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
    end = raw.find(b"\n")
    first_line = raw[: end if end >= 0 else len(raw)].decode("utf-8")
    separator = max((",", ";", "\t", "|"), key=first_line.count)
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
    return grid, encoding


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


def _read_xlsx(path: Path, kind: str) -> pl.DataFrame:
    """First sheet, or the sheet named like the file; every cell as text, rows kept in place."""
    import fastexcel

    if path.stat().st_size == 0:
        return pl.DataFrame()
    try:
        reader = fastexcel.read_excel(path)
        names = reader.sheet_names
        sheet = next((n for n in names if normalise_header(n) == normalise_header(kind)), names[0])
        _check_sheet_size(path, names.index(sheet))
        loaded = reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string")
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


MAX_SHEET_CELLS = 60_000_000
"""Rows x columns of the area a sheet spans: beyond any real export, and the reader would
allocate it all (one cell at XFD1048576 asks for half a terabyte)."""
_CELL_REF = re.compile(rb'<c r="([A-Z]+)([0-9]+)"')
_SCAN_LIMIT = 64_000_000


def _check_sheet_size(path: Path, index: int) -> None:
    """Refuse a sheet whose cells span an area too large to allocate, before reading it."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            ids = re.findall(rb'<sheet [^>]*?r:id="([^"]+)"', workbook)
            targets = dict(re.findall(rb'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
            target = targets.get(ids[index], b"") if index < len(ids) else b""
            name = "xl/" + target.decode().lstrip("/").removeprefix("xl/")
            info = archive.getinfo(name)
            if info.file_size > _SCAN_LIMIT:
                return  # a genuinely large sheet: its own size is the guard
            xml = archive.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, IndexError):
        return  # let the reader report what is wrong with the workbook
    rows = cols = 0
    for letters, digits in _CELL_REF.findall(xml):
        col = 0
        for char in letters:
            col = col * 26 + char - 64
        rows, cols = max(rows, int(digits)), max(cols, col)
    if cols > 16_384 or rows > 1_048_576 or rows * cols > MAX_SHEET_CELLS:
        raise _Unreadable(
            Issue(
                "bad-workbook",
                path.name,
                f"the sheet's cells span {rows:,} rows x {cols:,} columns, far beyond any "
                "export; delete the stray cells far from the data",
            )
        )


def _find_header(grid: pl.DataFrame, specs: tuple[ColumnSpec, ...], mapping: dict[str, str]) -> int:
    """Index of the row with the most known headers among the first rows (title rows skipped)."""
    known = {normalise_header(a) for s in specs for a in s.aliases}
    known |= {normalise_header(h) for h in mapping.values()}
    best, best_score = 0, 0
    for index, row in enumerate(grid.head(HEADER_SCAN_ROWS).iter_rows()):
        score = sum(1 for v in row if v is not None and normalise_header(str(v)) in known)
        if score > best_score:
            best, best_score = index, score
    return best


def _match_columns(
    file: str,
    headers: list[str],
    header_line: int,
    specs: tuple[ColumnSpec, ...],
    mapping: dict[str, str],
    issues: list[Issue],
) -> dict[str, int] | None:
    """Canonical column -> position, from wres.toml mappings first, then known aliases."""
    keys = [normalise_header(h) for h in headers]
    positions: dict[str, int] = {}
    ok = True
    for spec in specs:
        wanted = (
            [normalise_header(mapping[spec.name])]
            if spec.name in mapping
            else [normalise_header(a) for a in spec.aliases]
        )
        hits = [i for i, k in enumerate(keys) if k and k in wanted]
        if hits:
            # an ESR export has Employee Number and Assignment Number: the alias listed first
            # wins (the other is reported as not used); only the same header twice is ambiguous
            best = min(wanted.index(keys[i]) for i in hits)
            hits = [i for i in hits if wanted.index(keys[i]) == best]
        if len(hits) > 1:
            ok = False
            both = " and ".join(f'"{headers[i]}" ({column_letter(i)})' for i in hits)
            issues.append(
                Issue(
                    "duplicate-column",
                    file,
                    f"{both} both map to column {spec.name}; rename or remove one",
                    line=header_line,
                    column=headers[hits[1]],
                    column_letter=column_letter(hits[1]),
                )
            )
        elif hits:
            positions[spec.name] = hits[0]
        elif spec.required:
            ok = False
            issues.append(_missing_column(file, headers, header_line, spec, mapping))
    return positions if ok else None


def _missing_column(
    file: str, headers: list[str], header_line: int, spec: ColumnSpec, mapping: dict[str, str]
) -> Issue:
    kind = file.rsplit(".", 1)[0]
    if spec.name in mapping:
        return Issue(
            "missing-column",
            file,
            f'wres.toml maps {spec.name} to "{mapping[spec.name]}", which is not a header here',
            line=header_line,
            column=spec.name,
        )
    candidates = [h for h in headers if h]
    guess = difflib.get_close_matches(
        spec.name.replace("_", " "), candidates, n=1, cutoff=0.5
    ) or difflib.get_close_matches(
        spec.aliases[1] if len(spec.aliases) > 1 else spec.name, candidates, n=1, cutoff=0.5
    )
    example = guess[0] if guess else "Your Header"
    hint = f' (closest header: "{guess[0]}")' if guess else ""
    return Issue(
        "missing-column",
        file,
        f"required column {spec.name} not found{hint}; if it is there under another name, "
        f'add to wres.toml: [columns.{kind}] {spec.name} = "{example}"',
        line=header_line,
        column=spec.name,
    )
