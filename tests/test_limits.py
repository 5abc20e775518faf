"""Limits: files that would exhaust memory or hang the reader fail fast and clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wres_cli.cli import main
from wres_cli.load import delimited as load


def _folder(tmp_path: Path, workforce: bytes) -> Path:
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "workforce.csv").write_bytes(workforce)
    return folder


def test_a_hundred_thousand_columns_is_refused(tmp_path: Path) -> None:
    header = ",".join(f"c{i}" for i in range(100_000)).encode()
    folder = _folder(tmp_path, header + b"\n" + b"," * 99_999 + b"\n")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 3
    assert "workforce.csv:1: error: 100,000 columns on line 1; at most 2,000" in result.output
    assert "[too-many-columns]" in result.output


def test_file_bigger_than_memory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(
        tmp_path, b"Employee Number,Ethnic Origin,Pay Band,Clinical Status\n1,A,5,Y\n" * 50
    )
    # Pretend the machine has 1 KB free: the 3 KB file needs about 12 KB.
    monkeypatch.setattr(load, "available_memory", lambda: 1_000)
    result = CliRunner().invoke(main, ["analyse", str(folder), "-o", str(tmp_path / "a.json")])
    assert result.exit_code == 3
    assert "workforce.csv: error:" in result.output and "[file-too-large]" in result.output
    assert "split the extract by organisation or year" in result.output
    assert not (tmp_path / "a.json").exists()
