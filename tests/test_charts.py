"""Charts draw whatever a trust's numbers are: ratios far outside the log axis, an
interval from 0, a ratio of 0, a year not calculable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from wres_cli import charts

T = TypeVar("T")


def test_relative_likelihoods_beyond_the_axis_are_drawn_at_its_edge() -> None:
    chart = charts.relative_likelihoods(
        [("2023", 12.0, (3.0, 40.0)), ("2024", 0.0, (0.0, 2.5)), ("2025", None, None)],
        "BME staff to enter the process",
    )
    assert chart.svg.startswith("<svg")
    assert "2023: 12.00; 2024: 0.00; 2025: not calculable" in chart.description
    assert "log scale" in chart.description


def test_palette_has_3_to_1_contrast_on_white() -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in charts.COLOURS:
        assert (1.05) / (luminance(colour) + 0.05) >= 3.0, colour


# A batch of reports draws the survey, likelihood and board charts on figures kept from
# the report before (charts._SurveyDrawing and the like). A chart must not depend on what
# was drawn before it: drawn after any other chart with the same years and groups, it is
# byte for byte the chart a new process draws.

SURVEY_GROUPS = [("White", 0), ("BME", 1)]
SURVEYS: list[list[tuple[str, tuple[float | None, ...]]]] = [
    [("2024", (21.0, 30.5)), ("2025", (19.2, 28.0))],
    [("2024", (88.0, None)), ("2025", (3.0, 97.5))],  # a higher axis, a suppressed share
    [("2024", (None, None)), ("2025", (0.0, 0.0))],
    [("2024", (4.0, 6.0)), ("2025", (5.0, 2.0))],  # the lowest axis (10%)
]
LIKELIHOODS: list[list[tuple[str, float | None, tuple[float, float] | None]]] = [
    [("2023", 1.1, (0.9, 1.4)), ("2024", 1.6, (1.2, 2.1)), ("2025", 0.7, (0.5, 0.95))],
    [("2023", 12.0, (3.0, 40.0)), ("2024", 0.0, (0.0, 2.5)), ("2025", None, None)],
    [("2023", None, None), ("2024", 2.0, None), ("2025", 1.0, (0.2, 5.0))],
    [("2023", 1.0, (0.99, 1.01)), ("2024", 1.0, (0.99, 1.01)), ("2025", 1.0, None)],
]
BOARD_SUBSETS = ("Board", "Voting members", "Executive members", "Non-executive members")
BOARDS: list[tuple[list[float | None], float | None]] = [
    ([10.0, 12.5, 0.0, 20.0], 18.4),
    ([60.0, None, 75.0, 50.0], 44.0),  # a wider axis, a suppressed subset
    ([0.0, 0.0, 0.0, 0.0], 2.0),
    ([10.0, 12.5, 0.0, 20.0], None),  # no workforce line (another figure)
]


def _clear() -> None:
    for cached in (charts._survey_drawing, charts._likelihood_drawing, charts._board_drawing):
        cached.cache_clear()


def _survey(bars: list[tuple[str, tuple[float | None, ...]]]) -> charts.Chart:
    return charts.survey(bars, "said they were harassed", SURVEY_GROUPS, "White and BME staff")


def _likelihood(points: list[tuple[str, float | None, tuple[float, float] | None]]) -> charts.Chart:
    return charts.relative_likelihoods(points, "BME staff to enter the process")


def _board(case: tuple[list[float | None], float | None]) -> charts.Chart:
    values, workforce = case
    return charts.board(list(zip(BOARD_SUBSETS, values, strict=True)), workforce, "BME")


def _order_free(draw: Callable[[T], charts.Chart], cases: Sequence[T]) -> None:
    fresh = []
    for case in cases:
        _clear()
        fresh.append(draw(case))
    assert len({c.svg for c in fresh}) == len(fresh)  # the cases draw different charts
    _clear()
    for before in cases:  # every chart drawn after every other, and after itself
        for i, case in enumerate(cases):
            draw(before)
            assert draw(case) == fresh[i], (draw.__name__, before, case)


def test_a_chart_drawn_on_a_kept_figure_is_the_chart_a_new_figure_draws() -> None:
    _order_free(_survey, SURVEYS)
    _order_free(_likelihood, LIKELIHOODS)
    _order_free(_board, BOARDS)


def _ticks(svg: str) -> set[str]:
    import re

    return set(re.findall(r"<text [^>]*>([0-9.]+)</text>", svg))


def _drawn(chart: charts.Chart) -> str:
    """The SVG without its title (which says every value in words)."""
    return chart.svg.replace(chart.description.replace("&", "&amp;"), "")


def test_the_kept_figures_show_each_charts_own_values() -> None:
    _clear()
    low, high = _survey(SURVEYS[3]), _survey(SURVEYS[1])  # the axis to 10%, then to 100%
    assert {"0", "2", "10"} <= _ticks(low.svg) and "20" not in _ticks(low.svg)
    assert {"0", "20", "100"} <= _ticks(high.svg)
    assert "97.5%" in _drawn(high) and "6.0%" in _drawn(_survey(SURVEYS[3]))
    line = _drawn(_board(BOARDS[0]))
    assert "workforce BME 18.4%" in line and "20.0%" in line
    assert "workforce BME 44.0%" in _drawn(_board(BOARDS[1]))
    assert "workforce BME" not in _drawn(_board(BOARDS[3]))
    wide, narrow = _likelihood(LIKELIHOODS[1]), _likelihood(LIKELIHOODS[3])
    assert {"0.125", "8"} <= _ticks(wide.svg) and "12.00" in _drawn(wide)
    assert "8" not in _ticks(narrow.svg)
    assert "not calculable" in _drawn(_likelihood(LIKELIHOODS[2]))
