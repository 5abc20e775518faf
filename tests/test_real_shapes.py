"""Issue 9, case by case: each test writes the few rows a trust's export would hold, in
the shape the source system writes them (csv module with its encoding and line endings,
xlsxwriter for workbooks), runs the real `wres` command and checks the figures against a
hand count written beside the rows, and the rule code, file, line and column of each issue.

tests/test_real_exports.py is the end-to-end hand count on a whole export set; these are
the single shapes, one at a time.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from click.testing import CliRunner, Result

from wres_cli.cli import main

W, B = "A White - British", "H Indian"
"""ESR labels of a White and a BME person."""
WF = ["Employee Number", "Ethnic Origin", "Pay Band", "Clinical / Non-clinical"]
WF_CAT = [*WF, "Assignment Category"]


# ---------------------------------------------------------------------------------------
# Writing inputs the way the source systems do, and running the command
# ---------------------------------------------------------------------------------------


def write_csv(
    path: Path,
    rows: list[list[Any]],
    *,
    encoding: str = "utf-8",
    newline: str = "\r\n",
    delimiter: str = ",",
) -> Path:
    """A CSV as Excel or a reporting tool saves it (CRLF by default)."""
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator=newline, delimiter=delimiter).writerows(rows)
    return path


def year_folder(tmp_path: Path, name: str = "2025") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def workforce(folder: Path, people: list[list[Any]], name: str = "workforce.csv") -> Path:
    """ESR staff in post: id, ethnic origin, band, clinical, category (Permanent)."""
    rows = [p if len(p) == len(WF_CAT) else [*p, "Permanent"] for p in people]
    return write_csv(folder / name, [WF_CAT, *rows], encoding="cp1252")


def run(*args: Any) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def validate(folder: Path) -> tuple[int, dict[str, Any]]:
    result = run("validate", folder, "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def analyse(folder: Path, *extra: Any) -> dict[str, Any]:
    result = run("analyse", folder, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def issues(report: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    """Issues of one rule code, from validate's errors / warnings / info."""
    found = [i for k in ("errors", "warnings", "info") for i in report.get(k, [])]
    return [i for i in found if i["rule"] == rule]


def one(report: dict[str, Any], rule: str) -> dict[str, Any]:
    found = issues(report, rule)
    assert len(found) == 1, (rule, found, report.get("errors"))
    return found[0]


def where(issue: dict[str, Any]) -> tuple[Any, ...]:
    return issue["file"], issue["line"], issue["column"], issue["column_letter"]


def ledger(doc: dict[str, Any], reason: str, file: str) -> list[int]:
    """Counts of one reason and file in analyse's exclusions ledger."""
    return [
        e["count"]
        for e in doc["validation"]["exclusions"]
        if (e["reason"], e["file"]) == (reason, file)
    ]


def groups(block: dict[str, Any], key: str = "count") -> tuple[int, int, int]:
    return block["white"][key], block["bme"][key], block["unknown"][key]


def band(doc: dict[str, Any], cluster: str, name: str) -> tuple[int, int, int]:
    """White, BME, Unknown headcount of one indicator 1 row."""
    (row,) = (
        r for r in doc["indicators"]["1"]["rows"] if (r["cluster"], r["band"]) == (cluster, name)
    )
    return groups(row)


def likelihood(doc: dict[str, Any], indicator: str) -> dict[str, tuple[int, int]]:
    block = doc["indicators"][indicator]
    return {
        g: (block[g]["numerator"], block[g]["denominator"]) for g in ("white", "bme", "unknown")
    }


# ---------------------------------------------------------------------------------------
# 1. ESR is one row per assignment
# ---------------------------------------------------------------------------------------

ESR = ["Employee Number", "Assignment Number", "Ethnic Origin", "Pay Band"]
ESR += ["Clinical / Non-clinical", "Assignment Category", "Primary Assignment"]


