"""Read a WRES data folder into Polars frames of text: encoding, headers, nothing else.

Every cell stays a string here; parsing to types is validation's job, so that a bad
cell becomes an issue with its line and column rather than a read failure.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

import polars as pl
import pydantic

from wres_cli.issues import Issue
from wres_cli.limits import (
    MAX_COLUMNS,
    MAX_LINE_BYTES,
    MAX_NARRATIVE_BYTES,
    MAX_SHEET_CELLS,
    MAX_WORKBOOK_PART_BYTES,
    MEMORY_FACTOR,
    SCAN_LIMIT,
)
from wres_cli.schema.columns import Kind
from wres_cli.schema.models import FILE_MODELS, FileSource, InputFile, WresToml, inputs_of
from wres_cli.schema.spec import LINE, ColumnSpec, column_specs, normalise_header

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
    config_text: str = ""
    """wres.toml as read, so that later stages can name the line of a key."""


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


def load_folder(
    folder: Path, on_file: Callable[[Path], None] | None = None, standard: str | None = None
) -> Loaded:
    """Read the configuration and every input file present in ``folder``.

    ``on_file`` is told after each file is read (the CLI's progress bar). With ``standard``
    ("wres", "wdes") only that standard's inputs are read (``inputs_of``); the others'
    files are left alone, unreported. Without it, every input present is read."""
    issues: list[Issue] = []
    config, text = _read_config(folder, issues)
    year = config.reporting_year
    if year is None and re.fullmatch(r"\d{4}", folder.resolve().name):
        year = int(folder.resolve().name)
    tables: dict[str, Table] = {}
    for kind, path in _discover(folder, config, text, issues).items():
        if standard is not None and kind not in inputs_of(standard):
            continue
        request = _Request(
            model=FILE_MODELS[kind],
            mapping=cast(dict[str, dict[str, str]], config.columns).get(kind, {}),
            values=cast(dict[str, dict[str, dict[str, str]]], config.values).get(kind, {}),
            source=config.source(kind),
            config_text=text,
            fractions=config.options.survey_percent_as_fraction,
        )
        try:
            table = _read_table(path, request, issues)
        except _Unreadable as err:
            issues.append(err.issue)
            continue
        if table is not None:
            tables[kind] = table
        if on_file is not None:
            on_file(path)
    narrative = _read_narrative(folder / NARRATIVE, issues)
    return Loaded(folder, config, year, tables, tuple(issues), narrative, text)


@dataclass(frozen=True)
class _Request:
    """How to read one input: its model and what wres.toml says about it."""

    model: type[InputFile]
    mapping: dict[str, str]
    """``[columns.<file>]``: canonical column -> header in the file."""
    values: dict[str, dict[str, str]]
    """``[values.<file>]``: column -> {value as written: value read}."""
    source: FileSource | None
    config_text: str
    fractions: bool = False
    """``survey_percent_as_fraction``: the percent column holds fractions."""

    def line(self, *key: str) -> int | None:
        """Line of a wres.toml key (``columns``, kind, column)."""
        return _toml_line(self.config_text, key)


NARRATIVE = "narrative.md"


def _read_narrative(path: Path, issues: list[Issue]) -> str | None:
    """The foreword as text: UTF-8 (BOM allowed), of a size a board paper can hold."""
    raw = _read_small(path, issues)
    if raw is None:
        return None
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


_SPECIAL_ROOTS = ("/proc", "/sys", "/dev")
INPUT_SUFFIXES = (*SUFFIXES, ".xls", ".xlsm", ".xlsb", ".ods")
"""Names that look like inputs: each one is read or refused with a reason, never skipped."""


def not_regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as an input file (None when it can): a folder, a FIFO, a
    device, a broken or looping link, or a file under /proc, /sys or /dev (which can block
    a reader forever). Nothing here opens the file."""
    import stat

    try:
        info = path.stat()
    except FileNotFoundError:
        return "a broken link (its target does not exist)"
    except RuntimeError:
        return "a symbolic link loop"
    except OSError as err:
        if err.errno == 40:  # ELOOP
            return "a symbolic link loop"
        return err.strerror or str(err)
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a file"
    if stat.S_ISFIFO(info.st_mode):
        return "a named pipe (FIFO), not a file: it is never opened"
    if not stat.S_ISREG(info.st_mode):
        return "a device or special file, not a regular file"
    try:
        real = str(path.resolve())
    except (OSError, RuntimeError):
        return "a symbolic link loop"
    for root in _SPECIAL_ROOTS:
        if real == root or real.startswith(root + "/"):
            return f"a link to {root}, a system file that is no data file"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def _read_small(path: Path, issues: list[Issue]) -> bytes | None:
    """A small text input (wres.toml, narrative.md): None when absent; refused, with a
    reason, when it is there but is no readable regular file."""
    if not path.exists() and not path.is_symlink():
        return None
    why = not_regular(path)
    if why is None:
        try:
            return path.read_bytes()
        except OSError as err:
            why = err.strerror or str(err)
    issues.append(Issue("file-unreadable", path.name, f"cannot be read: {why}"))
    return None


def _read_config(folder: Path, issues: list[Issue]) -> tuple[WresToml, str]:
    """wres.toml as a model, and its text (for line numbers); defaults when absent or bad."""
    config, text = _parse_config(folder, issues)
    return config, text


def _parse_config(folder: Path, issues: list[Issue]) -> tuple[WresToml, str]:
    path = folder / "wres.toml"
    read = _read_small(path, issues)
    if read is None:
        return WresToml(), ""
    text = ""
    raw = read
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
        return WresToml(), ""
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
        return WresToml(), text
    try:
        config = WresToml.model_validate(data)
    except pydantic.ValidationError as err:
        seen: set[tuple[str | int, ...]] = set()
        for e in err.errors():
            # a union (a file name or a table) reports each branch: name the key once
            loc = tuple(
                p for p in e["loc"] if not (isinstance(p, str) and ("[" in p or p[:1].isupper()))
            )
            if loc in seen:
                continue
            seen.add(loc)
            key = ".".join(str(p) for p in loc)
            issues.append(
                Issue(
                    "config-invalid",
                    path.name,
                    f"{key}: {e['msg']}",
                    line=_toml_line(text, loc),
                    value=str(e["input"])[:80],
                )
            )
        return WresToml(), text
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
        by_header: dict[str, list[str]] = {}
        for key, header in mapping.items():
            by_header.setdefault(normalise_header(header), []).append(key)
        for keys in by_header.values():
            if len(keys) > 1:
                issues.append(
                    Issue(
                        "config-invalid",
                        path.name,
                        f"[columns.{kind}] {' and '.join(keys)} are both mapped to "
                        f'"{mapping[keys[0]]}": one header can be one column only',
                        line=_toml_line(text, ("columns", kind, keys[1])),
                        value=mapping[keys[1]],
                    )
                )
    for kind, columns in config.values.items():
        known = [s.name for s in column_specs(FILE_MODELS[kind])]
        for key in sorted(set(columns) - set(known)):
            issues.append(
                Issue(
                    "config-invalid",
                    path.name,
                    f"[values.{kind}.{key}]: no such column; columns are {', '.join(known)}",
                    line=_toml_line(text, ("values", kind, key)),
                    value=key,
                )
            )
    return config, text


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


def _discover(folder: Path, config: WresToml, text: str, issues: list[Issue]) -> dict[str, Path]:
    """Input files by kind: as ``[files]`` names them, else ``workforce.csv`` or
    ``Workforce.xlsx`` (never both)."""
    found: dict[str, list[Path]] = {}
    named: dict[str, str] = {}
    for name in FILE_MODELS:
        source = config.source(name)
        if source is None:
            continue
        path = folder / source.name
        named[source.name] = name
        kind = name
        if path.suffix.lower() not in SUFFIXES:
            issues.append(
                Issue(
                    "config-invalid",
                    "wres.toml",
                    f"[files] {kind}: {source.name} is not a .csv or .xlsx file"
                    + (" (old Excel format: save it as .xlsx)" if path.suffix == ".xls" else ""),
                    line=_toml_line(text, ("files", kind)),
                    value=source.name,
                )
            )
        elif not path.exists() and not path.is_symlink():
            issues.append(
                Issue(
                    "missing-file",
                    "wres.toml",
                    f'[files] {kind} = "{source.name}", which is not a file in {folder}',
                    line=_toml_line(text, ("files", kind)),
                    value=source.name,
                )
            )
        elif (why := not_regular(path)) is not None:
            issues.append(Issue("file-unreadable", path.name, f"cannot be read: {why}"))
        else:
            found[kind] = [path]
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "~$")) or path.name in named:
            continue
        stem = normalise_header(path.stem)
        matched = next((k for k in FILE_MODELS if normalise_header(k) == stem), None)
        suffix = path.suffix.lower()
        if suffix not in INPUT_SUFFIXES:
            continue
        why = not_regular(path)
        if matched and why is not None:
            issues.append(Issue("file-unreadable", path.name, f"cannot be read: {why}"))
            continue
        if matched and suffix not in SUFFIXES:
            old = suffix == ".xls"
            issues.append(
                Issue(
                    "unsupported-format",
                    path.name,
                    "old Excel format (.xls): open it in Excel and save it as .xlsx"
                    if old
                    else f"{suffix} workbooks are not read: save the sheet as .xlsx or CSV",
                )
            )
            continue
        if why is not None:
            continue
        if matched and matched in found and (given := config.source(matched)) is not None:
            issues.append(
                Issue(
                    "ignored-file",
                    path.name,
                    f"[files] names {given.name} as the {matched} file; this one is ignored",
                )
            )
        elif matched and path.suffix.lower() in SUFFIXES:
            found.setdefault(matched, []).append(path)
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
        if model.required and kind not in found and config.source(kind) is None:
            issues.append(
                Issue(
                    "missing-file",
                    f"{kind}.csv",
                    f"the {kind} file (.csv or .xlsx) is required and is not in {folder}",
                )
            )
    return chosen


