"""`wres analyse` end to end on the committed sample: formats, contract, files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import fastexcel
import jsonschema
import pytest
from click.testing import CliRunner

from wres_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


def _schema(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((ROOT / "schemas" / name).read_text())
    return loaded


@pytest.fixture(scope="module")
def one_year_json() -> dict[str, object]:
    result = CliRunner().invoke(main, ["analyse", str(SAMPLE / "2025"), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc: dict[str, object] = json.loads(result.output)
    return doc


def test_json_validates_against_generated_schema(one_year_json: dict[str, object]) -> None:
    jsonschema.validate(one_year_json, _schema("analysis.schema.json"))


def test_multi_year_json_validates_and_carries_trend() -> None:
    result = CliRunner().invoke(main, ["analyse", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    run = json.loads(result.output)
    jsonschema.validate(run, _schema("analysis-run.schema.json"))
    assert [d["reporting_year"] for d in run["results"]] == [2023, 2024, 2025]
    latest = run["results"][2]["indicators"]["2"]
    before = run["results"][1]["indicators"]["2"]
    assert latest["trend"]["reporting_year"] == 2024
    assert latest["trend"]["previous"]["relative_likelihood"] == before["relative_likelihood"]
    assert latest["trend"]["change"]["relative_likelihood"] == pytest.approx(
        latest["relative_likelihood"] - before["relative_likelihood"]
    )
    series = next(
        s for s in run["trend"] if s["indicator"] == "2" and s["measure"] == "relative_likelihood"
    )
    assert list(series["values"]) == ["2023", "2024", "2025"]
    assert run["results"][0]["indicators"]["2"].get("trend") is None


def test_text_fits_100_columns_and_names_every_indicator() -> None:
    result = CliRunner().invoke(main, ["analyse", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
    for number in range(1, 10):
        assert f"Indicator {number} " in result.output
    assert "Unknown" in result.output and "95% CI" in result.output
    assert "Last year (2024)" in result.output


def test_csv_is_tidy(tmp_path: Path) -> None:
    out = tmp_path / "wres.csv"
    result = CliRunner().invoke(
        main, ["analyse", str(SAMPLE / "2025"), "--format", "csv", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert set(rows[0]) == {
        "organisation",
        "organisation_code",
        "reporting_year",
        "indicator",
        "part",
        "group",
        "measure",
        "numerator",
        "denominator",
        "value",
        "note",
    }
    assert {r["indicator"] for r in rows} == {str(n) for n in range(1, 10)}
    rl = next(r for r in rows if r["indicator"] == "2" and r["measure"] == "relative_likelihood")
    assert float(rl["value"]) > 1


def test_xlsx_has_a_sheet_per_indicator(tmp_path: Path) -> None:
    out = tmp_path / "wres.xlsx"
    result = CliRunner().invoke(
        main, ["analyse", str(SAMPLE / "2025"), "--format", "xlsx", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    reader = fastexcel.read_excel(out)
    indicators = [f"Indicator {n}" for n in range(1, 10)]
    assert reader.sheet_names == ["Summary", *indicators, "Data quality", "Long table"]
    sheet = reader.load_sheet("Long table").to_polars()  # the tidy table, for pivots
    assert "relative_likelihood" in sheet["measure"].to_list()


def test_xlsx_needs_an_output_file() -> None:
    result = CliRunner().invoke(main, ["analyse", str(SAMPLE / "2025"), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "needs -o" in result.output


def test_output_errors(tmp_path: Path) -> None:
    missing = CliRunner().invoke(
        main, ["analyse", str(SAMPLE / "2025"), "-o", str(tmp_path / "no" / "x.json")]
    )
    assert missing.exit_code == 4
    assert "does not exist" in missing.output
    over_input = CliRunner().invoke(
        main, ["analyse", str(SAMPLE / "2025"), "-o", str(SAMPLE / "2025" / "workforce.csv")]
    )
    assert over_input.exit_code == 2
    assert "refusing to write over an input file" in over_input.output
    # Given the parent of the year folders, the year folders' files are inputs too.
    through_parent = CliRunner().invoke(
        main, ["analyse", str(SAMPLE), "-o", str(SAMPLE / "2025" / "workforce.csv")]
    )
    assert through_parent.exit_code == 2
    assert "refusing to write over an input file" in through_parent.output


def test_invalid_data_stops_analysis_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "workforce.csv").write_text(
        "Employee Number,Ethnic Origin,Pay Band,Clinical Status\n1,A,Band 99,Clinical\n"
    )
    result = CliRunner().invoke(main, ["analyse", str(tmp_path), "-o", str(tmp_path / "o.json")])
    assert result.exit_code == 1
    assert "workforce.csv:2" in result.output and "[unknown-pay-band]" in result.output
    assert not (tmp_path / "o.json").exists()


def test_two_year_window_needs_last_year(tmp_path: Path) -> None:
    lonely = tmp_path / "2025"
    lonely.mkdir()
    (lonely / "workforce.csv").write_bytes((SAMPLE / "2025" / "workforce.csv").read_bytes())
    (lonely / "disciplinary.csv").write_bytes((SAMPLE / "2025" / "disciplinary.csv").read_bytes())
    result = CliRunner().invoke(main, ["analyse", str(lonely), "--disciplinary-window-years", "2"])
    assert result.exit_code == 2  # a usage error, as documented: the folder is not there
    assert "needs the 2024 data folder" in result.output


def test_csv_and_xlsx_neutralise_formula_injection(tmp_path: Path) -> None:
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "workforce.csv").write_bytes((SAMPLE / "2025" / "workforce.csv").read_bytes())
    (folder / "wres.toml").write_text(
        'organisation = "=HYPERLINK(\\"http://x\\",\\"click\\")"\nreporting_year = 2025\n',
        encoding="utf-8",
    )
    out_csv, out_xlsx = tmp_path / "a.csv", tmp_path / "a.xlsx"
    for out, fmt in ((out_csv, "csv"), (out_xlsx, "xlsx")):
        result = CliRunner().invoke(main, ["analyse", str(folder), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert {r["organisation"] for r in rows} == {'\'=HYPERLINK("http://x","click")'}
    # In the workbook the name is a text cell starting with an apostrophe, never a formula.
    import zipfile

    with zipfile.ZipFile(out_xlsx) as book:
        sheets = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/")]
        strings = book.read("xl/sharedStrings.xml").decode()
    assert not any("<f>" in sheet for sheet in sheets)
    assert "&apos;=HYPERLINK" in strings or "'=HYPERLINK" in strings


def test_no_permission_to_write_is_exit_4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root here, so a read-only folder would not stop them: the refusal the
    operating system gives an ordinary user is simulated at the point of writing."""
    import tempfile

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(
        main, ["analyse", str(SAMPLE / "2025"), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 4
    assert f"{out}: cannot write (Permission denied)" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_years_checked_on_threads_give_what_one_after_another_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trust's small years are checked two at a time (pipeline._check_each): the JSON,
    and with two broken years the message and exit code, are those of one year after
    another (SMALL_BYTES = 0 forces that)."""
    import shutil

    from wres_cli import pipeline

    sample = Path(__file__).resolve().parents[1] / "sample_data"
    broken = tmp_path / "broken"
    for year in ("2024", "2025"):
        shutil.copytree(sample / year, broken / year)
    (broken / "2025" / "workforce.csv").write_text("nonsense,header\n1,2\n", encoding="utf-8")
    with (broken / "2024" / "training.csv").open("ab") as handle:
        handle.write(b"x\x00\x01")

    def run(folder: Path) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["analyse", str(folder), "--format", "json"])
        return result.exit_code, result.output

    threaded = run(sample), run(broken)
    monkeypatch.setattr(pipeline, "SMALL_BYTES", 0)
    assert (run(sample), run(broken)) == threaded
    assert threaded[0][0] == 0 and json.loads(threaded[0][1])["results"]
    code, said = threaded[1]
    assert code == 3 and said.index("2024: 1 error(s)") < said.index("2025: ")
