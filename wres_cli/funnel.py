"""Funnel plots across organisations: the statistics only, no chart (benchmarking.md §2).

A funnel asks "is this organisation unusual among its peers?": each organisation's
indicator on a variance-stabilising scale (the log of a relative likelihood, the arcsine
of the square root of a proportion) against a pooled target, with 95% and 99.8% limits
that narrow as precision grows. Between organisations there is almost always more
variation than sampling alone explains, so the limits are widened by an additive random
effect (Spiegelhalter, *Stat Med* 2005;24:1185-1202 and *Qual Saf Health Care*
2005;14:347-51): ``tau^2`` from the dispersion ratio ``phi`` of the z-scores winsorised
at their 10th and 90th percentiles. Without it, large trusts fall outside the limits by
the hundred for differences nobody could act on.

The formulas follow the NHS-R community's FunnelPlotR (``R/od_adjustment.R``,
``R/calculate_limits.R``): percentiles by R's default ``quantile`` (type 7, linear
interpolation), winsorised z clipped to them, ``phi = mean(z_w^2)``, the DerSimonian-Laird
style ``tau^2`` with weights ``1/s^2``, and proportion limits truncated to [0, 1]. Where
this module departs from FunnelPlotR, it says so where it does.

Nothing is dropped silently (the project rule): an organisation that cannot be placed
on the funnel (an empty denominator, a zero cell under the default option, no peer
group) is listed in ``excluded`` with its reason, and a Haldane-Anscombe correction is
flagged on the point it changed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from wres_cli.stats import Z95, katz_variance

Z998 = 3.090232306167813
"""The two-sided 99.8% normal quantile, as exact as ``Z95`` (FunnelPlotR writes 3.090232)."""
CHANCE_OUTSIDE_998 = 0.002
"""The share of organisations outside the 99.8% limits by chance alone (0.1% each side)."""
TRIM = 0.1
"""Winsorised at the 10th and 90th percentiles (FunnelPlotR's ``trim_by``)."""
MIN_ORGANISATIONS = 2
"""Fewer than two organisations leave nothing to compare and ``tau^2`` undefined."""
HALDANE = 0.5
"""Added to each of the four cells of a 2x2 table with a zero cell, when chosen."""


class Scale(StrEnum):
    """The scale the funnel is computed on; values are back-transformed for reading."""

    LOG = "log"
    ARCSINE = "arcsine"

    def onto(self, value: float) -> float:
        """A value (a ratio, a proportion 0-1) on this scale: ``ln`` or ``asin(sqrt())``."""
        return math.log(value) if self is Scale.LOG else math.asin(math.sqrt(value))


class Band(StrEnum):
    """Where an organisation sits against the limits; outside 99.8% takes precedence."""

    INSIDE = "inside"
    ABOVE_95 = "above 95%"
    ABOVE_998 = "above 99.8%"
    BELOW_95 = "below 95%"
    BELOW_998 = "below 99.8%"


class ZeroCells(StrEnum):
    """What to do with a relative likelihood whose 2x2 table has a zero cell, where
    ``ln RL`` or its Katz variance is undefined (or zero). Excluding is the default:
    the correction changes a trust's published number, so it must be asked for."""

    EXCLUDE = "exclude"
    HALDANE = "haldane-anscombe"


class Cause(StrEnum):
    """Why an organisation is not on a funnel: for counting exclusions by kind."""

    EMPTY_DENOMINATOR = "empty denominator"
    ZERO_CELL = "zero cell"
    NO_PEER_GROUP = "no peer group"
    PEER_GROUP_TOO_SMALL = "peer group too small"
    NO_RESULT = "no result"


@dataclass(frozen=True)
class RatioCounts:
    """One organisation's relative likelihood ``(a/n1) / (c/n2)``: ``a`` of ``n1`` in the
    group on top (e.g. White shortlisted and appointed), ``c`` of ``n2`` in the other."""

    code: str
    a: int
    n1: int
    c: int
    n2: int

    def __post_init__(self) -> None:
        if not (0 <= self.a <= self.n1 and 0 <= self.c <= self.n2):
            raise ValueError(
                f"{self.code}: counts must satisfy 0 <= a <= n1 and 0 <= c <= n2, "
                f"got a={self.a}, n1={self.n1}, c={self.c}, n2={self.n2}"
            )


@dataclass(frozen=True)
class ProportionCounts:
    """One organisation's proportion ``numerator / denominator``. Floats, because a
    survey share times its responses need not be a whole number (weighted results)."""

    code: str
    numerator: float
    denominator: float

    def __post_init__(self) -> None:
        finite = math.isfinite(self.numerator) and math.isfinite(self.denominator)
        if not (finite and 0 <= self.numerator <= self.denominator):
            raise ValueError(
                f"{self.code}: counts must satisfy 0 <= numerator <= denominator, "
                f"got {self.numerator} of {self.denominator}"
            )


@dataclass(frozen=True)
class Exclusion:
    """An organisation left off a funnel, with the reason in a sentence."""

    code: str
    cause: Cause
    reason: str


@dataclass(frozen=True)
class FunnelPoint:
    """One organisation on the funnel.

    ``z`` is the score against the limits in use: ``(y - theta0) / sqrt(se^2 + tau^2)``
    (``tau^2`` is 0 when unadjusted), so ``|z| > 3.090232`` exactly when the point is
    outside the 99.8% limits drawn, and ``band`` is read from it. FunnelPlotR reports
    instead its ``Uzscore``, ``(y - theta0) / se``, the score before the adjustment,
    and flags outliers by the adjusted limits; with ``tau^2 > 0`` that score calls
    large trusts extreme that the chart shows inside, so it is kept here as
    ``z_unadjusted`` (the one the dispersion ratio is made of), and ``z_winsorised`` is
    it clipped to its 10th and 90th percentiles.
    """

    code: str
    value: float
    """Back-transformed: the relative likelihood, or the proportion (0-1); for a
    corrected point, the corrected ratio (the one plotted, not the published one)."""
    y: float
    """On the funnel's scale: ``ln RL``, or ``asin(sqrt(p))``."""
    se: float
    precision: float
    """``1 / se^2``: the funnel's x-axis."""
    z: float
    z_unadjusted: float
    z_winsorised: float
    band: Band
    corrected: bool = False
    """True when a zero cell was Haldane-Anscombe corrected (0.5 added to each cell)."""


@dataclass(frozen=True)
class Funnel:
    """A funnel across organisations: the target, the overdispersion, every point and
    every organisation left off."""

    scale: Scale
    theta0: float
    """The target on the funnel's scale."""
    target: float
    """The target back-transformed: the pooled relative likelihood or proportion."""
    phi: float
    """The dispersion ratio, mean of the winsorised z^2; reported even when unadjusted
    (FunnelPlotR sets it to 0 then, with a comment that it should still report it)."""
    tau2: float
    """The between-organisation variance added to each ``se^2``; 0 when unadjusted."""
    adjusted: bool
    points: tuple[FunnelPoint, ...]
    excluded: tuple[Exclusion, ...] = ()
    zero_cells: ZeroCells | None = None
    """The zero-cell option used (ratios only)."""

    @property
    def count(self) -> int:
        """I, the organisations on the funnel."""
        return len(self.points)

    @property
    def tau(self) -> float:
        return math.sqrt(self.tau2)

    @property
    def expected_outside_998(self) -> float:
        """How many organisations would fall outside the 99.8% limits by chance alone
        (0.2% of I): the number to set beside those named."""
        return CHANCE_OUTSIDE_998 * self.count

    @property
    def outside_998(self) -> tuple[FunnelPoint, ...]:
        """The organisations outside the 99.8% limits: the only ones to name."""
        return tuple(p for p in self.points if p.band in (Band.ABOVE_998, Band.BELOW_998))


@dataclass(frozen=True)
class Limits:
    """The funnel's limits at one precision, back-transformed (natural scale)."""

    precision: float
    lower998: float
    lower95: float
    upper95: float
    upper998: float


class TooFewOrganisations(ValueError):
    """Fewer than ``MIN_ORGANISATIONS`` left to compare; ``excluded`` says why the rest
    were left off."""

    def __init__(self, count: int, excluded: tuple[Exclusion, ...]) -> None:
        super().__init__(
            f"{count} organisation(s) to compare, at least {MIN_ORGANISATIONS} needed "
            f"({len(excluded)} excluded)"
        )
        self.count = count
        self.excluded = excluded


@dataclass(frozen=True)
class _Estimate:
    """An organisation's estimate on the funnel's scale, before the funnel is known."""

    code: str
    value: float
    y: float
    se: float
    corrected: bool


def ratio_funnel(
    organisations: Sequence[RatioCounts],
    *,
    zero_cells: ZeroCells = ZeroCells.EXCLUDE,
    adjusted: bool = True,
) -> Funnel:
    """The funnel of relative likelihoods on the log scale: ``y = ln RL``, Katz
    ``se^2 = 1/a - 1/n1 + 1/c - 1/n2``, target the pooled ratio
    ``ln((sum a / sum n1) / (sum c / sum n2))``.

    A zero cell is any of the four cells of the 2x2 table (``a``, ``n1 - a``, ``c``,
    ``n2 - c``): at ``a`` or ``c`` the log is undefined; at ``n1 - a`` (everyone in the
    group counted) that group's term of the variance is 0, its sampling error ignored,
    and with ``n2 - c`` too the precision is infinite. Haldane-Anscombe adds 0.5 to each
    of the four cells of that organisation only (so each denominator grows by 1). The
    target is pooled from the counts as given, corrected or not: it is the
    organisations' own pooled ratio, which half-counts invented for a few would move.
    """
    _unique(organisations)
    excluded: list[Exclusion] = []
    estimates: list[_Estimate] = []
    kept: list[RatioCounts] = []
    for org in organisations:
        if org.n1 == 0 or org.n2 == 0:
            empty = "n1" if org.n1 == 0 else "n2"
            excluded.append(
                Exclusion(
                    org.code,
                    Cause.EMPTY_DENOMINATOR,
                    f"the denominator {empty} is 0, so there is no likelihood to compare",
                )
            )
            continue
        zeros = _zero_cells(org)
        if zeros and zero_cells is ZeroCells.EXCLUDE:
            excluded.append(
                Exclusion(
                    org.code,
                    Cause.ZERO_CELL,
                    f"a zero cell ({', '.join(zeros)}; a={org.a}, n1={org.n1}, c={org.c}, "
                    f"n2={org.n2}) leaves ln RL or its variance undefined; the "
                    "Haldane-Anscombe option would add 0.5 to each cell instead",
                )
            )
            continue
        step = HALDANE if zeros else 0.0
        a, c = org.a + step, org.c + step
        n1, n2 = org.n1 + 2 * step, org.n2 + 2 * step
        rl = (a / n1) / (c / n2)
        estimates.append(
            _Estimate(
                org.code, rl, math.log(rl), math.sqrt(katz_variance(a, n1, c, n2)), bool(zeros)
            )
        )
        kept.append(org)
    if len(estimates) < MIN_ORGANISATIONS:
        raise TooFewOrganisations(len(estimates), tuple(excluded))
    sum_a, sum_n1 = sum(o.a for o in kept), sum(o.n1 for o in kept)
    sum_c, sum_n2 = sum(o.c for o in kept), sum(o.n2 for o in kept)
    if sum_a == 0 or sum_c == 0:
        raise ValueError("the pooled ratio is 0 or undefined: no events in one group anywhere")
    theta0 = math.log((sum_a / sum_n1) / (sum_c / sum_n2))
    return _funnel(Scale.LOG, theta0, estimates, excluded, adjusted, zero_cells)


@dataclass(frozen=True)
class ChangeCounts:
    """An organisation's relative likelihood in two years: the counts of each."""

    code: str
    before: RatioCounts
    after: RatioCounts


def change_funnel(organisations: Sequence[ChangeCounts], *, adjusted: bool = True) -> Funnel:
    """The funnel of the change of a relative likelihood between two years (benchmarking.md
    §1 and §2): ``y = ln RL2 - ln RL1`` (Altman & Bland), ``se^2 = s1^2 + s2^2`` with Katz
    variances; the value shown is the ratio of the two ratios. The target is the
    organisations' common change, the inverse-variance weighted mean of ``y``: "did this
    organisation change more than its peers did?" (whether it changed at all is its own
    test, in its report). A zero cell in either year excludes it, with the reason: the
    two estimates must each be defined, and a correction would invent a change."""
    _unique([o.after for o in organisations])
    excluded: list[Exclusion] = []
    estimates: list[_Estimate] = []
    for org in organisations:
        years = (("last year", org.before), ("this year", org.after))
        empty = next((y for y, c in years if c.n1 == 0 or c.n2 == 0), None)
        if empty is not None:
            excluded.append(
                Exclusion(org.code, Cause.EMPTY_DENOMINATOR, f"a denominator of {empty} is 0")
            )
            continue
        zero = next(((y, z) for y, c in years if (z := _zero_cells(c))), None)
        if zero is not None:
            year, cells = zero
            excluded.append(
                Exclusion(
                    org.code,
                    Cause.ZERO_CELL,
                    f"a zero cell {year} ({', '.join(cells)}) leaves the change undefined",
                )
            )
            continue
        logs = [math.log((c.a / c.n1) / (c.c / c.n2)) for _, c in years]
        d = logs[1] - logs[0]
        se = math.sqrt(sum(katz_variance(c.a, c.n1, c.c, c.n2) for _, c in years))
        estimates.append(_Estimate(org.code, math.exp(d), d, se, False))
    if len(estimates) < MIN_ORGANISATIONS:
        raise TooFewOrganisations(len(estimates), tuple(excluded))
    weights = [1 / e.se**2 for e in estimates]
    theta0 = sum(w * e.y for w, e in zip(weights, estimates, strict=True)) / sum(weights)
    return _funnel(Scale.LOG, theta0, estimates, excluded, adjusted)


def proportion_funnel(
    organisations: Sequence[ProportionCounts], *, adjusted: bool = True
) -> Funnel:
    """The funnel of proportions on the arcsine scale: ``y = asin(sqrt(p))``,
    ``se = 1 / (2 sqrt(n))`` whatever p (so 0% and 100% need no correction), target
    ``asin(sqrt(sum num / sum den))``."""
    _unique(organisations)
    excluded: list[Exclusion] = []
    estimates: list[_Estimate] = []
    for org in organisations:
        if org.denominator == 0:
            excluded.append(
                Exclusion(
                    org.code,
                    Cause.EMPTY_DENOMINATOR,
                    "the denominator is 0, so there is no proportion",
                )
            )
            continue
        p = org.numerator / org.denominator
        se = 1 / (2 * math.sqrt(org.denominator))
        estimates.append(_Estimate(org.code, p, Scale.ARCSINE.onto(p), se, False))
    if len(estimates) < MIN_ORGANISATIONS:
        raise TooFewOrganisations(len(estimates), tuple(excluded))
    kept = [o for o in organisations if o.denominator > 0]
    pooled = sum(o.numerator for o in kept) / sum(o.denominator for o in kept)
    return _funnel(Scale.ARCSINE, Scale.ARCSINE.onto(pooled), estimates, excluded, adjusted)


def limits(funnel: Funnel, precision: float) -> Limits:
    """The 95% and 99.8% limits at a precision ``1/s^2`` (for a proportion of n,
    ``proportion_precision(n)``): ``theta0 +/- z sqrt(1/precision + tau^2)`` on the
    funnel's scale, back-transformed.

    On the arcsine scale the angle is clamped to [0, pi/2] before the sine is squared:
    beyond it ``sin^2`` would turn back, and a limit that grows again as precision falls
    is no funnel. FunnelPlotR truncates the proportions to [0, 1] and then patches
    non-monotone neighbours in its lookup table; the clamp gives the same limits at
    every precision, not only on a sorted grid.
    """
    if not precision > 0:
        raise ValueError(f"precision must be positive, got {precision}")
    spread = math.sqrt(1 / precision + funnel.tau2)

    def at(z: float) -> float:
        angle = funnel.theta0 + z * spread
        if funnel.scale is Scale.LOG:
            return math.exp(angle)
        return math.sin(min(max(angle, 0.0), math.pi / 2)) ** 2

    return Limits(precision, at(-Z998), at(-Z95), at(Z95), at(Z998))


def proportion_precision(denominator: float) -> float:
    """The precision of a proportion of ``denominator`` on the arcsine scale,
    ``1/s^2 = 4n``: the x-axis position of a count for ``limits``."""
    return 4 * denominator


def limit_curve(
    funnel: Funnel,
    points: int = 100,
    lowest: float | None = None,
    highest: float | None = None,
) -> tuple[Limits, ...]:
    """Limits at ``points`` precisions spaced evenly on a log axis from ``lowest`` to
    ``highest`` (by default the least and most precise organisations): the lines of a
    chart. Log spacing, because precisions span orders of magnitude and the funnel
    bends most at the small end."""
    low = lowest if lowest is not None else min(p.precision for p in funnel.points)
    high = highest if highest is not None else max(p.precision for p in funnel.points)
    if not 0 < low <= high or points < 2:
        raise ValueError(f"need 0 < lowest <= highest and points >= 2, got {low}, {high}")
    ratio = math.log(high / low) / (points - 1)
    return tuple(limits(funnel, low * math.exp(i * ratio)) for i in range(points))


@dataclass(frozen=True)
class PeerFunnels:
    """One funnel per peer group, in the order the groups first appear, and the
    organisations on none of them with the reason (their own funnel's exclusions, such
    as zero cells, stay in that funnel's ``excluded``)."""

    funnels: Mapping[str, Funnel]
    excluded: tuple[Exclusion, ...] = field(default=())

    @property
    def all_excluded(self) -> tuple[Exclusion, ...]:
        """Every organisation left off, whether by group or within its group's funnel."""
        inside = tuple(e for f in self.funnels.values() for e in f.excluded)
        return self.excluded + inside


Counts = TypeVar("Counts", RatioCounts, ProportionCounts)


def peer_group_funnels(
    organisations: Sequence[Counts],
    groups: Mapping[str, str],
    build: Callable[[Sequence[Counts]], Funnel],
) -> PeerFunnels:
    """Run ``build`` (``ratio_funnel``, ``proportion_funnel``, or either with its
    options bound) once per peer group, so that each organisation is compared with
    like organisations and each group has its own target and ``tau^2``.

    ``groups`` maps organisation code to group (acute, mental health and learning
    disability, community, ambulance, specialist: the NHS Staff Survey's benchmark
    groups); it may name organisations not given. An organisation without a group, and
    every one of a group with fewer than two to compare, is excluded with the reason.
    """
    _unique(organisations)
    members: dict[str, list[Counts]] = {}
    excluded: list[Exclusion] = []
    for org in organisations:
        group = groups.get(org.code)
        if group is None:
            excluded.append(Exclusion(org.code, Cause.NO_PEER_GROUP, "no peer group given for it"))
        else:
            members.setdefault(group, []).append(org)
    funnels: dict[str, Funnel] = {}
    for group, orgs in members.items():
        try:
            funnels[group] = build(orgs)
        except TooFewOrganisations as few:
            excluded.extend(few.excluded)
            left = {e.code for e in few.excluded}
            excluded.extend(
                Exclusion(
                    o.code,
                    Cause.PEER_GROUP_TOO_SMALL,
                    f"its peer group {group!r} has {few.count} organisation(s) to compare, "
                    f"fewer than {MIN_ORGANISATIONS}",
                )
                for o in orgs
                if o.code not in left
            )
    return PeerFunnels(funnels, tuple(excluded))


def _unique(organisations: Sequence[RatioCounts] | Sequence[ProportionCounts]) -> None:
    """Two rows with one code would put one organisation on the funnel twice."""
    seen: set[str] = set()
    for org in organisations:
        if org.code in seen:
            raise ValueError(f"organisation {org.code!r} appears more than once")
        seen.add(org.code)


def _zero_cells(org: RatioCounts) -> list[str]:
    """The zero cells of the organisation's 2x2 table, by name."""
    cells = {"a": org.a, "n1 - a": org.n1 - org.a, "c": org.c, "n2 - c": org.n2 - org.c}
    return [f"{name} = 0" for name, count in cells.items() if count == 0]


def _quantile(ordered: Sequence[float], p: float) -> float:
    """R's default ``quantile`` (type 7): linear interpolation between order statistics
    at ``(I - 1) p``, which FunnelPlotR's winsorisation uses."""
    h = (len(ordered) - 1) * p
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def _funnel(
    scale: Scale,
    theta0: float,
    estimates: Sequence[_Estimate],
    excluded: Sequence[Exclusion],
    adjusted: bool,
    zero_cells: ZeroCells | None = None,
) -> Funnel:
    """Overdispersion (benchmarking.md §2 step 4), then each point's score and band.

    ``tau^2 = max(0, (I phi - (I - 1)) / (sum w - sum w^2 / sum w))``, ``w = 1/s^2``, as
    written in §2 and by Spiegelhalter. FunnelPlotR also draws unadjusted limits when
    ``phi <= 1``; for ``(I - 1)/I < phi <= 1`` this gives a small positive ``tau^2``
    where FunnelPlotR would use none.
    """
    raw = [(e.y - theta0) / e.se for e in estimates]
    ordered = sorted(raw)
    low, high = _quantile(ordered, TRIM), _quantile(ordered, 1 - TRIM)
    winsorised = [min(max(z, low), high) for z in raw]
    count = len(estimates)
    phi = sum(z * z for z in winsorised) / count
    weights = [1 / (e.se * e.se) for e in estimates]
    spread = sum(weights) - sum(w * w for w in weights) / sum(weights)
    tau2 = max(0.0, (count * phi - (count - 1)) / spread) if adjusted else 0.0
    points = []
    for estimate, z_raw, z_w in zip(estimates, raw, winsorised, strict=True):
        z = (estimate.y - theta0) / math.sqrt(estimate.se**2 + tau2)
        points.append(
            FunnelPoint(
                code=estimate.code,
                value=estimate.value,
                y=estimate.y,
                se=estimate.se,
                precision=1 / estimate.se**2,
                z=z,
                z_unadjusted=z_raw,
                z_winsorised=z_w,
                band=_band(z),
                corrected=estimate.corrected,
            )
        )
    target = math.exp(theta0) if scale is Scale.LOG else math.sin(theta0) ** 2
    return Funnel(
        scale, theta0, target, phi, tau2, adjusted, tuple(points), tuple(excluded), zero_cells
    )


def _band(z: float) -> Band:
    """On a limit is inside, as FunnelPlotR's outlier flag has it."""
    if z > Z998:
        return Band.ABOVE_998
    if z < -Z998:
        return Band.BELOW_998
    if z > Z95:
        return Band.ABOVE_95
    return Band.BELOW_95 if z < -Z95 else Band.INSIDE
