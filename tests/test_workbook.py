"""The workbook a workforce lead hands on, read back with openpyxl: the report's tables
with numbers as numbers and their formats, a summary like the report's, the exclusions
ledger, the long table for pivots; widths, frozen headers and filters. Expected counts
are hand-counted from the sample's workforce file with the csv module."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from wres_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


BAND_5 = {"Band 5", "AfC Band 5", "5"}
"""The spellings of Band 5 in the sample (as trusts' exports mix them)."""


def hand_band(year: int, spellings: set[str], clinical: str) -> Counter[str]:
    """White / BME / Unknown headcount of one band: Bank rows out; codes A-C White; Z, 99,
    X or blank Unknown; else BME (the sample writes one row per person)."""
    with (SAMPLE / str(year) / "workforce.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r["Pay Band"] in spellings
            and r["Clinical Status"] == clinical
            and r["Assignment Category"] != "Bank"
        ]
    out: Counter[str] = Counter()
    for r in rows:
        code = (r["Ethnic Origin"].strip() or "Z").split()[0]
        unknown = code in ("99", "X") or code.startswith("Z")
        out["Unknown" if unknown else "White" if code[0] in "ABC" else "BME"] += 1
    return out


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("book") / "wres.xlsx"
    result = CliRunner().invoke(main, ["analyse", str(SAMPLE), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(out)


def block(sheet: Any, title: str) -> list[tuple[Any, ...]]:
    """The rows of one organisation-year block of an indicator sheet."""
    rows = list(sheet.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == title)
    end = next(
        (
            i
            for i, r in enumerate(rows[start + 1 :], start + 1)
            if r[0].font.b and r[0].font.sz == 12
        ),
        len(rows),
    )
    return [tuple(r) for r in rows[start:end]]


def test_sheets(book: Any) -> None:
    assert book.sheetnames == [
        "Summary",
        *(f"Indicator {n}" for n in range(1, 10)),
        "Data quality",
        "Long table",
    ]


def test_indicator_1_is_the_reports_table_with_numbers(book: Any) -> None:
    rows = block(book["Indicator 1"], "Northshire Hospitals NHS Foundation Trust 2025")
    expected = hand_band(2025, BAND_5, "Clinical")
    total = sum(expected.values())
    header = next(r for r in rows if r[0].value == "Band")
    assert [c.value for c in header[:8]] == [
        "Band",
        "White",
        "White %",
        "BME",
        "BME %",
        "Unknown",
        "Unknown %",
        "Total",
    ]
    clinical = next(
        i for i, r in enumerate(rows) if r[0].value == "Clinical staff by pay band (headcount)"
    )
    band5 = next(r for r in rows[clinical:] if r[0].value == "Band 5")
    for j, group in ((1, "White"), (3, "BME"), (5, "Unknown")):
        assert band5[j].value == expected[group]
        assert band5[j].number_format == "#,##0"
        assert band5[j + 1].value == pytest.approx(expected[group] / total)
        assert band5[j + 1].number_format == "0.0%"
    assert band5[7].value == total


def test_ratios_and_survey_formats(book: Any) -> None:
    rows = block(book["Indicator 2"], "Northshire Hospitals NHS Foundation Trust 2025")
    by_year = next(
        i for i, r in enumerate(rows) if r[0].value == "Indicator 2: relative likelihood by year"
    )
    first = rows[by_year + 2]
    assert isinstance(first[1].value, float) and first[1].number_format == "0.00"
    survey = block(book["Indicator 5"], "Northshire Hospitals NHS Foundation Trust 2025")
    line = next(r for r in survey if r[0].value == "2024")  # the 2024 survey, report 2025
    assert line[2].number_format == "0.0%" and 0 < line[2].value < 1
    assert line[-1].number_format.startswith("+0.0")


def test_summary_like_the_reports(book: Any) -> None:
    sheet = book["Summary"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:L")
    header = [c.value for c in sheet[1]]
    assert header[:11] == [
        "Organisation",
        "Code",
        "Year",
        "#",
        "Indicator",
        "This year",
        "Last year",
        "Change",
        "Verdict",
        "Assessment",
        "National",
    ]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2) if r[0].value]
    latest = [r for r in rows if r[2] == "2025"]
    assert [r[3] for r in latest] == [str(n) for n in range(1, 10)]
    assert {r[8] for r in latest} <= {
        "improved",
        "worsened",
        "no significant change",
        "not tested",
        "\N{EN DASH}",
    }
    first = [r for r in rows if r[2] == "2023"]
    assert all(r[8] == "\N{EN DASH}" for r in first)  # no last year, no verdict
    assert sheet.column_dimensions["A"].width >= 30


def test_data_quality_sheet_holds_the_ledger(book: Any) -> None:
    sheet = book["Data quality"]
    kinds = [(r[2].value, r[3].value) for r in sheet.iter_rows(min_row=2)]
    assert any(k == "Excluded, merged or looked up" and "Bank" in (m or "") for k, m in kinds)
    assert any(k == "Declaration rate" for k, _ in kinds)


def test_long_table_is_kept_for_pivots(book: Any) -> None:
    sheet = book["Long table"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet.max_row > 100


def test_publication_version_leaves_the_long_table_out(tmp_path: Path) -> None:
    out = tmp_path / "pub.xlsx"
    result = CliRunner().invoke(
        main, ["analyse", str(SAMPLE), "--format", "xlsx", "-o", str(out), "--suppress-below", "10"]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert "Long table" not in book.sheetnames
    notes = [c.value for r in book["Summary"].iter_rows() for c in r if c.value]
    assert any("Publication version" in str(n) for n in notes)
