"""Machine outputs of an analysis (tidy CSV, XLSX, JSON), the registry of formats and
the atomic file writer.

Values stay unrounded. Text cells that a spreadsheet would run as a formula are
neutralised with a leading apostrophe (``tidy.neutralise``).
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wres_cli.errors import INTERRUPTS, OutputError, UsageError
from wres_cli.tidy import TIDY_COLUMNS, neutralise, tidy_rows

if TYPE_CHECKING:
    from wres_cli.pipeline import Analysis


def to_csv(analysis: Analysis) -> bytes:
    """The tidy table as UTF-8 CSV (with BOM, so Excel shows names correctly)."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TIDY_COLUMNS)
    for cells in tidy_rows(analysis):
        writer.writerow([neutralise(c) for c in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def text_bytes(analysis: Analysis) -> bytes:
    from wres_cli.present import analysis_text

    return (analysis_text(analysis) + "\n").encode()


def json_bytes(analysis: Analysis) -> bytes:
    return (analysis.to_json() + "\n").encode()


def xlsx_bytes(analysis: Analysis) -> bytes:
    """The workbook as bytes (built in memory, then written atomically like any output)."""
    buffer = io.BytesIO()
    write_xlsx(analysis, buffer)
    return buffer.getvalue()


def write_xlsx(analysis: Analysis, handle: IO[bytes]) -> None:
    """The workbook a workforce lead hands on (``report/workbook.py``)."""
    from wres_cli.report import workbook

    workbook.write(analysis, handle)


STDOUT = Path("-")
"""``-o -``: standard output, never a file named '-'."""
SAFE_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"
"""What an organisation code may be to name a report file (NHS ODS codes: R9Z, RXX01)."""


def write_output(path: Path, content: bytes, inputs: Iterable[Path]) -> None:
    """``content`` to ``path`` atomically, or to standard output when ``path`` is ``-``."""
    if path == STDOUT:
        import sys

        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    write_atomic(path, functools.partial(_put, content=content), inputs)


def _put(handle: IO[bytes], content: bytes) -> None:
    handle.write(content)


def write_batch(
    folder: Path,
    reports: Iterable[tuple[str, bytes]],
    suffix: str,
    inputs: Iterable[Path],
    on_done: Callable[[], None] | None = None,
) -> int:
    """One file per organisation in ``folder``, named by its code: every report that can
    be written is written, then any failure is raised as one summary. A code that cannot
    be a plain file name (``../x``, ``/abs``) is refused, never followed: nothing is ever
    written outside ``folder``."""
    import re

    inputs = list(inputs)
    root = folder.resolve()
    failed: list[str] = []
    written = 0
    for code, content in reports:
        name = code or "organisation"
        target = root / f"{name}.{suffix}"
        try:
            if not re.fullmatch(SAFE_NAME, name) or target.parent != root:
                raise OutputError(f"organisation code {name!r} cannot name a file")
            if target.is_symlink():  # a link in the folder would lead the write outside it
                raise OutputError(f"{target.name} is a symbolic link; remove it first")
            write_atomic(target, functools.partial(_put, content=content), inputs)
            written += 1
        except (OutputError, UsageError) as err:
            failed.append(f"{name}: {err}")
        if on_done is not None:
            on_done()
    if failed:
        raise OutputError(
            f"wrote {written} report(s) into {folder}; {len(failed)} could not be written: "
            + "; ".join(failed[:5])
            + (f"; and {len(failed) - 5} more" if len(failed) > 5 else "")
        )
    return written


def write_atomic(path: Path, write: Callable[[IO[bytes]], Any], inputs: Iterable[Path]) -> None:
    """Write via a temporary file in the same folder, then rename: never a half-written file.

    ``inputs`` are the data folders read (year folders, not their parent): no file in
    them is ever written over."""
    target = path.resolve()
    for folder in inputs:
        for existing in folder.resolve().iterdir():
            if existing == target:
                raise UsageError(f"{path}: refusing to write over an input file")
    with atomic_path(path) as tmp, tmp.open("wb") as handle:
        write(handle)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """The one atomic writer: a temporary sibling of ``path`` to write, renamed over it
    only when the writing succeeded (and no interrupt came), removed otherwise. A target
    that exists and is no regular file (a device such as /dev/null, a FIFO, a folder) is
    refused: renaming over it would replace it. An OS error is an ``OutputError``."""
    target = path.resolve()
    if target.exists() and not target.is_file():
        raise OutputError(f"{path}: not a regular file; give a file name (or - for stdout)")
    if not target.parent.is_dir():
        raise OutputError(f"{path}: cannot write, folder {target.parent} does not exist")
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(f"{path}: cannot write ({err.strerror})") from err
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        if INTERRUPTS:  # interrupted while writing (the exception swallowed): never rename
            raise KeyboardInterrupt
        tmp.replace(target)
    except OSError as err:  # a full disk, a quota, a read-only folder: exit 4
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"{path}: cannot write ({err.strerror or err})") from err
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FORMATS: dict[str, Callable[[Analysis], bytes]] = {
    "text": text_bytes,
    "json": json_bytes,
    "csv": to_csv,
    "xlsx": xlsx_bytes,
}
"""Every output format of an analysis, by name: the bytes written to -o or shown."""
