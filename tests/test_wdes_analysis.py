"""The WDES metrics of a small folder written the way the source systems write it (an ESR
Staff in Post export with one row per assignment, a TRAC applicant report, an HR case log
of capability cases without a disability column, the survey contractor's WDES table, the
company secretary's board register), recounted by hand with nothing but the csv module
and wdes-spec.md sections 1-4, against `wres analyse DIR --standard wdes --format json`;
the text output's wording; and a WRES-only folder read for the WDES.

The hand count imports nothing from wres_cli: its rules are written out below.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wres_cli.cli import main

ESR = "workforce.csv"
TRAC = "recruitment.csv"
CASES = "capability.csv"
SURVEY = "wdes_survey.csv"
BOARD = "board.csv"
ENCODING = {ESR: "cp1252", TRAC: "utf-8-sig", CASES: "utf-8", SURVEY: "utf-8", BOARD: "cp1252"}
"""ESR and the board register are Windows exports; TRAC writes UTF-8 with a BOM."""

# ---------------------------------------------------------------------------------------
# The folder, as the source systems write it.
# ---------------------------------------------------------------------------------------

AC, EA = "Administrative and Clerical", "Estates and Ancillary"
ACS, NMR = "Additional Clinical Services", "Nursing and Midwifery Registered"
AHP, MD = "Allied Health Professionals", "Medical and Dental"
DIVISION = {AC: "Corporate Services", EA: "Estates and Facilities", ACS: "Medicine Division"}
ESR_BAND = {  # short name -> (Pay Band, Grade) as ESR writes them
    "2": ("Review Body Band 2", "XR02 Review Body Band 2"),
    "3": ("Review Body Band 3", "XR03 Review Body Band 3"),
    "4": ("Review Body Band 4", "XR04 Review Body Band 4"),
    "5": ("Review Body Band 5", "XR05 Review Body Band 5"),
    "6": ("Review Body Band 6", "XR06 Review Body Band 6"),
    "7": ("Review Body Band 7", "XR07 Review Body Band 7"),
    "8a": ("Band 8 - Range A", "XR08 Band 8 - Range A"),
    "8b": ("Band 8 - Range B", "XR09 Band 8 - Range B"),
    "8c": ("Band 8 - Range C", "XR10 Band 8 - Range C"),
    "9": ("Review Body Band 9", "XR12 Review Body Band 9"),
    "VSM": ("Very Senior Manager", "VSM Very Senior Manager"),
    "Consultant": (MD, "XN08 Consultant"),
    "Speciality Doctor": (MD, "Speciality Doctor"),
    "Registrar": (MD, "Specialty Registrar"),
    "FY1": (MD, "Foundation Year 1"),
}
# (employee, assignment, primary, position, staff group, band, category, ethnic origin,
#  disability): one row per assignment, as ESR's Staff in Post report.
ASSIGNMENTS = [
    ("20400101", "", "Y", "Receptionist", AC, "2", "Permanent", "A White - British", "Yes"),
    (
        "20400102",
        "",
        "Y",
        "Porter",
        EA,
        "2",
        "Permanent",
        "N Black or Black British - African",
        "No",
    ),
    ("20400103", "", "Y", "Ward Clerk", AC, "3", "Fixed Term Temp", "A White - British", "No"),
    (
        "20400104",
        "",
        "Y",
        "Medical Secretary",
        AC,
        "4",
        "Permanent",
        "H Asian or Asian British - Indian",
        "Not Declared",
    ),
    ("20400105", "", "Y", "Team Administrator", AC, "4", "Permanent", "C White - Other", "No"),
    ("20400105", "-2", "N", "Bank Administrator", AC, "3", "Bank", "C White - Other", "No"),
    ("20400106", "", "Y", "Finance Officer", AC, "5", "Permanent", "A White - British", "Yes"),
    ("20400107", "", "Y", "HR Advisor", AC, "6", "Permanent", "J Asian - Pakistani", "No"),
    ("20400108", "", "Y", "Project Manager", AC, "7", "Permanent", "A White - British", ""),
    ("20400109", "", "Y", "Estates Manager", EA, "8a", "Permanent", "A White - British", "No"),
    ("20400110", "", "Y", "Head of Finance", AC, "8b", "Permanent", "M Black Caribbean", "Yes"),
    (
        "20400111",
        "",
        "Y",
        "Deputy Director of Operations",
        AC,
        "8c",
        "Permanent",
        "A White - British",
        "No",
    ),
    (
        "20400112",
        "",
        "Y",
        "Director of Finance",
        AC,
        "VSM",
        "Permanent",
        "A White - British",
        "Prefer Not To Answer",
    ),
    (
        "20400113",
        "",
        "Y",
        "Chief Information Officer",
        AC,
        "9",
        "Permanent",
        "B White - Irish",
        "No",
    ),
    ("20400114", "", "Y", "Healthcare Assistant", ACS, "2", "Permanent", "N Black African", "No"),
    ("20400115", "", "Y", "Senior HCA", ACS, "3", "Permanent", "A White - British", "Yes"),
    ("20400116", "", "Y", "Staff Nurse", NMR, "5", "Permanent", "N Black African", "No"),
    ("20400117", "", "Y", "Staff Nurse", NMR, "5", "Permanent", "A White - British", "Yes"),
    ("20400118", "", "Y", "Ward Manager", NMR, "7", "Permanent", "H Asian - Indian", "No"),
    (
        "20400118",
        "-2",
        "N",
        "Matron (acting)",
        NMR,
        "8a",
        "Fixed Term Temp",
        "H Asian - Indian",
        "No",
    ),
    (
        "20400119",
        "",
        "Y",
        "Deputy Sister",
        NMR,
        "6",
        "Permanent",
        "A White - British",
        "Unspecified",
    ),
    ("20400120", "", "Y", "Nurse Specialist", NMR, "7", "Permanent", "A White - British", "No"),
    (
        "20400121",
        "",
        "Y",
        "Lead Physiotherapist",
        AHP,
        "8a",
        "Permanent",
        "A White - British",
        "No",
    ),
    (
        "20400122",
        "",
        "Y",
        "Head of Therapies",
        AHP,
        "8b",
        "Permanent",
        "Z Not Stated",
        "Not Declared",
    ),
    ("20400123", "", "Y", "Head of Nursing", NMR, "8c", "Permanent", "A White - British", "Yes"),
    (
        "20400124",
        "",
        "Y",
        "Consultant Anaesthetist",
        MD,
        "Consultant",
        "Permanent",
        "H Indian",
        "No",
    ),
    ("20400125", "", "Y", "Consultant Physician", MD, "Consultant", "Permanent", "A White", "Yes"),
    (
        "20400126",
        "",
        "Y",
        "Speciality Doctor",
        MD,
        "Speciality Doctor",
        "Permanent",
        "R Chinese",
        "No",
    ),
    (
        "20400127",
        "",
        "Y",
        "Specialty Registrar",
        MD,
        "Registrar",
        "Fixed Term Temp",
        "N Black African",
        "No",
    ),
    (
        "20400128",
        "",
        "Y",
        "Foundation Year 1",
        MD,
        "FY1",
        "Fixed Term Temp",
        "A White - British",
        "Not Declared",
    ),
    ("20400129", "", "Y", "Occupational Therapist", AHP, "6", "Permanent", "A White", "No"),
    ("20400130", "", "Y", "Bank Staff Nurse", NMR, "5", "Bank", "A White - British", "Yes"),
    ("20400131", "", "Y", "Bank HCA", ACS, "2", "Bank - Casual", "N Black African", "No"),
]
ESR_HEADER = [
    "Org L3",
    "Employee Number",
    "Assignment Number",
    "Primary Assignment",
    "Position Title",
    "Staff Group",
    "Pay Band",
    "Grade",
    "Assignment Category",
    "Ethnic Origin",
    "Disability",
    "FTE",
]


def esr_rows(disability: bool = True) -> list[list[str]]:
    rows = [ESR_HEADER]
    for number, suffix, primary, title, group, band, category, ethnic, disabled in ASSIGNMENTS:
        division = DIVISION.get(group, "Surgery \u2013 Theatres and Critical Care")
        pay_band, grade = ESR_BAND[band]
        rows.append(
            [
                division,
                number,
                number + suffix,
                primary,
                title,
                group,
                pay_band,
                grade,
                category,
                ethnic,
                disabled,
                "1.00",
            ]
        )
    if not disability:
        rows = [row[:10] + row[11:] for row in rows]
    return rows


# (application, disability as TRAC writes it, shortlisted, shortlisting date, appointed)
APPLICATIONS = [
    ("APP-501", "Yes", "Yes", "22/04/2024", "No"),
    ("APP-502", "Yes", "Yes", "22/04/2024", "Yes"),
    ("APP-503", "Yes", "Yes", "09/07/2024", "No"),
    ("APP-504", "Yes", "Yes", "14/10/2024", "No"),
    ("APP-505", "Yes", "Yes", "03/02/2025", "No"),
    ("APP-506", "Yes", "No", "03/02/2025", "No"),  # not shortlisted
    ("APP-507", "Yes", "Yes", "18/03/2024", "Yes"),  # shortlisted before the year
    ("APP-508", "No", "Yes", "22/04/2024", "Yes"),
    ("APP-509", "No", "Yes", "22/04/2024", "No"),
    ("APP-510", "No", "Yes", "09/07/2024", "Yes"),
    ("APP-511", "No", "Yes", "09/07/2024", "No"),
    ("APP-512", "No", "Yes", "14/10/2024", "Yes"),
    ("APP-513", "No", "Yes", "14/10/2024", "No"),
    ("APP-514", "No", "Yes", "03/02/2025", "Yes"),
    ("APP-515", "No", "Yes", "31/03/2025", "No"),  # the last day of the year
    ("APP-516", "No", "No", "03/02/2025", "No"),
    ("APP-517", "No", "No", "14/10/2024", "No"),
    ("APP-518", "I do not wish to disclose this", "Yes", "09/07/2024", "Yes"),
    ("APP-519", "I do not wish to disclose this", "Yes", "14/10/2024", "No"),
    ("APP-520", "", "Yes", "03/02/2025", "No"),
]
TRAC_HEADER = [
    "Vacancy Reference",
    "Job Title",
    "Application ID",
    "Ethnicity",
    "Disability",
    "Shortlisted",
    "Shortlisting Date",
    "Appointed",
]


def trac_rows(disability: bool = True) -> list[list[str]]:
    rows = [TRAC_HEADER]
    for i, (app, disabled, shortlisted, date, appointed) in enumerate(APPLICATIONS):
        ethnicity = ("White - British", "Black or Black British - African", "Not stated")[i % 3]
        vacancy = f"400-NUR-{4200 + i // 4}"
        title = "Staff Nurse \u2013 Respiratory"
        rows.append([vacancy, title, app, ethnicity, disabled, shortlisted, date, appointed])
    if not disability:
        rows = [row[:4] + row[5:] for row in rows]
    return rows


# The HR case log: no disability column (looked up from the workforce).
CAPABILITY = [
    ["Case Reference", "Employee Number", "Date Opened", "Capability Grounds", "Stage"],
    ["CAP-24-001", "20400106", "15/05/2024", "Performance", "Formal Stage 1"],
    ["CAP-24-002", "20400106", "10/01/2025", "Performance", "Formal Stage 2"],  # same person
    ["CAP-24-003", "20400117", "01/07/2024", "Ill Health", "Formal Stage 1"],
    ["CAP-24-004", "20400130", "01/08/2024", "Performance", "Formal Stage 1"],  # Bank only
    ["CAP-24-005", "20400103", "03/09/2024", "Performance", "Formal Stage 1"],
    ["CAP-23-019", "20400116", "20/03/2024", "Performance", "Formal Stage 1"],  # before the year
    ["CAP-24-006", "20400120", "31/03/2025", "Performance", "Formal Stage 1"],  # last day
    ["CAP-24-007", "20400104", "01/04/2024", "Performance", "Formal Stage 1"],  # first day
    ["CAP-24-008", "20400127", "12/12/2024", "Ill Health", "Formal Stage 1"],
    ["CAP-24-009", "20400199", "05/06/2024", "Performance", "Formal Stage 1"],  # a leaver
    ["CAP-25-001", "20400115", "01/04/2025", "Performance", "Formal Stage 1"],  # after the year
]
# The survey contractor's WDES table (metric 4b given as a positive count).
WDES_SURVEY = [
    ["Metric", "Group", "Respondents", "Percent", "Positive Count", "Score"],
    ["4a(i)", "Disabled", "120", "31.7", "", ""],
    ["4a(i)", "Non-disabled", "480", "24.2", "", ""],
    ["4a(ii)", "Disabled", "118", "14.4", "", ""],
    ["4a(ii)", "Non-disabled", "476", "8.8", "", ""],
    ["4a(iii)", "Disabled", "118", "22.9", "", ""],
    ["4a(iii)", "Non-disabled", "476", "16.0", "", ""],
    ["4b", "Disabled", "52", "", "24", ""],
    ["4b", "Non-disabled", "140", "", "69", ""],
    ["5", "Disabled", "115", "48.7", "", ""],
    ["5", "Non-disabled", "470", "57.9", "", ""],
    ["6", "Disabled", "80", "27.5", "", ""],
    ["6", "Non-disabled", "210", "19.0", "", ""],
    ["7", "Disabled", "121", "33.1", "", ""],
    ["7", "Non-disabled", "483", "42.4", "", ""],
    ["8", "Disabled", "84", "71.4", "", ""],
    ["9a", "Disabled", "122", "", "", "6.4"],
    ["9a", "Non-disabled", "486", "", "", "6.9"],
    ["9a", "Organisation", "640", "", "", "6.8"],
]
BOARD_HEADER = [
    "Name",
    "Role",
    "Executive / Non-Executive",
    "Voting Member Yes/No",
    "Ethnic Origin",
    "Disability",
    "Date Appointed",
    "Date Left",
]
BOARD_MEMBERS = [
    ["Margaret Holt", "Chair", "Non-Executive", "Yes", "A White - British", "No", "01/04/2021"],
    ["David Okafor", "Chief Executive", "Executive", "Yes", "N Black African", "No", "01/06/2022"],
    ["Susan Leigh", "Director of Finance", "Executive", "Yes", "A White - British", "Yes", ""],
    ["Priya Shah", "Chief Nurse", "Executive", "Yes", "H Indian", "Not Declared", "01/09/2023"],
    ["Tom Barker", "Medical Director", "Executive", "Yes", "A White - British", "No", ""],
    ["Helen Marsh", "Director of Strategy", "Executive", "No", "A White - British", "Yes", ""],
    ["Gareth Evans", "Director of People", "Executive", "No", "A White - British", "", ""],
    ["Ruth Adeyemi", "Non-Executive Director", "Non-Executive", "Yes", "N Black", "No", ""],
    ["Alan Pryce", "Non-Executive Director", "Non-Executive", "Yes", "A White", "Yes", ""],
    [
        "Fiona Grant",
        "Non-Executive Director",
        "Non-Executive",
        "Yes",
        "A White - British",
        "Prefer not to say",
        "",
    ],
    ["Imran Malik", "Non-Executive Director", "Non-Executive", "Yes", "J Pakistani", "No", ""],
    ["Claire Dunn", "Associate NED", "Non-Executive", "No", "A White - British", "No", ""],
]
LEFT_BOARD = [
    "John Carter",
    "Non-Executive Director",
    "Non-Executive",
    "Yes",
    "A White - British",
    "Yes",
    "01/04/2019",
    "31/12/2024",
]


def board_rows(disability: bool = True) -> list[list[str]]:
    rows = [BOARD_HEADER]
    rows += [[*m, ""] for m in BOARD_MEMBERS]  # all in post: no Date Left
    rows.append(LEFT_BOARD)
    if not disability:
        rows = [row[:5] + row[6:] for row in rows]
    return rows


TOML = 'reporting_year = 2025\norganisation = "Fellside Hospitals NHS Trust"\n'


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding=ENCODING.get(path.name, "utf-8")) as handle:
        csv.writer(handle).writerows(rows)


def wdes_folder(folder: Path, toml: str = TOML) -> Path:
    folder.mkdir(parents=True)
    (folder / "wres.toml").write_text(toml)
    write(folder / ESR, esr_rows())
    write(folder / TRAC, trac_rows())
    write(folder / CASES, CAPABILITY)
    write(folder / SURVEY, WDES_SURVEY)
    write(folder / BOARD, board_rows())
    return folder


def wres_folder(folder: Path, esr_disability: bool = False) -> Path:
    """The WRES data of the same trust: no disability columns (but ESR's, when asked), no
    WDES files."""
    folder.mkdir(parents=True)
    (folder / "wres.toml").write_text(TOML)
    write(folder / ESR, esr_rows(disability=esr_disability))
    write(folder / TRAC, trac_rows(disability=False))
    write(folder / BOARD, board_rows(disability=False))
    write(
        folder / "disciplinary.csv",
        [
            ["Case Reference", "Employee Number", "Case Type", "Formal / Informal", "Date Opened"],
            ["ER-1", "20400102", "Disciplinary", "Formal", "12/06/2024"],
            ["ER-2", "20400107", "Grievance", "Formal", "12/07/2024"],
        ],
    )
    return folder


# ---------------------------------------------------------------------------------------
# The hand count's own rules (wdes-spec.md 1-4), for the values these exports use.
# ---------------------------------------------------------------------------------------

START, END = dt.date(2024, 4, 1), dt.date(2025, 3, 31)  # WDES 2025 events
SNAPSHOT = END
GROUPS = (("disabled", "D"), ("non_disabled", "N"), ("unknown", "U"))
DISABLED, NON_DISABLED = {"yes", "y", "disabled"}, {"no", "n", "not disabled"}
"""Everything else (Not Declared, Prefer Not To Answer, Unspecified, 'I do not wish to
disclose this', blank) is Unknown."""
CLINICAL_STAFF_GROUPS = {NMR, ACS, AHP, MD}
CLUSTER_OF = {  # Pay Band (Grade when the pay band is 'Medical and Dental') -> cluster
    "Review Body Band 2": "Under Band 1 to Band 4",
    "Review Body Band 3": "Under Band 1 to Band 4",
    "Review Body Band 4": "Under Band 1 to Band 4",
    "Review Body Band 5": "Bands 5 to 7",
    "Review Body Band 6": "Bands 5 to 7",
    "Review Body Band 7": "Bands 5 to 7",
    "Band 8 - Range A": "Bands 8a to 8b",
    "Band 8 - Range B": "Bands 8a to 8b",
    "Band 8 - Range C": "Bands 8c to 9 and VSM",
    "Review Body Band 9": "Bands 8c to 9 and VSM",
    "Very Senior Manager": "Bands 8c to 9 and VSM",
    "XN08 Consultant": "Consultants",
    "Speciality Doctor": "Non-consultant career grades",
    "Specialty Registrar": "Medical and dental trainee grades",
    "Foundation Year 1": "Medical and dental trainee grades",
}
AFC = ["Under Band 1 to Band 4", "Bands 5 to 7", "Bands 8a to 8b", "Bands 8c to 9 and VSM"]
MEDICAL = ["Consultants", "Non-consultant career grades", "Medical and dental trainee grades"]
ROWS = [("non-clinical", c) for c in AFC] + [("clinical", c) for c in AFC + MEDICAL]


def group(value: str) -> str:
    text = value.strip().casefold()
    return "D" if text in DISABLED else "N" if text in NON_DISABLED else "U"


def date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding=ENCODING[name], newline="") as f:
        return list(csv.DictReader(f))


def is_bank(category: str) -> bool:
    return "bank" in category.casefold().replace("-", " ").split()


def tally(groups: Iterable[str]) -> dict[str, int]:
    counts = Counter(groups)
    return {g: counts[g] for g in "DNU"}


class Hand:
    """Every WDES figure of the folder, counted from its CSV files."""

    def __init__(self, folder: Path, grounds: str = "performance") -> None:
        # Metric 1: people, not assignments; Bank rows out, Bank-only people out.
        esr = read(folder, ESR)
        in_file = {r["Employee Number"] for r in esr}
        kept: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in esr:
            if not is_bank(r["Assignment Category"]):
                kept[r["Employee Number"]].append(r)
        self.people: dict[str, tuple[str, str, str]] = {}  # person -> (group, cluster, row)
        for number, rows in kept.items():
            # the Primary Assignment = Y row (every person here with several has one)
            row = next(r for r in rows if len(rows) == 1 or r["Primary Assignment"] == "Y")
            medical = row["Pay Band"] == MD
            band_cluster = CLUSTER_OF[row["Grade"] if medical else row["Pay Band"]]
            clinical = medical or row["Staff Group"] in CLINICAL_STAFF_GROUPS
            cluster = "clinical" if clinical else "non-clinical"
            self.people[number] = (group(row["Disability"]), cluster, band_cluster)
        self.bank_only = in_file - set(self.people)
        self.head = tally(g for g, _, _ in self.people.values())
        self.rows = {key: dict.fromkeys("DNU", 0) for key in ROWS}
        for g, cluster, band_cluster in self.people.values():
            self.rows[cluster, band_cluster][g] += 1

        # Metric 2: shortlisted applications in the year; appointed of those.
        shortlisted: list[str] = []
        appointed: list[str] = []
        for r in read(folder, TRAC):
            if r["Shortlisted"] == "Yes" and START <= date(r["Shortlisting Date"]) <= END:
                shortlisted.append(group(r["Disability"]))
                if r["Appointed"] == "Yes":
                    appointed.append(group(r["Disability"]))
        self.m2 = (tally(appointed), tally(shortlisted))

        # Metric 3: distinct staff entering formal capability in the year (performance
        # grounds unless "all"), Bank-only people's cases out, disability from the
        # workforce, leavers (not in the workforce) Unknown; over the headcount.
        entered = {
            r["Employee Number"]
            for r in read(folder, CASES)
            if (grounds == "all" or r["Capability Grounds"] != "Ill Health")
            and START <= date(r["Date Opened"]) <= END
            and r["Employee Number"] not in self.bank_only
        }
        self.m3 = (tally(self.group_of(n) for n in entered), self.head)

        # Metric 10: members in post at 31 March 2025.
        board = [
            r for r in read(folder, BOARD) if not r["Date Left"] or date(r["Date Left"]) >= SNAPSHOT
        ]
        subsets = {
            "total": board,
            "voting": [r for r in board if r["Voting Member Yes/No"] == "Yes"],
            "executive": [r for r in board if r["Executive / Non-Executive"] == "Executive"],
            "non_executive": [
                r for r in board if r["Executive / Non-Executive"] == "Non-Executive"
            ],
        }
        self.m10 = {k: tally(group(r["Disability"]) for r in v) for k, v in subsets.items()}
        self.workforce_disabled = Fraction(100 * self.head["D"], len(self.people))

    def group_of(self, number: str) -> str:
        return self.people[number][0] if number in self.people else "U"


def survey_table(folder: Path) -> dict[str, dict[str, tuple[int, float | None, float | None]]]:
    """metric -> group -> (respondents, percent, score), percent from the positive count
    where the contractor gave a count."""
    out: dict[str, dict[str, tuple[int, float | None, float | None]]] = defaultdict(dict)
    for r in read(folder, SURVEY):
        n = int(r["Respondents"])
        if r["Percent"]:
            percent: float | None = float(r["Percent"])
        elif r["Positive Count"]:
            percent = 100 * int(r["Positive Count"]) / n
        else:
            percent = None
        score = float(r["Score"]) if r["Score"] else None
        out[r["Metric"]][r["Group"]] = (n, percent, score)
    return out


# ---------------------------------------------------------------------------------------
# Running the tool (each folder once).
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("wdes")
    return {
        "wdes": wdes_folder(root / "wdes" / "2025"),
        "all": wdes_folder(
            root / "all" / "2025", TOML + '\n[options]\ncapability_grounds = "all"\n'
        ),
        "wres": wres_folder(root / "wres" / "2025"),
        "wres_esr": wres_folder(root / "wres_esr" / "2025", esr_disability=True),
    }


_runs: dict[tuple[str, ...], tuple[int, str]] = {}


def run(*args: str) -> tuple[int, str]:
    if args not in _runs:
        result = CliRunner().invoke(main, list(args))
        _runs[args] = (result.exit_code, result.stdout)
    return _runs[args]


def document(folder: Path, *options: str) -> dict[str, Any]:
    code, out = run("analyse", str(folder), *options, "--format", "json")
    try:
        doc = json.loads(out)
    except json.JSONDecodeError:
        pytest.fail(f"exit {code}, no JSON on stdout: {out[-2000:]}")
    assert code == 0, doc.get("validation")
    return doc


def wdes(folder: Path) -> dict[str, Any]:
    return document(folder, "--standard", "wdes")["indicators"]


@pytest.fixture(scope="module")
def hand(folders: dict[str, Path]) -> Hand:
    return Hand(folders["wdes"])


def counts(part: dict[str, Any]) -> dict[str, int]:
    return {g: part[key]["count"] for key, g in GROUPS}


def fraction_ratio(num: dict[str, int], den: dict[str, int], top: str, bottom: str) -> Fraction:
    return Fraction(num[top], den[top]) / Fraction(num[bottom], den[bottom])


# ---------------------------------------------------------------------------------------
# The hand count itself (a slip here would make every comparison meaningless).
# ---------------------------------------------------------------------------------------


def test_hand_count_is_what_the_folder_was_built_to_show(hand: Hand) -> None:
    assert len(hand.people) == 29  # 33 assignment rows, 31 people, 2 of them Bank only
    assert hand.bank_only == {"20400130", "20400131"}
    assert hand.head == {"D": 7, "N": 16, "U": 6}
    assert hand.people["20400105"] == ("N", "non-clinical", "Under Band 1 to Band 4")
    assert hand.people["20400118"] == ("N", "clinical", "Bands 5 to 7")  # primary, not 8a
    assert hand.m2 == ({"D": 1, "N": 4, "U": 1}, {"D": 5, "N": 8, "U": 3})
    assert hand.m3[0] == {"D": 1, "N": 2, "U": 2}  # 20400106 once; 20400104 and a leaver
    assert hand.m10["voting"] == {"D": 2, "N": 5, "U": 2}
    assert sum(hand.m10["total"].values()) == 12  # the member who left in December is out


# ---------------------------------------------------------------------------------------
# The document.
# ---------------------------------------------------------------------------------------


def test_document_says_wdes(folders: dict[str, Path]) -> None:
    doc = document(folders["wdes"], "--standard", "wdes")
    assert doc["standard"] == "wdes"
    assert doc["reporting_year"] == 2025
    assert doc["organisation"]["name"] == "Fellside Hospitals NHS Trust"
    assert doc["validation"]["errors"] == []
    assert list(doc["indicators"]) == [
        "1",
        "2",
        "3",
        "4a(i)",
        "4a(ii)",
        "4a(iii)",
        "4b",
        "5",
        "6",
        "7",
        "8",
        "9a",
        "10",
    ]


def test_metric_1_overall(folders: dict[str, Path], hand: Hand) -> None:
    overall = wdes(folders["wdes"])["1"]["overall"]
    assert counts(overall) == hand.head
    assert overall["total"] == len(hand.people) == 29
    for key, g in GROUPS:  # Unknown in the denominator
        assert overall[key]["percent"] == pytest.approx(100 * hand.head[g] / 29)


def test_metric_1_rows(folders: dict[str, Path], hand: Hand) -> None:
    rows = wdes(folders["wdes"])["1"]["rows"]
    assert [(r["cluster"], r["band_cluster"]) for r in rows] == ROWS
    for row in rows:
        expected = hand.rows[row["cluster"], row["band_cluster"]]
        assert counts(row) == expected, row
        total = sum(expected.values())
        assert row["total"] == total
        for key, g in GROUPS:
            assert row[key]["percent"] == pytest.approx(100 * expected[g] / total)


@pytest.mark.parametrize(
    ("number", "orientation", "top", "bottom"),
    [("2", "non_disabled/disabled", "N", "D"), ("3", "disabled/non_disabled", "D", "N")],
)
def test_metrics_2_and_3(
    folders: dict[str, Path], hand: Hand, number: str, orientation: str, top: str, bottom: str
) -> None:
    tool = wdes(folders["wdes"])[number]
    num, den = {"2": hand.m2, "3": hand.m3}[number]
    assert tool["orientation"] == orientation
    assert {g: (tool[key]["numerator"], tool[key]["denominator"]) for key, g in GROUPS} == {
        g: (num[g], den[g]) for g in "DNU"
    }
    for key, g in GROUPS:
        assert tool[key]["likelihood"] == pytest.approx(num[g] / den[g])
    expected = fraction_ratio(num, den, top, bottom)
    assert expected == {"2": Fraction(5, 2), "3": Fraction(8, 7)}[number]
    assert tool["relative_likelihood"] == pytest.approx(float(expected), rel=1e-12)
    # 2.50 is above the 0.80-1.25 band; 1.14 within it (wres-spec.md 5, as wdes-spec.md 2)
    assert tool["assessment"] == {"2": "above range", "3": "within non-adverse range"}[number]


def test_metric_3_with_ill_health_grounds(folders: dict[str, Path]) -> None:
    hand = Hand(folders["all"], grounds="all")
    tool = wdes(folders["all"])["3"]
    num, den = hand.m3
    assert num == {"D": 2, "N": 3, "U": 2}  # + 20400117 and 20400127, on ill health
    assert {g: (tool[key]["numerator"], tool[key]["denominator"]) for key, g in GROUPS} == {
        g: (num[g], den[g]) for g in "DNU"
    }
    expected = fraction_ratio(num, den, "D", "N")
    assert expected == Fraction(32, 21)
    assert tool["relative_likelihood"] == pytest.approx(float(expected), rel=1e-12)
    assert tool["orientation"] == "disabled/non_disabled"


@pytest.mark.parametrize("metric", ["4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7"])
def test_survey_metrics(folders: dict[str, Path], metric: str) -> None:
    table = survey_table(folders["wdes"])[metric]
    tool = wdes(folders["wdes"])[metric]
    for key, label in (("disabled", "Disabled"), ("non_disabled", "Non-disabled")):
        respondents, percent, _ = table[label]
        assert tool[key]["respondents"] == respondents
        assert tool[key]["percent"] == pytest.approx(percent)
    disabled, non_disabled = table["Disabled"][1], table["Non-disabled"][1]
    assert disabled is not None and non_disabled is not None
    assert tool["difference_pp"] == pytest.approx(disabled - non_disabled)


def test_metric_8_is_disabled_only(folders: dict[str, Path]) -> None:
    tool = wdes(folders["wdes"])["8"]
    respondents, percent, _ = survey_table(folders["wdes"])["8"]["Disabled"]
    assert tool["disabled"] == {"respondents": respondents, "percent": pytest.approx(percent)}
    assert "non_disabled" not in tool and "difference_pp" not in tool


def test_metric_9a_scores(folders: dict[str, Path]) -> None:
    tool = wdes(folders["wdes"])["9a"]
    table = survey_table(folders["wdes"])["9a"]
    for key, label in (
        ("disabled", "Disabled"),
        ("non_disabled", "Non-disabled"),
        ("organisation", "Organisation"),
    ):
        respondents, _, score = table[label]
        assert tool[key] == {"respondents": respondents, "score": pytest.approx(score)}


def test_metric_10_board(folders: dict[str, Path], hand: Hand) -> None:
    tool = wdes(folders["wdes"])["10"]
    assert tool["workforce_disabled_percent"] == pytest.approx(float(hand.workforce_disabled))
    assert float(hand.workforce_disabled) == pytest.approx(100 * 7 / 29)
    for subset, expected in hand.m10.items():
        part = tool["board"][subset]
        total = sum(expected.values())
        assert counts(part) == expected, subset
        assert part["total"] == total
        disabled = Fraction(100 * expected["D"], total)
        assert part["disabled_percent"] == pytest.approx(float(disabled))
        assert part["difference_pp"] == pytest.approx(float(disabled - hand.workforce_disabled))
    assert {k: sum(v.values()) for k, v in hand.m10.items()} == {
        "total": 12,
        "voting": 9,
        "executive": 6,
        "non_executive": 6,
    }


# ---------------------------------------------------------------------------------------
# The text output.
# ---------------------------------------------------------------------------------------


def text(folder: Path) -> str:
    code, out = run("analyse", str(folder), "--standard", "wdes")
    assert code == 0, out[-2000:]
    return out


def block(out: str, metric: str) -> list[str]:
    """The lines of one metric, from its title to the next blank line."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"Metric {metric} "))
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_text_ratios_are_never_percentages(folders: dict[str, Path]) -> None:
    out = text(folders["wdes"])
    found = [line for line in out.splitlines() if "Relative likelihood" in line]
    assert len(found) == 2
    for line in found:
        assert "%" not in line.replace("95% CI", ""), line
    shown = [re.search(r"Relative likelihood (\d+\.\d\d)\b(?!%)", line) for line in found]
    assert [m.group(1) if m else None for m in shown] == ["2.50", "1.14"]


def test_text_titles_and_orientation(folders: dict[str, Path]) -> None:
    out = text(folders["wdes"])
    assert "disciplinary" not in out.casefold()
    two, three = block(out, "2"), block(out, "3")
    non_disabled_over_disabled = "RL = likelihood(Non-disabled) / likelihood(Disabled)"
    disabled_over_non_disabled = "RL = likelihood(Disabled) / likelihood(Non-disabled)"
    assert two[0] == "Metric 2  Appointment from shortlisting"
    assert two[1].strip().startswith(non_disabled_over_disabled)
    assert not any(disabled_over_non_disabled in line for line in two)
    assert three[0] == "Metric 3  Entry into the formal capability process"
    assert three[1].strip().startswith(disabled_over_non_disabled)
    assert not any(non_disabled_over_disabled in line for line in three)


# ---------------------------------------------------------------------------------------
# A WRES-only folder read for the WDES, and the WRES without --standard.
# ---------------------------------------------------------------------------------------

NEEDS = {  # metric -> the file whose absence, or lack of a disability column, is the reason
    "1": "workforce",
    "2": "recruitment",
    "3": "capability",
    **dict.fromkeys(["4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7", "8", "9a"], "wdes_survey"),
    "10": "board",
}


def assert_not_provided(indicators: dict[str, Any], metrics: Iterable[str]) -> None:
    for metric in metrics:
        result, needs = indicators[metric], NEEDS[metric]
        assert result["status"] == "not provided", metric
        reason = result["reason"]
        if needs in ("capability", "wdes_survey"):
            assert reason == f"{needs} file not provided", metric
        else:
            assert reason == f"{needs} has no disability column", metric


def test_wres_folder_read_for_the_wdes_is_not_provided(folders: dict[str, Path]) -> None:
    doc = document(folders["wres"], "--standard", "wdes")
    assert doc["standard"] == "wdes"
    assert list(doc["indicators"]) == list(NEEDS)
    assert_not_provided(doc["indicators"], NEEDS)
    out = text(folders["wres"])
    assert out.count("  not provided: ") == len(NEEDS)


def test_wres_folder_with_esr_disability_read_for_the_wdes(
    folders: dict[str, Path], hand: Hand
) -> None:
    """The same WRES folder whose ESR export carries its Disability column (as ESR's does):
    metric 1 counts, every other metric is 'not provided' with its reason, exit 0."""
    folder = folders["wres_esr"]
    doc = document(folder, "--standard", "wdes")
    indicators = doc["indicators"]
    assert doc["standard"] == "wdes"
    assert list(indicators) == list(NEEDS)
    assert indicators["1"]["status"] == "ok"
    assert counts(indicators["1"]["overall"]) == hand.head
    assert_not_provided(indicators, [m for m in NEEDS if m != "1"])
    out = text(folder)
    for metric in NEEDS:
        if metric != "1":
            reason = indicators[metric]["reason"]
            assert f"  not provided: {reason}" in block(out, metric), metric


@pytest.mark.parametrize("folder", ["wres", "wdes"])
def test_without_standard_it_is_the_wres(folders: dict[str, Path], folder: str) -> None:
    doc = document(folders[folder])
    assert "standard" not in doc
    assert list(doc["indicators"]) == [str(i) for i in range(1, 10)]
    assert set(doc["indicators"]["1"]["overall"]) == {"white", "bme", "unknown", "total"}
    assert doc["indicators"]["1"]["overall"]["total"] == 29


# ---------------------------------------------------------------------------------------
# The WDES board report, on the same folder: every figure as hand-counted above.
# ---------------------------------------------------------------------------------------

VOICES = """# Foreword

Our first WDES report from the raw exports.

## Metric 9b: Disabled staff's voices

Yes. The Disability Network meets monthly and reviewed this report.
"""


def half_away(value: Fraction, places: int) -> str:
    """Display rounding as the standard does it (half away from zero), from an exact value."""
    scaled = abs(value) * 10**places
    whole = int(scaled + Fraction(1, 2))
    sign = "-" if value < 0 and whole else ""
    text = f"{whole / 10**places:.{places}f}"
    return sign + text


def percent(num: int, den: int) -> str:
    return half_away(Fraction(100 * num, den), 1) + "%"


def plain_text(html: str) -> str:
    """The report's text as a reader sees it: tags out, entities decoded, spaces folded."""
    import html as markup

    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", markup.unescape(html))


def section(text: str, metric: str) -> str:
    """The text of one metric's section (up to the next section heading)."""
    body = text.index("Headline measures:")  # after the contents list and the summary table
    start = text.index(f"Metric {metric}: ", text.index("Metric 1: Representation", body))
    rest = text[start + 1 :]
    found = re.search(r"Metric \d+[a-z]?(\([iv]+\))?: [A-Z]|Appendix A", rest)
    return text[start : start + 1 + (found.start() if found else len(rest))]


@pytest.fixture(scope="module")
def wdes_report(tmp_path_factory: pytest.TempPathFactory, folders: dict[str, Path]) -> str:
    (folders["wdes"] / "wdes_narrative.md").write_text(VOICES, encoding="utf-8")
    try:
        out = tmp_path_factory.mktemp("wdes-report") / "wdes.html"
        result = CliRunner().invoke(
            main, ["report", str(folders["wdes"]), "--standard", "wdes", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        return plain_text(out.read_text(encoding="utf-8"))
    finally:
        (folders["wdes"] / "wdes_narrative.md").unlink()


def test_report_headings_are_the_wdes_metrics(wdes_report: str) -> None:
    assert "Workforce Disability Equality Standard" in wdes_report
    assert "WRES" not in wdes_report.replace("the WRES", "").replace("WRES indicator 3", "")
    for metric in ("1", "2", "3", "4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7", "8"):
        assert f"Metric {metric}: " in wdes_report, metric
    for metric in ("9a", "9b", "10"):
        assert f"Metric {metric}: " in wdes_report, metric
    assert "Indicator" not in wdes_report


def test_report_metric_1_clusters_and_overall(wdes_report: str, hand: Hand) -> None:
    one = section(wdes_report, "1")
    n, d, u = hand.head["N"], hand.head["D"], hand.head["U"]
    total = n + d + u
    overall = (
        f"All staff {n} {percent(n, total)} {d} {percent(d, total)} {u} {percent(u, total)} {total}"
    )
    assert overall in one
    for (cluster, band_cluster), cells in hand.rows.items():
        row_total = sum(cells.values())
        if row_total == 0:
            continue
        shown = " ".join(f"{cells[g]} {percent(cells[g], row_total)}" for g in "NDU")
        assert f"{band_cluster} {shown} {row_total}" in one, (cluster, band_cluster)
    assert f"Disabled staff make up {percent(d, total)} of the workforce ({d} of {total}" in one


def test_report_metrics_2_and_3_orientation_and_no_percent_ratio(
    wdes_report: str, hand: Hand
) -> None:
    appointed, shortlisted = hand.m2
    rl2 = fraction_ratio(appointed, shortlisted, "N", "D")
    two = section(wdes_report, "2")
    assert (
        f"Non-disabled applicants were {half_away(rl2, 2)} times as likely as Disabled "
        "applicants to be appointed from shortlisting" in two
    )
    entered, head = hand.m3
    rl3 = fraction_ratio(entered, head, "D", "N")
    three = section(wdes_report, "3")
    assert (
        f"Disabled staff were {half_away(rl3, 2)} times as likely as non-disabled staff to "
        "enter the formal capability process" in three
    )
    assert "95% confidence interval" in three
    for text in (two, three):
        for value in re.findall(r"(\d+\.\d\d)(?!\d)(\s*%)?", text):
            assert not value[1], f"a ratio printed with %: {value}"
    assert "disciplinary" not in three


def test_report_survey_metrics_name_the_long_term_condition(
    wdes_report: str, folders: dict[str, Path]
) -> None:
    table = survey_table(folders["wdes"])
    for metric in ("4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7"):
        text = section(wdes_report, metric)
        disabled, other = table[metric]["Disabled"], table[metric]["Non-disabled"]
        assert disabled[1] is not None and other[1] is not None
        d = half_away(Fraction(disabled[1]).limit_denominator(10**9), 1)
        o = half_away(Fraction(other[1]).limit_denominator(10**9), 1)
        assert (
            f"{d}% of staff with a long-term condition or illness and {o}% of other staff" in text
        ), metric
        assert "Disabled staff" not in text, metric
    eight = section(wdes_report, "8")
    assert "No long-term condition" not in eight  # one group only, no comparison
    assert "of staff with a long-term condition or illness say their employer" in eight


def test_report_metric_9a_9b_and_10(wdes_report: str, hand: Hand, folders: dict[str, Path]) -> None:
    scores = survey_table(folders["wdes"])["9a"]
    nine = section(wdes_report, "9a")
    assert f"was {scores['Disabled'][2]:.1f} out of 10" in nine
    assert f"{scores['Organisation'][2]:.1f} for the whole organisation" in nine
    voices = section(wdes_report, "9b")
    assert "The Disability Network meets monthly" in voices
    assert "Our first WDES report" not in voices  # the foreword stays the foreword
    assert "9b Disabled staff's voices Yes" in wdes_report  # the summary's answer
    ten = section(wdes_report, "10")
    voting = hand.m10["voting"]
    members = sum(voting.values())
    assert f"{percent(voting['U'], members)} of the voting members have no recorded" in ten
    executive = hand.m10["executive"]
    assert (
        f"Disabled members make up {percent(executive['D'], sum(executive.values()))} of the "
        "executive members of the board" in ten
    )


def test_report_declaration_rate_is_a_finding(
    wdes_report: str, hand: Hand, folders: dict[str, Path]
) -> None:
    table = survey_table(folders["wdes"])["7"]
    yes, no = table["Disabled"][0], table["Non-disabled"][0]
    d, total = hand.head["D"], sum(hand.head.values())
    assert f"ESR records {percent(d, total)} of staff as Disabled" in wdes_report
    assert (
        f"In the staff survey, {percent(yes, yes + no)} of respondents ({yes} of {yes + no}, "
        "metric 7) said they have a long-term condition or illness" in wdes_report
    )
    declared = hand.head["D"] + hand.head["N"]
    assert f"Disability declaration rate (workforce): {percent(declared, total)}" in wdes_report


def test_report_without_9b_says_how_to_give_it(tmp_path: Path, folders: dict[str, Path]) -> None:
    out = tmp_path / "wdes.html"
    result = CliRunner().invoke(
        main, ["report", str(folders["wdes"]), "--standard", "wdes", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = plain_text(out.read_text(encoding="utf-8"))
    assert "This metric is not provided: wdes_narrative.md has no section" in text


def test_wdes_pdf_is_written(tmp_path: Path, folders: dict[str, Path]) -> None:
    out = tmp_path / "wdes.pdf"
    result = CliRunner().invoke(
        main, ["report", str(folders["wdes"]), "--standard", "wdes", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