def _read_table(path: Path, request: _Request, issues: list[Issue]) -> Table | None:
    model, mapping, source = request.model, request.mapping, request.source
    specs = column_specs(model)
    header_row = source.header_row if source else None
    cells = _CellNotes()
    if path.suffix.lower() == ".xlsx":
        sheet = source.sheet if source else None
        grid, encoding = _read_xlsx(path, model.file_name, sheet, cells, issues), "xlsx"
        skipped = 0
    else:
        grid, encoding, skipped = _read_csv(path, specs, mapping, header_row)
    if grid.height == 0:
        issues.append(Issue("empty-file", path.name, "the file is empty", line=1))
        return None
    if header_row is not None:
        header_index = header_row - 1 - skipped
        if not 0 <= header_index < grid.height:
            issues.append(
                Issue(
                    "config-invalid",
                    "wres.toml",
                    f"header_row = {header_row} for {path.name}, which has "
                    f"{grid.height + skipped} line(s)",
                    line=request.line("files", model.file_name),
                )
            )
            return None
    else:
        header_index = _find_header(grid, specs, mapping)
    header_cells = [("" if v is None else str(v)).strip() for v in grid.row(header_index)]
    header_line = skipped + header_index + 1
    if header_line > 1:
        issues.append(
            Issue("header-row", path.name, f"header found on line {header_line}", line=header_line)
        )
    if encoding == "cp1252":
        issues.append(Issue("encoding", path.name, "not UTF-8; decoded as Windows-1252"))
    positions = _match_columns(path.name, header_cells, header_line, request, issues)
    if positions is None:
        return None
    body = grid.slice(header_index + 1)
    names = grid.columns
    used = set(positions.values())
    first_line = header_line + 1
    cells.report(path.name, header_cells, positions, header_index, issues)
    body, converted = cells.as_percent(
        body, names, positions, specs, header_index + 1, request.fractions
    )
    if converted:
        issues.append(
            Issue(
                "percent-cells",
                path.name,
                f"{converted} percentage-formatted cell(s) read as the sheet shows them "
                "(0.241 formatted as a percentage is 24.1)",
                count=converted,
            )
        )
    trimmed = _trimmed(body, {name: names[i] for name, i in positions.items()})
    # A blank row: every used cell empty after trimming, every other cell empty as read.
    blank = pl.all_horizontal(
        *(c.is_null() for c in trimmed),
        *(pl.col(n).is_null() for i, n in enumerate(names) if i not in used),
    )
    frame = body.select(
        pl.int_range(first_line, first_line + body.height, dtype=pl.UInt32).alias(LINE),
        *trimmed,
        blank.alias(_BLANK),
    )
    frame = _mapped_values(path.name, frame, request, header_cells, positions, issues)
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
    issues += _lookalikes(path.name, header_cells, header_line, positions, request)
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


