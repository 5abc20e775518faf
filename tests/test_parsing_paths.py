"""A low-cardinality column is parsed (or, for ethnicity and disability, classified) once
per distinct value, then mapped onto its rows either by comparing each row with every
distinct text (a few values: ``validate.FEW``) or by looking it up (more). Both must give
the same frames and the same issues: each fixture folder is checked and classified both
ways and compared."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres_cli import validate
from wres_cli.classify import classify
from wres_cli.load import load_folder

DATA = Path(__file__).parent / "data"
FOLDERS = sorted(
    p for p in DATA.glob("**/*") if p.is_dir() and any(p.glob("*.csv")) and "fuzz" not in p.parts
)


def checked(folder: Path) -> tuple[dict[str, list[dict[str, object]]], list[dict[str, object]]]:
    result = classify(validate.validate(load_folder(folder)))
    frames = {k: f.to_dicts() for k, f in result.frames.items()}
    return frames, [i.to_dict() for i in result.issues]


def test_there_are_folders_with_yes_no_and_dates() -> None:
    assert len(FOLDERS) >= 20
    assert {"bad_yes_no", "bad_date"} <= {p.name for p in FOLDERS}


@pytest.mark.parametrize("folder", FOLDERS, ids=[str(p.relative_to(DATA)) for p in FOLDERS])
def test_comparing_and_looking_up_agree(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "FEW", 1_000)  # every distinct value compared
    compared = checked(folder)
    monkeypatch.setattr(validate, "FEW", 0)  # every one looked up
    assert checked(folder) == compared
