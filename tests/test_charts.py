"""Charts draw whatever a trust's numbers are: ratios far outside the log axis, an
interval from 0, a ratio of 0, a year not calculable."""

from __future__ import annotations

from wres_cli import charts


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
