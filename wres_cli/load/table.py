"""What loading produces and shares: a table as read, how one input is to be read,
the column letters a spreadsheet shows, and the exception that makes an input
unreadable."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from wres_cli.issues import Issue
from wres_cli.load.config import _toml_line
from wres_cli.schema.models import FileSource, InputFile

_BLANK = "_blank"
CARRIED = "_carried"
"""The frame column of a further workforce header carried through as text, unparsed
(``load_folder(carry=...)``: the peer groups of ``wres compare --peer-column``)."""


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
    carry: str | None = None
    """A further header to keep as text, as column ``CARRIED`` (matched as headers are)."""

    def line(self, *key: str) -> int | None:
        """Line of a wres.toml key (``columns``, kind, column)."""
        return _toml_line(self.config_text, key)
