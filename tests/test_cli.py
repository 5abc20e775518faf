"""Every command through click's CliRunner: exit codes, formats, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from wres_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help_lists_commands_and_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for word in ("validate", "schema", "sample", "3 input unreadable"):
        assert word in result.output


def test_validate_sample_2025_is_valid(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(SAMPLE / "2025")])
    assert result.exit_code == 0, result.output
    assert "valid — 0 error(s)" in result.output
    # Windows-1252 board file and XLSX title rows are detected and reported.
    assert "board.csv: info: not UTF-8; decoded as Windows-1252" in result.output
    assert "staff_survey.xlsx:3: info: header found on line 3" in result.output


def test_validate_parent_folder_checks_every_year(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0
    docs = json.loads(result.output)
    assert [Path(d["folder"]).name for d in docs] == ["2023", "2024", "2025"]
    assert all(d["valid"] and d["exit_code"] == 0 for d in docs)


def test_validate_json_counts_exclusions(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(SAMPLE / "2025"), "--format", "json"])
    doc = json.loads(result.output)
    workforce = next(f for f in doc["files"] if f["kind"] == "workforce")
    bank = next(i for i in doc["info"] if i["rule"] == "excluded-assignment-category")
    assert workforce["rows"] - workforce["used_rows"] == bank["count"]


def test_validate_github_format(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "workforce.csv").write_text(
        "Employee Number,Ethnic Origin,Pay Band,Clinical Status,Notes\n"
        "1,A,Band 5,Clinical,\n"
        "2,N,Band 5,Maybe,\n"
    )  # Notes: an unused column, an information line
    result = runner.invoke(main, ["validate", str(folder), "--format", "github"])
    assert result.exit_code == 1
    line = f"::error file={folder}/workforce.csv,line=3,col=4,title=bad-clinical::"
    assert line in result.output
    assert '(value "Maybe")' in result.output  # the value, as text mode shows it
    assert "::notice" not in result.output  # information is not annotation noise
    noticed = runner.invoke(main, ["validate", str(folder), "--format", "github", "--notices"])
    assert "::notice" in noticed.output


def test_validate_strict_fails_on_warnings(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "workforce.csv").write_text(
        "Employee Number,Ethnic Origin,Pay Band,Clinical Status\n1,A,Band 5,Clinical\n"
    )  # no assignment category column: a warning
    assert runner.invoke(main, ["validate", str(folder)]).exit_code == 0
    assert runner.invoke(main, ["validate", str(folder), "--strict"]).exit_code == 1


def test_validate_missing_folder_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_validate_folder_without_workforce(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "[missing-file]" in result.output


def test_schema_text_names_every_file_and_alias(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    for word in ("workforce.csv", "staff_survey.csv", "board.csv", "Employee Number", "[options]"):
        assert word in result.output


def test_schema_json_is_one_schema_per_file(runner: CliRunner) -> None:
    docs = json.loads(runner.invoke(main, ["schema", "--format", "json"]).output)
    assert set(docs) == {
        f"{k}.schema.json"
        for k in (
            "workforce",
            "recruitment",
            "disciplinary",
            "training",
            "staff_survey",
            "board",
            "actions",
            "capability",
            "wdes_survey",
        )
    } | {
        "wres-toml.schema.json",
        "analysis.schema.json",
        "analysis-run.schema.json",
        "comparison.schema.json",
    }
    assert docs["workforce.schema.json"]["required"] == [
        "staff_id",
        "ethnic_origin",
        "clinical",
    ]


def test_schema_write_then_check(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["schema", "--check", "--dir", str(tmp_path)]).exit_code == 1
    written = runner.invoke(main, ["schema", "--write", "--dir", str(tmp_path)])
    assert written.exit_code == 0
    assert len(list(tmp_path.glob("*.schema.json"))) == 13
    assert runner.invoke(main, ["schema", "--check", "--dir", str(tmp_path)]).exit_code == 0
    (tmp_path / "board.schema.json").write_text("{}")
    stale = runner.invoke(main, ["schema", "--check", "--dir", str(tmp_path)])
    assert stale.exit_code == 1
    assert "board.schema.json" in stale.output


def test_sample_writes_valid_folders(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["sample", str(out), "--staff", "300", "--years", "2024,2025"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["2024", "2025"]
    check = runner.invoke(main, ["validate", str(out)])
    assert check.exit_code == 0, check.output


def test_sample_bad_years_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["sample", str(tmp_path), "--years", "twenty"])
    assert result.exit_code == 2
    assert "not a list of years" in result.output


def test_sample_is_the_committed_sample(runner: CliRunner, tmp_path: Path) -> None:
    """sample_data/ is exactly `wres sample sample_data` (default seed and size)."""
    runner.invoke(main, ["sample", str(tmp_path)])
    for path in SAMPLE.rglob("*"):
        if path.is_file():
            rel = path.relative_to(SAMPLE)
            assert (tmp_path / rel).read_bytes() == path.read_bytes(), rel


_ALLOCATOR_PROBE = """
import os, sys
from wres_cli import cli, entry

def command_line():
    print(os.environ.get("_RJEM_MALLOC_CONF"), "polars" in sys.modules, flush=True)
    if "stats" in sys.argv:
        os.environ["_RJEM_MALLOC_CONF"] += ",stats_print:true"
        import polars
        polars.DataFrame({"a": [1]})

cli.run = command_line
entry.run()
"""


@pytest.mark.parametrize("given", [None, "dirty_decay_ms:700"], ids=["unset", "the user's"])
def test_the_allocator_is_tuned_before_polars_starts(given: str | None) -> None:
    """``wres`` keeps freed memory three seconds (``entry.ALLOCATOR``), set before Polars
    is imported; Polars puts it after its own settings, and jemalloc takes the last. A
    user's own ``_RJEM_MALLOC_CONF`` is left as it is."""
    from wres_cli.entry import ALLOCATOR

    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    if given is not None:
        env["_RJEM_MALLOC_CONF"] = given
    done = subprocess.run(
        [sys.executable, "-c", _ALLOCATOR_PROBE, "stats"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    wanted = given or ALLOCATOR
    assert done.stdout.splitlines()[0] == f"{wanted} False"
    decay = int(wanted.split(":")[1])
    assert f"opt.dirty_decay_ms: {decay} " in done.stderr, done.stderr[:2000]
