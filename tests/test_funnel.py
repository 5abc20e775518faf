"""Funnel-plot statistics (benchmarking.md §2) checked against the formulas written out
here with math and numpy, never against the module's own numbers."""

from __future__ import annotations

import itertools
import math
from functools import partial

import numpy as np
import pytest
from scipy.stats import norm

from wres_cli.funnel import (
    Band,
    Cause,
    ProportionCounts,
    RatioCounts,
    Scale,
    TooFewOrganisations,
    ZeroCells,
    limit_curve,
    limits,
    peer_group_funnels,
    proportion_funnel,
    proportion_precision,
    ratio_funnel,
)

Z95 = norm.ppf(0.975)
Z998 = norm.ppf(0.999)
TOL = 1e-9

# Seven trusts, a of n1 White and c of n2 BME shortlisted and appointed (indicator 2).
TRUSTS = [
    ("T1", 120, 800, 20, 250),
    ("T2", 300, 2000, 60, 600),
    ("T3", 90, 1000, 40, 400),
    ("T4", 500, 2500, 45, 700),
    ("T5", 60, 400, 15, 150),
    ("T6", 1000, 6000, 150, 1200),
    ("T7", 200, 1200, 30, 300),
]


def _hand_ratio_funnel(
    rows: list[tuple[str, int, int, int, int]],
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, float]:
    """θ0, y, s, z, winsorised z, φ and τ² of §2, from the counts."""
    a, n1, c, n2 = (np.array([r[i] for r in rows], dtype=float) for i in range(1, 5))
    theta0 = math.log((a.sum() / n1.sum()) / (c.sum() / n2.sum()))
    y = np.log((a / n1) / (c / n2))
    s = np.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    z, phi, tau2 = _hand_overdispersion(y, s, theta0)
    low, high = np.percentile(z, [10, 90])  # numpy's default "linear" is R's type 7
    return theta0, y, s, z, np.clip(z, low, high), phi, tau2


