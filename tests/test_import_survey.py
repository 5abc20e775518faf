"""`wres import-survey`: the NHS Staff Survey benchmark workbook to staff_survey.csv.

No NHS file is committed: each test builds a small workbook with openpyxl in the layout
the reader documents (wres_cli/load/benchmark.py): a Notes sheet, two benchmark-group
sheets, the sheets that hold no results, `<stem>_<group>_<YYYY>` values (fractions) with
`<stem>_n_<group>_<YYYY>` counts and `_sig` columns, for 2023 and 2024. The expected
figures are computed here from the numbers put into the workbook, never read back from
the tool.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from openpyxl.utils import get_column_letter
from pages import plain_text

from wres_cli.cli import main

STEMS = {
    "5": "har_from_pat_eth_summary",
    "6": "har_from_staff_eth_summary",
    "7": "equal_eth_summary",
    "8": "q16b_eth_summary",
}
GROUPS = {"1": "white", "2": "bme"}
ACUTE = "Acute&Acute Community Trusts"
AMBULANCE = "Ambulance Trusts"
YEARS = (2023, 2024)
Cells = dict[tuple[str, str], tuple[float | str | None, int | None]]
"""(indicator, group code) -> (value, count) of the 2024 columns."""


@dataclass
class Org:
    code: str
    name: str
    sheet: str
    cells: Cells = field(default_factory=dict)


def figures(seed: int) -> Cells:
    """Sixteen distinct 2024 fractions and counts for one organisation."""
    return {
        (ind, g): (round(0.05 + 0.031 * seed + 0.017 * i + 0.09 * int(g), 4), 900 + 7 * i + int(g))
        for i, ind in enumerate(STEMS)
        for g in GROUPS
    }


def header(count: str = "n_g", drop: str | None = None) -> list[str]:
    """The benchmark sheet's header. ``count``: "n_g" (<stem>_n_<g>_<YYYY>), "g_n"
    (<stem>_<g>_n_<YYYY>) or "both"; ``drop``: a stem whose 2024 columns are left out."""
    names = ["org_id", "org_name", "org_type_reporting_name"]
    for year in YEARS:
        for stem in STEMS.values():
            if stem == drop and year == 2024:
                continue
            for g in GROUPS:
                names.append(f"{stem}_{g}_{year}")
                if count in ("n_g", "both"):
                    names.append(f"{stem}_n_{g}_{year}")
                if count in ("g_n", "both"):
                    names.append(f"{stem}_{g}_n_{year}")
                names.append(f"{stem}_{g}_{year}_sig")
    return names


def build(
    path: Path,
    orgs: list[Org],
    *,
    count: str = "n_g",
    drop: str | None = None,
    extra_sheet: str | None = None,
) -> Path:
    """The workbook: Notes, one sheet per benchmark group, the sheets without results."""
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["Variable", "Description"])
    for stem in STEMS.values():
        notes.append([f"{stem}_1_YYYY", "White staff (fraction)"])
    names = header(count, drop)
    for sheet_name in dict.fromkeys(o.sheet for o in orgs):
        sheet = book.create_sheet(sheet_name)
        sheet.append(names)
        for org in (o for o in orgs if o.sheet == sheet_name):
            row: list[Any] = [org.code, org.name, sheet_name.removesuffix("s")]
            for column in names[3:]:
                stem, rest = next(
                    (s, column[len(s) + 1 :]) for s in STEMS.values() if column.startswith(s)
                )
                ind = next(k for k, v in STEMS.items() if v == stem)
                parts = rest.split("_")
                year = int(next(p for p in parts if p.isdigit() and len(p) == 4))
                g = next(p for p in parts if p in GROUPS)
                value, n = org.cells[(ind, g)]
                if year == 2023:  # earlier years: other figures, which must never be read
                    value, n = 0.99, 5
                if parts[-1] == "sig":
                    row.append("ns")
                elif "n" in parts:
                    row.append(n)
                else:
                    row.append(value)
            sheet.append(row)
    book.create_sheet("Organisation Benchmark groups").append(["org_id", "benchmark_group"])
    book.create_sheet("ICBs").append(["icb_code", "icb_name"])
    book.create_sheet("Community Surgical Services").append(["org_id", "org_name"])
    if extra_sheet:
        book.create_sheet(extra_sheet).append(["This workbook holds the 2024 results"])
    book.save(path)
    return path


def cell_of(path: Path, sheet: str, code: str, column: str) -> str:
    """Where the workbook holds one organisation's cell, as Excel names it: F7."""
    book = openpyxl.load_workbook(path)
    rows = list(book[sheet].iter_rows(values_only=True))
    col = list(rows[0]).index(column)
    row = next(i for i, r in enumerate(rows) if r[0] == code)
    return f"{get_column_letter(col + 1)}{row + 1}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small fictional trust (R9Z), 2025 only, made once: each test copies it."""
    out = tmp_path_factory.mktemp("sample")
    result = CliRunner().invoke(main, ["sample", str(out), "--staff", "200", "--years", "2025"])
    assert result.exit_code == 0, result.output
    return out / "2025"


