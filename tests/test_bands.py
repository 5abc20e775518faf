"""Pay band spellings, wres-spec.md section 3."""

from __future__ import annotations

import pytest

from wres_cli.bands import BAND_ORDER, normalise


@pytest.mark.parametrize(
    ("value", "row"),
    [
        ("5", "Band 5"),
        ("Band 5", "Band 5"),
        ("AfC Band 5", "Band 5"),
        ("band  5", "Band 5"),
        ("8A", "Band 8a"),
        ("Band 8A", "Band 8a"),
        ("Band 8d", "Band 8d"),
        ("9", "Band 9"),
        ("Under Band 1", "Under Band 1"),
        ("VSM", "VSM"),
        ("Very Senior Manager", "VSM"),
        ("Consultant", "Consultant"),
        ("Specialty Doctor", "Non-consultant career grade"),
        ("Associate Specialist", "Non-consultant career grade"),
        ("Foundation Year 1", "Trainee grade"),
        ("Specialty Registrar", "Trainee grade"),
        ("ST3", "Trainee grade"),
        ("Core Training", "Trainee grade"),
        ("Clinical Fellow", "Other (medical and dental)"),
    ],
)
def test_spellings(value: str, row: str) -> None:
    assert normalise(value) == row
    assert row in BAND_ORDER


@pytest.mark.parametrize("value", ["Band 10", "8E", "Nurse", "", None])
def test_unrecognised(value: str | None) -> None:
    assert normalise(value) is None
