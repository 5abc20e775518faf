"""Real-looking exports (tests/data/real_exports, written by make_real_exports.py the way
ESR, TRAC, an ER tracker, OLM, the survey contractor and a company secretary write them),
recounted by hand with nothing but the csv module and wres-spec.md sections 1-4, against
`wres analyse`; and the planted mistakes, each against `wres validate`.

The hand count imports nothing from wres_cli: its rules are written out below.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wres_cli.cli import main

DATA = Path(__file__).resolve().parent / "data" / "real_exports"
CLEAN = DATA / "clean"
ESR = "ESR Staff in Post 31-03-2025.csv"
TRAC = "TRAC Applicant Report 2024-25.csv"
ER = "ER Case Tracker.csv"
OLM = "OLM Training Completions.csv"
SURVEY = "Staff Survey 2024 WRES breakdown.xlsx"
BOARD = "Board Register.csv"

START, END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)  # WRES 2025 events (spec 1)
SNAPSHOT = dt.date(2025, 3, 31)
GROUPS = (("white", "W"), ("bme", "B"), ("unknown", "U"))

# ---------------------------------------------------------------------------------------
# The hand count's own rules (wres-spec.md 1-4), for the labels these exports use.
# ---------------------------------------------------------------------------------------

PLACEHOLDERS = {"", "na", "n/a", "not known", "not stated", "prefer not to say"}
WHITE_CODES, BME_CODES = set("ABC"), set("DEFGHJKLMNPRS")

# Pay Band (or, when Pay Band is "Medical and Dental", Grade) -> indicator 1 row.
BANDS = {
    "Review Body Band 2": "Band 2",
    "Review Body Band 3": "Band 3",
    "Review Body Band 4": "Band 4",
    "Review Body Band 5": "Band 5",
    "Review Body Band 6": "Band 6",
    "Review Body Band 7": "Band 7",
    "Band 8 - Range A": "Band 8a",
    "Band 8 - Range B": "Band 8b",
    "Very Senior Manager": "VSM",
    "XN08 Consultant": "Consultant",
    "Speciality Doctor": "Non-consultant career grade",
    "Dental Core Trainee": "Trainee grade",
    "Foundation Year 1": "Trainee grade",
}
MEDICAL = ("Consultant", "Non-consultant career grade", "Trainee grade")
RANK = ["Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7", "Band 8a", "Band 8b", "VSM"]
CLINICAL_STAFF_GROUPS = {
    "Medical and Dental",
    "Nursing and Midwifery Registered",
    "Allied Health Professionals",
    "Additional Clinical Services",
    "Add Prof Scientific and Technic",
    "Healthcare Scientists",
}

# The survey workbook cannot be read here (no openpyxl): these are the generator's
# SURVEY_ROWS (indicator -> group -> respondents, fraction in a '0.0%' cell), copied.
SURVEY_TABLE = {
    5: {"white": (24, 0.208), "bme": (12, 0.250)},
    6: {"white": (24, 0.167), "bme": (12, 0.333)},
    7: {"white": (23, 0.565), "bme": (12, 0.417)},
    8: {"white": (24, 0.042), "bme": (11, 0.182)},
}


def esr_group(label: str) -> str:
    """ESR / board labels: 'A White - British', 'PC Black Nigerian', 'Z Not Stated', 'NA'."""
    text = label.strip()
    if text.casefold() in PLACEHOLDERS:
        return "U"
    code = text.split()[0][0]
    return "W" if code in WHITE_CODES else "B" if code in BME_CODES else "U"


def trac_group(label: str) -> str:
    """TRAC plain labels: 'White - Irish', 'Asian or Asian British - Indian', 'Not stated'."""
    text = label.strip().casefold()
    if text in PLACEHOLDERS:
        return "U"
    return "W" if text.startswith("white") else "B"


def date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def read(folder: Path, name: str, encoding: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def is_bank(category: str) -> bool:
    return "bank" in category.casefold().replace("-", " ").split()


def band_of(row: dict[str, str]) -> str:
    return BANDS[row["Grade"] if row["Pay Band"] == "Medical and Dental" else row["Pay Band"]]


def tally(groups: Iterable[str]) -> dict[str, int]:
    counts = Counter(groups)
    return {g: counts[g] for g in "WBU"}


class Hand:
    """Every figure of the clean folder, counted from the CSV files."""

    def __init__(self, folder: Path) -> None:
        esr = read(folder, ESR, "cp1252")
        self.bank_rows = sum(is_bank(r["Assignment Category"]) for r in esr)
        in_file = {r["Employee Number"] for r in esr}
        kept: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in esr:
            if not is_bank(r["Assignment Category"]):
                kept[r["Employee Number"]].append(r)
        # person -> (group, cluster, band): the Primary Assignment = Y row, else highest band
        self.people: dict[str, tuple[str, str, str]] = {}
        for number, rows in kept.items():
            primary = [r for r in rows if r["Primary Assignment"] in ("Y", "Yes")]
            row = (
                primary[0] if len(primary) == 1 else max(rows, key=lambda r: RANK.index(band_of(r)))
            )
            band = band_of(row)
            clinical = band in MEDICAL or row["Staff Group"] in CLINICAL_STAFF_GROUPS
            cluster = "clinical" if clinical else "non-clinical"
            self.people[number] = (esr_group(row["Ethnic Origin"]), cluster, band)
        self.bank_only = in_file - set(self.people)
        self.head = tally(g for g, _, _ in self.people.values())
        self.rows: dict[tuple[str, str], dict[str, int]] = defaultdict(
            lambda: dict.fromkeys("WBU", 0)
        )
        for g, cluster, band in self.people.values():
            self.rows[cluster, band][g] += 1

        # Indicator 2: shortlisted applications in the year; appointed, never offered.
        shortlisted: list[str] = []
        appointed: list[str] = []
        for r in read(folder, TRAC, "utf-8-sig"):
            if r["Shortlisted"] == "Yes" and START <= date(r["Shortlisting Date"]) <= END:
                shortlisted.append(trac_group(r["Ethnicity"]))
                if r["Appointed"] == "Yes":
                    appointed.append(trac_group(r["Ethnicity"]))
        self.i2 = (tally(appointed), tally(shortlisted))

        # Indicator 3: distinct staff with a formal disciplinary case opened in the year;
        # Bank-only staff dropped; leavers kept as Unknown.
        er = read(folder, ER, "cp1252")
        self.er_bank_only = sum(r["Employee Number"] in self.bank_only for r in er)
        self.excluded_case_type = sum(r["Case Type"] != "Disciplinary" for r in er)
        self.excluded_informal = sum(
            r["Case Type"] == "Disciplinary" and r["Formal / Informal"] == "Informal" for r in er
        )
        entered = {
            r["Employee Number"]
            for r in er
            if r["Case Type"] == "Disciplinary"
            and r["Formal / Informal"] == "Formal"
            and START <= date(r["Date Opened"]) <= END
            and r["Employee Number"] not in self.bank_only
        }
        self.i3 = (tally(self.group_of(n) for n in entered), self.head)

        # Indicator 4: distinct staff with a non-mandatory course completed in the year.
        olm = read(folder, OLM, "utf-8")
        self.olm_bank_only = sum(r["Employee Number"] in self.bank_only for r in olm)
        trained = {
            r["Employee Number"]
            for r in olm
            if r["Statutory/Mandatory"] == "N"
            and START <= date(r["Completion Date"]) <= END
            and r["Employee Number"] not in self.bank_only
        }
        self.i4 = (tally(self.group_of(n) for n in trained), self.head)

        # Indicator 9: members in post at 31 March 2025 (Date Left before it: out).
        board = read(folder, BOARD, "cp1252")
        members = [r for r in board if not r["Date Left"] or date(r["Date Left"]) >= SNAPSHOT]
        self.left_board = len(board) - len(members)
        subsets = {
            "total": members,
            "voting": [r for r in members if r["Voting Member Yes/No"] == "Yes"],
            "executive": [r for r in members if r["Executive / Non-Executive"] == "Executive"],
            "non_executive": [
                r for r in members if r["Executive / Non-Executive"] == "Non-Executive"
            ],
        }
        self.i9 = {k: tally(esr_group(r["Ethnic Origin"]) for r in v) for k, v in subsets.items()}
        self.workforce_bme_percent = 100 * self.head["B"] / len(self.people)

    def group_of(self, number: str) -> str:
        return self.people[number][0] if number in self.people else "U"


@pytest.fixture(scope="module")
def hand() -> Hand:
    return Hand(CLEAN)


def run(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    try:
        document = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"exit {result.exit_code}, no JSON on stdout: {result.output[-2000:]}")
    return result.exit_code, document


_analysed: dict[str, dict[str, Any]] = {}


def indicators(folder: str) -> dict[str, Any]:
    if folder not in _analysed:
        code, document = run("analyse", str(DATA / folder))
        assert code == 0, document
        _analysed[folder] = document["indicators"]
    return _analysed[folder]


FOLDERS = pytest.mark.parametrize("folder", ["clean", "clean_xlsx"])


def ratio(hand_pair: tuple[dict[str, int], dict[str, int]], top: str, bottom: str) -> float:
    num, den = hand_pair
    return (num[top] / den[top]) / (num[bottom] / den[bottom])


@FOLDERS
def test_indicator_1_overall(folder: str, hand: Hand) -> None:
    overall = indicators(folder)["1"]["overall"]
    assert {key: overall[key]["count"] for key, _ in GROUPS} == {
        key: hand.head[g] for key, g in GROUPS
    }
    assert overall["total"] == len(hand.people) == 42


@FOLDERS
def test_indicator_1_rows(folder: str, hand: Hand) -> None:
    tool = {
        (row["cluster"], row["band"]): {g: row[key]["count"] for key, g in GROUPS}
        for row in indicators(folder)["1"]["rows"]
        if row["total"]
    }
    assert tool == dict(hand.rows)


@FOLDERS
@pytest.mark.parametrize(
    ("number", "top", "bottom"), [("2", "W", "B"), ("3", "B", "W"), ("4", "W", "B")]
)
def test_indicators_2_3_4(folder: str, hand: Hand, number: str, top: str, bottom: str) -> None:
    tool = indicators(folder)[number]
    num, den = {"2": hand.i2, "3": hand.i3, "4": hand.i4}[number]
    assert {key: (tool[key]["numerator"], tool[key]["denominator"]) for key, _ in GROUPS} == {
        key: (num[g], den[g]) for key, g in GROUPS
    }
    assert tool["relative_likelihood"] == pytest.approx(ratio((num, den), top, bottom))


@FOLDERS
@pytest.mark.parametrize("number", [5, 6, 7, 8])
def test_survey_indicators(folder: str, number: int) -> None:
    tool = indicators(folder)[str(number)]
    for key, (respondents, fraction) in SURVEY_TABLE[number].items():
        assert tool[key]["respondents"] == respondents
        assert tool[key]["percent"] == pytest.approx(100 * fraction)


@FOLDERS
def test_indicator_9(folder: str, hand: Hand) -> None:
    tool = indicators(folder)["9"]
    for subset, counts in hand.i9.items():
        assert {key: tool["board"][subset][key]["count"] for key, _ in GROUPS} == {
            key: counts[g] for key, g in GROUPS
        }, subset
    assert tool["workforce_bme_percent"] == pytest.approx(hand.workforce_bme_percent)


def test_hand_count_is_what_the_fixture_was_built_to_show(hand: Hand) -> None:
    """Guards the hand count itself (a slip here would make the comparisons meaningless)."""
    assert hand.head == {"W": 20, "B": 18, "U": 4}
    assert hand.bank_only == {"20300137"}
    assert hand.people["20300135"][1:] == ("non-clinical", "Band 3")  # primary, lower band
    assert hand.people["20300136"][1:] == ("clinical", "Band 6")  # no primary: highest
    assert hand.i2 == ({"W": 4, "B": 4, "U": 1}, {"W": 9, "B": 12, "U": 3})
    assert hand.i3[0] == {"W": 3, "B": 3, "U": 2}
    assert hand.i4[0] == {"W": 4, "B": 4, "U": 2}
    assert hand.i9["voting"] == {"W": 5, "B": 3, "U": 1}


# ---------------------------------------------------------------------------------------
# validate: the clean folders are clean; the exclusions are the hand-counted ones.
# ---------------------------------------------------------------------------------------


@FOLDERS
def test_clean_validates(folder: str) -> None:
    code, document = run("validate", str(DATA / folder))
    assert document["errors"] == []
    assert code == 0


def test_clean_exclusions(hand: Hand) -> None:
    _, document = run("validate", str(CLEAN))
    found: Counter[tuple[str, str]] = Counter()
    for e in document["exclusions"]:  # one entry per reason and value ("Bank", "Bank - Casual")
        found[e["reason"], e["file"]] += e["count"]
    expected = {
        ("excluded-assignment-category", ESR): hand.bank_rows,
        ("excluded-person-events", ER): hand.er_bank_only,
        ("excluded-person-events", OLM): hand.olm_bank_only,
        ("excluded-case-type", ER): hand.excluded_case_type,
        ("excluded-informal", ER): hand.excluded_informal,
        ("left-board", BOARD): hand.left_board,
    }
    assert {key: found.get(key) for key in expected} == expected


# ---------------------------------------------------------------------------------------
# validate: planted mistakes (make_real_exports.py write_planted prints these lines).
# ---------------------------------------------------------------------------------------

PLANTED_DIR = DATA / "planted"
# (file, line as a spreadsheet numbers it, column header, column letter, rule, value)
PLANTED = [
    (ESR, 7, "Pay Band", "G", "unknown-pay-band", "Band 10"),
    (ESR, 28, None, None, "duplicate-row", None),  # the whole row repeats line 27
    (TRAC, 13, "Appointed", "I", "appointed-not-shortlisted", "Yes"),
    (ER, 15, "Date Opened", "F", "two-digit-year", "21/12/24"),
    (OLM, 29, "Completion Date", "D", "implausible-date", "14/06/2042"),
    # survey workbook: title rows 1-2, blank row 3, header row 4, data from row 5
    (SURVEY, 8, "Percentage", "E", "bad-number", "33,3"),
]
ENCODINGS = {ESR: "cp1252", TRAC: "utf-8-sig", ER: "cp1252", OLM: "utf-8"}


@pytest.fixture(scope="module")
def planted() -> tuple[int, dict[str, Any]]:
    return run("validate", str(PLANTED_DIR))


@pytest.mark.parametrize(
    ("file", "line", "column", "letter", "rule", "value"), PLANTED, ids=[p[4] for p in PLANTED]
)
def test_planted_mistake_reported(
    planted: tuple[int, dict[str, Any]],
    file: str,
    line: int,
    column: str | None,
    letter: str | None,
    rule: str,
    value: str | None,
) -> None:
    _, document = planted
    hits = [
        e for e in document["errors"] if (e["rule"], e["file"], e["line"]) == (rule, file, line)
    ]
    assert hits, [(e["rule"], e["file"], e["line"], e["column"]) for e in document["errors"]]
    if column is not None:  # a duplicate row is the whole row: no one column to name
        assert (hits[0]["column"], hits[0]["column_letter"]) == (column, letter)
    if value is not None:
        assert hits[0].get("value") == value


def test_planted_exit_code_and_nothing_else(planted: tuple[int, dict[str, Any]]) -> None:
    """No error away from the planted lines (a follow-on message on the same line, such as
    duplicate-id beside duplicate-row, is tolerated)."""
    code, document = planted
    allowed = {(file, line) for file, line, *_ in PLANTED}
    reported = {(e["file"], e["line"]) for e in document["errors"]}
    assert reported - allowed == set()
    assert code == 1


@pytest.mark.parametrize(
    ("file", "line", "column", "value"),
    [(f, n, c, v) for f, n, c, _, _, v in PLANTED if f in ENCODINGS],
)
def test_planted_lines_are_where_the_test_says(
    file: str, line: int, column: str | None, value: str | None
) -> None:
    with (PLANTED_DIR / file).open(encoding=ENCODINGS[file], newline="") as f:
        rows = list(csv.reader(f))
    if column is None:
        assert rows[line - 1] == rows[line - 2]
    else:
        assert rows[line - 1][rows[0].index(column)] == value


def test_fixtures_match_their_generator(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_real_exports", DATA / "make_real_exports.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    planted = module.write_all(tmp_path)
    assert [(f, n, r) for f, n, _, r, _ in planted] == [(f, n, r) for f, n, _, _, r, _ in PLANTED]
    for folder in ("clean", "clean_xlsx", "planted"):
        names = sorted(p.name for p in (DATA / folder).iterdir())
        assert names == sorted(p.name for p in (tmp_path / folder).iterdir())
        for name in names:
            assert (DATA / folder / name).read_bytes() == (tmp_path / folder / name).read_bytes()