def _mapped_values(
    file: str,
    frame: pl.DataFrame,
    request: _Request,
    headers: list[str],
    positions: dict[str, int],
    issues: list[Issue],
) -> pl.DataFrame:
    """Apply ``[values.<file>.<column>]``: a cell as written (case and spaces ignored)
    becomes the value the tool reads; every replacement is counted."""
    for column, table in request.values.items():
        if column not in frame.columns:
            continue
        keys = {" ".join(k.split()).casefold(): v for k, v in table.items()}
        folded = pl.col(column).str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
        hit = folded.is_in(list(keys))
        n = int(frame.select(hit.sum()).item() or 0)
        frame = frame.with_columns(
            pl.when(hit)
            .then(folded.replace_strict(keys, default=None, return_dtype=pl.String))
            .otherwise(pl.col(column))
            .alias(column)
        )
        issues.append(
            Issue(
                "value-mapped",
                file,
                f"{n} cell(s) read through [values.{request.model.file_name}.{column}] "
                f"({len(keys)} mapping(s))",
                column=headers[positions[column]],
                column_letter=column_letter(positions[column]),
                count=n,
            )
        )
    return frame


def _lookalikes(
    file: str,
    headers: list[str],
    header_line: int,
    positions: dict[str, int],
    request: _Request,
) -> list[Issue]:
    """An optional column that is absent while a header that looks like it is present:
    warn, naming the fall-back the tool takes and the wres.toml line that would map it."""
    used = set(positions.values())
    found = []
    for name, fallback in request.model.fallbacks.items():
        if name in positions:
            continue
        pattern = re.compile(fallback.looks_like)
        for i, header in enumerate(headers):
            if i in used or not header or not pattern.search(normalise_header(header)):
                continue
            used.add(i)  # a header looks like one column at most (the first fallback listed)
            found.append(
                Issue(
                    "unmatched-optional-column",
                    file,
                    f'"{header}" looks like {name} but is not a known header, so '
                    f"{fallback.consequence}; if it is {name}, add to wres.toml: "
                    f'[columns.{request.model.file_name}] {name} = "{header}"',
                    line=header_line,
                    column=header,
                    column_letter=column_letter(i),
                )
            )
            break
    return found


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


