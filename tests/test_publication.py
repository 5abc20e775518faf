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
