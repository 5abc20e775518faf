"""Charts draw whatever a trust's numbers are: ratios far outside the log axis, an
interval from 0, a ratio of 0, a year not calculable."""

from __future__ import annotations

import re
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


Shares = dict[str, float | None] | None
REPRESENTATIONS: list[list[tuple[str, str, Shares]]] = [
    [
        ("non-clinical", "Band 2 (610)", {"White": 70.0, "BME": 25.0, "Unknown": 5.0}),
        ("non-clinical", "Band 9 (11)", {"White": 81.8, "BME": 9.1, "Unknown": 9.1}),
        ("clinical", "Band 5 (1,294)", {"White": 55.0, "BME": 40.0, "Unknown": 5.0}),
        ("clinical", "Consultant (279)", {"White": 60.0, "BME": 30.0, "Unknown": 10.0}),
    ],
    [  # shorter labels (narrower margins), a suppressed band and one with no staff
        ("non-clinical", "Band 2 (8)", {"White": 100.0, "BME": 0.0, "Unknown": 0.0}),
        ("non-clinical", "Band 9 (3)", None),
        ("clinical", "Band 5 (0)", {}),
        ("clinical", "Consultant (12)", {"White": 25.0, "BME": 75.0, "Unknown": 0.0}),
    ],
    [  # a long label in the second panel widens the gap between the panels
        ("non-clinical", "Band 2 (61)", {"White": 50.0, "BME": 50.0, "Unknown": 0.0}),
        ("non-clinical", "Band 9 (1)", {"White": 0.0, "BME": 0.0, "Unknown": 100.0}),
        ("clinical", "Band 5 (7)", {"White": 10.0, "BME": 85.0, "Unknown": 5.0}),
        (
            "clinical",
            "Other (medical and dental) (52)",
            {"White": 48.0, "BME": 48.0, "Unknown": 4.0},
        ),
    ],
    [  # another shape: three bands in the first panel (another figure)
        ("non-clinical", "Band 1 (5)", {"White": 60.0, "BME": 40.0, "Unknown": 0.0}),
        ("non-clinical", "Band 2 (610)", {"White": 70.0, "BME": 25.0, "Unknown": 5.0}),
        ("non-clinical", "Band 9 (11)", None),
        ("clinical", "Band 5 (1,294)", {"White": 55.0, "BME": 40.0, "Unknown": 5.0}),
        ("clinical", "Consultant (279)", {"White": 60.0, "BME": 30.0, "Unknown": 10.0}),
    ],
]


def _clear() -> None:
    for cached in (
        charts._survey_drawing,
        charts._likelihood_drawing,
        charts._board_drawing,
        charts._representation_drawing,
    ):
        cached.cache_clear()


def _representation(rows: list[tuple[str, str, Shares]]) -> charts.Chart:
    from wres_cli.standards.wres import AXIS

    return charts.representation(rows, "A Trust", AXIS, ("non-clinical", "clinical"), "pay band")


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
    _order_free(_representation, REPRESENTATIONS)


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
    first, second = (
        _drawn(_representation(REPRESENTATIONS[0])),
        _drawn(_representation(REPRESENTATIONS[1])),
    )
    assert "40.0%" in first and "Band 5 (1,294)" in first and "suppressed" not in first
    assert "suppressed" in second and "no staff" in second and "75.0%" in second
    assert "Band 5 (1,294)" not in second


def _panels(svg: str) -> list[tuple[float, float]]:
    """Each panel's left edge and width (its clip rectangle), in points."""
    import re

    found = re.findall(
        r'<clipPath id="[^"]+">\s*<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"', svg
    )
    return [(float(x), float(w)) for x, w in found]


def test_the_kept_representation_figure_fits_each_organisations_labels() -> None:
    _clear()
    wide, short, gap = (_panels(_representation(c).svg) for c in REPRESENTATIONS[:3])
    assert short[0][0] < wide[0][0]  # "Band 2 (8)" needs less room than "Band 2 (610)"
    second_gap = gap[1][0] - (gap[0][0] + gap[0][1])
    assert second_gap > wide[1][0] - (wide[0][0] + wide[0][1])  # the long second label


def test_the_kept_representation_figure_draws_each_organisations_bars() -> None:
    import re

    def bars(rows: list[tuple[str, str, Shares]]) -> list[str]:  # the bars alone
        svg = _representation(rows).svg
        return re.findall(r'<g id="PolyCollection_\d+">.*?</g>', svg, flags=re.S)

    swapped = [
        (c, band, None if v is None else {"White": v.get("BME"), "BME": v.get("White")} | {})
        for c, band, v in REPRESENTATIONS[0]
    ]
    _clear()
    drawn, other = bars(REPRESENTATIONS[0]), bars(swapped)
    assert len(drawn) == 6  # a collection for each group in each panel
    assert all(a != b for a, b in zip(drawn[:2], other[:2], strict=True))


def test_a_share_is_labelled_only_inside_a_bar_it_fits() -> None:
    """A bar narrower than its label ("9.1%" on a 9.1% bar) has none: the label would
    spill over the next bar (the table under the chart gives every share, and the
    description says so); wider bars keep theirs."""
    _clear()
    chart = _representation(REPRESENTATIONS[0])
    drawn = _drawn(chart)
    assert {"25.0%", "40.0%", "30.0%"} <= set(re.findall(r">([0-9.]+%)<", drawn))
    assert "9.1%" not in drawn
    assert "labelled on each bar wide enough to hold it" in chart.description
