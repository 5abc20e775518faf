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


def recruitment(tmp_path: Path, ids: list[tuple[str, str]]) -> list[tuple[int, str]]:
    """(line, message) of each duplicate-id issue for applications with these keys."""
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "wres.toml").write_text("reporting_year = 2025\n", encoding="utf-8")
    with (folder / "recruitment.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows([org, app, "White - British", "Yes", "No"] for org, app in ids)
    issues = validate(load_folder(folder)).issues
    return [(i.line or 0, i.message) for i in issues if i.rule == "duplicate-id"]


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
