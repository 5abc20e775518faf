"""One exception hierarchy and one exit-code enum for the whole tool.

Every failure the user can cause is a ``WresError`` carrying its exit code, so the CLI
handles them in one place and never shows a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (README, docs/errors.md)."""

    OK = 0
    INVALID = 1
    USAGE = 2
    UNREADABLE = 3
    OUTPUT = 4
    INTERNAL = 70
    """A bug in wres (EX_SOFTWARE); the message asks for a report."""
    INTERRUPTED = 130
    """Ctrl-C or SIGTERM (128 + SIGINT, as shells report it); nothing half-written."""


INTERRUPTS: list[int] = []
"""Signals received (SIGTERM, SIGINT): once one is, no output file is put in place."""


def terminate(signum: int, frame: object) -> None:
    """SIGTERM and Ctrl-C: remember it (a library may swallow the exception, as cffi does
    inside a callback: then no output is written and the exit is still 130), and unwind,
    so that temporary files are removed."""
    del frame
    INTERRUPTS.append(signum)
    raise KeyboardInterrupt


def handled() -> None:
    """An interrupt has been answered (one line, exit 130): say so to CPython too.

    A KeyboardInterrupt that leaves code run by ``exec`` of a string (the methods the
    dataclass decorator writes, while wres starts) marks the interrupt unhandled for
    good, and ``python -m wres_cli`` then ends by killing itself with SIGINT after
    printing the line (a parent sees -2, not 130), although it was caught. Running any
    string with ``exec`` clears the mark (CPython resets it before each such run)."""
    exec("")  # the empty program, for the reset alone


class WresError(Exception):
    """Base of every error the tool reports to the user as one line."""

    exit_code: ExitCode = ExitCode.INVALID


class UsageError(WresError):
    """The command line or configuration asks for something impossible."""

    exit_code = ExitCode.USAGE


class InputUnreadable(WresError):
    """An input file or folder cannot be read at all."""

    exit_code = ExitCode.UNREADABLE


class DataInvalid(WresError):
    """The data failed validation, so no analysis can be made from it."""

    exit_code = ExitCode.INVALID


class OutputError(WresError):
    """An output file could not be written."""

    exit_code = ExitCode.OUTPUT
