"""Duplicate identifiers are found through hashes of their key columns (each column
hashed on its own, the hashes combined); a shared hash only makes rows candidates, which
are then compared exactly. The second case is built so that hashes combined carelessly
(the same seed for every column) make candidates of keys that differ: the exact
comparison must not report them."""

from __future__ import annotations

import csv
from pathlib import Path

from wres_cli.load import load_folder
from wres_cli.validate import validate

HEADER = ["Organisation Code", "Application ID", "Ethnicity", "Shortlisted", "Appointed"]


def duplicates(
    tmp_path: Path, kind: str, header: list[str], rows: list[list[str]]
) -> list[tuple[str, int, str]]:
    """(rule, line, message) of each duplicate-id or duplicate-row issue of a file of
    ``kind`` holding these rows, checked alone."""
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "wres.toml").write_text("reporting_year = 2025\n", encoding="utf-8")
    with (folder / f"{kind}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    issues = validate(load_folder(folder)).issues
    wanted = ("duplicate-id", "duplicate-row")
    return [(i.rule, i.line or 0, i.message) for i in issues if i.rule in wanted]


def recruitment(tmp_path: Path, ids: list[tuple[str, str]]) -> list[tuple[int, str]]:
    """(line, message) of each duplicate-id issue for applications with these keys."""
    rows = [[org, app, "White - British", "Yes", "No"] for org, app in ids]
    return [(line, said) for _, line, said in duplicates(tmp_path, "recruitment", HEADER, rows)]


def test_a_repeated_key_is_named_at_each_copy(tmp_path: Path) -> None:
    ids = [("RAA", "A1"), ("RAA", "A2"), ("RAA", "A1"), ("RBB", "A1"), ("RAA", "A1")]
    # by hand: (RAA, A1) is on lines 2, 4 and 6; the copies are lines 4 and 6
    found = recruitment(tmp_path, ids)
    assert [line for line, _ in found] == [4, 6]
    assert all("repeats line 2" in message for _, message in found)


def test_keys_that_share_values_across_columns_are_not_duplicates(tmp_path: Path) -> None:
    # Swapped values, and the same value in both columns: a hash that ignores which
    # column a value is in would pair these (every pair differs in one of its keys).
    ids = [("AB1", "CD2"), ("CD2", "AB1"), ("AB1", "AB1"), ("CD2", "CD2"), ("AB1", "CD1")]
    assert recruitment(tmp_path, ids) == []


WORKFORCE = [
    "Organisation Code",
    "Employee Number",
    "Assignment Number",
    "Ethnic Origin",
    "Pay Band",
    "Clinical Status",
    "Assignment Category",
]


def test_assignments_of_one_person_with_two_ethnic_origins(tmp_path: Path) -> None:
    white, indian = "A White - British", "H Asian or Asian British - Indian"
    rows = [
        ["RAA", "20001", "20001-1", white, "Band 5", "Clinical", "Permanent"],  # line 2
        ["RAA", "20002", "20002-1", indian, "Band 6", "Clinical", "Permanent"],  # line 3
        ["RAA", "20001", "20001-2", white, "Band 3", "Clinical", "Bank"],  # line 4
        ["RAA", "20002", "20002-2", white, "Band 4", "Clinical", "Bank"],  # line 5
        ["RBB", "20002", "20002-1", white, "Band 4", "Clinical", "Permanent"],  # line 6
        ["RAA", "20003", "20003-1", white, "Band 2", "Clinical", "Permanent"],  # line 7
        ["RAA", "20003", "20003-1", white, "Band 2", "Clinical", "Permanent"],  # line 8
    ]
    # by hand: 20002 of RAA is Indian on line 3 and White on line 5 (RBB's 20002 is
    # another person); 20001's two posts agree; line 8 copies line 7 whole
    found = duplicates(tmp_path, "workforce", WORKFORCE, rows)
    assert [(rule, line) for rule, line, _ in found] == [
        ("duplicate-id", 5),
        ("duplicate-row", 8),
    ]
    assert "repeats line 3 with another ethnic origin" in found[0][2]
    assert "repeats line 7" in found[1][2]
