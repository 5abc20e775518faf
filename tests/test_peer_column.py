"""``wres compare --peer-column COLUMN`` without ``--peers``: the peer groups come from a
column of the extract's own workforce file (an ICB's extract with a trust_type column).

Black-box at the command line. The extract is ``wres sample``'s, with a column added
here with the csv module; every expected number (who is in which group, how many are on
each group's funnel, each group's pooled share) is counted from the CSV files in this
file, never taken from the code under test."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pages import plain_text

from wres_cli.cli import main

YEARS = ("2024", "2025")
PLAN = [*["Acute"] * 4, *["Mental Health"] * 3, *["Community"] * 3, "Ambulance", ""]
"""The trust type of each of the 12 organisations, in code order; the last is blank."""
UPPER = {"8a", "8b", "8c", "8d", "9", "vsm"}
"""Indicator 1's senior rows: Band 8a and above, VSM included."""


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def rewrite(path: Path, value: Callable[[int, dict[str, str]], str]) -> None:
    """Add (or replace) the trust_type column of a workforce file: ``value`` of each row
    (with its line number: the header is line 1)."""
    rows = rows_of(path)
    fields = [f for f in rows[0] if f != "trust_type"] + ["trust_type"]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fields)
        out.writeheader()
        out.writerows({**row, "trust_type": value(line, row)} for line, row in enumerate(rows, 2))


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("icb") / "extract"
    years = ",".join(YEARS)
    made = run("sample", str(root), "--organisations", "12", "--staff", "400", "--years", years)
    assert made.exit_code == 0, made.output
    codes = sorted({r["Organisation Code"] for r in rows_of(root / "2025" / "workforce.csv")})
    plan = dict(zip(codes, PLAN, strict=True))
    for year in YEARS:
        rewrite(root / year / "workforce.csv", lambda _, row: plan[row["Organisation Code"]])
    return root


def by_hand(folder: Path) -> tuple[dict[str, str], set[str]]:
    """Organisation -> trust type as the CSV gives it (one non-blank value each), and the
    organisations whose every row is blank."""
    seen: dict[str, set[str]] = {}
    for row in rows_of(folder / "workforce.csv"):
        value = row["trust_type"].strip()
        seen.setdefault(row["Organisation Code"], set()).update({value} if value else set())
    assert all(len(v) <= 1 for v in seen.values())
    return {c: min(v) for c, v in seen.items() if v}, {c for c, v in seen.items() if not v}


def senior(folder: Path) -> dict[str, tuple[int, int]]:
    """Indicator 1 by hand, per organisation: BME staff and all staff (Unknown included)
    at Band 8a and above, Bank left out."""
    counts: dict[str, tuple[int, int]] = {}
    for row in rows_of(folder / "workforce.csv"):
        band = row["Pay Band"].lower().replace("afc", "").replace("band", "").strip()
        if band not in UPPER or "bank" in row["Assignment Category"].lower():
            continue
        code = row["Ethnic Origin"].split(" ")[0]
        bme = bool(code) and code[0] not in "ABC" and code not in ("Z", "99")
        bme_n, total = counts.get(row["Organisation Code"], (0, 0))
        counts[row["Organisation Code"]] = (bme_n + bme, total + 1)
    return counts


@pytest.fixture(scope="module")
def compared(extract: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any]:
    out = tmp_path_factory.mktemp("out") / "compare.json"
    result = run("compare", str(extract), "--peer-column", "trust_type", "-o", str(out))
    assert result.exit_code == 0, result.output
    return result.output, json.loads(out.read_text(encoding="utf-8"))