def _hand_overdispersion(
    y: np.ndarray, s: np.ndarray, theta0: float
) -> tuple[np.ndarray, float, float]:
    z = (y - theta0) / s
    low, high = np.percentile(z, [10, 90])
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    w = 1 / s**2
    i = len(z)
    tau2 = max(0.0, (i * phi - (i - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return z, phi, tau2


def _hand_band(
    value: float, lower998: float, lower95: float, upper95: float, upper998: float
) -> Band:
    if value > upper998:
        return Band.ABOVE_998
    if value < lower998:
        return Band.BELOW_998
    if value > upper95:
        return Band.ABOVE_95
    return Band.BELOW_95 if value < lower95 else Band.INSIDE


def test_ratio_funnel_by_hand() -> None:
    funnel = ratio_funnel([RatioCounts(*row) for row in TRUSTS])
    theta0, y, s, z, z_w, phi, tau2 = _hand_ratio_funnel(TRUSTS)

    assert funnel.scale is Scale.LOG and funnel.adjusted and funnel.count == 7
    assert funnel.theta0 == pytest.approx(theta0, rel=TOL)
    assert funnel.target == pytest.approx(math.exp(theta0), rel=TOL)
    assert funnel.phi == pytest.approx(phi, rel=TOL)
    assert phi > 1 and tau2 > 0  # the case is overdispersed, so the adjustment is tested
    assert funnel.tau2 == pytest.approx(tau2, rel=TOL)
    assert funnel.excluded == ()
    bands = []
    for i, point in enumerate(funnel.points):
        assert point.code == TRUSTS[i][0]
        assert point.y == pytest.approx(y[i], rel=TOL)
        assert point.value == pytest.approx(math.exp(y[i]), rel=TOL)
        assert point.se == pytest.approx(s[i], rel=TOL)
        assert point.precision == pytest.approx(1 / s[i] ** 2, rel=TOL)
        assert point.z_unadjusted == pytest.approx(z[i], rel=TOL)
        assert point.z_winsorised == pytest.approx(z_w[i], rel=TOL)
        assert point.z == pytest.approx((y[i] - theta0) / math.sqrt(s[i] ** 2 + tau2), rel=TOL)
        spread = math.sqrt(s[i] ** 2 + tau2)
        hand = [math.exp(theta0 + k * spread) for k in (-Z998, -Z95, Z95, Z998)]
        bands.append(_hand_band(math.exp(y[i]), *hand))
        assert point.band is bands[-1]
        assert not point.corrected
    # The winsorisation clipped both ends (7 trusts: the 10th percentile lies between
    # the two lowest z, so exactly one is clipped each side).
    assert sum(abs(a - b) > 0 for a, b in zip(z, z_w, strict=True)) == 2
    assert set(bands) == {Band.INSIDE, Band.ABOVE_95, Band.BELOW_95}
    assert funnel.expected_outside_998 == pytest.approx(0.002 * 7, rel=TOL)

    at = limits(funnel, 100.0)
    spread = math.sqrt(1 / 100 + tau2)
    assert at.precision == 100.0
    assert at.lower998 == pytest.approx(math.exp(theta0 - Z998 * spread), rel=TOL)
    assert at.lower95 == pytest.approx(math.exp(theta0 - Z95 * spread), rel=TOL)
    assert at.upper95 == pytest.approx(math.exp(theta0 + Z95 * spread), rel=TOL)
    assert at.upper998 == pytest.approx(math.exp(theta0 + Z998 * spread), rel=TOL)


def test_ratio_funnel_unadjusted_reports_phi_and_uses_no_tau() -> None:
    funnel = ratio_funnel([RatioCounts(*row) for row in TRUSTS], adjusted=False)
    theta0, y, s, z, _, phi, _ = _hand_ratio_funnel(TRUSTS)
    assert not funnel.adjusted and funnel.tau2 == 0.0
    assert funnel.phi == pytest.approx(phi, rel=TOL)
    for i, point in enumerate(funnel.points):
        assert point.z == pytest.approx(z[i], rel=TOL)
        hand = [math.exp(theta0 + k * s[i]) for k in (-Z998, -Z95, Z95, Z998)]
        assert point.band is _hand_band(math.exp(y[i]), *hand)
    # Without the widening, the extreme trusts are outside 99.8% and are the ones named.
    assert {p.code for p in funnel.outside_998} == {
        p.code for p in funnel.points if abs(p.z) > Z998
    }
    assert {p.band for p in funnel.outside_998} == {Band.ABOVE_998, Band.BELOW_998}
    at = limits(funnel, 400.0)
    assert at.upper998 == pytest.approx(math.exp(theta0 + Z998 / 20), rel=TOL)


SHARES = [
    ("P1", 12, 80),
    ("P2", 30, 400),
    ("P3", 150, 900),
    ("P4", 9, 300),
    ("P5", 60, 500),
    ("P6", 0, 40),
]


def test_proportion_funnel_by_hand() -> None:
    funnel = proportion_funnel([ProportionCounts(*row) for row in SHARES])
    num = np.array([r[1] for r in SHARES], dtype=float)
    den = np.array([r[2] for r in SHARES], dtype=float)
    theta0 = math.asin(math.sqrt(num.sum() / den.sum()))
    y = np.arcsin(np.sqrt(num / den))
    s = 1 / (2 * np.sqrt(den))
    z, phi, tau2 = _hand_overdispersion(y, s, theta0)

    assert funnel.scale is Scale.ARCSINE and funnel.count == 6
    assert funnel.theta0 == pytest.approx(theta0, rel=TOL)
    assert funnel.target == pytest.approx(num.sum() / den.sum(), rel=TOL)
    assert funnel.phi == pytest.approx(phi, rel=TOL)
    assert tau2 > 0
    assert funnel.tau2 == pytest.approx(tau2, rel=TOL)
    for i, point in enumerate(funnel.points):
        assert point.value == pytest.approx(num[i] / den[i], rel=TOL, abs=TOL)
        assert point.y == pytest.approx(y[i], rel=TOL, abs=TOL)
        assert point.se == pytest.approx(s[i], rel=TOL)
        assert point.precision == pytest.approx(4 * den[i], rel=TOL)
        assert point.z_unadjusted == pytest.approx(z[i], rel=TOL)
        assert point.z == pytest.approx((y[i] - theta0) / math.sqrt(s[i] ** 2 + tau2), rel=TOL)
        spread = math.sqrt(s[i] ** 2 + tau2)
        angles = [theta0 + k * spread for k in (-Z998, -Z95, Z95, Z998)]
        hand = [0.0 if t < 0 else 1.0 if t > math.pi / 2 else math.sin(t) ** 2 for t in angles]
        assert point.band is _hand_band(num[i] / den[i], *hand)

    n = 250
    at = limits(funnel, proportion_precision(n))
    spread = math.sqrt(1 / (4 * n) + tau2)
    assert at.lower95 == pytest.approx(math.sin(theta0 - Z95 * spread) ** 2, rel=TOL)
    assert at.upper998 == pytest.approx(math.sin(theta0 + Z998 * spread) ** 2, rel=TOL)
    # At a tiny precision the angle passes 0: the lower limits truncate to exactly 0.
    low = limits(funnel, proportion_precision(2))
    assert theta0 - Z95 * math.sqrt(1 / 8 + tau2) < 0
    assert low.lower95 == 0.0 and low.lower998 == 0.0
    assert 0 < low.upper95 <= low.upper998 <= 1


def test_proportion_limits_truncate_at_one_and_stay_monotone() -> None:
    funnel = proportion_funnel(
        [
            ProportionCounts("A", 95, 100),
            ProportionCounts("B", 190, 200),
            ProportionCounts("C", 48, 50),
        ]
    )
    theta0 = math.asin(math.sqrt((95 + 190 + 48) / 350))
    # n = 3: the upper angle passes pi/2, where sin^2 would turn back down.
    spread = math.sqrt(1 / 12 + funnel.tau2)
    assert theta0 + Z95 * spread > math.pi / 2
    assert limits(funnel, proportion_precision(3)).upper95 == 1.0
    curve = limit_curve(funnel, points=200, lowest=0.5, highest=1e5)
    assert len(curve) == 200
    assert curve[0].precision == pytest.approx(0.5) and curve[-1].precision == pytest.approx(1e5)
    for wider, narrower in itertools.pairwise(curve):
        assert narrower.precision > wider.precision
        assert wider.upper95 >= narrower.upper95 and wider.upper998 >= narrower.upper998
        assert wider.lower95 <= narrower.lower95 and wider.lower998 <= narrower.lower998
    assert all(0 <= c.lower998 <= c.lower95 <= c.upper95 <= c.upper998 <= 1 for c in curve)


def test_limit_curve_spans_the_organisations_by_default() -> None:
    funnel = ratio_funnel([RatioCounts(*row) for row in TRUSTS])
    curve = limit_curve(funnel, points=50)
    precisions = [p.precision for p in funnel.points]
    assert curve[0].precision == pytest.approx(min(precisions), rel=TOL)
    assert curve[-1].precision == pytest.approx(max(precisions), rel=TOL)
    steps = np.diff(np.log([c.precision for c in curve]))
    assert np.allclose(steps, steps[0])


def _simulate(seed: int, trusts: int = 200) -> list[RatioCounts]:
    """benchmarking.md §2: 800-12,000 shortlisted per trust, 10-40% of them BME, BME
    appointed at 10-20%, White at that times the trust's true RL, ln RL ~ N(ln 1.55,
    0.20^2), appointments binomial."""
    rng = np.random.default_rng(seed)
    shortlisted = rng.integers(800, 12_001, size=trusts)
    n2 = np.round(shortlisted * rng.uniform(0.10, 0.40, size=trusts)).astype(int)
    n1 = shortlisted - n2
    log_rl = rng.normal(math.log(1.55), 0.20, size=trusts)
    p_bme = rng.uniform(0.10, 0.20, size=trusts)
    a = rng.binomial(n1, np.minimum(p_bme * np.exp(log_rl), 1.0))
    c = rng.binomial(n2, p_bme)
    return [
        RatioCounts(f"T{i:03d}", int(a[i]), int(n1[i]), int(c[i]), int(n2[i]))
        for i in range(trusts)
    ]


def test_simulation_recovers_overdispersion() -> None:
    """Ten seeded runs of 200 trusts with a true between-trust τ of 0.20.

    What these runs show: the §2 estimator (z winsorised at the 10th and 90th
    percentiles, as FunnelPlotR does) recovers τ about 25% low, 0.149 on average here
    (0.126-0.167 by seed; 0.149 again with 1,000 trusts, so more trusts do not close
    it). That is the price of winsorising: normal z clipped at their 10th and 90th
    percentiles keep only 68% of their mean square, and less when precisions vary (a
    mixture of spreads has heavier tails), so φ and τ² come out low even with no
    outliers to guard against. The same z without winsorising (DerSimonian-Laird,
    computed here independently) gives
    0.198, so the simulation is right and the gap is the method's. Hence τ is asserted
    within 30% below 0.20, not within 15%: benchmarking.md's run (τ 0.177, 0.5% outside)
    was not reproduced by any of these seeds.

    With τ low, the adjusted limits are a little narrow: 1.55% of trusts fall outside
    99.8% (31 of 2,000; 6, 0.3%, with the true τ), against 29.5% (590) unadjusted.
    """
    taus, dl_taus, outside, outside_unadjusted, total = [], [], 0, 0, 0
    for seed in range(10):
        trusts = _simulate(seed)
        funnel = ratio_funnel(trusts)
        unadjusted = ratio_funnel(trusts, adjusted=False)
        rows = [(t.code, t.a, t.n1, t.c, t.n2) for t in trusts]
        _, _, s, z, _, _, tau2 = _hand_ratio_funnel(rows)
        assert funnel.tau2 == pytest.approx(tau2, rel=TOL)
        w = 1 / s**2
        dl = max(0.0, (np.sum(z**2) - (len(z) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
        taus.append(funnel.tau)
        dl_taus.append(math.sqrt(dl))
        outside += len(funnel.outside_998)
        outside_unadjusted += len(unadjusted.outside_998)
        total += funnel.count
        assert funnel.excluded == ()
        assert unadjusted.phi == pytest.approx(funnel.phi, rel=TOL)
    assert total == 2000
    assert abs(np.mean(dl_taus) - 0.20) < 0.15 * 0.20
    assert 0.70 * 0.20 < np.mean(taus) < 0.20
    assert all(0.60 * 0.20 < t < 0.20 for t in taus)
    assert outside / total <= 0.02
    assert outside_unadjusted / total > 0.20


def test_zero_cells_are_excluded_with_their_reason() -> None:
    trusts = [
        *(RatioCounts(*row) for row in TRUSTS),
        RatioCounts("Z1", 0, 50, 4, 30),
        RatioCounts("Z2", 12, 40, 0, 10),
        RatioCounts("E1", 0, 0, 3, 20),
    ]
    funnel = ratio_funnel(trusts)
    assert funnel.zero_cells is ZeroCells.EXCLUDE
    assert funnel.count == 7
    assert [(e.code, e.cause) for e in funnel.excluded] == [
        ("Z1", Cause.ZERO_CELL),
        ("Z2", Cause.ZERO_CELL),
        ("E1", Cause.EMPTY_DENOMINATOR),
    ]
    reasons = {e.code: e.reason for e in funnel.excluded}
    assert "a = 0" in reasons["Z1"] and "c = 0" in reasons["Z2"] and "n1" in reasons["E1"]
    # The excluded trusts are in no sum: the target is that of the seven alone.
    assert funnel.theta0 == pytest.approx(_hand_ratio_funnel(TRUSTS)[0], rel=TOL)


def test_haldane_adds_half_to_each_cell_of_a_zero_table_only() -> None:
    trusts = [*(RatioCounts(*row) for row in TRUSTS), RatioCounts("Z2", 12, 40, 0, 10)]
    funnel = ratio_funnel(trusts, zero_cells=ZeroCells.HALDANE)
    assert funnel.excluded == () and funnel.count == 8
    corrected = funnel.points[-1]
    # Cells 12, 28, 0, 10 become 12.5, 28.5, 0.5, 10.5: n1 = 41, n2 = 11.
    rl = (12.5 / 41) / (0.5 / 11)
    assert corrected.corrected and corrected.code == "Z2"
    assert corrected.value == pytest.approx(rl, rel=TOL)
    assert corrected.se == pytest.approx(math.sqrt(1 / 12.5 - 1 / 41 + 1 / 0.5 - 1 / 11), rel=TOL)
    assert not any(p.corrected for p in funnel.points[:-1])
    for point, (_, a, n1, c, n2) in zip(funnel.points, TRUSTS, strict=False):
        assert point.value == pytest.approx((a / n1) / (c / n2), rel=TOL)
    # The target pools the counts as given (Z2's 12 of 40 and 0 of 10).
    a, n1, c, n2 = (sum(column) for column in list(zip(*TRUSTS, strict=True))[1:])
    assert funnel.theta0 == pytest.approx(
        math.log(((a + 12) / (n1 + 40)) / (c / (n2 + 10))), rel=TOL
    )
    # A table with everyone counted in one group is a zero cell too (n1 - a = 0).
    full = ratio_funnel([*(RatioCounts(*r) for r in TRUSTS), RatioCounts("F", 20, 20, 5, 50)])
    assert [(e.code, e.cause) for e in full.excluded] == [("F", Cause.ZERO_CELL)]
    assert "n1 - a = 0" in full.excluded[0].reason


def test_empty_proportion_is_excluded_and_extremes_need_no_correction() -> None:
    funnel = proportion_funnel(
        [ProportionCounts(*row) for row in SHARES] + [ProportionCounts("P7", 0, 0)]
    )
    assert [(e.code, e.cause) for e in funnel.excluded] == [("P7", Cause.EMPTY_DENOMINATOR)]
    zero = next(p for p in funnel.points if p.code == "P6")
    assert zero.value == 0.0 and zero.y == 0.0 and zero.se == pytest.approx(1 / (2 * math.sqrt(40)))


def test_too_few_organisations_and_bad_input_raise() -> None:
    with pytest.raises(TooFewOrganisations) as few:
        ratio_funnel([RatioCounts("A", 5, 50, 3, 40), RatioCounts("B", 0, 10, 2, 20)])
    assert few.value.count == 1 and [e.code for e in few.value.excluded] == ["B"]
    with pytest.raises(ValueError, match="more than once"):
        proportion_funnel([ProportionCounts("A", 1, 2), ProportionCounts("A", 1, 3)])
    with pytest.raises(ValueError, match="0 <= a <= n1"):
        RatioCounts("A", 6, 5, 1, 2)
    with pytest.raises(ValueError, match="numerator"):
        ProportionCounts("A", 3, 2)
    with pytest.raises(ValueError, match="precision"):
        limits(ratio_funnel([RatioCounts(*row) for row in TRUSTS]), 0.0)


def test_peer_groups_each_have_their_own_funnel() -> None:
    trusts = [RatioCounts(*row) for row in TRUSTS] + [
        RatioCounts("M1", 40, 300, 20, 200),
        RatioCounts("M2", 70, 500, 30, 260),
        RatioCounts("M3", 25, 260, 18, 150),
        RatioCounts("S1", 10, 90, 6, 40),
        RatioCounts("X1", 10, 90, 6, 40),
        RatioCounts("M4", 0, 100, 5, 50),
    ]
    groups = {t[0]: "acute" for t in TRUSTS} | {
        "M1": "mental health",
        "M2": "mental health",
        "M3": "mental health",
        "M4": "mental health",
        "S1": "specialist",
        "ZZ": "ambulance",  # a code not given is ignored
    }
    result = peer_group_funnels(trusts, groups, ratio_funnel)
    assert list(result.funnels) == ["acute", "mental health"]
    acute, mental = result.funnels["acute"], result.funnels["mental health"]
    assert acute.count == 7 and mental.count == 3
    assert acute.theta0 == pytest.approx(_hand_ratio_funnel(TRUSTS)[0], rel=TOL)
    mh = [("M1", 40, 300, 20, 200), ("M2", 70, 500, 30, 260), ("M3", 25, 260, 18, 150)]
    theta0, *_, phi, tau2 = _hand_ratio_funnel(mh)
    assert mental.theta0 == pytest.approx(theta0, rel=TOL)
    assert mental.phi == pytest.approx(phi, rel=TOL) and mental.tau2 == pytest.approx(tau2, rel=TOL)
    assert [(e.code, e.cause) for e in result.excluded] == [
        ("X1", Cause.NO_PEER_GROUP),
        ("S1", Cause.PEER_GROUP_TOO_SMALL),
    ]
    assert "'specialist'" in result.excluded[1].reason
    assert [(e.code, e.cause) for e in mental.excluded] == [("M4", Cause.ZERO_CELL)]
    assert {e.code for e in result.all_excluded} == {"X1", "S1", "M4"}

    # Options are bound by the caller: the same groups with Haldane keep M4.
    corrected = peer_group_funnels(
        trusts, groups, partial(ratio_funnel, zero_cells=ZeroCells.HALDANE)
    )
    assert corrected.funnels["mental health"].count == 4


def test_peer_groups_of_proportions() -> None:
    shares = [ProportionCounts(*row) for row in SHARES]
    groups = {"P1": "g1", "P2": "g1", "P3": "g1", "P4": "g2", "P5": "g2", "P6": "g2"}
    result = peer_group_funnels(shares, groups, proportion_funnel)
    for name, rows in (("g1", SHARES[:3]), ("g2", SHARES[3:])):
        pooled = sum(r[1] for r in rows) / sum(r[2] for r in rows)
        assert result.funnels[name].target == pytest.approx(pooled, rel=TOL)
        assert result.funnels[name].theta0 == pytest.approx(math.asin(math.sqrt(pooled)), rel=TOL)
    assert result.excluded == ()


def test_change_funnel_reads_the_worked_example_of_section_1() -> None:
    """benchmarking.md §1: White 250/1000 vs BME 120/800, then 260/1000 vs 90/800: RL
    1.67 -> 2.31, ratio 1.39, 95% CI 1.03-1.86, p = 0.030."""
    from wres_cli.funnel import ChangeCounts, change_funnel

    worked = ChangeCounts(
        "R1A", RatioCounts("R1A", 250, 1000, 120, 800), RatioCounts("R1A", 260, 1000, 90, 800)
    )
    other = ChangeCounts(
        "R1B", RatioCounts("R1B", 200, 900, 100, 700), RatioCounts("R1B", 210, 900, 95, 700)
    )
    plot = change_funnel([worked, other])
    point = next(p for p in plot.points if p.code == "R1A")
    assert round(point.value, 2) == 1.39
    low, high = (math.exp(point.y + k * 1.959964 * point.se) for k in (-1, 1))
    assert (round(low, 2), round(high, 2)) == (1.03, 1.86)
    assert round(math.erfc(abs(point.y / point.se) / math.sqrt(2)), 3) == 0.030
    # the target is the two organisations' inverse-variance weighted mean change
    w = [1 / p.se**2 for p in plot.points]
    mean = sum(wi * p.y for wi, p in zip(w, plot.points, strict=True)) / sum(w)
    assert plot.theta0 == pytest.approx(mean, rel=1e-12)
