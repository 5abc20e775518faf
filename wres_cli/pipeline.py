"""The one orchestrator: load -> validate (-> compute -> render in later stages).

Each stage is a pure function of the previous stage's result; nothing re-reads files.
"""

from __future__ import annotations

import re
from pathlib import Path

from wres_cli.errors import UsageError
from wres_cli.load import load_folder
from wres_cli.validate import Validated, validate


def data_folders(paths: list[Path]) -> list[Path]:
    """Expand each path: a data folder stays; a parent of year folders gives those, in order."""
    folders: list[Path] = []
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"{path}: not a folder (give the folder that holds workforce.csv)")
        years = sorted(p for p in path.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))
        has_inputs = any(
            p.is_file() and p.suffix.lower() in (".csv", ".xlsx") for p in path.iterdir()
        )
        folders += years if years and not has_inputs else [path]
    return folders


def check(folder: Path) -> Validated:
    """Load and validate one data folder."""
    return validate(load_folder(folder))
