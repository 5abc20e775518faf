"""Ratios, confidence intervals, assessment against the non-adverse range, and rounding.

The confidence interval is a project addition, not an NHS England method (wres-spec.md
section 5): Katz log interval when every cell is large enough, otherwise the
Miettinen-Nurminen score interval, which stays sensible with zero or small cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

Z95 = 1.959963984540054
NON_ADVERSE = (0.80, 1.25)
"""NHS England's non-adverse range for a relative likelihood (the four-fifths rule)."""
SMALL_COUNT = 10
"""Counts below this behind a ratio make it unstable: warned, never failed."""
KATZ_MIN_NUMERATOR = 5


class Assessment(StrEnum):
    """Where a relative likelihood sits against the non-adverse range."""

    WITHIN = "within non-adverse range"
    ABOVE = "above range"
    BELOW = "below range"
    NOT_CALCULABLE = "not calculable"


@dataclass(frozen=True)
class Ratio:
    """A relative likelihood ``(a/n1) / (c/n2)`` with its interval, or why there is none."""

    value: float | None
    ci95: tuple[float, float] | None
    ci_method: str | None
    reason: str | None = None
    exact: Fraction | None = None
    """The ratio of the integer counts, exactly: the assessment compares this, so that a
    ratio of exactly 0.80 or 1.25 is within the range whatever the float rounding."""

    @property
    def significant(self) -> bool | None:
        """True when the 95% interval excludes 1."""
        if self.ci95 is None:
            return None
        return self.ci95[0] > 1 or self.ci95[1] < 1

    @property
    def assessment(self) -> Assessment:
        if self.value is None:
            return Assessment.NOT_CALCULABLE
        value = self.exact if self.exact is not None else Fraction(self.value)
        low, high = (Fraction(str(bound)) for bound in NON_ADVERSE)
        if value > high:
            return Assessment.ABOVE
        return Assessment.BELOW if value < low else Assessment.WITHIN


def relative_likelihood(a: int, n1: int, c: int, n2: int, *, top: str, ref: str) -> Ratio:
    """Likelihood of group ``top`` (a of n1) over that of group ``ref`` (c of n2).

    ``top`` and ``ref`` name the groups for the reason given when it is not calculable.
    """
    if n1 == 0 or n2 == 0:
        empty = top if n1 == 0 else ref
        return Ratio(None, None, None, f"no {empty} staff or applicants in the denominator")
    if c == 0:
        return Ratio(None, None, None, f"{ref} likelihood is 0, so the ratio is undefined")
    value = (a / n1) / (c / n2)
    exact = Fraction(a * n2, n1 * c)
    if a >= KATZ_MIN_NUMERATOR and c >= KATZ_MIN_NUMERATOR and a < n1 and c < n2:
        return Ratio(value, katz_interval(a, n1, c, n2), "katz-log", exact=exact)
    return Ratio(value, score_interval(a, n1, c, n2), "miettinen-nurminen-score", exact=exact)


def katz_variance(a: float, n1: float, c: float, n2: float) -> float:
    """Katz variance of ln RL, ``1/a - 1/n1 + 1/c - 1/n2`` (a and c above 0).

    Floats, not only counts, so that a Haldane-Anscombe corrected table (0.5 added to
    each cell, ``funnel.py``) uses the same formula as the interval below.
    """
    return 1 / a - 1 / n1 + 1 / c - 1 / n2


def katz_interval(a: int, n1: int, c: int, n2: int) -> tuple[float, float]:
    """Katz log interval: exp(ln RL +/- z * sqrt(1/a - 1/n1 + 1/c - 1/n2))."""
    log_rl = math.log((a / n1) / (c / n2))
    se = math.sqrt(katz_variance(a, n1, c, n2))
    return math.exp(log_rl - Z95 * se), math.exp(log_rl + Z95 * se)


def _score_z(theta: float, a: int, n1: int, c: int, n2: int) -> float:
    """Miettinen-Nurminen score statistic for H0: p1 / p2 = theta."""
    n = n1 + n2
    p1, p2 = a / n1, c / n2
    # Constrained maximum likelihood estimate of p2 under p1 = theta * p2.
    qa = n * theta
    qb = -(n1 * theta + a + n2 + c * theta)
    qc = a + c
    p2_tilde = (-qb - math.sqrt(max(qb * qb - 4 * qa * qc, 0.0))) / (2 * qa)
    p1_tilde = theta * p2_tilde
    variance = (p1_tilde * (1 - p1_tilde) / n1 + theta**2 * p2_tilde * (1 - p2_tilde) / n2) * (
        n / (n - 1)
    )
    if variance <= 0:
        return 0.0 if p1 - theta * p2 == 0 else math.copysign(math.inf, p1 - theta * p2)
    return (p1 - theta * p2) / math.sqrt(variance)


def score_interval(a: int, n1: int, c: int, n2: int) -> tuple[float, float]:
    """Miettinen-Nurminen score interval for p1 / p2 (c > 0), found by bisection in log space.

    z(theta) decreases in theta; each limit is where |z| = 1.96.
    """

    def solve(target: float, lo: float, hi: float) -> float:
        for _ in range(200):
            mid = math.sqrt(lo * hi)
            if _score_z(mid, a, n1, c, n2) > target:
                lo = mid
            else:
                hi = mid
            if hi / lo < 1 + 1e-12:
                break
        return math.sqrt(lo * hi)

    lower = 0.0 if a == 0 else solve(Z95, 1e-12, 1e12)
    upper = solve(-Z95, 1e-12, 1e12)
    return lower, upper


def round_half_away(value: float, places: int) -> float:
    """Round as Excel's ROUND does: halves away from zero, on the decimal written value."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(rounded) + 0.0  # -0.004 rounds to 0.00, never to "-0.00"


def percent(part: int, whole: int) -> float | None:
    """part / whole as 0-100, or None when there is no whole."""
    return 100 * part / whole if whole else None


def wilson_interval(percent: float, n: int) -> tuple[float, float] | None:
    """95% Wilson score interval of a share (0-100) of ``n`` respondents, in percent;
    None without respondents. Stays inside 0-100 and sensible near 0 and 100."""
    if n <= 0:
        return None
    p = percent / 100
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)
