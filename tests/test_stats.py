"""Statistics checked against scipy and statsmodels, never against the code itself."""

from __future__ import annotations

import math

import pytest
from scipy.stats.contingency import relative_risk
from statsmodels.stats.proportion import confint_proportions_2indep

from wres_cli.stats import Assessment, relative_likelihood, round_half_away


@pytest.mark.parametrize(
    ("a", "n1", "c", "n2"),
    [(120, 500, 60, 400), (30, 1000, 12, 900), (7, 50, 9, 80), (5, 5000, 5, 4000)],
)
def test_katz_matches_scipy(a: int, n1: int, c: int, n2: int) -> None:
    ratio = relative_likelihood(a, n1, c, n2, top="White", ref="BME")
    expected = relative_risk(a, n1, c, n2)
    interval = expected.confidence_interval(confidence_level=0.95)
    assert ratio.ci_method == "katz-log"
    assert ratio.value == pytest.approx(expected.relative_risk, rel=1e-12)
    assert ratio.ci95 == pytest.approx((interval.low, interval.high), rel=1e-9)


@pytest.mark.parametrize(
    ("a", "n1", "c", "n2"),
    [(0, 40, 6, 300), (3, 40, 6, 300), (2, 10, 1, 12), (4, 900, 2, 3000), (40, 40, 20, 30)],
)
def test_score_interval_matches_statsmodels(a: int, n1: int, c: int, n2: int) -> None:
    ratio = relative_likelihood(a, n1, c, n2, top="BME", ref="White")
    low, high = confint_proportions_2indep(a, n1, c, n2, method="score", compare="ratio")
    assert ratio.ci_method == "miettinen-nurminen-score"
    assert ratio.ci95 is not None
    assert ratio.ci95[0] == pytest.approx(max(low, 0.0), abs=1e-6, rel=1e-6)
    assert ratio.ci95[1] == pytest.approx(high, rel=1e-6)


def test_zero_reference_is_not_calculable_with_reason() -> None:
    # Indicator 2 with zero BME appointed: RL = L_White / L_BME, L_BME = 0.
    ratio = relative_likelihood(10, 100, 0, 50, top="White", ref="BME")
    assert ratio.value is None and ratio.ci95 is None
    assert ratio.assessment is Assessment.NOT_CALCULABLE
    assert ratio.reason == "BME likelihood is 0, so the ratio is undefined"


def test_empty_denominator_is_not_calculable() -> None:
    ratio = relative_likelihood(0, 0, 3, 50, top="BME", ref="White")
    assert ratio.value is None
    assert ratio.reason is not None and "BME" in ratio.reason


def test_zero_numerator_gives_zero_ratio_below_range() -> None:
    # Zero BME disciplinary entries: RL = 0 / L_White = 0, a real value, below range.
    ratio = relative_likelihood(0, 200, 4, 800, top="BME", ref="White")
    assert ratio.value == 0.0
    assert ratio.assessment is Assessment.BELOW
    assert ratio.ci95 is not None and ratio.ci95[0] == 0.0


@pytest.mark.parametrize(
    ("value", "assessment"),
    [
        (0.79, Assessment.BELOW),
        (0.80, Assessment.WITHIN),
        (1.25, Assessment.WITHIN),
        (1.2501, Assessment.ABOVE),
    ],
)
def test_assessment_bounds_are_inclusive(value: float, assessment: Assessment) -> None:
    # a/n1 over c/n2 chosen so the ratio is exactly `value`.
    ratio = relative_likelihood(round(value * 10000), 10000, 1, 1, top="White", ref="BME")
    assert ratio.value == pytest.approx(value)
    assert ratio.assessment is assessment


def test_significance_flag() -> None:
    # Christie 2022 (wres-spec.md section 8): 46.99% vs 14.65% -> RL 3.2; large counts.
    ratio = relative_likelihood(470, 1000, 1465, 10000, top="White", ref="BME")
    assert round_half_away(ratio.value or math.nan, 1) == 3.2
    assert ratio.significant is True
    equal = relative_likelihood(50, 500, 50, 500, top="White", ref="BME")
    assert equal.significant is False


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (2.675, 2, 2.68),
        (1.005, 2, 1.01),
        (-1.005, 2, -1.01),
        (0.125, 2, 0.13),
        (13.35, 1, 13.4),
        (2.5, 0, 3.0),
        (-2.5, 0, -3.0),
        (1.2449, 2, 1.24),
    ],
)
def test_round_half_away_from_zero_like_excel(value: float, places: int, expected: float) -> None:
    assert round_half_away(value, places) == expected


def test_a_small_negative_rounds_to_an_unsigned_zero() -> None:
    """A change of -0.004 is shown as +0.00 / 0.0, never '-0.00' (seen in the trend line)."""
    from wres_cli.numbers import pct, pp

    assert f"{round_half_away(-0.004, 2):+.2f}" == "+0.00"
    assert pp(-0.04) == "+0.0 pp"
    assert pct(-0.04) == "0.0%"
    assert round_half_away(-0.005, 2) == -0.01  # a half still rounds away from zero


@pytest.mark.parametrize(("count", "n"), [(289, 1000), (3, 40), (0, 25), (25, 25), (720, 2451)])
def test_wilson_interval_matches_statsmodels(count: int, n: int) -> None:
    from statsmodels.stats.proportion import proportion_confint

    from wres_cli.stats import wilson_interval

    low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
    interval = wilson_interval(100 * count / n, n)
    assert interval == pytest.approx((100 * low, 100 * high), abs=1e-9)