def test_each_trust_type_is_a_peer_group(extract: Path, compared: tuple[str, Any]) -> None:
    said, data = compared
    groups, blank = by_hand(extract / "2025")
    assert data["peer_groups"] == groups
    assert blank == {max([*groups, *blank])}  # the last code, as planned
    members: dict[str, set[str]] = {}
    for code, group in groups.items():
        members.setdefault(group, set()).add(code)
    assert {g: len(m) for g, m in members.items()} == {
        "Acute": 4,
        "Mental Health": 3,
        "Community": 3,
        "Ambulance": 1,
    }
    assert (
        "12 organisations; peer groups from the trust_type column of workforce.csv: "
        "4 groups, 1 organisation in none (listed as left off)"
    ) in said
    for key, indicator in data["indicators"].items():
        assert set(indicator["groups"]) == set(members), key
        for group, panel in indicator["groups"].items():
            placed = {o["code"] for o in panel.get("organisations", [])}
            left = {e["code"] for e in panel["excluded"]} - blank
            assert placed | left == members[group], (key, group)
            if panel.get("count") is not None:
                assert panel["count"] == len(placed)
    lonely = data["indicators"]["2"]["groups"]["Ambulance"]
    assert lonely["funnel"] is None and "a funnel needs at least 2" in lonely["reason"]


def test_each_group_funnel_pools_its_own_members(extract: Path, compared: tuple[str, Any]) -> None:
    """Indicator 1 (the BME share at Band 8a and above): a group's funnel holds the members
    with senior staff, and its target is their pooled share, counted from workforce.csv."""
    _, data = compared
    groups, _ = by_hand(extract / "2025")
    counts = senior(extract / "2025")
    one = data["indicators"]["1"]["groups"]
    for group in ("Acute", "Mental Health", "Community"):
        members = [c for c, g in groups.items() if g == group and counts.get(c, (0, 0))[1]]
        bme = sum(counts[c][0] for c in members)
        total = sum(counts[c][1] for c in members)
        assert one[group]["count"] == len(members) == PLAN.count(group)
        assert one[group]["target"] == pytest.approx(bme / total, rel=1e-12)
        assert sorted(o["code"] for o in one[group]["organisations"]) == sorted(members)


def test_an_organisation_with_a_blank_column_is_listed_as_left_off(
    extract: Path, compared: tuple[str, Any]
) -> None:
    _, data = compared
    _, blank = by_hand(extract / "2025")
    (code,) = blank
    for section in ("indicators", "change"):
        for key, indicator in data[section].items():
            listed = [
                (group, e["reason"])
                for group, panel in indicator["groups"].items()
                for e in panel["excluded"]
                if e["code"] == code
            ]
            assert listed == [("Acute", "no peer group: trust_type blank")], (section, key)
    assert code not in data["peer_groups"]


def test_the_same_groups_from_a_mapping_file_give_the_same_funnels(
    extract: Path, compared: tuple[str, Any], tmp_path: Path
) -> None:
    _, data = compared
    groups, _ = by_hand(extract / "2025")
    mapping = tmp_path / "peers.csv"
    with mapping.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["organisation_code", "trust_type"])
        out.writerows(sorted(groups.items()))
    page = tmp_path / "c.json"
    given = ("--peers", str(mapping), "--peer-column", "trust_type")
    result = run("compare", str(extract), *given, "-o", str(page))
    assert result.exit_code == 0, result.output
    assert "peer groups from the trust_type column of peers.csv: 4 groups" in result.output
    from_file = json.loads(page.read_text(encoding="utf-8"))
    text = json.dumps(data).replace(
        "no peer group: trust_type blank", "not in the peer groups file"
    )
    assert from_file == json.loads(text)


def test_the_page_draws_one_funnel_per_group(extract: Path, tmp_path: Path) -> None:
    page = tmp_path / "c.html"
    result = run("compare", str(extract), "--peer-column", "Trust Type", "-o", str(page))
    assert result.exit_code == 0, result.output  # headers are matched as the tool matches them
    text = plain_text(page.read_text(encoding="utf-8"))
    for group in ("Acute", "Mental Health", "Community", "Ambulance"):
        assert f"Indicator 2: Appointment from shortlisting ({group})" in text
    assert "no peer group: trust_type blank" in text
    assert "Each peer group (from the trust_type column of workforce.csv) has its own" in text


