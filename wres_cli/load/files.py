"""Which paths may be read at all (never a FIFO, a device or a link into /proc), and the
small text inputs: ``wres.toml``'s bytes and the foreword ``narrative.md``."""

from __future__ import annotations

import os
from pathlib import Path

from wres_cli.issues import Issue
from wres_cli.limits import (
    MAX_NARRATIVE_BYTES,
)

SUFFIXES = (".csv", ".xlsx")


NARRATIVE = "narrative.md"
NARRATIVES = {"wres": NARRATIVE, "wdes": "wdes_narrative.md"}
"""Each standard's report has its own foreword (a WDES report is its own publication);
the WDES one also answers metric 9b in a section headed with it."""


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