def folder_from(sample: Path, tmp_path: Path, name: str = "2025") -> Path:
    """A copy of the sample's year folder without its own staff survey file."""
    folder = tmp_path / "trust" / name
    shutil.copytree(sample, folder)
    (folder / "staff_survey.xlsx").unlink()
    return folder


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def analysed(folder: Path) -> dict[str, Any]:
    result = run("analyse", str(folder), "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def trusts() -> list[Org]:
    """R9Z (the sample's code) and two others, on two benchmark-group sheets."""
    return [
        Org("R9Z", "Northshire Hospitals NHS Foundation Trust", ACUTE, figures(1)),
        Org("RA1", "Another Acute Trust", ACUTE, figures(2)),
        Org("RX9", "Coastal Ambulance Service", AMBULANCE, figures(3)),
    ]


def expect_figures(result: dict[str, Any], cells: Cells) -> None:
    """Indicators 5-8 of an analysis are the workbook's fractions x 100, with its counts."""
    for ind in STEMS:
        got = result[ind]
        for g, key in GROUPS.items():
            value, n = cells[(ind, g)]
            assert isinstance(value, float)
            assert got[key]["percent"] == pytest.approx(100 * value, abs=1e-9), (ind, key)
            assert got[key]["respondents"] == n
        white, bme = cells[(ind, "1")][0], cells[(ind, "2")][0]
        assert isinstance(white, float) and isinstance(bme, float)
        assert got["difference_pp"] == pytest.approx(100 * (bme - white), abs=1e-9)


def test_round_trip_gives_the_workbook_figures_times_100(sample: Path, tmp_path: Path) -> None:
    orgs = trusts()
    workbook = build(tmp_path / "NSS24 benchmark.xlsx", orgs)
    folder = folder_from(sample, tmp_path)
    out = folder / "staff_survey.csv"
    result = run("import-survey", str(workbook), "--org", "r9z", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [(r["indicator"], r["ethnic_group"]) for r in rows_of(out)] == [
        (ind, group) for ind in STEMS for group in ("White", "BME")
    ]
    expect_figures(analysed(folder)["indicators"], orgs[0].cells)
    # exactly as written: 0.3343 is 33.43, never 33.430000000000007
    white5 = orgs[0].cells[("5", "1")][0]
    assert rows_of(out)[0]["percent"] == format(round(100 * float(white5 or 0), 6), "g")


def test_blank_is_suppressed_never_zero(sample: Path, tmp_path: Path) -> None:
    orgs = trusts()
    orgs[0].cells[("7", "2")] = (None, 7)  # a small group: blank, its count shown
    orgs[0].cells[("8", "1")] = (None, None)  # blank, no count either
    workbook = build(tmp_path / "bench.xlsx", orgs)
    folder = folder_from(sample, tmp_path)
    out = folder / "staff_survey.csv"
    result = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 group result(s) blank in the workbook written as suppressed" in result.stderr
    written = {(r["indicator"], r["ethnic_group"]): r for r in rows_of(out)}
    assert written[("7", "BME")]["percent"] == "" and written[("7", "BME")]["respondents"] == "7"
    assert written[("8", "White")]["respondents"] == ""
    indicators = analysed(folder)["indicators"]
    assert indicators["7"]["bme"] == {
        "status": "suppressed",
        "reason": "fewer than 10 responses",
        "respondents": 7,
    }
    assert indicators["8"]["white"] == {
        "status": "suppressed",
        "reason": "fewer than 10 responses",
        "respondents": None,
    }
    assert indicators["7"]["difference_pp"] is None and indicators["8"]["difference_pp"] is None
    white7 = orgs[0].cells[("7", "1")][0]
    assert isinstance(white7, float)
    assert indicators["7"]["white"]["percent"] == pytest.approx(100 * white7)
    text = run("analyse", str(folder)).stdout
    block = text[text.index("Indicator 7") : text.index("Indicator 8")]
    assert "suppressed: fewer than 10 responses" in block and " 0.0%" not in block
    assert "not provided" not in block


def test_vintage_and_sha256_are_recorded_and_shown(sample: Path, tmp_path: Path) -> None:
    orgs = trusts()
    orgs[0].cells[("6", "2")] = (None, 3)
    workbook = build(tmp_path / "Benchmark-report-2024.xlsx", orgs)
    digest = hashlib.sha256(workbook.read_bytes()).hexdigest()
    folder = folder_from(sample, tmp_path)
    out = folder / "staff_survey.csv"
    result = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert digest in result.stderr
    assert "only the 2024 values were written" in result.stderr and "2023" in result.stderr
    for row in rows_of(out):
        assert (row["survey_year"], row["source_file"], row["source_sha256"]) == (
            "2024",
            workbook.name,
            digest,
        )
    source = {"survey_year": 2024, "file": workbook.name, "sha256": digest}
    indicators = analysed(folder)["indicators"]
    assert all(indicators[ind]["source"] == source for ind in STEMS)
    assert "source" not in indicators["9"]
    report = tmp_path / "report.html"
    made = run("report", str(folder), "-o", str(report), "-q")
    assert made.exit_code == 0, made.output
    page = plain_text(report.read_text(encoding="utf-8"))
    section = page[page.rindex("Indicator 6: Harassment") : page.rindex("Indicator 7: Equal")]
    assert f"Source: {workbook.name} (SHA-256 {digest}), the 2024 NHS Staff Survey" in section
    assert "the result for BME respondents is suppressed (fewer than 10 responses)" in section


@pytest.mark.parametrize("bad", [1.27, -0.1])
def test_a_value_outside_0_1_is_refused_naming_the_cell(
    sample: Path, tmp_path: Path, bad: float
) -> None:
    orgs = trusts()
    orgs[0].cells[("6", "1")] = (bad, 1000)
    workbook = build(tmp_path / "bench.xlsx", orgs)
    out = folder_from(sample, tmp_path) / "staff_survey.csv"
    result = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(out))
    assert result.exit_code == 1, result.output
    cell = cell_of(workbook, ACUTE, "R9Z", "har_from_staff_eth_summary_1_2024")
    assert f"bench.xlsx: '{ACUTE}'!{cell} (har_from_staff_eth_summary_1_2024" in result.stderr
    assert f"{bad:g} is not a fraction from 0 to 1" in result.stderr
    assert "[benchmark-value]" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert not out.exists()


def test_another_trusts_bad_cell_does_not_stop_an_import(sample: Path, tmp_path: Path) -> None:
    orgs = trusts()
    orgs[2].cells[("5", "2")] = (3.5, 800)
    workbook = build(tmp_path / "bench.xlsx", orgs)
    out = folder_from(sample, tmp_path) / "staff_survey.csv"
    assert run("import-survey", str(workbook), "--org", "R9Z", "-o", str(out)).exit_code == 0
    refused = run("import-survey", str(workbook), "--all", "-o", str(tmp_path / "all.csv"))
    assert refused.exit_code == 1 and f"'{AMBULANCE}'!" in refused.stderr


def test_wrong_layout_names_what_was_expected_and_found(tmp_path: Path) -> None:
    workbook = build(tmp_path / "bench.xlsx", trusts(), drop="equal_eth_summary")
    out = tmp_path / "staff_survey.csv"
    result = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(out))
    assert result.exit_code == 1, result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in result.output
    assert line.startswith("wres: error: bench.xlsx: ")
    assert f'sheet "{ACUTE}" lacks 2024 columns of 1 WRES question(s)' in line
    assert "equal_eth_summary (indicator 7): missing" in line
    assert '"equal_eth_summary_1_2024", "equal_eth_summary_n_1_2024"' in line
    assert '"equal_eth_summary_1_2023"' in line  # what the sheet has of that stem
    assert line.endswith("[benchmark-layout]")
    assert not out.exists()


