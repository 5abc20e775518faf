"""The committed sample, checked by hand: indicators 1, 2, 3 and 9 for 2025 recounted with
nothing but the csv module and the sample's own labels, against `wres analyse`."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wres_cli.cli import main

FOLDER = Path(__file__).resolve().parent.parent / "sample_data" / "2025"


def esr_group(label: str) -> str:
    """ESR labels in the sample: 'A White - British', 'NF Black Nigerian', 'Z Not Stated'."""
    label = label.strip()
    if not label or label.startswith(("Z", "99")):
        return "U"
    return "W" if label[0] in "ABC" else "B"


def trac_group(label: str) -> str:
    """Plain TRAC labels in the sample: 'White - British', 'Chinese', 'Prefer not to say'."""
    label = label.strip().lower()
    if label in ("", "prefer not to say", "not stated"):
        return "U"
    return "W" if label.startswith("white") else "B"


@pytest.fixture(scope="module")
def tool() -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(main, ["analyse", str(FOLDER), "--format", "json"])
    assert result.exit_code == 0, result.output
    indicators: dict[str, dict[str, object]] = json.loads(result.output)["indicators"]
    return indicators


@pytest.fixture(scope="module")
def staff() -> dict[str, str]:
    with (FOLDER / "workforce.csv").open(encoding="utf-8-sig") as f:
        return {
            r["Employee Number"]: esr_group(r["Ethnic Origin"])
            for r in csv.DictReader(f)
            if r["Assignment Category"] != "Bank"
        }


def test_indicator_1_overall(tool: dict[str, dict[str, object]], staff: dict[str, str]) -> None:
    overall = tool["1"]["overall"]
    assert isinstance(overall, dict)
    for key, group in (("white", "W"), ("bme", "B"), ("unknown", "U")):
        assert overall[key]["count"] == sum(1 for g in staff.values() if g == group)
    assert overall["total"] == len(staff)


def test_indicator_2(tool: dict[str, dict[str, object]]) -> None:
    start, end = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
    shortlisted = {"W": 0, "B": 0, "U": 0}
    appointed = dict(shortlisted)
    with (FOLDER / "recruitment.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["Shortlisted"] != "Yes":
                continue
            if not start <= dt.date.fromisoformat(r["Shortlisting Date"]) <= end:
                continue
            g = trac_group(r["Ethnicity"])
            shortlisted[g] += 1
            appointed[g] += r["Appointed"] == "Yes"
    rl = (appointed["W"] / shortlisted["W"]) / (appointed["B"] / shortlisted["B"])
    assert tool["2"]["white"] == {
        "numerator": appointed["W"],
        "denominator": shortlisted["W"],
        "likelihood": pytest.approx(appointed["W"] / shortlisted["W"]),
    }
    assert tool["2"]["relative_likelihood"] == pytest.approx(rl)


def test_indicator_3(tool: dict[str, dict[str, object]], staff: dict[str, str]) -> None:
    entered: dict[str, str] = {}
    with (FOLDER / "disciplinary.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            entered[r["Employee Number"]] = esr_group(r["Ethnic Origin"])  # distinct staff
    n = {g: sum(1 for v in entered.values() if v == g) for g in "WBU"}
    head = {g: sum(1 for v in staff.values() if v == g) for g in "WBU"}
    rl = (n["B"] / head["B"]) / (n["W"] / head["W"])
    assert tool["3"]["bme"]["numerator"] == n["B"]
    assert tool["3"]["relative_likelihood"] == pytest.approx(rl)


def test_indicator_9_voting(tool: dict[str, dict[str, object]], staff: dict[str, str]) -> None:
    with (FOLDER / "board.csv").open(encoding="cp1252") as f:
        voting = [
            esr_group(r["Ethnic Origin"]) for r in csv.DictReader(f) if r["Voting Member"] == "Yes"
        ]
    board_bme = 100 * voting.count("B") / len(voting)
    workforce_bme = 100 * sum(1 for g in staff.values() if g == "B") / len(staff)
    assert tool["9"]["board"]["voting"]["difference_pp"] == pytest.approx(board_bme - workforce_bme)