def test_esr_assignment_rows_are_counted_as_people(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    rows = [
        ESR,
        # line 2-3: one person, two posts; the primary (Band 5 clinical) decides, not the
        # higher Band 7 non-clinical post
        ["1001", "1001-1", W, "Band 5", "Clinical", "Permanent", "Y"],
        ["1001", "1001-2", W, "Band 7", "Non-clinical", "Fixed Term Temp", "N"],
        # line 4-5: a substantive post and a Bank post: one person, the Bank row out first
        ["1002", "1002-1", B, "Band 3", "Non-clinical", "Permanent", "Y"],
        ["1002", "1002-2", B, "Band 2", "Non-clinical", "Bank", "N"],
        # line 6-7: no primary flag: highest band (Band 6 clinical)
        ["1003", "1003-1", "N African", "Band 4", "Clinical", "Permanent", "N"],
        ["1003", "1003-2", "N African", "Band 6", "Clinical", "Permanent", "N"],
        # line 8-9: two primary flags: highest band (Band 4 non-clinical)
        ["1004", "1004-1", W, "Band 3", "Non-clinical", "Permanent", "Y"],
        ["1004", "1004-2", W, "Band 4", "Non-clinical", "Permanent", "Y"],
        # line 10: one post
        ["1005", "1005-1", "R Chinese", "Band 5", "Clinical", "Permanent", "Y"],
    ]
    write_csv(folder / "workforce.csv", rows, encoding="cp1252")
    code, report = validate(folder)
    assert code == 0, report["errors"]
    assert not issues(report, "duplicate-id")
    several = one(report, "several-assignments")  # 1001, 1003, 1004 (1002's Bank row is out)
    assert several["count"] == 3 and several["line"] == 2
    unflagged = one(report, "no-primary-assignment")  # 1003 (none), 1004 (two)
    assert unflagged["count"] == 2
    assert where(unflagged) == ("workforce.csv", 6, "Primary Assignment", "G")
    bank = one(report, "excluded-assignment-category")
    assert (bank["value"], bank["count"], bank["line"]) == ("Bank", 1, 5)

    doc = analyse(folder)
    # people: White 1001, 1004; BME 1002, 1003, 1005 = 5 (9 rows - 1 Bank - 3 second posts)
    assert groups(doc["indicators"]["1"]["overall"]) == (2, 3, 0)
    assert doc["indicators"]["1"]["overall"]["total"] == 5
    assert band(doc, "clinical", "Band 5") == (1, 1, 0)  # 1001 (primary), 1005
    assert band(doc, "non-clinical", "Band 7") == (0, 0, 0)  # 1001's second post
    assert band(doc, "non-clinical", "Band 3") == (0, 1, 0)  # 1002 (1004 went to Band 4)
    assert band(doc, "clinical", "Band 6") == (0, 1, 0)  # 1003
    assert band(doc, "clinical", "Band 4") == (0, 0, 0)
    assert band(doc, "non-clinical", "Band 4") == (1, 0, 0)  # 1004
    assert band(doc, "non-clinical", "Band 2") == (0, 0, 0)  # 1002's Bank post
    assert ledger(doc, "several-assignments", "workforce.csv") == [3]
    assert ledger(doc, "no-primary-assignment", "workforce.csv") == [2]


def test_exact_duplicate_assignment_row_is_an_error(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    first = ["1001", "1001-1", W, "Band 5", "Clinical", "Permanent", "Y"]
    other = ["1002", "1002-1", "N African", "Band 3", "Clinical", "Permanent", "Y"]
    rows = [ESR, first, other, first]  # line 4: line 2 exported twice
    write_csv(folder / "workforce.csv", rows)
    code, report = validate(folder)
    assert code == 1
    dup = one(report, "duplicate-row")
    assert where(dup) == ("workforce.csv", 4, "Employee Number", "A")
    assert "line 2" in dup["message"]
    assert not issues(report, "duplicate-id")


def test_staff_id_full_of_assignment_numbers_is_refused(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    header = ["Staff ID", "Ethnic Origin", "Pay Band", "Clinical / Non-clinical"]
    rows = [
        header,
        ["20301442-1", W, "Band 5", "Clinical"],
        ["20301442-2", W, "Band 6", "Clinical"],  # the same person's second post
        ["20301555-1", "N African", "Band 5", "Clinical"],
    ]
    write_csv(folder / "workforce.csv", rows)
    code, report = validate(folder)
    assert code == 1
    refused = one(report, "staff-id-is-assignment")
    assert where(refused) == ("workforce.csv", 2, "Staff ID", "A")
    assert "Employee Number" in refused["message"]


# ---------------------------------------------------------------------------------------
# 2. Bank is excluded from every indicator
# ---------------------------------------------------------------------------------------


def test_bank_and_added_categories_excluded_from_every_indicator(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(
        folder,
        [
            ["2001", W, "Band 5", "Clinical"],  # line 2
            ["2002", B, "Band 5", "Clinical"],  # line 3
            ["2003", "N African", "Band 5", "Clinical", "Bank Staff"],  # line 4: Bank only
            ["2004", W, "Band 5", "Clinical", "Bank - Casual"],  # line 5: Bank only
            ["2005", "R Chinese", "Band 5", "Clinical", "Honorary"],  # line 6: --exclude
            ["2006", W, "Band 6", "Clinical", "Fixed Term Temp"],  # line 7
        ],
    )
    case = ["Case ID", "Employee Number", "Ethnic Origin", "Investigation Start Date"]
    write_csv(
        folder / "disciplinary.csv",
        [
            case,
            ["C1", "2001", W, "01/06/2024"],
            ["C2", "2002", B, "01/07/2024"],
            ["C3", "2003", "N African", "01/08/2024"],  # Bank only: dropped
            ["C4", "2005", "R Chinese", "01/09/2024"],  # Honorary only: dropped
        ],
    )
    course = ["Employee Number", "Ethnic Origin", "Mandatory Training", "Completion Date"]
    write_csv(
        folder / "training.csv",
        [
            course,
            ["2001", W, "N", "01/05/2024"],
            ["2002", B, "N", "02/05/2024"],
            ["2004", W, "N", "03/05/2024"],  # Bank only: dropped
            ["2003", "N African", "N", "04/05/2024"],  # Bank only: dropped
            ["2006", W, "Y", "05/05/2024"],  # mandatory: not indicator 4
        ],
    )
    doc = analyse(folder, "--exclude-assignment-category", "Honorary")
    # in post: White 2001, 2006; BME 2002 (2003, 2004 Bank; 2005 Honorary)
    assert groups(doc["indicators"]["1"]["overall"]) == (2, 1, 0)
    # indicator 3: White 2001 of 2; BME 2002 of 1 (2003 and 2005 dropped)
    assert likelihood(doc, "3") == {"white": (1, 2), "bme": (1, 1), "unknown": (0, 0)}
    assert doc["indicators"]["3"]["relative_likelihood"] == pytest.approx(2.0)
    # indicator 4: White 2001 of 2; BME 2002 of 1 (2004 and 2003 dropped)
    assert likelihood(doc, "4") == {"white": (1, 2), "bme": (1, 1), "unknown": (0, 0)}
    assert ledger(doc, "excluded-person-events", "disciplinary.csv") == [2]
    assert ledger(doc, "excluded-person-events", "training.csv") == [2]
    # Bank Staff, Bank - Casual, Honorary: one row each
    assert ledger(doc, "excluded-assignment-category", "workforce.csv") == [1, 1, 1]


def test_no_assignment_category_column_warns_nothing_excluded(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    write_csv(folder / "workforce.csv", [WF, ["1", W, "Band 5", "Clinical"]])
    code, report = validate(folder)
    assert code == 0
    warned = one(report, "no-assignment-category")
    assert (warned["file"], warned["severity"], warned["line"]) == ("workforce.csv", "warning", 1)
    assert "no-assignment-category" in [e["reason"] for e in report["exclusions"]]


# ---------------------------------------------------------------------------------------
# 3. Ethnicity
# ---------------------------------------------------------------------------------------

ETHNICITIES = [
    # placeholders: Unknown, never code N / D (BME)
    ("NA", "U"),
    ("NK", "U"),
    ("NS", "U"),
    ("NR", "U"),
    ("ND", "U"),
    ("DK", "U"),
    ("No", "U"),
    ("Not known", "U"),
    ("Refused", "U"),
    ("#N/A", "U"),  # line 11: a pasted lookup
    # Census 2021 labels
    ("White: English, Welsh, Scottish, Northern Irish or British", "W"),
    ("Arab", "B"),
    ("Roma", "W"),
    # group labels
    ("BME", "B"),
    ("BAME", "B"),
    ("Other White", "W"),
    # code A (White) with a label naming another group: the code decides
    ("A Black British", "W"),  # line 18
]


def test_ethnicity_placeholders_census_and_group_labels(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [[str(i), e, "Band 5", "Clinical"] for i, (e, _) in enumerate(ETHNICITIES)])
    code, report = validate(folder)
    assert code == 0, report["errors"]
    assert not issues(report, "unrecognised-ethnicity")
    lookup = one(report, "lookup-error-text")
    assert (lookup["value"], lookup["count"]) == ("#N/A", 1)
    assert where(lookup) == ("workforce.csv", 11, "Ethnic Origin", "B")
    conflict = one(report, "ethnicity-conflict")
    assert (conflict["value"], conflict["line"], conflict["count"]) == ("A Black British", 18, 1)

    doc = analyse(folder)
    # hand count of the table above: W 4 (English..., Roma, Other White, A Black British),
    # BME 3 (Arab, BME, BAME), Unknown 10 (nine placeholders and #N/A)
    by_hand = [sum(g == letter for _, g in ETHNICITIES) for letter in "WBU"]
    assert by_hand == [4, 3, 10]
    assert groups(doc["indicators"]["1"]["overall"]) == (4, 3, 10)
    assert ledger(doc, "lookup-error-text", "workforce.csv") == [1]
    assert ledger(doc, "ethnicity-conflict", "workforce.csv") == [1]


# ---------------------------------------------------------------------------------------
# 4. Event files without ethnicity
# ---------------------------------------------------------------------------------------


def test_event_files_take_ethnicity_from_the_workforce(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    people = [
        ["4001", W, "Band 5", "Clinical"],
        ["4002", B, "Band 5", "Clinical"],
        ["4003", "N African", "Band 5", "Clinical"],
        ["4004", W, "Band 5", "Clinical"],
    ]
    workforce(folder, people)
    # an ER tracker: employee number, no ethnicity
    write_csv(
        folder / "disciplinary.csv",
        [
            ["Case ID", "Employee Number", "Investigation Start Date"],
            ["C1", "4001", "01/06/2024"],  # White (workforce)
            ["C2", "4002", "01/07/2024"],  # BME (workforce)
            ["C3", "4999", "01/08/2024"],  # line 4: a leaver: Unknown
        ],
    )
    # an OLM export with its own ethnicity column
    write_csv(
        folder / "training.csv",
        [
            ["Employee Number", "Ethnic Origin", "Mandatory Training", "Completion Date"],
            ["4001", B, "N", "01/05/2024"],  # line 2: workforce says White
            ["4003", "N African", "N", "02/05/2024"],
            ["4004", W, "N", "03/05/2024"],
        ],
        newline="\n",
    )
    code, report = validate(folder)
    assert code == 0, report["errors"]
    looked_up = one(report, "ethnicity-from-workforce")
    assert (looked_up["file"], looked_up["count"]) == ("disciplinary.csv", 2)
    missing = one(report, "ethnicity-not-found")
    assert where(missing) == ("disciplinary.csv", 4, "Employee Number", "B")
    assert missing["count"] == 1
    differs = one(report, "ethnicity-disagrees")
    assert where(differs) == ("training.csv", 2, "Ethnic Origin", "B")
    assert differs["count"] == 1

    doc = analyse(folder)
    # indicator 3: White 4001 of 2 (4001, 4004), BME 4002 of 2 (4002, 4003), Unknown 4999
    assert likelihood(doc, "3") == {"white": (1, 2), "bme": (1, 2), "unknown": (1, 0)}
    # indicator 4, the file's own ethnicity: White 4004 of 2; BME 4001, 4003 of 2
    assert likelihood(doc, "4") == {"white": (1, 2), "bme": (2, 2), "unknown": (0, 0)}


# ---------------------------------------------------------------------------------------
# 5. Case logs hold more than formal disciplinaries
# ---------------------------------------------------------------------------------------


def test_case_log_counts_formal_disciplinary_cases_only(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    people = [
        ["5001", W, "Band 5", "Clinical"],
        ["5002", B, "Band 5", "Clinical"],
        ["5003", "N African", "Band 5", "Clinical"],
        ["5004", W, "Band 5", "Clinical"],
    ]
    workforce(folder, people)
    header = ["Case ID", "Employee Number", "Ethnic Origin", "Case Type", "Formal / Informal"]
    rows = [
        [*header, "Date Opened"],
        ["C1", "5001", W, "Disciplinary", "Formal", "01/06/2024"],  # counts: White
        ["C2", "5002", B, "Disciplinary", "Formal", "01/06/2024"],  # counts: BME
        ["C3", "5002", B, "Misconduct", "Formal", "01/09/2024"],  # same person
        ["C4", "5003", "N African", "Grievance", "Formal", "01/07/2024"],  # line 5
        ["C5", "5004", W, "Grievance", "Informal", "01/08/2024"],
        ["C6", "5003", "N African", "Capability", "Formal", "01/08/2024"],  # line 7
        ["C7", "5004", W, "Disciplinary", "Informal", "01/10/2024"],  # line 8
    ]
    write_csv(folder / "disciplinary.csv", rows, newline="\r")  # 'CSV (Macintosh)': lone CR
    code, report = validate(folder)
    assert code == 0, report["errors"]
    by_type = {i["value"]: (i["count"], i["line"]) for i in issues(report, "excluded-case-type")}
    assert by_type == {"Grievance": (2, 5), "Capability": (1, 7)}
    informal = one(report, "excluded-informal")
    assert where(informal) == ("disciplinary.csv", 8, "Formal / Informal", "E")
    assert informal["count"] == 1

    doc = analyse(folder)
    # formal disciplinary cases: C1 (5001 White), C2 and C3 (5002 BME, one person)
    assert likelihood(doc, "3") == {"white": (1, 2), "bme": (1, 2), "unknown": (0, 0)}
    assert ledger(doc, "excluded-case-type", "disciplinary.csv") == [2, 1]
    assert ledger(doc, "excluded-informal", "disciplinary.csv") == [1]


# ---------------------------------------------------------------------------------------
# 6. ESR and TRAC vocabulary
# ---------------------------------------------------------------------------------------


def test_esr_staff_group_and_grade_vocabulary(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    header = ["Employee Number", "Ethnic Origin", "Pay Band", "Grade", "Staff Group"]
    rows = [
        [*header, "Assignment Category"],
        ["6001", W, "Review Body Band 5", "", "Nursing and Midwifery Registered"],
        ["6002", B, "Band 8 - Range A", "", "Administrative and Clerical"],
        ["6003", "N African", "Medical and Dental", "XN08 Consultant", "Medical and Dental"],
        ["6004", W, "Medical and Dental", "Speciality Doctor", "Medical and Dental"],
        ["6005", "R Chinese", "Medical and Dental", "Dental Core Trainee", "Medical and Dental"],
        ["6006", W, "Review Body Band 3", "", "Estates and Ancillary"],
        ["6007", B, "Review Body Band 6", "", "Allied Health Professionals"],
        ["6008", W, "Review Body Band 3", "", "Add Prof Scientific and Technic"],
    ]
    write_csv(
        folder / "workforce.csv",
        [r if r[0] == "Employee Number" else [*r, "Permanent"] for r in rows],
    )
    doc = analyse(folder)
    assert groups(doc["indicators"]["1"]["overall"]) == (4, 4, 0)
    assert band(doc, "clinical", "Band 5") == (1, 0, 0)  # 6001 nursing
    assert band(doc, "non-clinical", "Band 8a") == (0, 1, 0)  # 6002 admin
    assert band(doc, "clinical", "Consultant") == (0, 1, 0)  # 6003
    assert band(doc, "clinical", "Non-consultant career grade") == (1, 0, 0)  # 6004
    assert band(doc, "clinical", "Trainee grade") == (0, 1, 0)  # 6005
    assert band(doc, "non-clinical", "Band 3") == (1, 0, 0)  # 6006 estates
    assert band(doc, "clinical", "Band 6") == (0, 1, 0)  # 6007 AHP
    assert band(doc, "clinical", "Band 3") == (1, 0, 0)  # 6008 scientific


def test_board_register_vocabulary_and_leavers(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"], ["2", B, "Band 5", "Clinical"]])
    header = ["Member ID", "Ethnic Origin", "Voting Member Yes/No", "Executive / Non-Executive"]
    write_csv(
        folder / "board.csv",
        [
            [*header, "Date Left"],
            ["Member One", W, "Yes", "Executive", ""],
            ["Member Two", B, "Yes", "Non-Executive", ""],
            ["Member Three", "N African", "No", "Executive", ""],
            ["Member Four", W, "Yes", "Non-Executive", "31/12/2024"],  # line 5: left
            ["Member Five", "R Chinese", "Yes", "Executive", "30/04/2025"],  # after snapshot
        ],
    )
    code, report = validate(folder)
    assert code == 0, report["errors"]
    left = one(report, "left-board")
    assert where(left) == ("board.csv", 5, "Date Left", "E") and left["count"] == 1

    board = analyse(folder)["indicators"]["9"]["board"]
    # on the board at 31 March 2025: One (W), Two, Three, Five (BME)
    assert groups(board["total"]) == (1, 3, 0)
    assert groups(board["voting"]) == (1, 2, 0)  # One, Two, Five
    assert groups(board["executive"]) == (1, 2, 0)  # One, Three, Five
    assert groups(board["non_executive"]) == (0, 1, 0)  # Two


def test_board_date_left_without_a_reporting_year_is_warned(tmp_path: Path) -> None:
    folder = year_folder(tmp_path, "northshire")  # not named by year, no wres.toml
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    header = ["Member ID", "Ethnic Origin", "Voting Member", "Executive Director", "Date Left"]
    rows = [header, ["M1", W, "Y", "Y", ""], ["M2", B, "Y", "N", "01/06/2020"]]
    write_csv(folder / "board.csv", rows)
    code, report = validate(folder)
    assert code == 0, report["errors"]
    assert [i["file"] for i in issues(report, "no-reporting-year")] == ["board.csv"]


def test_survey_indicator_written_as_words(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    header = ["WRES Indicator", "Ethnic Group", "Number of Respondents", "Percentage"]
    rows = [header, ["Indicator 5", "White", "200", "24.1"], ["Indicator 5", "BME", "100", "30.0"]]
    write_csv(folder / "staff_survey.csv", rows)
    five = analyse(folder)["indicators"]["5"]
    assert (five["white"]["respondents"], five["white"]["percent"]) == (200, 24.1)
    assert (five["bme"]["respondents"], five["bme"]["percent"]) == (100, 30.0)


TRAC = ["Application ID", "Ethnicity", "Shortlisted?"]


def test_recruitment_offered_is_never_appointed(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    rows = [[*TRAC, "Offered"], ["A1", "White - British", "Y", "Y"]]
    write_csv(folder / "recruitment.csv", rows)
    code, report = validate(folder)
    assert code == 1
    refused = one(report, "missing-column")
    assert (refused["file"], refused["line"], refused["column"]) == (
        "recruitment.csv",
        1,
        "appointed",
    )
    assert '"Offered"' in refused["message"]


def test_recruitment_with_offered_and_appointed_uses_appointed(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    asian = "Asian or Asian British - Indian"
    rows = [
        [*TRAC, "Offered", "Appointed Y/N"],
        ["A1", "White - British", "Y", "Y", "Y"],
        ["A2", "White - British", "Y", "Y", "N"],  # declined the offer
        ["A3", "White - Irish", "Y", "N", "N"],
        ["A4", asian, "Y", "Y", "N"],  # declined the offer
        ["A5", asian, "Y", "Y", "N"],  # declined the offer
        ["A6", asian, "Y", "Y", "Y"],
    ]
    write_csv(folder / "recruitment.csv", rows)
    doc = analyse(folder)
    # appointed: White A1 of 3, BME A6 of 3 (offered would be 2 of 3 and 3 of 3)
    assert likelihood(doc, "2") == {"white": (1, 3), "bme": (1, 3), "unknown": (0, 0)}


# ---------------------------------------------------------------------------------------
# 7. No silent fall-backs
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("date_first", [False, True])
def test_lookalike_optional_headers_warn_naming_the_fallback(
    tmp_path: Path, date_first: bool
) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    looks = (
        ["Date Shortlisted", "Shortlist Status"]
        if date_first
        else ["Shortlist Status", "Date Shortlisted"]
    )
    cells = {"Date Shortlisted": "01/05/2024", "Shortlist Status": "Shortlisted"}
    header = ["Application ID", "Ethnicity", "Appointed", *looks]
    rows = [header, ["A1", "White - British", "Y", *(cells[h] for h in looks)]]
    write_csv(folder / "recruitment.csv", rows)
    code, report = validate(folder)
    assert code == 0, report["errors"]
    warned = {i["column"]: i for i in issues(report, "unmatched-optional-column")}
    assert set(warned) == {"Shortlist Status", "Date Shortlisted"}
    letter = {h: "DE"[i] for i, h in enumerate(looks)}
    status, when = warned["Shortlist Status"], warned["Date Shortlisted"]
    assert where(status) == ("recruitment.csv", 1, "Shortlist Status", letter["Shortlist Status"])
    assert "every row treated as shortlisted" in status["message"]
    assert '[columns.recruitment] shortlisted = "Shortlist Status"' in status["message"]
    assert where(when) == ("recruitment.csv", 1, "Date Shortlisted", letter["Date Shortlisted"])
    assert "no reporting-year filter" in when["message"]
    assert '[columns.recruitment] date = "Date Shortlisted"' in when["message"]


def test_mapping_to_an_absent_header_names_the_toml_line(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    (folder / "wres.toml").write_text(
        'organisation = "Test Trust"\n\n[columns.workforce]\nethnic_origin = "Ethnicity (ESR)"\n',
        encoding="utf-8",
    )
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    code, report = validate(folder)
    assert code == 1
    missing = one(report, "mapped-header-missing")
    assert "[columns.workforce] ethnic_origin" in missing["message"]
    assert (missing["file"], missing["line"], missing["value"]) == (
        "wres.toml",
        4,
        "Ethnicity (ESR)",
    )


def test_blank_event_dates_are_counted_and_kept(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["7001", W, "Band 5", "Clinical"], ["7002", B, "Band 5", "Clinical"]])
    header = ["Case ID", "Employee Number", "Ethnic Origin", "Investigation Start Date"]
    rows = [
        header,
        ["C1", "7001", W, ""],  # line 2
        ["C2", "7002", B, ""],
        ["C3", "7001", W, "01/06/2024"],
    ]
    write_csv(folder / "disciplinary.csv", rows)
    code, report = validate(folder)
    assert code == 0, report["errors"]
    blank = one(report, "blank-date")
    assert where(blank) == ("disciplinary.csv", 2, "Investigation Start Date", "D")
    assert blank["count"] == 2
    doc = analyse(folder)
    # kept: White 7001 (C1, C3), BME 7002 (C2)
    assert likelihood(doc, "3") == {"white": (1, 1), "bme": (1, 1), "unknown": (0, 0)}
    assert ledger(doc, "blank-date", "disciplinary.csv") == [2]


def test_implausible_and_two_digit_years_are_errors(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    header = ["Employee Number", "Ethnic Origin", "Mandatory Training", "Completion Date"]
    rows = [
        header,
        ["1", W, "N", "01/06/2042"],  # line 2: 2024 mistyped
        ["1", W, "N", "2204-06-01"],  # line 3
        ["1", W, "N", "21/12/24"],  # line 4: never the year 0024
        ["1", W, "N", "21/12/2024"],
    ]
    write_csv(folder / "training.csv", rows)
    code, report = validate(folder)
    assert code == 1
    implausible = issues(report, "implausible-date")
    assert [(i["line"], i["value"]) for i in implausible] == [(2, "01/06/2042"), (3, "2204-06-01")]
    assert where(implausible[0]) == ("training.csv", 2, "Completion Date", "D")
    two_digit = one(report, "two-digit-year")
    assert where(two_digit) == ("training.csv", 4, "Completion Date", "D")
    assert two_digit["value"] == "21/12/24"
    assert not issues(report, "outside-reporting-year")


# ---------------------------------------------------------------------------------------
# 8. Numbers as Excel stores them
# ---------------------------------------------------------------------------------------

SURVEY = ["WRES Indicator", "Ethnic Group", "Number of Respondents", "Percentage"]


def survey_workbook(path: Path, rows: list[list[Any]]) -> Path:
    """A survey breakdown as the contractor's workbook has it: percent cells as fractions
    formatted '0.0%'."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("WRES")
    percent = book.add_format({"num_format": "0.0%"})
    sheet.write_row(0, 0, SURVEY)
    for r, (indicator, group, respondents, fraction) in enumerate(rows, 1):
        sheet.write_row(r, 0, [indicator, group, respondents])
        sheet.write_number(r, 3, fraction, percent)
    book.close()
    return path


def test_percentage_formatted_cells_are_percent(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    survey_workbook(folder / "staff_survey.xlsx", [[5, "White", 200, 0.241], [5, "BME", 100, 0.3]])
    code, report = validate(folder)
    assert code == 0, report["errors"]
    assert one(report, "percent-cells")["count"] == 2
    five = analyse(folder)["indicators"]["5"]
    # shown in Excel as 24.1% and 30.0%
    assert five["white"]["percent"] == pytest.approx(24.1)
    assert five["bme"]["percent"] == pytest.approx(30.0)
    assert five["difference_pp"] == pytest.approx(5.9)


@pytest.mark.parametrize("as_fraction", [False, True])
def test_survey_csv_of_fractions(tmp_path: Path, as_fraction: bool) -> None:
    folder = year_folder(tmp_path)
    if as_fraction:
        text = "[options]\nsurvey_percent_as_fraction = true\n"
        (folder / "wres.toml").write_text(text, encoding="utf-8")
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    rows = [SURVEY, ["5", "White", "200", "0.241"], ["5", "BME", "100", "0.3"]]
    write_csv(folder / "staff_survey.csv", rows)
    code, report = validate(folder)
    if not as_fraction:
        assert code == 1
        refused = one(report, "percent-looks-like-fraction")
        assert where(refused) == ("staff_survey.csv", 2, "Percentage", "D")
        return
    assert code == 0, report["errors"]
    five = analyse(folder)["indicators"]["5"]
    assert five["white"]["percent"] == pytest.approx(24.1)
    assert five["bme"]["percent"] == pytest.approx(30.0)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_fraction_option_never_makes_a_percent_above_100(tmp_path: Path, suffix: str) -> None:
    folder = year_folder(tmp_path)
    text = "[options]\nsurvey_percent_as_fraction = true\n"
    (folder / "wres.toml").write_text(text, encoding="utf-8")
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    if suffix == "csv":  # one row typed as a percentage, one as a fraction
        rows = [SURVEY, ["5", "White", "200", "24.1"], ["5", "BME", "100", "0.3"]]
        write_csv(folder / "staff_survey.csv", rows)
    else:  # a workbook that kept its percentage format
        cells = [[5, "White", 200, 0.241], [5, "BME", 100, 0.3]]
        survey_workbook(folder / "staff_survey.xlsx", cells)
    code, report = validate(folder)
    if code == 0:  # read as the sheet shows it, or refused at the cell: never 2410%
        five = analyse(folder)["indicators"]["5"]
        assert five["white"]["percent"] <= 100 and five["bme"]["percent"] <= 100, five
    else:
        assert code == 1 and report["errors"], report
        assert {(e["file"], e["column"]) for e in report["errors"]} == {
            (f"staff_survey.{suffix}", "Percentage")
        }


def test_decimal_comma_is_never_a_thousand(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    # a European Excel writes ';' between cells and a decimal comma
    rows = [SURVEY, ["5", "White", "6,0", "25"], ["5", "BME", "1,234", "30"]]
    write_csv(folder / "staff_survey.csv", rows, delimiter=";")
    code, report = validate(folder)
    assert code == 1
    bad = one(report, "bad-number")
    assert where(bad) == ("staff_survey.csv", 2, "Number of Respondents", "C")
    assert bad["value"] == "6,0"


def _drop_cached_value(path: Path, cell: str) -> None:
    """Remove the saved value of one formula cell, as a program that does not calculate
    writes it (xlsxwriter always writes one)."""
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    xml = members[sheet].decode()
    pattern = rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*<v>[^<]*</v>'
    xml, n = re.subn(pattern, r"\1", xml)
    assert n == 1, xml
    members[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_error_cells_and_formulas_without_value_are_named(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    path = folder / "workforce.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Staff in Post")
    sheet.write_row(0, 0, WF)
    sheet.write_row(1, 0, ["8001"])
    sheet.write_formula(1, 1, "=VLOOKUP(A2,Lookup!A:B,2,FALSE)", None, "#N/A")  # B2
    sheet.write_row(1, 2, ["Band 5", "Clinical"])
    sheet.write_row(2, 0, ["8002", B])
    sheet.write_formula(2, 2, "=Lookup!C3", None, "Band 5")  # C3, value removed below
    sheet.write(2, 3, "Clinical")
    sheet.write_row(3, 0, ["8003", W, "Band 6", "Clinical"])
    book.close()
    _drop_cached_value(path, "C3")
    code, report = validate(folder)
    assert code == 1
    error = one(report, "excel-error-cell")
    assert where(error) == ("workforce.xlsx", 2, "Ethnic Origin", "B")
    assert error["value"] == "#N/A"
    formula = one(report, "formula-no-value")
    assert where(formula) == ("workforce.xlsx", 3, "Pay Band", "C")


def test_cell_xml_is_read_in_a_workbook_openpyxl_wrote(tmp_path: Path) -> None:
    """openpyxl (and pandas, which writes with it) puts a relationship's Target before its
    Id: the error cell is still named, and a percentage cell still read as shown."""
    import openpyxl

    folder = year_folder(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [WF, ["8001", "#N/A", "Band 5", "Clinical"], ["8002", W, "Band 6", "Clinical"]]:
        sheet.append(row)  # "#N/A" is written as an error cell (t="e")
    book.save(folder / "workforce.xlsx")
    rels = zipfile.ZipFile(folder / "workforce.xlsx").read("xl/_rels/workbook.xml.rels")
    assert rels.index(b"Target=") < rels.index(b"Id=")
    code, report = validate(folder)
    assert code == 1
    assert where(one(report, "excel-error-cell")) == ("workforce.xlsx", 2, "Ethnic Origin", "B")
    survey = openpyxl.Workbook()
    sheet = survey.active
    assert sheet is not None
    sheet.append(["indicator", "ethnic_group", "respondents", "percent"])
    for r, (number, group, share) in enumerate([(5, "White", 0.241), (5, "BME", 0.3)], 2):
        sheet.append([number, group, 100, share])
        sheet.cell(row=r, column=4).number_format = "0.0%"
    survey.save(folder / "staff_survey.xlsx")
    workforce(folder, [["8001", W, "Band 5", "Clinical"]], name="workforce.csv")
    (folder / "workforce.xlsx").unlink()
    five = analyse(folder)["indicators"]["5"]
    assert (five["white"]["percent"], five["bme"]["percent"]) == (24.1, 30.0)


def test_hidden_first_sheet_is_not_read(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    book = xlsxwriter.Workbook(folder / "workforce.xlsx")
    old = book.add_worksheet("Last year")  # a hidden copy of an older extract
    for r, row in enumerate([WF, ["1", W, "Band 5", "Clinical"]]):
        old.write_row(r, 0, row)
    data = book.add_worksheet("Staff in Post")
    people = [["1", W, "Band 5", "Clinical"], ["2", B, "Band 6", "Clinical"]]
    for r, row in enumerate([WF, *people, ["3", "N African", "Band 6", "Clinical"]]):
        data.write_row(r, 0, row)
    data.activate()
    old.hide()
    book.close()
    code, report = validate(folder)
    assert code == 0, report["errors"]
    hidden = one(report, "hidden-sheet")
    assert hidden["file"] == "workforce.xlsx" and '"Last year"' in hidden["message"]
    assert '"Staff in Post"' in hidden["message"]
    # the visible sheet: White 1; BME 2, 3
    assert groups(analyse(folder)["indicators"]["1"]["overall"]) == (1, 2, 0)


# ---------------------------------------------------------------------------------------
# 9. Configuration a trust needs
# ---------------------------------------------------------------------------------------


def test_files_names_the_exports_and_their_sheet(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    (folder / "wres.toml").write_text(
        "reporting_year = 2025\n\n"
        '[files]\nworkforce = "ESR Staff in Post 31-03-2025.csv"\n\n'
        '[files.staff_survey]\nname = "Staff Survey 2024.xlsx"\nsheet = "WRES"\n',
        encoding="utf-8",
    )
    mixed = "D Mixed \u2013 White & Black Caribbean"  # ESR's en dash, cp1252 0x96
    people = [["1", W, "Band 5", "Clinical"], ["2", mixed, "Band 5", "Clinical"]]
    workforce(folder, people, name="ESR Staff in Post 31-03-2025.csv")
    book = xlsxwriter.Workbook(folder / "Staff Survey 2024.xlsx")
    book.add_worksheet("Cover").write(0, 0, "NHS Staff Survey 2024: WRES breakdown")
    sheet = book.add_worksheet("WRES")
    for r, row in enumerate([SURVEY, [5, "White", 40, 20.0], [5, "BME", 10, 30.0]]):
        sheet.write_row(r, 0, row)
    book.close()
    code, report = validate(folder)
    assert code == 0, report["errors"]
    read = {f["kind"]: Path(f["path"]).name for f in report["files"]}
    assert read == {
        "workforce": "ESR Staff in Post 31-03-2025.csv",
        "staff_survey": "Staff Survey 2024.xlsx",
    }
    doc = analyse(folder)
    assert groups(doc["indicators"]["1"]["overall"]) == (1, 1, 0)
    five = doc["indicators"]["5"]
    assert (five["white"]["respondents"], five["bme"]["percent"]) == (40, 30.0)


def test_files_entry_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    workforce(tmp_path, [["1", W, "Band 5", "Clinical"]], name="x.csv")  # beside the folder
    (folder / "wres.toml").write_text('[files]\nworkforce = "../x.csv"\n', encoding="utf-8")
    code, report = validate(folder)
    assert code == 1
    invalid = one(report, "config-invalid")  # named once, not once per TOML type tried
    assert (invalid["file"], invalid["line"], invalid["value"]) == ("wres.toml", 2, "../x.csv")
    assert invalid["message"].startswith("files.workforce: ")
    assert "never a path" in invalid["message"]
    assert "function-after" not in invalid["message"]  # no validator internals
    assert report["files"] == []  # ../x.csv was not read


def test_values_mapping_for_a_board_column(tmp_path: Path) -> None:
    folder = year_folder(tmp_path)
    (folder / "wres.toml").write_text(
        '[values.board.executive]\n"Exec Director" = "Y"\n', encoding="utf-8"
    )
    workforce(folder, [["1", W, "Band 5", "Clinical"]])
    header = ["Member ID", "Ethnic Origin", "Voting Member", "Executive Director"]
    rows = [
        header,
        ["M1", W, "Y", "Exec Director"],
        ["M2", B, "Y", "exec  director"],  # case and spaces ignored
        ["M3", "N African", "Y", "Non-Executive"],
    ]
    write_csv(folder / "board.csv", rows)
    code, report = validate(folder)
    assert code == 0, report["errors"]
    mapped = one(report, "value-mapped")
    assert (mapped["file"], mapped["column"], mapped["count"]) == (
        "board.csv",
        "Executive Director",
        2,
    )
    board = analyse(folder)["indicators"]["9"]["board"]
    assert groups(board["executive"]) == (1, 1, 0)  # M1, M2
    assert groups(board["non_executive"]) == (0, 1, 0)  # M3


@pytest.mark.parametrize("header_row", [4, None])
def test_csv_title_rows_with_and_without_header_row(tmp_path: Path, header_row: int | None) -> None:
    folder = year_folder(tmp_path)
    if header_row is not None:
        (folder / "wres.toml").write_text(
            f'[files.workforce]\nname = "workforce.csv"\nheader_row = {header_row}\n',
            encoding="utf-8",
        )
    rows = [
        ["Staff in Post - Northshire Hospitals"],  # line 1: report title
        ["Run date: 31/03/2025"],
        [],
        WF_CAT,  # line 4
        ["1", W, "Band 5", "Clinical", "Permanent"],
        ["2", "Martian", "Band 5", "Clinical", "Permanent"],  # line 6
        ["3", B, "Band 6", "Clinical", "Permanent"],
    ]
    write_csv(folder / "workforce.csv", rows, encoding="cp1252")
    code, report = validate(folder)
    assert code == 0, report["errors"]
    assert one(report, "header-row")["line"] == 4
    odd = one(report, "unrecognised-ethnicity")
    assert where(odd) == ("workforce.csv", 6, "Ethnic Origin", "B")
    assert groups(analyse(folder)["indicators"]["1"]["overall"]) == (1, 1, 1)


# ---------------------------------------------------------------------------------------
# 10. Crashes and dead ends
# ---------------------------------------------------------------------------------------


def test_report_without_a_reporting_year_is_one_line(tmp_path: Path) -> None:
    folder = year_folder(tmp_path, "northshire")  # not named by year, no wres.toml
    workforce(folder, [["1", W, "Band 5", "Clinical"], ["2", B, "Band 5", "Clinical"]])
    rows = [SURVEY, ["5", "White", "40", "20"], ["5", "BME", "10", "30"]]
    write_csv(folder / "staff_survey.csv", rows)
    result = run("report", folder, "-o", tmp_path / "report.html")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert "reporting year" in result.stderr
    assert not (tmp_path / "report.html").exists()


def _small_folder(tmp_path: Path) -> Path:
    folder = year_folder(tmp_path)
    workforce(folder, [["1", W, "Band 5", "Clinical"], ["2", B, "Band 5", "Clinical"]])
    return folder


def test_analyse_to_xlsx_writes_a_workbook(tmp_path: Path) -> None:
    folder = _small_folder(tmp_path)
    out = tmp_path / "wres.xlsx"
    result = run("analyse", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"PK\x03\x04"
    with zipfile.ZipFile(out) as archive:
        assert "xl/workbook.xml" in archive.namelist()


def test_csv_format_into_xlsx_file_is_refused(tmp_path: Path) -> None:
    folder = _small_folder(tmp_path)
    out = tmp_path / "wres.xlsx"
    result = run("analyse", folder, "--format", "csv", "-o", out)
    assert result.exit_code == 2, result.output
    assert not out.exists()


SURVEY_COUNT = ["WRES Indicator", "Ethnic Group", "Count", "Percentage"]
"""A survey breakdown whose "Count" (an alias of positive) is the number of respondents."""


def test_two_columns_mapped_to_one_header_is_config_invalid(tmp_path: Path) -> None:
    folder = _small_folder(tmp_path)
    (folder / "wres.toml").write_text(
        '[columns.staff_survey]\nrespondents = "Count"\npositive = "Count"\n', encoding="utf-8"
    )
    rows = [SURVEY_COUNT, ["5", "White", "40", "20"], ["5", "BME", "10", "30"]]
    write_csv(folder / "staff_survey.csv", rows)
    result = run("validate", folder, "--format", "json")
    assert result.exit_code == 1, result.output  # not 70, an internal error
    invalid = one(json.loads(result.stdout), "config-invalid")
    assert (invalid["file"], invalid["line"]) == ("wres.toml", 3)  # the second key
    assert "respondents and positive" in invalid["message"]
    result = run("analyse", folder, "--format", "json")
    assert result.exit_code == 1, result.output
    assert "[config-invalid]" in result.stderr and "internal error" not in result.stderr


def test_mapping_onto_a_header_another_column_takes_by_alias(tmp_path: Path) -> None:
    folder = _small_folder(tmp_path)
    (folder / "wres.toml").write_text(
        '[columns.staff_survey]\nrespondents = "Count"\n', encoding="utf-8"
    )
    rows = [SURVEY_COUNT, ["5", "White", "40", "20"], ["5", "BME", "10", "30"]]
    write_csv(folder / "staff_survey.csv", rows)
    five = analyse(folder)["indicators"]["5"]
    assert (five["white"]["respondents"], five["white"]["percent"]) == (40, 20.0)
    assert (five["bme"]["respondents"], five["bme"]["percent"]) == (10, 30.0)
