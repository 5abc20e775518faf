"""Peer groups for ``wres compare``: each organisation's group, where the groups came
from, and why an organisation is in none.

Groups come from a mapping file (``comparison.read_peers``) or from a column of the
extract's own workforce file (``wres compare --peer-column trust_type``). The column is
carried by the loader as text (``load.CARRIED``); here, after validation and before
``prepare`` drops any row, each workforce file's values become one value per
organisation (``column_values``), and the years' files one mapping (``from_column``).
An organisation whose rows give two different values is refused, naming the first row
that differs; one whose every row is blank is in no group, and listed as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from wres_cli.errors import DataInvalid
from wres_cli.issues import Severity
from wres_cli.load import CARRIED
from wres_cli.schema.spec import LINE, ORG
from wres_cli.validate import Checked


@dataclass(frozen=True)
class PeerGroups:
    """Organisation code -> peer group, in words where it came from."""

    groups: Mapping[str, str]
    source: str
    """Where the groups came from: 'peers.csv', 'the trust_type column of workforce.csv'."""
    missing: str = "not in the peer groups file"
    """Why an organisation of the extract is in no group."""
    reasons: Mapping[str, str] = field(default_factory=dict)
    """Why, organisation by organisation, when it is known more closely than ``missing``
    (every row of the workforce file blank in the column)."""

    def reason(self, code: str) -> str:
        """Why the organisation ``code`` is in no group."""
        return self.reasons.get(code, self.missing)


@dataclass(frozen=True)
class ColumnValues:
    """One workforce file's value of the peer column for each organisation, and where
    it is first given."""

    file: str
    header: str
    """The column's header as the file writes it."""
    letter: str
    values: Mapping[str, tuple[str, int]]
    """Organisation code -> (its value, the line of its first row giving it)."""
    blank: frozenset[str]
    """Organisations whose every row leaves the column blank."""


def column_values(checked: Checked, column: str) -> ColumnValues | None:
    """The workforce file's values of the carried ``column`` (None without a workforce
    frame, when validation found errors: those are reported first); raises
    ``DataInvalid`` when the file has no such column, or when an organisation's rows give
    two different values (the first row that differs, its column and both values named)."""
    if "workforce" not in checked.frames or any(
        i.severity is Severity.ERROR for i in checked.issues
    ):
        return None
    table = checked.loaded.tables["workforce"]
    frame = checked.frames["workforce"]
    if CARRIED not in frame.columns:
        found = [h for k, h in table.headers.items() if k != CARRIED] + list(table.ignored)
        raise DataInvalid(
            f'{table.path}: no column "{column}" to take the peer groups from (--peer-column '
            f"without --peers reads the extract's workforce file); its columns: "
            f"{', '.join(found)}. Name one of them, or give a mapping file with --peers FILE"
        )
    default = checked.loaded.config.organisation_code or ""  # a one-organisation file
    code = pl.col(ORG) if ORG in frame.columns else pl.lit(default)
    rows = frame.select(code.alias(ORG), pl.col(CARRIED), pl.col(LINE))
    given = rows.filter(pl.col(CARRIED).is_not_null())
    first = given.group_by(ORG).agg(
        pl.col(CARRIED).sort_by(LINE).first().alias("_first"), pl.col(LINE).min().alias("_at")
    )
    header, letter = table.headers[CARRIED], table.letters[CARRIED]
    differ = (
        given.join(first, on=ORG).filter(pl.col(CARRIED) != pl.col("_first")).sort(LINE).head(1)
    )
    if differ.height:
        org, value, line, was, at = differ.select(ORG, CARRIED, LINE, "_first", "_at").row(0)
        raise DataInvalid(
            f'{table.path}:{line}: column "{header}" ({letter}): {org} is "{value}" here but '
            f'"{was}" on line {at}: an organisation is in one peer group, so every row of it '
            f"gives the same {header} (or leaves it blank)"
        )
    values = {org: (value, at) for org, value, at in first.iter_rows()}
    everyone = set(rows[ORG].unique().to_list())
    return ColumnValues(str(table.path), header, letter, values, frozenset(everyone - set(values)))


def without_column(checked: Checked) -> Checked:
    """``checked`` without the carried column: no later stage reads it."""
    frames = {k: f.drop(CARRIED, strict=False) for k, f in checked.frames.items()}
    return replace(checked, frames=frames)


def from_column(files: Sequence[ColumnValues]) -> PeerGroups:
    """One mapping from the workforce files of the years (earliest first): an
    organisation keeps one value across them, else it is refused naming the later file's
    first row and the earlier one's."""
    groups: dict[str, str] = {}
    where: dict[str, str] = {}
    for found in files:
        for org, (value, line) in sorted(found.values.items(), key=lambda kv: kv[1][1]):
            if groups.setdefault(org, value) != value:
                raise DataInvalid(
                    f'{found.file}:{line}: column "{found.header}" ({found.letter}): {org} is '
                    f'"{value}" here but "{groups[org]}" in {where[org]}: an organisation is in '
                    f"one peer group, in every year"
                )
            where.setdefault(org, f"{found.file}:{line}")
    header = files[-1].header if files else ""
    blank = set().union(*(f.blank for f in files)) - set(groups)
    names = sorted({Path(f.file).name for f in files})
    return PeerGroups(
        groups,
        source=f"the {header} column of {' and '.join(names)}",
        missing="no peer group: not in the workforce file",
        reasons=dict.fromkeys(sorted(blank), f"no peer group: {header} blank"),
    )