def test_without_the_option_there_are_no_groups(extract: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    result = run("compare", str(extract), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "peer groups" not in result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["peer_groups"] is None
    assert list(data["indicators"]["2"]["groups"]) == ["all organisations"]


def copy_of(extract: Path, tmp_path: Path) -> Path:
    root = tmp_path / "extract"
    shutil.copytree(extract, root)
    return root


def test_an_organisation_in_two_groups_is_refused(extract: Path, tmp_path: Path) -> None:
    root = copy_of(extract, tmp_path)
    path = root / "2025" / "workforce.csv"
    rows = rows_of(path)
    code = rows[0]["Organisation Code"]
    lines = [line for line, row in enumerate(rows, 2) if row["Organisation Code"] == code]
    first, wrong = lines[0], lines[3]  # the fourth row of the first organisation
    was = rows[0]["trust_type"]
    rewrite(path, lambda line, row: "Community" if line == wrong else row["trust_type"])
    out = tmp_path / "c.html"
    result = run("compare", str(root), "--peer-column", "trust_type", "-o", str(out))
    assert result.exit_code == 1, result.output
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(rows[0]).index("trust_type")]
    message = result.output.strip()
    assert message == (
        f'wres: error: {path}:{wrong}: column "trust_type" ({letter}): {code} is "Community" '
        f'here but "{was}" on line {first}: an organisation is in one peer group, so every '
        "row of it gives the same trust_type (or leaves it blank)"
    )
    assert "Traceback" not in result.output and not out.exists()


def test_a_bank_row_counts_too(extract: Path, tmp_path: Path) -> None:
    """Every row read is an organisation's, also those the indicators leave out (Bank)."""
    root = copy_of(extract, tmp_path)
    path = root / "2025" / "workforce.csv"
    rows = rows_of(path)
    line, row = next(
        (n, r)
        for n, r in enumerate(rows, 2)
        if r["Assignment Category"] == "Bank" and r["trust_type"]
    )
    rewrite(path, lambda n, r: "Specialist" if n == line else r["trust_type"])
    result = run(
        "compare", str(root), "--peer-column", "trust_type", "-o", str(tmp_path / "c.json")
    )
    assert result.exit_code == 1, result.output
    code = row["Organisation Code"]
    assert f'{path}:{line}: column "trust_type"' in result.output
    assert f'{code} is "Specialist" here but "{row["trust_type"]}" on line' in result.output


def test_an_organisation_in_two_groups_across_years_is_refused(
    extract: Path, tmp_path: Path
) -> None:
    root = copy_of(extract, tmp_path)
    later = root / "2025" / "workforce.csv"
    rows = rows_of(later)
    code, was = rows[0]["Organisation Code"], rows[0]["trust_type"]
    mine = {line for line, row in enumerate(rows, 2) if row["Organisation Code"] == code}
    rewrite(later, lambda line, row: "Specialist" if line in mine else row["trust_type"])
    earlier = root / "2024" / "workforce.csv"
    then = min(n for n, r in enumerate(rows_of(earlier), 2) if r["Organisation Code"] == code)
    out = tmp_path / "c.json"
    result = run("compare", str(root), "--peer-column", "trust_type", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert f'{later}:{min(mine)}: column "trust_type"' in result.output
    assert f'{code} is "Specialist" here but "{was}" in {earlier}:{then}:' in result.output
    assert "in every year" in result.output and not out.exists()


def test_a_missing_column_names_the_file_and_its_columns(extract: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    result = run("compare", str(extract), "--peer-column", "trust_typ", "-o", str(out))
    assert result.exit_code == 1, result.output
    path = extract / "2024" / "workforce.csv"  # the first year read
    assert f'{path}: no column "trust_typ" to take the peer groups from' in result.output
    for header in rows_of(path)[0]:
        assert header in result.output
    assert "--peers FILE" in result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()


def test_every_organisation_blank_is_refused(extract: Path, tmp_path: Path) -> None:
    root = copy_of(extract, tmp_path)
    for year in YEARS:
        rewrite(root / year / "workforce.csv", lambda *_: "")
    out = tmp_path / "c.json"
    result = run("compare", str(root), "--peer-column", "trust_type", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert "no organisation of this extract has a peer group" in result.output
    assert "the trust_type column of workforce.csv" in result.output and not out.exists()
