"""Did it change? Tests of a change between two years, and the verdict a board reads.

A change is *improved*, *worsened* or *no significant change*, decided by a test at the
5% level and never by the sign alone; which way is better is the indicator's own
(declared), and a ratio is better nearer 1 (benchmarking.md section 1):

- a relative likelihood: the difference of the two log ratios (Altman & Bland, BMJ
  2003;326:219), SE = sqrt(s1^2 + s2^2) with Katz standard errors; reported as the
  ratio of the two relative likelihoods with its 95% interval and p-value;
- a share (a survey answer, the focus group's share of the senior bands or of the
  board): the two-proportion z-test, pooled under no change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from wres_cli import stats
from wres_cli.stats import Z95

ALPHA = 0.05
Better = Literal["higher", "lower", "nearer 1"]
"""Which way a change is an improvement."""


class Verdict(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_CHANGE = "no significant change"
    NOT_TESTED = "not tested"


@dataclass(frozen=True)
class Change:
    """The test of one change: its verdict, the estimate (the ratio of two relative
    likelihoods, or the difference of two shares in percentage points), its 95%
    interval and p-value; ``reason`` when it was not tested."""

    verdict: Verdict
    estimate: float | None = None
    ci95: tuple[float, float] | None = None
    p: float | None = None
    reason: str | None = None


def _p(z: float) -> float:
    """Two-sided p-value of a standard normal statistic."""
    return math.erfc(abs(z) / math.sqrt(2))


def katz_variance(a: int, n1: int, c: int, n2: int) -> float | None:
    """Var(ln RL) by Katz, None when a cell makes it undefined (a zero numerator)."""
    if not (0 < a <= n1 and 0 < c <= n2):
        return None
    return stats.katz_variance(a, n1, c, n2)


def ratio_change(before: tuple[int, int, int, int], after: tuple[int, int, int, int]) -> Change:
    """The change of a relative likelihood (a of n1 over c of n2, each year): better when
    nearer 1 on the log scale."""
    v1, v2 = katz_variance(*before), katz_variance(*after)
    if v1 is None or v2 is None:
        return Change(Verdict.NOT_TESTED, reason="a count behind one of the ratios is 0")
    rl1 = (before[0] / before[1]) / (before[2] / before[3])
    rl2 = (after[0] / after[1]) / (after[2] / after[3])
    d = math.log(rl2) - math.log(rl1)
    se = math.sqrt(v1 + v2)
    if se == 0:
        return Change(Verdict.NOT_TESTED, reason="no variation behind the ratios")
    p = _p(d / se)
    ci = (math.exp(d - Z95 * se), math.exp(d + Z95 * se))
    if p >= ALPHA:
        return Change(Verdict.NO_CHANGE, math.exp(d), ci, p)
    nearer = abs(math.log(rl2)) < abs(math.log(rl1))
    return Change(Verdict.IMPROVED if nearer else Verdict.WORSENED, math.exp(d), ci, p)


def share_change(before: tuple[float, int], after: tuple[float, int], better: Better) -> Change:
    """The change of a share (percentage, of n respondents or staff, each year): the
    two-proportion z-test, pooled under no change; the estimate is the difference in
    percentage points."""
    (p1, n1), (p2, n2) = (before[0] / 100, before[1]), (after[0] / 100, after[1])
    if n1 <= 0 or n2 <= 0:
        return Change(Verdict.NOT_TESTED, reason="no respondents in one of the years")
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    diff = p2 - p1
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    ci = (100 * (diff - Z95 * se), 100 * (diff + Z95 * se))
    if se0 == 0:
        return Change(Verdict.NO_CHANGE, 100 * diff, ci, 1.0)
    p = _p(diff / se0)
    if p >= ALPHA:
        return Change(Verdict.NO_CHANGE, 100 * diff, ci, p)
    up = diff > 0
    good = up if better == "higher" else not up
    return Change(Verdict.IMPROVED if good else Verdict.WORSENED, 100 * diff, ci, p)


def not_tested(reason: str) -> Change:
    return Change(Verdict.NOT_TESTED, reason=reason)