def _check_limits(path: Path, raw: bytes) -> None:
    """Refuse, with a clear message, files that would exhaust memory or hang the reader."""
    # a line of MAX_LINE_BYTES or more holds a whole aligned window of half that size
    half = MAX_LINE_BYTES // 2
    for start in range(0, len(raw) - half + 1, half):
        if raw.find(b"\n", start, start + half) < 0:
            line = raw.count(b"\n", 0, start) + 1
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


def _read_csv(
    path: Path,
    specs: tuple[ColumnSpec, ...],
    mapping: dict[str, str],
    header_row: int | None,
) -> tuple[pl.DataFrame, str, int]:
    """Decode without loss (UTF-8, UTF-8 with BOM or Windows-1252) and split into cells.

    Title rows above the header (a report name, a run date) are skipped: the third value
    is how many lines were skipped, so that line numbers stay those of the file."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise _Unreadable(Issue("file-unreadable", path.name, err.strerror or str(err))) from err
    if not raw or raw.isspace():
        return pl.DataFrame(), "utf-8", 0
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
            return pl.DataFrame(), encoding, 0
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
    return grid, encoding, skipped


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


def _scan_sheet(path: Path, index: int, cells: _CellNotes) -> None:
    """Refuse a sheet whose cells span an area too large to allocate, before reading it;
    note percentage-formatted cells, error cells and formulas without a saved value."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            ids = re.findall(rb'<sheet [^>]*?r:id="([^"]+)"', workbook)
            targets = dict(re.findall(rb'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
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
    request: _Request,
    issues: list[Issue],
) -> dict[str, int] | None:
    """Canonical column -> position: wres.toml mappings first (a mapped header is taken
    from whichever column would otherwise claim it by alias), then known aliases."""
    specs, mapping = column_specs(request.model), request.mapping
    keys = [normalise_header(h) for h in headers]
    positions: dict[str, int] = {}
    ambiguous: set[str] = set()
    ok = True
    for spec in specs:
        if spec.name not in mapping:
            continue
        wanted = normalise_header(mapping[spec.name])
        hits = [i for i, k in enumerate(keys) if k and k == wanted]
        if not hits:
            ok = False
            issues.append(
                Issue(
                    "mapped-header-missing",
                    "wres.toml",
                    f'[columns.{request.model.file_name}] {spec.name} = "{mapping[spec.name]}": '
                    f"no such header in {file} (its headers are on line {header_line})",
                    line=request.line("columns", request.model.file_name, spec.name),
                    value=mapping[spec.name],
                )
            )
        elif len(hits) > 1:
            ok = False
            issues.append(_duplicate_column(file, headers, header_line, spec, hits))
        else:
            positions[spec.name] = hits[0]
    taken = set(positions.values())
    for spec in specs:
        if spec.name in mapping:
            continue
        wanted_list = [normalise_header(a) for a in spec.aliases]
        hits = [i for i, k in enumerate(keys) if k and k in wanted_list and i not in taken]
        if hits:
            # an ESR export has Employee Number and Employee No: the alias listed first
            # wins (the other is reported as not used); only the same header twice is ambiguous
            best = min(wanted_list.index(keys[i]) for i in hits)
            hits = [i for i in hits if wanted_list.index(keys[i]) == best]
        if len(hits) > 1:
            ok = False
            ambiguous.add(spec.name)
            issues.append(_duplicate_column(file, headers, header_line, spec, hits))
        elif hits:
            positions[spec.name] = hits[0]
            taken.add(hits[0])
        elif spec.required:
            ok = False
            issues.append(_missing_column(file, headers, header_line, spec, request))
    if len(set(positions.values())) < len(positions):
        ok = False  # two [columns] keys on one header: config-invalid already says so
    for group in request.model.one_of:
        if not any(name in positions or name in ambiguous for name in group):
            ok = False
            names = " or ".join(group)
            issues.append(
                Issue(
                    "missing-column",
                    file,
                    f"needs a {names} column; none found (known headers: "
                    + ", ".join(a for s in specs if s.name in group for a in s.aliases[1:3])
                    + f"); map one in wres.toml: [columns.{request.model.file_name}] "
                    f'{group[0]} = "Your Header"',
                    line=header_line,
                    column=group[0],
                )
            )
    return positions if ok else None


def _duplicate_column(
    file: str, headers: list[str], header_line: int, spec: ColumnSpec, hits: list[int]
) -> Issue:
    both = " and ".join(f'"{headers[i]}" ({column_letter(i)})' for i in hits)
    return Issue(
        "duplicate-column",
        file,
        f"{both} both map to column {spec.name}; rename or remove one",
        line=header_line,
        column=headers[hits[1]],
        column_letter=column_letter(hits[1]),
    )


def _missing_column(
    file: str, headers: list[str], header_line: int, spec: ColumnSpec, request: _Request
) -> Issue:
    kind = request.model.file_name
    never = request.model.not_from.get(spec.name)
    if never is not None:
        lookalike = next(
            (h for h in headers if h and re.search(never.looks_like, normalise_header(h))), None
        )
        if lookalike is not None:
            return Issue(
                "missing-column",
                file,
                f'required column {spec.name} not found; "{lookalike}" is not used for it: '
                f"{never.consequence}; map it in wres.toml: [columns.{kind}] {spec.name} = "
                '"Your Header"',
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
