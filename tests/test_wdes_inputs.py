"""The WDES inputs: the disability classifier, the disability columns, capability.csv and
wdes_survey.csv, checked on small hand-made folders (written with the csv module) through
`wres validate --format json` (rule codes, counts, lines) and through the prepared tables
of `wres_cli.pipeline.check`; and the sample's WDES columns and files.

The counting of the WDES metrics is the engine's (not here): these tests pin what it will
count, row by row.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

from wres_cli import disability
from wres_cli.cli import main
from wres_cli.disability import Group
from wres_cli.load import load_folder
from wres_cli.pipeline import check
from wres_cli.prepare import ILL_HEALTH
from wres_cli.sample import write_sample
from wres_cli.schema.models import FILE_MODELS, inputs_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"

# --------------------------------------------------------------------------- classifier


@pytest.mark.parametrize(
    ("value", "group", "recognised"),
    [
        ("Yes", Group.DISABLED, True),
        ("Y", Group.DISABLED, True),
        ("y", Group.DISABLED, True),
        ("Disabled", Group.DISABLED, True),
        ("  YES  ", Group.DISABLED, True),
        ("Yes, limited a lot", Group.DISABLED, True),  # Census 2021
        ("Yes - physical impairment", Group.DISABLED, True),
        ("No", Group.NON_DISABLED, True),  # an ethnicity placeholder, an answer here
        ("N", Group.NON_DISABLED, True),
        ("Not disabled", Group.NON_DISABLED, True),
        ("No disability", Group.NON_DISABLED, True),
        ("Non-disabled", Group.NON_DISABLED, True),
        ("Not Declared", Group.UNKNOWN, True),
        ("Prefer Not To Answer", Group.UNKNOWN, True),
        ("Prefer not to say", Group.UNKNOWN, True),
        ("Unspecified", Group.UNKNOWN, True),
        ("I do not wish to disclose my disability status", Group.UNKNOWN, True),
        ("No response", Group.UNKNOWN, True),  # not the answer "no"
        ("Not known", Group.UNKNOWN, True),
        ("NA", Group.UNKNOWN, True),
        ("N/A", Group.UNKNOWN, True),
        ("", Group.UNKNOWN, True),
        ("   ", Group.UNKNOWN, True),
        (None, Group.UNKNOWN, True),
        ("Maybe", Group.UNKNOWN, False),
        ("#N/A", Group.UNKNOWN, False),
        ("Y/N", Group.UNKNOWN, False),  # contradictory
        ("No - prefer not to say", Group.UNKNOWN, False),
        ("A White - British", Group.UNKNOWN, False),  # ethnicity pasted in the wrong column
    ],
)
def test_disability_classifier(value: str | None, group: Group, recognised: bool) -> None:
    assert disability.classify(value) == (group, recognised)


def test_group_table_reads_each_distinct_value_once() -> None:
    table = disability.group_table(pl.Series(["Yes", "No", "Yes", "Maybe", "Not Declared"]))
    assert table.rows() == [
        ("Yes", "Disabled", "ok"),
        ("No", "Non-disabled", "ok"),
        ("Maybe", "Unknown", "unrecognised"),
        ("Not Declared", "Unknown", "ok"),
    ]


@pytest.mark.parametrize(
    ("grounds", "ill"),
    [
        ("Ill health", True),
        ("Ill-health", True),
        ("ILL HEALTH", True),
        ("Sickness", True),
        ("Health", True),
        ("Capability (Ill Health)", True),
        ("Performance", False),
        ("Capability (Performance)", False),
        ("", False),
    ],
)
def test_ill_health_grounds(grounds: str, ill: bool) -> None:
    assert bool(ILL_HEALTH.search(grounds)) is ill


# --------------------------------------------------------------------------- a folder

WORKFORCE = [
    [
        "Employee Number",
        "Ethnic Origin",
        "Pay Band",
        "Clinical Status",
        "Assignment Category",
        "Disability",
    ],
    ["1001", "A White - British", "Band 5", "Clinical", "Permanent", "Yes"],
    ["1002", "A White - British", "Band 5", "Clinical", "Permanent", "No"],
    ["1003", "H Asian or Asian British - Indian", "Band 6", "Clinical", "Bank", "Yes"],
    [
        "1004",
        "N Black or Black British - African",
        "Band 3",
        "Non-clinical",
        "Permanent",
        "Not Declared",
    ],
    ["1005", "A White - British", "Band 7", "Clinical", "Permanent", "Maybe"],
    ["1006", "A White - British", "Band 2", "Non-clinical", "Permanent", "Maybe"],
    ["1007", "A White - British", "Band 4", "Non-clinical", "Permanent", "N"],
]
# Capability log without a disability column: looked up from the workforce.
CAPABILITY = [
    ["Case Reference", "Employee Number", "Date Opened", "Capability Grounds"],
    ["C1", "1001", "01/05/2024", "Performance"],  # line 2: Disabled
    ["C2", "1001", "01/09/2024", "Performance"],  # line 3: the same person's second case
    ["C3", "1002", "01/06/2024", "Ill health"],  # line 4: excluded by default
    ["C4", "1003", "01/07/2024", "Performance"],  # line 5: Bank only, dropped
    ["C5", "1009", "01/08/2024", "Performance"],  # line 6: not in the workforce (a leaver)
    ["C6", "1004", "15/03/2024", "Performance"],  # line 7: before the year, excluded
    ["C7", "1007", "02/02/2025", ""],  # line 8: blank grounds count as performance
]
RECRUITMENT = [
    ["Application ID", "Ethnicity", "Appointed", "Do you consider yourself to have a disability"],
    ["A1", "White - British", "Yes", "Yes"],
    ["A2", "White - British", "No", "No"],
    ["A3", "Chinese", "No", "Prefer not to say"],
]
BOARD = [
    ["Member ID", "Ethnic Origin", "Voting Member", "Executive Director", "Disability Status"],
    ["B1", "A White - British", "Yes", "Y", "Not Disabled"],
    ["B2", "A White - British", "Yes", "N", "Disabled"],
    ["B3", "Z Not Stated", "Yes", "N", "Not Declared"],
]
SURVEY = [
    ["Metric", "Group", "Respondents", "Percent", "Score"],
    ["Metric 4a(i)", "Disabled", "120", "30.5", ""],
    ["4a i", "Non disabled", "400", "20.1", ""],
    ["4aii", "Disabled", "120", "15", ""],
    ["4A(III)", "NON-DISABLED", "400", "9.5", ""],
    ["8", "Disabled", "80", "71.2", ""],
    ["9a", "Disabled", "120", "", "6.5"],
    ["9a", "Non-disabled", "400", "", "6.9"],
    ["9a", "Organisation", "540", "", "6.8"],
]


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def folder_of(tmp_path: Path, toml: str = "", **files: list[list[str]]) -> Path:
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "wres.toml").write_text(f"reporting_year = 2025\n{toml}")
    for name, rows in files.items():
        write(folder / f"{name}.csv", rows)
    return folder


@pytest.fixture
def wdes(tmp_path: Path) -> Path:
    return folder_of(
        tmp_path,
        workforce=WORKFORCE,
        capability=CAPABILITY,
        recruitment=RECRUITMENT,
        board=BOARD,
        wdes_survey=SURVEY,
    )


def validate_json(folder: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["validate", str(folder), "--format", "json"])
    return result.exit_code, json.loads(result.output)


def issues(document: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    every = document["errors"] + document["warnings"] + document["info"]
    return [i for i in every if i["rule"] == rule]


def only(document: dict[str, Any], rule: str, file: str) -> dict[str, Any]:
    (found,) = [i for i in issues(document, rule) if i["file"] == file]
    return found


def test_capability_through_validate(wdes: Path) -> None:
    code, document = validate_json(wdes)
    assert code == 0, document["errors"]
    cap = "capability.csv"
    grounds = only(document, "excluded-capability-grounds", cap)
    assert (grounds["count"], grounds["line"], grounds["value"]) == (1, 4, "Ill health")
    assert (grounds["column"], grounds["column_letter"], grounds["severity"]) == (
        "Capability Grounds",
        "D",
        "info",
    )
    bank = only(document, "excluded-person-events", cap)
    assert (bank["count"], bank["line"], bank["column"]) == (1, 5, "Employee Number")
    outside = only(document, "outside-reporting-year", cap)
    assert (outside["count"], outside["line"], outside["column"]) == (1, 7, "Date Opened")
    looked_up = only(document, "disability-from-workforce", cap)
    assert looked_up["count"] == 3  # C1, C2 (1001) and C7 (1007); C5 is not in the workforce
    missing = only(document, "disability-not-found", cap)
    assert (missing["count"], missing["line"], missing["severity"]) == (1, 6, "warning")
    leaver = only(document, "staff-not-in-workforce", cap)
    assert (leaver["count"], leaver["line"]) == (1, 6)
    assert not issues(document, "blank-date")
    # Every exclusion and lookup is a line of the ledger.
    ledger = Counter((e["reason"], e["file"]) for e in document["exclusions"])
    for rule in (
        "excluded-capability-grounds",
        "excluded-person-events",
        "outside-reporting-year",
        "disability-from-workforce",
        "disability-not-found",
    ):
        assert ledger[(rule, cap)] == 1, rule
    files = {f["kind"]: f for f in document["files"]}
    assert (files["capability"]["rows"], files["capability"]["used_rows"]) == (7, 4)


def test_capability_prepared_rows(wdes: Path) -> None:
    validated = check(wdes)
    assert validated.result.valid
    rows = validated.tables["capability"].select("case_id", "staff_id", "disability_group")
    assert rows.rows() == [
        ("C1", "1001", "Disabled"),
        ("C2", "1001", "Disabled"),  # two cases of one person: both kept, counted once later
        ("C5", "1009", "Unknown"),
        ("C7", "1007", "Non-disabled"),
    ]
    assert rows.filter(pl.col("disability_group") == "Disabled")["staff_id"].n_unique() == 1


def test_capability_grounds_all_keeps_ill_health(wdes: Path) -> None:
    (wdes / "wres.toml").write_text(
        'reporting_year = 2025\n[options]\ncapability_grounds = "all"\n'
    )
    code, document = validate_json(wdes)
    assert code == 0
    assert not issues(document, "excluded-capability-grounds")
    assert only(document, "disability-from-workforce", "capability.csv")["count"] == 4
    rows = check(wdes).tables["capability"].select("case_id", "disability_group").rows()
    assert ("C3", "Non-disabled") in rows and len(rows) == 5


def test_disability_columns(wdes: Path) -> None:
    code, document = validate_json(wdes)
    assert code == 0
    (unrecognised,) = issues(document, "unrecognised-disability")
    assert unrecognised["file"] == "workforce.csv"
    assert (unrecognised["value"], unrecognised["count"], unrecognised["line"]) == ("Maybe", 2, 6)
    assert (unrecognised["column"], unrecognised["column_letter"]) == ("Disability", "F")
    assert unrecognised["severity"] == "warning"
    files = {f["kind"]: f["columns"] for f in document["files"]}
    assert files["workforce"]["disability"] == "Disability"
    assert files["recruitment"]["disability"] == "Do you consider yourself to have a disability"
    assert files["board"]["disability"] == "Disability Status"
    tables = check(wdes).tables
    workforce = dict(tables["workforce"].select("staff_id", "disability_group").iter_rows())
    assert workforce == {  # 1003 is Bank only: not in post
        "1001": "Disabled",
        "1002": "Non-disabled",
        "1004": "Unknown",
        "1005": "Unknown",
        "1006": "Unknown",
        "1007": "Non-disabled",
    }
    assert tables["recruitment"]["disability_group"].to_list() == [
        "Disabled",
        "Non-disabled",
        "Unknown",
    ]
    assert tables["board"]["disability_group"].to_list() == ["Non-disabled", "Disabled", "Unknown"]


def test_identifier_like_disability_values_are_masked(tmp_path: Path) -> None:
    rows = [*WORKFORCE[:2], [*WORKFORCE[2][:5], "20301442"]]
    code, document = validate_json(folder_of(tmp_path, workforce=rows))
    assert code == 0
    (unrecognised,) = issues(document, "unrecognised-disability")
    assert "20301442" not in json.dumps(unrecognised)
    assert unrecognised["value"] == "[an identifier-like value of 8 characters]"


def test_many_unrecognised_disability_values_are_named_then_counted(tmp_path: Path) -> None:
    values = ["Maybe", "Sometimes", "Partly", "Unsure", "Possibly", "Kind of", "Kind of"]
    rows = [WORKFORCE[0]] + [
        [str(2000 + i), "A White - British", "Band 5", "Clinical", "Permanent", v]
        for i, v in enumerate(values)
    ]
    code, document = validate_json(folder_of(tmp_path, workforce=rows))
    assert code == 0
    found = issues(document, "unrecognised-disability")
    assert [(i["value"], i["count"]) for i in found[:5]] == [
        ("Kind of", 2),  # most rows first, then by first line
        ("Maybe", 1),
        ("Sometimes", 1),
        ("Partly", 1),
        ("Unsure", 1),
    ]
    assert (found[5]["value"], found[5]["count"], found[5]["line"]) == (None, 1, 6)
    assert found[5]["message"].startswith("1 more distinct value(s)")


def test_capability_with_its_own_disability_column(tmp_path: Path) -> None:
    capability = [
        ["Case Reference", "Employee Number", "Date Entered", "Grounds", "Disability"],
        ["C1", "1002", "01/05/2024", "Performance", "Yes"],  # says Disabled: its own is used
        ["C2", "1009", "01/06/2024", "Performance", "No"],  # a leaver with a known answer
    ]
    folder = folder_of(tmp_path, workforce=WORKFORCE, capability=capability)
    code, document = validate_json(folder)
    assert code == 0
    assert not issues(document, "disability-from-workforce")
    assert not issues(document, "disability-not-found")
    rows = check(folder).tables["capability"].select("case_id", "disability_group").rows()
    assert rows == [("C1", "Disabled"), ("C2", "Non-disabled")]


def test_no_disability_anywhere_is_unknown_and_said(tmp_path: Path) -> None:
    workforce = [row[:5] for row in WORKFORCE]
    folder = folder_of(tmp_path, workforce=workforce, capability=CAPABILITY[:3])
    code, document = validate_json(folder)
    assert code == 0
    missing = only(document, "disability-not-found", "capability.csv")
    assert missing["count"] == 2
    assert "no disability column here or in the workforce file" in missing["message"]
    rows = check(folder).tables["capability"]["disability_group"].to_list()
    assert rows == ["Unknown", "Unknown"]


def test_capability_checks(tmp_path: Path) -> None:
    capability = [
        ["Case ID", "Staff ID", "Date", "Reason"],
        ["C1", "1001", "01/05/2024", "Performance"],
        ["C1", "1002", "01/06/2024", "Performance"],  # line 3: case_id repeats line 2
        ["C3", "", "01/06/2024", "Performance"],  # line 4: no staff id
        ["C4", "1002", "31/02/2024", "Performance"],  # line 5: no such date
    ]
    code, document = validate_json(folder_of(tmp_path, workforce=WORKFORCE, capability=capability))
    assert code == 1
    found = {(e["rule"], e["line"]) for e in document["errors"] if e["file"] == "capability.csv"}
    assert found == {("duplicate-id", 3), ("missing-value", 4), ("bad-date", 5)}


def test_capability_needs_its_columns(tmp_path: Path) -> None:
    capability = [["Case Reference", "Employee Number"], ["C1", "1001"]]
    code, document = validate_json(folder_of(tmp_path, workforce=WORKFORCE, capability=capability))
    assert code == 1
    (missing,) = issues(document, "missing-column")
    assert missing["file"] == "capability.csv" and "date" in missing["message"]


def test_wdes_survey_spellings(wdes: Path) -> None:
    survey = check(wdes).tables["wdes_survey"].select("metric", "group", "percent", "score")
    assert survey.rows() == [
        ("4a(i)", "Disabled", 30.5, None),
        ("4a(i)", "Non-disabled", 20.1, None),
        ("4a(ii)", "Disabled", 15.0, None),
        ("4a(iii)", "Non-disabled", 9.5, None),
        ("8", "Disabled", 71.2, None),
        ("9a", "Disabled", None, 6.5),
        ("9a", "Non-disabled", None, 6.9),
        ("9a", "Organisation", None, 6.8),
    ]


def test_wdes_survey_checks(tmp_path: Path) -> None:
    survey = [
        ["WDES Metric", "Group", "Number of Respondents", "Percentage", "Positive Count", "Score"],
        ["4a(i)", "Disabled", "100", "30", "", ""],
        ["4ai", "Disabled", "100", "31", "", ""],  # line 3: 4a(i) + Disabled repeats line 2
        ["4b", "Organisation", "100", "30", "", ""],  # line 4: Organisation is 9a only
        ["9a", "Disabled", "100", "", "", ""],  # line 5: 9a needs a score
        ["9a", "Non-disabled", "100", "", "", "11"],  # line 6: a score is 0-10
        ["5", "Disabled", "100", "", "", ""],  # line 7: neither percent nor positive
        ["6", "Disabled", "100", "", "120", ""],  # line 8: more positive than respondents
        ["10", "Disabled", "100", "30", "", ""],  # line 9: no survey metric 10
        ["7", "Everyone", "100", "30", "", ""],  # line 10: no such group
    ]
    code, document = validate_json(folder_of(tmp_path, workforce=WORKFORCE, wdes_survey=survey))
    assert code == 1
    found = {(e["rule"], e["line"]) for e in document["errors"] if e["file"] == "wdes_survey.csv"}
    assert found == {
        ("duplicate-id", 3),
        ("not-allowed", 4),
        ("survey-measure-missing", 5),
        ("out-of-range", 6),
        ("survey-measure-missing", 7),
        ("positive-exceeds-respondents", 8),
        ("not-allowed", 9),
        ("not-allowed", 10),
    }


def test_wdes_survey_fractions_are_refused_like_the_wres_survey(tmp_path: Path) -> None:
    survey = [
        SURVEY[0],
        ["5", "Disabled", "100", "0.51", ""],
        ["5", "Non-disabled", "300", "0.6", ""],
    ]
    code, document = validate_json(folder_of(tmp_path, workforce=WORKFORCE, wdes_survey=survey))
    assert code == 1
    assert only(document, "percent-looks-like-fraction", "wdes_survey.csv")["count"] == 2


# --------------------------------------------------------------------------- WRES runs


def test_standards_declare_their_inputs() -> None:
    assert {"capability", "wdes_survey"} <= set(FILE_MODELS)
    assert set(inputs_of("wres")) == {
        "workforce",
        "recruitment",
        "disciplinary",
        "training",
        "staff_survey",
        "board",
        "actions",
    }
    assert set(inputs_of("wdes")) == {
        "workforce",
        "recruitment",
        "board",
        "capability",
        "wdes_survey",
    }
    with pytest.raises(ValueError, match="unknown standard"):
        inputs_of("gpg")


def test_a_wres_load_leaves_the_wdes_files_alone(wdes: Path) -> None:
    assert {"capability", "wdes_survey"} <= set(load_folder(wdes).tables)  # all, as today
    wres = load_folder(wdes, standard="wres")
    assert set(wres.tables) == {"workforce", "recruitment", "board"}
    assert not any(i.file in ("capability.csv", "wdes_survey.csv") for i in wres.issues)
    assert set(load_folder(wdes, standard="wdes").tables) == {
        "workforce",
        "recruitment",
        "board",
        "capability",
        "wdes_survey",
    }


# --------------------------------------------------------------------------- the sample


def read(path: Path) -> pl.DataFrame:
    return pl.read_csv(
        path, infer_schema=False, encoding="cp1252" if path.name == "board.csv" else "utf8"
    )


@pytest.mark.parametrize("year", ["2023", "2024", "2025"])
def test_committed_sample_has_the_wdes_inputs(year: str) -> None:
    folder = SAMPLE / year
    for name in ("workforce.csv", "recruitment.csv", "board.csv"):
        assert read(folder / name).columns[-1] == "Disability", name
    assert (folder / "capability.csv").is_file()
    assert (folder / "wdes_survey.csv").is_file()
    validated = check(folder)
    assert validated.result.valid
    assert not [i for i in validated.result.issues if "disability" in i.rule]  # all recognised


def test_committed_sample_wdes_figures() -> None:
    """The hand-countable headline numbers of sample_data/2025 (what the WDES will show)."""
    folder = SAMPLE / "2025"
    workforce = read(folder / "workforce.csv").filter(pl.col("Assignment Category") != "Bank")
    declared = Counter(workforce["Disability"].fill_null("").to_list())
    assert workforce.height == 7569
    assert declared["Yes"] == 319  # 4.2% Disabled
    assert declared["No"] == 6331
    assert declared["Not Declared"] + declared["Prefer Not To Answer"] == 642
    assert declared["Unspecified"] + declared[""] == 277  # 919 Unknown, 12.1%

    shortlisted = read(folder / "recruitment.csv").filter(
        (pl.col("Shortlisted") == "Yes")
        & (pl.col("Shortlisting Date") >= "2024-04-01")  # the year's rows only
    )
    counts = shortlisted.group_by("Disability").agg(
        pl.len().alias("shortlisted"), (pl.col("Appointed") == "Yes").sum().alias("appointed")
    )
    by = {row[0]: row[1:] for row in counts.iter_rows()}
    assert by["Yes"] == (2061, 328)
    assert by["No"] == (22423, 4293)
    ratio = (4293 / 22423) / (328 / 2061)
    assert ratio == pytest.approx(1.203, abs=0.001)  # metric 2, non-disabled / Disabled

    capability = read(folder / "capability.csv")
    assert capability.height == 29
    grounds = Counter(capability["Capability Grounds"].to_list())
    assert grounds == {"Performance": 25, "Ill health": 4}
    performance = capability.filter(pl.col("Capability Grounds") == "Performance")
    assert Counter(performance["Disability"].fill_null("").to_list())["Yes"] == 2
    assert Counter(performance["Disability"].to_list())["No"] == 20
    assert capability["Employee Number"].is_unique().all()
    likelihood = (2 / 319) / (20 / 6331)  # metric 3 on performance grounds, Disabled / non
    assert likelihood == pytest.approx(1.985, abs=0.001)

    board = read(folder / "board.csv")
    assert Counter(board["Disability"].to_list()) == {"No": 9, "Yes": 1, "Not Declared": 4}

    survey = read(folder / "wdes_survey.csv")
    assert survey.height == 18
    assert survey.select("Metric", "Group").rows() == [
        *(
            (m, g)
            for m in ("4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7")
            for g in ("Disabled", "Non-disabled")
        ),
        ("8", "Disabled"),
        ("9a", "Disabled"),
        ("9a", "Non-disabled"),
        ("9a", "Organisation"),
    ]
    nine_a = survey.filter(pl.col("Metric") == "9a")
    assert nine_a["Percent"].is_null().all() and nine_a["Score"].is_not_null().all()
    assert survey.filter(pl.col("Metric") != "9a")["Score"].is_null().all()


def test_sample_wdes_files_are_deterministic(tmp_path: Path) -> None:
    for run in ("a", "b"):
        write_sample(tmp_path / run, seed=3, staff=900, years=(2024, 2025), style="esr")
    other = write_sample(tmp_path / "c", seed=4, staff=900, years=(2025,), style="esr")
    for year in ("2024", "2025"):
        for name in ("capability.csv", "wdes_survey.csv", "workforce.csv", "board.csv"):
            a, b = (tmp_path / run / year / name for run in ("a", "b"))
            assert a.read_bytes() == b.read_bytes(), (year, name)
    assert (other[0] / "capability.csv").read_bytes() != (
        tmp_path / "a" / "2025" / "capability.csv"
    ).read_bytes()


def test_sample_disability_is_the_persons(tmp_path: Path) -> None:
    """Stable from year to year and shared by a person's assignments (ESR style), and the
    ESR capability log has no disability column and holds a Bank-only person's case."""
    write_sample(tmp_path, seed=1, staff=3000, years=(2024, 2025), style="esr")
    before, after = (read(tmp_path / y / "workforce.csv") for y in ("2024", "2025"))
    people = after.group_by("Employee Number").agg(pl.col("Disability").n_unique().alias("n"))
    assert (people["n"] == 1).all()
    both = before.join(after, on="Assignment Number", suffix="_after")
    assert both["Disability"].eq_missing(both["Disability_after"]).all()
    capability = read(tmp_path / "2025" / "capability.csv")
    assert "Disability" not in capability.columns
    bank_only = (
        after.group_by("Employee Number")
        .agg((pl.col("Assignment Category") == "Bank").all().alias("bank"))
        .filter("bank")["Employee Number"]
    )
    assert capability["Employee Number"].is_in(bank_only.implode()).any()
    validated = check(tmp_path / "2025")
    assert validated.result.valid
    rules = Counter(i.rule for i in validated.result.issues if i.file == "capability.csv")
    assert rules["disability-from-workforce"] == 1
    assert rules["excluded-person-events"] == 1
    assert rules["excluded-capability-grounds"] == 1
