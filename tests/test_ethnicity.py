"""Ethnic category mapping, wres-spec.md section 2: expected groups from the NHS table."""

from __future__ import annotations

import polars as pl
import pytest

from wres_cli.ethnicity import Group, classify, group_table

W, B, U = Group.WHITE, Group.BME, Group.UNKNOWN


@pytest.mark.parametrize(
    ("value", "group"),
    [
        # bare national codes, every letter of the table
        *[(c, W) for c in "ABC"],
        *[(c, B) for c in "DEFGHJKLMNPRS"],
        ("Z", U),
        ("99", U),
        ("X", U),
        # ESR labels, with sub-codes and odd spacing / case
        ("A White - British", W),
        ("CP White Polish", W),
        ("NF Black Nigerian", B),
        ("Z Not Stated", U),
        ("99 Not Known", U),
        ("  a   white - british ", W),
        ("A White \u2013 British", W),
        ("SC Filipino", B),
        # plain-text labels
        ("White - British", W),
        ("white irish", W),
        ("Mixed - White and Black Caribbean", B),
        ("White and Asian", B),
        ("Asian or Asian British - Indian", B),
        ("Black or Black British - African", B),
        ("Chinese", B),
        ("Any other ethnic group", B),
        ("Not stated", U),
        ("Prefer not to say", U),
        ("I do not wish to disclose my ethnic origin", U),
    ],
)
def test_recognised_values(value: str, group: Group) -> None:
    assert classify(value) == (group, True)


@pytest.mark.parametrize("value", ["Q", "Martian", "Q Unknown code", "Human"])
def test_unrecognised_values_are_unknown_and_flagged(value: str) -> None:
    assert classify(value) == (U, False)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_is_unknown_but_not_flagged(value: str | None) -> None:
    assert classify(value) == (U, True)


def test_group_table_classifies_each_distinct_value_once() -> None:
    values = pl.Series(["A", "N", "A", None, "Martian"])
    table = group_table(values)
    assert table.height == 4
    assert dict(zip(table["value"], table["group"], strict=True)) == {
        "A": "White",
        "N": "BME",
        None: "Unknown",
        "Martian": "Unknown",
    }
