"""The change tests behind the report's verdicts, against the worked example of
benchmarking.md section 1 and against statsmodels, never against themselves."""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.proportion import proportions_ztest

from wres_cli.change import Verdict, ratio_change, share_change


def test_ratio_change_matches_the_worked_example() -> None:
    # White 250/1000 vs BME 120/800, then 260/1000 vs 90/800: RL 1.67 -> 2.31.
    change = ratio_change((250, 1000, 120, 800), (260, 1000, 90, 800))
    assert change.estimate == pytest.approx(1.39, abs=0.005)
    assert change.ci95 is not None
    assert change.ci95[0] == pytest.approx(1.03, abs=0.005)
    assert change.ci95[1] == pytest.approx(1.86, abs=0.005)
    assert change.p == pytest.approx(0.030, abs=0.0005)
    assert change.verdict is Verdict.WORSENED  # further from 1


def test_ratio_change_towards_one_is_an_improvement() -> None:
    change = ratio_change((260, 1000, 90, 800), (250, 1000, 120, 800))
    assert change.verdict is Verdict.IMPROVED
    assert change.estimate == pytest.approx(1 / 1.3866, abs=0.002)


def test_ratio_change_below_one_moving_further_down_is_worse() -> None:
    # RL below 1 is adverse to the reference group: moving away from 1 is worse too.
    change = ratio_change((150, 1000, 250, 1000), (80, 1000, 250, 1000))
    assert change.verdict is Verdict.WORSENED


def test_ratio_change_not_significant() -> None:
    change = ratio_change((25, 100, 12, 80), (26, 100, 9, 80))
    assert change.verdict is Verdict.NO_CHANGE
    assert change.p is not None and change.p > 0.05


def test_ratio_change_with_a_zero_count_is_not_tested() -> None:
    change = ratio_change((0, 100, 12, 80), (26, 100, 9, 80))
    assert change.verdict is Verdict.NOT_TESTED
    assert change.reason


@pytest.mark.parametrize(
    ("before", "after"),
    [((280, 1000), (330, 1000)), ((45, 300), (30, 310)), ((500, 2000), (520, 2100))],
)
def test_share_change_p_value_is_the_pooled_two_proportion_z_test(
    before: tuple[int, int], after: tuple[int, int]
) -> None:
    _, expected = proportions_ztest([after[0], before[0]], [after[1], before[1]])
    change = share_change(
        (100 * before[0] / before[1], before[1]), (100 * after[0] / after[1], after[1]), "lower"
    )
    assert change.p == pytest.approx(expected, rel=1e-9)
    assert change.estimate == pytest.approx(100 * (after[0] / after[1] - before[0] / before[1]))


def test_share_change_polarity() -> None:
    up = ((28.0, 1000), (33.0, 1000))
    assert share_change(*up, "lower").verdict is Verdict.WORSENED
    assert share_change(*up, "higher").verdict is Verdict.IMPROVED
    assert share_change((28.0, 100), (29.0, 100), "lower").verdict is Verdict.NO_CHANGE


def test_share_change_interval_is_the_unpooled_wald_interval() -> None:
    change = share_change((28.0, 1000), (33.0, 1000), "lower")
    se = math.sqrt(0.28 * 0.72 / 1000 + 0.33 * 0.67 / 1000)
    assert change.ci95 == pytest.approx(
        (100 * (0.05 - 1.959964 * se), 100 * (0.05 + 1.959964 * se))
    )