def test_a_sheet_of_unknown_purpose_is_refused_with_the_sheets_expected(tmp_path: Path) -> None:
    workbook = build(tmp_path / "bench.xlsx", trusts(), extra_sheet="Contents")
    result = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(tmp_path / "s.csv"))
    assert result.exit_code == 1, result.output
    assert 'sheet "Contents" is neither a benchmark-group sheet' in result.stderr
    assert '"Notes", "Organisation Benchmark groups", "ICBs"' in result.stderr
    assert '"This workbook holds the 2024 results"' in result.stderr


def test_a_workbook_without_benchmark_sheets_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Notes"
    book.create_sheet("ICBs")
    book.save(tmp_path / "notes.xlsx")
    result = run("import-survey", str(tmp_path / "notes.xlsx"), "--all", "-o", "-")
    assert result.exit_code == 1
    assert "no benchmark-group sheet" in result.stderr and 'found only "Notes", "ICBs"' in (
        result.stderr
    )


def test_the_other_count_spelling_is_read_and_both_are_refused(
    sample: Path, tmp_path: Path
) -> None:
    orgs = trusts()
    variant = build(tmp_path / "variant.xlsx", orgs, count="g_n")
    folder = folder_from(sample, tmp_path)
    out = folder / "staff_survey.csv"
    assert run("import-survey", str(variant), "--org", "R9Z", "-o", str(out)).exit_code == 0
    expect_figures(analysed(folder)["indicators"], orgs[0].cells)
    both = build(tmp_path / "both.xlsx", orgs, count="both")
    result = run("import-survey", str(both), "--org", "R9Z", "-o", str(tmp_path / "b.csv"))
    assert result.exit_code == 1
    assert "both har_from_pat_eth_summary_n_1_2024 and har_from_pat_eth_summary_1_n_2024" in (
        result.stderr
    )
    assert "would be a guess" in result.stderr


