"""National figures beside the trust's: the latest of each measure not after the report's
year, with its year and source, from the shipped table read here with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pages import plain_text, summary_rows

from wres_cli.pipeline import analyse
from wres_cli.report import render

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "reference" / "wres-national-figures.csv"


def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def latest(indicator: str, measure: str, year: int) -> dict[str, str]:
    found = [
        r
        for r in rows()
        if r["indicator"] == indicator and r["measure"] == measure and int(r["data_year"]) <= year
    ]
    return max(found, key=lambda r: int(r["data_year"]))


@pytest.fixture(scope="module")
def page() -> str:
    return render(analyse([ROOT / "sample_data"]), "html").decode("utf-8")


def test_the_table_is_the_shared_reference_shape() -> None:
    assert rows(), "the shipped national table is empty"
    for row in rows():
        assert row["unit"] in ("percent", "ratio"), row
        assert row["source"].strip(), row
        float(row["value"])


def test_summary_shows_the_comparable_national_figure_with_its_year(page: str) -> None:
    national = {key: row[-1] for key, row in summary_rows(page).items()}
    two = latest("2", "relative_likelihood", 2025)
    assert national["2"] == f"{float(two['value']):.2f} ({two['data_year']})"
    three = latest("3", "relative_likelihood", 2025)
    assert national["3"] == f"{float(three['value']):.2f} ({three['data_year']})"
    six = latest("6", "bme_percent", 2025)
    assert national["6"] == f"{float(six['value']):.1f}% ({six['data_year']})"
    assert national["4"] == "\N{EN DASH}"  # none on file


def test_sections_cite_every_national_figure_or_say_there_is_none(page: str) -> None:
    said = plain_text(page)
    workforce = latest("1", "bme_share_of_workforce", 2025)
    assert (
        f"Nationally, in {workforce['data_year']}, BME staff were "
        f"{float(workforce['value']):.1f}% of the NHS trust workforce in England "
        f"({workforce['source']})." in said
    )
    board = latest("9", "bme_share_of_board_members", 2025)
    assert f"{float(board['value']):.1f}% of NHS trust board members" in said
    assert said.count("No national figure for this indicator is on file.") == 4  # 4, 5, 7, 8


def test_an_earlier_report_shows_the_figures_of_its_own_time() -> None:
    from wres_cli.national import latest as tool_latest

    figures = {f.measure: f for f in tool_latest("wres", "1", 2022)}
    expected = latest("1", "bme_share_of_workforce", 2022)
    assert figures["bme_share_of_workforce"].year == int(expected["data_year"]) == 2022
    assert figures["bme_share_of_workforce"].value == float(expected["value"])
