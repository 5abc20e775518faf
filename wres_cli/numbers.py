"""Numbers for people: display rounding (wres-spec.md section 6) and small-number
suppression (section 7). Machine outputs never pass through here; they stay unrounded.

The same functions serve the terminal table and, as named Jinja filters, the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wres_cli.stats import round_half_away

if TYPE_CHECKING:
    from wres_cli.groups import Axis
    from wres_cli.schema.output import BoardRepresentation, BoardSubset, Representation

DASH = "\u2013"
"""Shown where a value does not exist (no denominator), distinct from a suppressed one."""


def ratio(value: float | None) -> str:
    """A relative likelihood: 2 dp, never a % sign."""
    return DASH if value is None else f"{round_half_away(value, 2):.2f}"


def pct(value: float | None) -> str:
    """A percentage 0-100: 1 dp with a % sign."""
    return DASH if value is None else f"{round_half_away(value, 1):.1f}%"


def pp(value: float | None) -> str:
    """Percentage points: 1 dp, signed, 'pp'."""
    return DASH if value is None else f"{round_half_away(value, 1):+.1f} pp"


def count(value: int) -> str:
    """A headcount with thousands separators."""
    return f"{value:,}"


SECONDARY = "*"
"""A count of N or more hidden so that a small count cannot be worked out from the total."""


@dataclass(frozen=True)
class MaskedRow:
    """One row of a table after suppression: each count and the total as shown, and which
    positions are hidden (their percentages must be hidden too)."""

    cells: list[str]
    total: str
    hidden: set[int]
    hidden_columns: set[int] = field(default_factory=set)
    """Columns of the table whose column total must be hidden as well."""


@dataclass(frozen=True)
class Suppression:
    """Counts 1..N-1 shown as '<N' and what is derived from them as 'suppressed'.

    Secondary suppression: a hidden count must not be recoverable by subtraction. Where a
    row (or, with column totals shown, a column) would hide exactly one count, another
    non-zero count of it is hidden too (shown '*'): the row's ``spare`` count if it has
    one, else the next smallest; where there is none, the row's total is hidden instead.
    Small totals are counts too, and shown as '<N'.

    The ``spare`` column is the Unknown group: a count of staff with no recorded
    ethnicity (or disability) tells nobody's ethnicity, so it is never hidden for being
    small, and it is the first choice of partner, so that the focus and reference groups
    (the picture the table exists to show) stay visible (docs/decisions.md).
    """

    below: int | None
    officers: bool = False
    """Whether counts of public office holders (board members) are suppressed too."""

    def for_officers(self) -> Suppression:
        """The suppression of a table of public office holders: none unless asked for."""
        return self if self.officers else Suppression(None)

    def table(
        self,
        rows: Sequence[Sequence[int]],
        column_totals: bool = False,
        forced: set[tuple[int, int]] | None = None,
        spare: int | None = None,
    ) -> list[MaskedRow]:
        """Every row of a table whose row totals are shown (and column totals if asked).

        ``forced`` cells are hidden from the start. ``spare`` is the index of the column
        that is never hidden for being small and is hidden first as a partner. Columns
        whose total must be hidden too (one hidden count and no other to hide with it) are
        in each row's ``hidden_columns``.
        """
        totals = [sum(r) for r in rows]
        hide: set[tuple[int, int]] = set(forced or ())
        hide_total: set[int] = set()
        hidden_columns: set[int] = set()
        if self.below:
            hide |= {
                (i, j)
                for i, r in enumerate(rows)
                for j, n in enumerate(r)
                if 0 < n < self.below and j != spare
            }
            hide_total = {i for i, t in enumerate(totals) if 0 < t < self.below}
            changed = True
            while changed:
                changed = False
                for i, r in enumerate(rows):
                    lone = [j for j in range(len(r)) if (i, j) in hide]
                    if len(lone) == 1 and i not in hide_total:
                        partners = [
                            (j != spare, r[j], j)
                            for j in range(len(r))
                            if (i, j) not in hide and r[j]
                        ]
                        if partners:
                            hide.add((i, min(partners)[2]))
                        else:
                            hide_total.add(i)
                        changed = True
                width = max((len(r) for r in rows), default=0)
                for j in range(width if column_totals else 0):
                    lone = [i for i in range(len(rows)) if (i, j) in hide]
                    if len(lone) == 1 and j not in hidden_columns:
                        cells = [
                            (r[j], i) for i, r in enumerate(rows) if (i, j) not in hide and r[j]
                        ]
                        if cells:
                            hide.add((min(cells)[1], j))
                            changed = True
                        else:
                            hidden_columns.add(j)
        return [
            MaskedRow(
                cells=[self._shown(n, (i, j) in hide) for j, n in enumerate(r)],
                total=self._shown(totals[i], i in hide_total),
                hidden={j for j in range(len(r)) if (i, j) in hide},
                hidden_columns=hidden_columns,
            )
            for i, r in enumerate(rows)
        ]

    def _shown(self, n: int, hidden: bool) -> str:
        if not hidden:
            return count(n)
        return self.mark if n < (self.below or 0) else SECONDARY

    def row(self, counts: Sequence[int]) -> list[str]:
        """Each count of one row as shown: '<N' when small, '*' when hidden to protect one."""
        return self.table([counts])[0].cells

    @property
    def mark(self) -> str:
        return f"<{self.below}"

    def active(self) -> bool:
        return bool(self.below)

    def derived(self, text: str, *counts: int) -> str:
        """``text`` (a percentage or ratio) unless any count behind it is suppressed."""
        if self.below and any(0 < n < self.below for n in counts):
            return "suppressed"
        return text


def _counts(part: object, keys: Sequence[str]) -> list[int]:
    return [int(getattr(part, key).count) for key in keys]


def mask_representation(
    result: Representation, hide: Suppression, axis: Axis
) -> tuple[list[MaskedRow], MaskedRow]:
    """Representation as shown: band rows (whose column sums are the 'All staff' row, so
    columns are protected too) and the 'All staff' row; groups in the axis's order."""
    keys = [g.key for g in axis.groups]
    spare = keys.index(axis.unknown.key)
    rows = hide.table([_counts(r, keys) for r in result.rows], column_totals=True, spare=spare)
    columns = rows[0].hidden_columns if rows else set()
    forced = {(0, j) for j in columns}
    overall = hide.table([_counts(result.overall, keys)], forced=forced, spare=spare)[0]
    return rows, overall


def mask_board(result: BoardRepresentation, hide: Suppression, axis: Axis) -> dict[str, MaskedRow]:
    """A board gap as shown: executive and non-executive add up to the total board, so
    that pair is protected by column as well; voting members against the total by row."""
    board = result.board
    keys = [g.key for g in axis.groups]

    def counts(subset: BoardSubset) -> list[int]:
        return _counts(subset, keys)

    spare = keys.index(axis.unknown.key)
    executive, non_executive = hide.table(
        [counts(board.executive), counts(board.non_executive)], column_totals=True, spare=spare
    )
    columns = executive.hidden_columns
    total = hide.table([counts(board.total)], forced={(0, j) for j in columns}, spare=spare)[0]
    voting = hide.table([counts(board.voting)], spare=spare)[0]
    return {
        "total": total,
        "voting": voting,
        "executive": executive,
        "non_executive": non_executive,
    }
