"""Publication mode that publishes: the board is shown in full (its members are public
office holders) unless the trust asks otherwise, and no assessment or verdict is printed
beside a ratio that is suppressed. Expected counts from the board file, by hand."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pages import plain_text, summary_rows

from wres_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "2025"


def voting_counts() -> tuple[int, int, int]:
    """(White, BME, Unknown) voting members of the sample board: codes A-C White, Z Unknown."""
    with (SAMPLE / "board.csv").open(encoding="cp1252", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Voting Member"] == "Yes"]
    first = [r["Ethnic Origin"][0] for r in rows]
    white = sum(c in "ABC" for c in first)
    unknown = sum(c == "Z" for c in first)
    return white, len(rows) - white - unknown, unknown


def report(folder: Path, out: Path, *options: str) -> str:
    result = CliRunner().invoke(main, ["report", str(folder), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return plain_text(out.read_text(encoding="utf-8"))


def test_board_is_shown_in_full_in_publication_mode(tmp_path: Path) -> None:
    white, bme, unknown = voting_counts()
    assert min(white, bme, unknown) < 10 and bme > 0  # the sample's board has small counts
    text = report(SAMPLE, tmp_path / "r.html", "--suppress-below", "10")
    total = white + bme + unknown
    assert f"Voting members {white} " in text
    assert f" {bme} {100 * bme / total:.1f}% {unknown} " in text
    assert "The voting membership counts are below the publication threshold" not in text


def test_a_trust_can_still_suppress_its_board(tmp_path: Path) -> None:
    folder = tmp_path / "2025"
    shutil.copytree(SAMPLE, folder)
    toml = (folder / "wres.toml").read_text()
    (folder / "wres.toml").write_text(toml.replace("[options]", "[options]\nsuppress_board = true"))
    text = report(folder, tmp_path / "r.html", "--suppress-below", "10")
    assert "The voting membership counts are below the publication threshold" in text


@pytest.mark.parametrize("indicator", ["2", "3", "4"])
def test_no_assessment_or_verdict_beside_a_suppressed_ratio(tmp_path: Path, indicator: str) -> None:
    # The real-export trust has numerators below 10 behind every ratio.
    out = tmp_path / "r.html"
    report(ROOT / "tests" / "data" / "real_exports" / "clean", out, "--suppress-below", "10")
    row = summary_rows(out.read_text(encoding="utf-8"))[indicator]
    assert row[2] == "suppressed"
    assert row[5] == "\N{EN DASH}" and row[6] == "\N{EN DASH}", row  # verdict, assessment


def band_rows(page: str) -> dict[str, list[str]]:
    """Indicator 1's band rows as published: label -> the cells' text."""
    import html
    import re

    section = page[page.index('id="indicator-1"') :]
    section = section[: section.index("All staff (headcount)")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        ]
        rows[cells[0]] = cells
    return rows


def test_a_small_unknown_count_does_not_hide_the_bme_count(tmp_path: Path) -> None:
    # Hand-built bands (White, BME, Unknown): the mask worked out by hand for N = 10.
    # Band 4 (407 staff): its only small count is Unknown 3, which tells nobody's
    # ethnicity: nothing is hidden (before, BME 104 was hidden as its partner).
    # Band 6: BME 4 is hidden and Unknown 30 is its partner, so White 100 stays shown.
    # BME 4 is then alone in the BME column (whose total, 'All staff', is shown), so the
    # smallest other BME count goes too (Band 7's 25), with Band 7's Unknown 2 as partner.
    bands = {
        "Band 4": (300, 104, 3),
        "Band 5": (120, 40, 3),
        "Band 6": (100, 4, 30),
        "Band 7": (60, 25, 2),
    }
    codes = ("A White - British", "H Indian", "Z Not Stated")
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "wres.toml").write_text("reporting_year = 2025\n", encoding="utf-8")
    with (folder / "workforce.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "Employee Number",
                "Ethnic Origin",
                "Pay Band",
                "Clinical Status",
                "Assignment Category",
            ]
        )
        number = 10000000
        for band, counts in bands.items():
            for code, n in zip(codes, counts, strict=True):
                for _ in range(n):
                    number += 1
                    out.writerow([number, code, band, "Clinical", "Permanent"])
    page = tmp_path / "r.html"
    report(folder, page, "--suppress-below", "10")
    rows = band_rows(page.read_text(encoding="utf-8"))
    # label, White n, %, BME n, %, Unknown n, %, total
    assert rows["Band 4"] == ["Band 4", "300", "73.7%", "104", "25.6%", "3", "0.7%", "407"]
    assert rows["Band 5"] == ["Band 5", "120", "73.6%", "40", "24.5%", "3", "1.8%", "163"]
    hidden = ["<10", "suppressed"], ["*", "suppressed"]
    assert rows["Band 6"] == ["Band 6", "100", "74.6%", *hidden[0], *hidden[1], "134"]
    assert rows["Band 7"] == ["Band 7", "60", "69.0%", *hidden[1], *hidden[0], "87"]
