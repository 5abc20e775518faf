"""Numbers for people: display rounding (wres-spec.md section 6) and small-number
suppression (section 7). Machine outputs never pass through here; they stay unrounded.

The same functions serve the terminal table and, as named Jinja filters, the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wres_cli.stats import round_half_away

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
class Suppression:
    """Counts 1..N-1 shown as '<N' and what is derived from them as 'suppressed'.

    Secondary suppression: when a row would hide exactly one count but show its total,
    the next smallest non-zero count of the row is hidden too, so the hidden one cannot
    be recovered by subtraction.
    """

    below: int | None

    def hidden(self, counts: Sequence[int]) -> set[int]:
        """Positions in ``counts`` (one row whose total is shown) to hide."""
        if not self.below:
            return set()
        primary = {i for i, n in enumerate(counts) if 0 < n < self.below}
        if len(primary) == 1:
            others = sorted((n, i) for i, n in enumerate(counts) if i not in primary and n > 0)
            if others:
                primary.add(others[0][1])
        return primary

    def row(self, counts: Sequence[int]) -> list[str]:
        """Each count as shown: '<N' when small, '*' when hidden only to protect a small one."""
        hide = self.hidden(counts)
        return [
            (self.mark if n < (self.below or 0) else SECONDARY) if i in hide else count(n)
            for i, n in enumerate(counts)
        ]

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