def test_an_excel_error_cell_is_refused_not_read_as_a_blank(tmp_path: Path) -> None:
    orgs = trusts()
    orgs[0].cells[("8", "2")] = ("#N/A", 950)  # openpyxl writes it as an error cell
    workbook = build(tmp_path / "bench.xlsx", orgs)
    result = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(tmp_path / "s.csv"))
    assert result.exit_code == 1, result.output
    cell = cell_of(workbook, ACUTE, "R9Z", "q16b_eth_summary_2_2024")
    assert f"'{ACUTE}'!{cell}" in result.stderr and "[excel-error-cell]" in result.stderr


def test_unknown_organisation_names_the_code_and_what_the_workbook_holds(tmp_path: Path) -> None:
    workbook = build(tmp_path / "bench.xlsx", trusts())
    result = run("import-survey", str(workbook), "--org", "R9Y", "-o", str(tmp_path / "s.csv"))
    assert result.exit_code == 2
    assert 'no organisation "R9Y"' in result.stderr and "did you mean R9Z or RX9?" in result.stderr
    assert "holds 3 organisation(s) on 2 benchmark-group sheet(s)" in result.stderr
    neither = run("import-survey", str(workbook), "-o", str(tmp_path / "s.csv"))
    assert neither.exit_code == 2 and "--org CODE" in neither.stderr


def test_all_writes_every_organisation(tmp_path: Path) -> None:
    """--all into a multi-organisation sample (the workbook holds the sample's codes, on
    two sheets): each organisation's analysis has its own figures."""
    made = run(
        "sample", str(tmp_path / "ics"), "--staff", "150", "--years", "2025", "--organisations", "2"
    )
    assert made.exit_code == 0, made.output
    folder = tmp_path / "ics" / "2025"
    (folder / "staff_survey.xlsx").unlink()
    with (folder / "workforce.csv").open(encoding="utf-8-sig") as handle:
        codes = sorted({r["Organisation Code"] for r in csv.DictReader(handle)})
    orgs = [
        Org(codes[1], "Second Trust", AMBULANCE, figures(5)),
        Org(codes[0], "First Trust", ACUTE, figures(4)),
    ]
    workbook = build(tmp_path / "bench.xlsx", orgs)
    out = folder / "staff_survey.csv"
    result = run("import-survey", str(workbook), "--all", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 organisations (an organisation_code column)" in result.stderr
    written = rows_of(out)
    assert [r["organisation_code"] for r in written] == [codes[0]] * 8 + [codes[1]] * 8
    by_code = {d["organisation"]["code"]: d["indicators"] for d in analysed(folder)["results"]}
    for org in orgs:
        expect_figures(by_code[org.code], org.cells)
    # each row names the organisation's benchmark group (its sheet): peer groups for compare
    assert {(r["organisation_code"], r["benchmark_group"]) for r in written} == {
        (codes[0], ACUTE),
        (codes[1], AMBULANCE),
    }
    compared = tmp_path / "compare.json"
    peers = ("--peers", str(out), "--peer-column", "benchmark_group")
    result = run("compare", str(folder), "-o", str(compared), *peers)
    assert result.exit_code == 0, result.output
    groups = json.loads(compared.read_text(encoding="utf-8"))["indicators"]["2"]["groups"]
    # one organisation a group: too few to compare, so each group says so
    assert set(groups) == {ACUTE, AMBULANCE}
    assert all(g["funnel"] is None and "at least 2" in g["reason"] for g in groups.values())


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    workbook = build(tmp_path / "bench.xlsx", trusts())
    out = tmp_path / "staff_survey.csv"
    out.write_text("the trust's own file\n", encoding="utf-8")
    kept = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(out))
    assert kept.exit_code == 2 and "use --force" in kept.stderr
    assert out.read_text(encoding="utf-8") == "the trust's own file\n"
    replaced = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(out), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert rows_of(out)[0]["indicator"] == "5"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left
    wrong = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(tmp_path / "s.xlsx"))
    assert wrong.exit_code == 2 and "the survey file is CSV" in wrong.stderr


def test_a_file_beside_its_twin_is_warned(sample: Path, tmp_path: Path) -> None:
    folder = tmp_path / "2025"
    shutil.copytree(sample, folder)  # staff_survey.xlsx stays
    workbook = build(tmp_path / "bench.xlsx", trusts())
    result = run(
        "import-survey", str(workbook), "--org", "R9Z", "-o", str(folder / "staff_survey.csv")
    )
    assert result.exit_code == 0
    assert "the folder also holds staff_survey.xlsx" in result.stderr


SURVEY_HEAD = "indicator,ethnic_group,respondents,percent,suppressed,survey_year,source_sha256\n"


def survey_rows(year: int = 2024, sha: str = "a" * 64) -> list[str]:
    return [
        f"{ind},{group},100,{20 + int(ind)},,{year},{sha}\n"
        for ind in STEMS
        for group in ("White", "BME")
    ]


def validated(folder: Path, text: str) -> dict[str, Any]:
    (folder / "staff_survey.csv").write_text(text, encoding="utf-8")
    result = run("validate", str(folder), "--format", "json")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def rules(report: dict[str, Any], kind: str) -> set[str]:
    return {i["rule"] for i in report[kind]}


def test_staff_survey_refuses_a_suppressed_row_with_a_figure(sample: Path, tmp_path: Path) -> None:
    folder = folder_from(sample, tmp_path)
    rows = survey_rows()
    rows[3] = "6,BME,,27,fewer than 10 responses,2024," + "a" * 64 + "\n"
    assert "suppressed-with-value" in rules(
        validated(folder, SURVEY_HEAD + "".join(rows)), "errors"
    )
    rows[3] = "6,BME,,,,2024," + "a" * 64 + "\n"  # blank and not said to be suppressed
    assert {"missing-value", "survey-measure-missing"} <= rules(
        validated(folder, SURVEY_HEAD + "".join(rows)), "errors"
    )


def test_staff_survey_refuses_two_sources_in_one_file(sample: Path, tmp_path: Path) -> None:
    folder = folder_from(sample, tmp_path)
    rows = survey_rows()
    rows[5] = rows[5].replace(",2024,", ",2023,")
    rows[6] = rows[6].replace("a" * 64, "b" * 64)
    errors = validated(folder, SURVEY_HEAD + "".join(rows))["errors"]
    mixed = [(i["line"], i["column"]) for i in errors if i["rule"] == "mixed-survey-source"]
    assert mixed == [(7, "survey_year"), (8, "source_sha256")]


def test_another_years_survey_is_warned(sample: Path, tmp_path: Path) -> None:
    folder = folder_from(sample, tmp_path)
    report = validated(folder, SURVEY_HEAD + "".join(survey_rows(year=2023)))
    assert report["errors"] == []
    warning = next(i for i in report["warnings"] if i["rule"] == "survey-year-mismatch")
    assert (
        "2023 NHS Staff Survey" in warning["message"]
        and "uses the 2024 survey" in (warning["message"])
    )


def test_an_organisation_on_two_rows_is_refused(tmp_path: Path) -> None:
    orgs = [*trusts(), Org("r9z", "The same trust again", AMBULANCE, figures(7))]
    workbook = build(tmp_path / "bench.xlsx", orgs)
    result = run("import-survey", str(workbook), "--org", "R9Z", "-o", str(tmp_path / "s.csv"))
    assert result.exit_code == 1
    assert f'org_id r9z is also on row 2 of sheet "{ACUTE}"' in result.stderr
    assert "[duplicate-id]" in result.stderr
