"""Write the real-export fixtures: a small fictional trust's WRES 2025 files as the source
systems write them (ESR, TRAC, an ER case tracker, OLM, the staff survey workbook, a board
register), never with `wres sample`.

    python tests/data/real_exports/make_real_exports.py

writes three folders beside this script, deterministically (run it twice: same bytes):

- ``clean/``: the exports as received; ``tests/test_real_exports.py`` recounts them by hand.
- ``clean_xlsx/``: the same, with ESR Staff in Post as a workbook (two title rows, real
  Excel date cells, numeric Employee Number cells); it must give the same figures.
- ``planted/``: ``clean/`` with one mistake of each kind planted; the lines are printed
  and recorded in the test (PLANTED).

Every person, organisation and name here is fictional.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
ORGANISATION = "Brackenmoor Hospitals NHS Trust"

ESR_CSV = "ESR Staff in Post 31-03-2025.csv"
ESR_XLSX = "ESR Staff in Post 31-03-2025.xlsx"
TRAC = "TRAC Applicant Report 2024-25.csv"
ER = "ER Case Tracker.csv"
OLM = "OLM Training Completions.csv"
SURVEY = "Staff Survey 2024 WRES breakdown.xlsx"
BOARD = "Board Register.csv"

# --------------------------------------------------------------------------------------
# ESR Staff in Post: one row per assignment.
# --------------------------------------------------------------------------------------

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
    "FTE",
    "Assignment Start Date",
]

AC = "Administrative and Clerical"
EA = "Estates and Ancillary"
NMR = "Nursing and Midwifery Registered"
AHP = "Allied Health Professionals"
ACS = "Additional Clinical Services"
APST = "Add Prof Scientific and Technic"
HCS = "Healthcare Scientists"
MD = "Medical and Dental"

CORP = "Corporate Services"
MED = "Medicine Division"
SURG = "Surgery \u2013 Theatres and Critical Care"  # en dash, as ESR org names carry
WAC = "Women\u2019s and Children\u2019s Division"  # right single quote (cp1252 0x92)
EST = "Estates and Facilities"

# ESR pay band label -> the grade ESR shows beside it (AfC).
AFC_GRADE = {
    "Review Body Band 2": "XR02 Review Body Band 2",
    "Review Body Band 3": "XR03 Review Body Band 3",
    "Review Body Band 4": "XR04 Review Body Band 4",
    "Review Body Band 5": "XR05 Review Body Band 5",
    "Review Body Band 6": "XR06 Review Body Band 6",
    "Review Body Band 7": "XR07 Review Body Band 7",
    "Band 8 - Range A": "XR08 Band 8 - Range A",
    "Band 8 - Range B": "XR09 Band 8 - Range B",
    "Very Senior Manager": "VSM Very Senior Manager",
}

B2, B3, B4, B5, B6, B7 = (f"Review Body Band {n}" for n in range(2, 8))
B8A, B8B, VSM = "Band 8 - Range A", "Band 8 - Range B", "Very Senior Manager"

# (Employee Number, Ethnic Origin, [assignments]); an assignment is
# (Primary Assignment, Org L3, Position Title, Staff Group, Pay Band or Medical grade,
#  Assignment Category, FTE, start date). A medical "band" is the Grade, with Pay Band
# "Medical and Dental" as ESR writes it.
Assignment = tuple[str, str, str, str, str, str, str, dt.date]
PEOPLE: list[tuple[str, str, list[Assignment]]] = [
    ("20300101", "A White - British", [
        ("Y", EST, "Domestic Assistant", EA, B2, "Permanent", "0.80", dt.date(2016, 5, 3)),
    ]),
    ("20300102", "N Black or Black British - African", [
        ("Y", EST, "Porter", EA, B2, "Permanent", "1.00", dt.date(2019, 9, 16)),
    ]),
    ("20300103", "A White - British", [
        ("Y", MED, "Ward Clerk", AC, B3, "Permanent", "1.00", dt.date(2012, 2, 1)),
    ]),
    ("20300104", "H Asian or Asian British - Indian", [
        ("Y", SURG, "Medical Secretary", AC, B3, "Fixed Term Temp", "1.00", dt.date(2024, 6, 3)),
    ]),
    ("20300105", "NA", [
        ("Y", MED, "Team Leader \u2013 Outpatients", AC, B4, "Permanent", "1.00",
         dt.date(2018, 11, 5)),
    ]),
    ("20300106", "B White - Irish", [
        ("Y", CORP, "Payroll Officer", AC, B4, "Permanent", "0.60", dt.date(2010, 4, 12)),
    ]),
    ("20300107", "A White - British", [
        ("Y", CORP, "HR Advisor", AC, B5, "Permanent", "1.00", dt.date(2021, 1, 4)),
    ]),
    ("20300108", "J Asian or Asian British - Pakistani", [
        ("Y", CORP, "Finance Manager", AC, B7, "Permanent", "1.00", dt.date(2017, 7, 10)),
    ]),
    ("20300109", "A White - British", [
        ("Y", EST, "Head of Estates", EA, B8A, "Permanent", "1.00", dt.date(2009, 3, 2)),
    ]),
    ("20300110", "M Black or Black British - Caribbean", [
        ("Y", CORP, "Deputy Director of Finance", AC, B8B, "Permanent", "1.00",
         dt.date(2020, 10, 1)),
    ]),
    ("20300111", "A White - British", [
        ("Y", CORP, "Chief Executive", AC, VSM, "Permanent", "1.00", dt.date(2022, 4, 1)),
    ]),
    ("20300112", "C White - Any other White background", [
        ("Y", EST, "Caf\u00e9 Supervisor", EA, B3, "Permanent", "0.75", dt.date(2015, 8, 24)),
    ]),
    ("20300113", "A White - British", [
        ("Y", MED, "Staff Nurse", NMR, B5, "Permanent", "1.00", dt.date(2023, 9, 18)),
    ]),
    ("20300114", "PC Black Nigerian", [
        ("Y", MED, "Staff Nurse", NMR, B5, "Permanent", "1.00", dt.date(2022, 3, 7)),
    ]),
    ("20300115", "L Asian or Asian British - Any other Asian background", [
        ("Y", SURG, "Staff Nurse", NMR, B5, "Permanent", "1.00", dt.date(2023, 1, 9)),
    ]),
    ("20300116", "A White - British", [
        ("Y", SURG, "Sister/Charge Nurse", NMR, B6, "Permanent", "1.00", dt.date(2014, 6, 30)),
    ]),
    ("20300117", "H Asian or Asian British - Indian", [
        ("Y", WAC, "Midwife", NMR, B6, "Permanent", "0.80", dt.date(2019, 2, 11)),
    ]),
    ("20300118", "", [
        ("Y", MED, "Staff Nurse", NMR, B5, "Permanent", "1.00", dt.date(2024, 10, 14)),
    ]),
    ("20300119", "A White - British", [
        ("Y", MED, "Ward Manager", NMR, B7, "Permanent", "1.00", dt.date(2011, 5, 23)),
    ]),
    ("20300120", "R Chinese", [
        ("Y", SURG, "Physiotherapist", AHP, B6, "Permanent", "1.00", dt.date(2020, 8, 3)),
    ]),
    ("20300121", "A White - British", [
        ("Y", MED, "Occupational Therapist \u2013 Specialist", AHP, B7, "Permanent", "1.00",
         dt.date(2016, 1, 18)),
    ]),
    ("20300122", "Not known", [
        ("Y", MED, "Healthcare Assistant", ACS, B3, "Permanent", "1.00", dt.date(2021, 6, 14)),
    ]),
    ("20300123", "A White - British", [
        ("Y", SURG, "Healthcare Assistant", ACS, B2, "Permanent", "0.60", dt.date(2023, 4, 24)),
    ]),
    ("20300124", "S Any other ethnic group", [
        ("Y", WAC, "Maternity Support Worker", ACS, B3, "Permanent", "1.00",
         dt.date(2018, 9, 3)),
    ]),
    ("20300125", "D Mixed - White & Black Caribbean", [
        ("Y", MED, "Pharmacist", APST, B7, "Permanent", "1.00", dt.date(2019, 12, 2)),
    ]),
    ("20300126", "A White - British", [
        ("Y", SURG, "Clinical Scientist", HCS, B7, "Permanent", "1.00", dt.date(2013, 10, 7)),
    ]),
    ("20300127", "Z Not Stated", [
        ("Y", SURG, "Matron", NMR, B8A, "Permanent", "1.00", dt.date(2008, 7, 14)),
    ]),
    ("20300128", "A White - British", [
        ("Y", MED, "Consultant Cardiologist", MD, "XN08 Consultant", "Permanent", "1.00",
         dt.date(2012, 8, 1)),
    ]),
    ("20300129", "H Asian or Asian British - Indian", [
        ("Y", SURG, "Consultant Anaesthetist", MD, "XN08 Consultant", "Permanent", "1.00",
         dt.date(2017, 2, 6)),
    ]),
    ("20300130", "K Asian or Asian British - Bangladeshi", [
        ("Y", MED, "Speciality Doctor \u2013 Acute Medicine", MD, "Speciality Doctor",
         "Permanent", "1.00", dt.date(2021, 11, 1)),
    ]),
    ("20300131", "N Black or Black British - African", [
        ("Y", SURG, "Dental Core Trainee \u2013 Oral Surgery", MD, "Dental Core Trainee",
         "Fixed Term Temp", "1.00", dt.date(2024, 9, 4)),
    ]),
    ("20300132", "A White - British", [
        ("Y", MED, "FY1 Doctor", MD, "Foundation Year 1", "Fixed Term Temp", "1.00",
         dt.date(2024, 8, 7)),
    ]),
    # Substantive (primary) and Bank: the Bank assignment is dropped, the person counted once.
    ("20300133", "A White - British", [
        ("Y", MED, "Staff Nurse", NMR, B5, "Permanent", "1.00", dt.date(2020, 2, 3)),
        ("N", MED, "Bank Staff Nurse", NMR, B5, "Bank", "0.00", dt.date(2020, 3, 1)),
    ]),
    ("20300134", "N Black or Black British - African", [
        ("Y", SURG, "Healthcare Assistant", ACS, B3, "Permanent", "1.00", dt.date(2022, 5, 9)),
        ("N", CORP, "Bank Administrator", AC, B2, "Bank", "0.00", dt.date(2023, 1, 16)),
    ]),
    # Two substantive, Primary Assignment Y on the LOWER band (second row): Band 3 non-clinical.
    ("20300135", "H Asian or Asian British - Indian", [
        ("N", MED, "Assistant Practitioner", ACS, B4, "Permanent", "0.40", dt.date(2023, 6, 5)),
        ("Y", MED, "Receptionist", AC, B3, "Permanent", "0.60", dt.date(2019, 4, 1)),
    ]),
    # Two substantive, NO primary flag: the highest band (Band 6, second row) decides.
    ("20300136", "A White - British", [
        ("N", WAC, "Staff Nurse", NMR, B5, "Permanent", "0.50", dt.date(2018, 1, 8)),
        ("N", WAC, "Clinical Nurse Specialist", NMR, B6, "Permanent", "0.50",
         dt.date(2022, 7, 4)),
    ]),
    # Bank only: out of every indicator; a disciplinary case and a training row are dropped.
    ("20300137", "M Black or Black British - Caribbean", [
        ("Y", MED, "Bank Staff Nurse", NMR, B5, "Bank", "0.00", dt.date(2021, 3, 15)),
        ("N", CORP, "Bank Administrator", AC, B3, "Bank - Casual", "0.00",
         dt.date(2022, 10, 3)),
    ]),
    ("20300138", "E Mixed - White & Black African", [
        ("Y", EST, "Porter", EA, B2, "Permanent", "0.50", dt.date(2017, 3, 20)),
        ("N", EST, "Porter", EA, B2, "Fixed Term Temp", "0.30", dt.date(2024, 11, 4)),
    ]),
    ("20300139", "A White - British", [
        ("Y", MED, "Consultant Physician", MD, "XN08 Consultant", "Permanent", "1.00",
         dt.date(2015, 9, 1)),
        ("N", MED, "Locum Speciality Doctor", MD, "Speciality Doctor", "Bank", "0.00",
         dt.date(2016, 1, 4)),
    ]),
    ("20300140", "G Mixed - Any other mixed background", [
        ("Y", WAC, "Ward Manager", NMR, B7, "Permanent", "1.00", dt.date(2014, 2, 17)),
    ]),
    ("20300141", "A White - British", [
        ("Y", CORP, "Information Analyst", AC, B5, "Permanent", "1.00", dt.date(2020, 6, 1)),
    ]),
    ("20300142", "F Mixed - White & Asian", [
        ("Y", CORP, "Apprentice Administrator", AC, B2, "Fixed Term Temp", "1.00",
         dt.date(2024, 9, 2)),
    ]),
    ("20300143", "B White - Irish", [
        ("Y", WAC, "Staff Nurse", NMR, B5, "Permanent", "1.00", dt.date(2019, 10, 7)),
        ("N", WAC, "Bank Staff Nurse", NMR, B5, "Bank", "0.00", dt.date(2020, 1, 6)),
    ]),
]  # fmt: skip


def esr_rows() -> list[list[object]]:
    """ESR rows, sorted by Employee Number as ESR writes them; the date is a date object."""
    rows: list[list[object]] = []
    for number, ethnic, assignments in PEOPLE:
        for i, (primary, org, title, group, band, category, fte, start) in enumerate(assignments):
            medical = group == MD
            rows.append(
                [
                    org,
                    number,
                    number if i == 0 else f"{number}-{i + 1}",
                    primary,
                    title,
                    group,
                    "Medical and Dental" if medical else band,
                    band if medical else AFC_GRADE[band],
                    category,
                    ethnic,
                    fte,
                    start,
                ]
            )
    return rows


# --------------------------------------------------------------------------------------
# TRAC applicant report: one row per application.
# --------------------------------------------------------------------------------------

TRAC_HEADER = [
    "Vacancy Reference",
    "Job Title",
    "Application ID",
    "Ethnicity",
    "Shortlisted",
    "Shortlisting Date",
    "Interviewed",
    "Offered",
    "Appointed",
]

WB, WI, WO = "White - British", "White - Irish", "White - Any other White background"
# (vacancy, job title, shortlisting date, [(ethnicity, shortlisted, offered, appointed)])
VACANCIES: list[tuple[str, str, str, list[tuple[str, str, str, str]]]] = [
    ("300-NUR-4290", "Staff Nurse \u2013 Respiratory", "18/03/2024", [  # before the year
        (WB, "Yes", "Yes", "Yes"),
        ("Black or Black British - African", "Yes", "No", "No"),
    ]),
    ("300-NUR-4411", "Staff Nurse", "14/05/2024", [
        (WB, "Yes", "Yes", "Yes"),
        ("Black or Black British - African", "Yes", "Yes", "Yes"),
        ("Asian or Asian British - Indian", "Yes", "No", "No"),
        (WB, "No", "No", "No"),
        ("Black or Black British - African", "Yes", "Yes", "No"),  # offer declined
        ("Prefer not to say", "Yes", "No", "No"),
    ]),
    ("300-ADM-4502", "Ward Clerk", "02/07/2024", [
        (WB, "Yes", "Yes", "Yes"),
        (WI, "Yes", "No", "No"),
        ("Asian or Asian British - Pakistani", "Yes", "No", "No"),
        ("Mixed - White and Black Caribbean", "No", "No", "No"),
    ]),
    ("300-MED-4620", "Speciality Doctor", "19/09/2024", [
        ("Asian or Asian British - Indian", "Yes", "Yes", "Yes"),
        ("Asian or Asian British - Indian", "Yes", "Yes", "No"),  # offer declined
        (WO, "Yes", "No", "No"),
        ("Black or Black British - African", "Yes", "No", "No"),
        ("Chinese", "No", "No", "No"),
    ]),
    ("300-EST-4701", "Porter", "11/11/2024", [
        (WB, "Yes", "Yes", "Yes"),
        (WB, "Yes", "No", "No"),
        ("Black or Black British - Caribbean", "Yes", "No", "No"),
        ("Any other ethnic group", "Yes", "No", "No"),
        ("", "Yes", "No", "No"),
    ]),
    ("300-AHP-4788", "Physiotherapist", "20/01/2025", [
        (WB, "Yes", "Yes", "No"),  # offer declined
        (WB, "Yes", "Yes", "Yes"),
        ("Mixed - White and Asian", "Yes", "No", "No"),
        ("Asian or Asian British - Bangladeshi", "Yes", "Yes", "Yes"),
    ]),
    ("300-NUR-4890", "Healthcare Assistant", "10/03/2025", [
        (WB, "Yes", "No", "No"),
        ("Black or Black British - African", "Yes", "Yes", "Yes"),
        ("Not stated", "Yes", "Yes", "Yes"),
        ("Asian or Asian British - Any other Asian background", "No", "No", "No"),
    ]),
    ("300-ADM-4990", "Medical Secretary", "03/04/2025", [  # after the year
        ("Asian or Asian British - Indian", "Yes", "Yes", "Yes"),
        (WB, "Yes", "No", "No"),
    ]),
]  # fmt: skip


def trac_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    n = 0
    for vacancy, title, date, applications in VACANCIES:
        for ethnicity, shortlisted, offered, appointed in applications:
            n += 1
            rows.append(
                [
                    vacancy,
                    title,
                    f"APP-{5120340 + 7 * n}",
                    ethnicity,
                    shortlisted,
                    date,
                    shortlisted,  # interviewed = shortlisted here
                    offered,
                    appointed,
                ]
            )
    return rows


# --------------------------------------------------------------------------------------
# ER case tracker (HR's spreadsheet, saved as CSV): no ethnicity column.
# --------------------------------------------------------------------------------------

ER_HEADER = [
    "ER Ref",  # trust-specific: mapped in wres.toml
    "Employee Number",
    "Division",
    "Case Type",
    "Formal / Informal",
    "Date Opened",
    "Status",
    "Outcome",
]
ER_ROWS: list[list[str]] = [
    ["ER-23-087", "20300119", MED, "Disciplinary", "Formal", "14/03/2024", "Closed",
     "No case to answer"],  # opened before the year
    ["ER-24-001", "20300102", EST, "Disciplinary", "Formal", "15/04/2024", "Closed",
     "First written warning"],
    ["ER-24-002", "20300103", MED, "Grievance", "Formal", "02/05/2024", "Closed", "Upheld"],
    ["ER-24-003", "20300114", MED, "Disciplinary", "Formal", "20/05/2024", "Closed",
     "No further action"],
    ["ER-24-004", "20300114", MED, "Disciplinary", "Formal", "03/10/2024", "Open", ""],
    ["ER-24-005", "20300123", SURG, "Disciplinary", "Informal", "11/06/2024", "Closed",
     "Letter of concern"],
    ["ER-24-006", "20300199", CORP, "Disciplinary", "Formal", "01/07/2024", "Closed",
     "Dismissal"],  # a leaver: not in Staff in Post at 31 March
    ["ER-24-007", "20300137", MED, "Disciplinary", "Formal", "22/07/2024", "Closed",
     "First written warning"],  # Bank only: dropped
    ["ER-24-008", "20300116", SURG, "Capability", "Formal", "05/08/2024", "Open", ""],
    ["ER-24-009", "20300133", MED, "Disciplinary", "Formal", "14/08/2024", "Closed",
     "No case to answer"],
    ["ER-24-010", "20300122", MED, "Disciplinary", "Formal", "09/09/2024", "Closed",
     "Final written warning"],
    ["ER-24-011", "20300129", SURG, "Disciplinary", "Formal", "30/10/2024", "Open", ""],
    ["ER-24-012", "20300107", CORP, "Sickness", "Formal", "18/11/2024", "Closed",
     "Stage 2 review"],
    ["ER-24-013", "20300101", EST, "Disciplinary", "Formal", "21/12/2024", "Closed",
     "First written warning"],
    ["ER-24-014", "20300124", WAC, "Grievance", "Formal", "15/01/2025", "Open", ""],
    ["ER-24-015", "20300113", MED, "Disciplinary", "Formal", "12/02/2025", "Open", ""],
    ["ER-25-001", "20300117", WAC, "Disciplinary", "Formal", "02/04/2025", "Open",
     ""],  # opened after the year
]  # fmt: skip

# --------------------------------------------------------------------------------------
# OLM training completions: no ethnicity column.
# --------------------------------------------------------------------------------------

OLM_HEADER = ["Employee Number", "Course Name", "Statutory/Mandatory", "Completion Date"]
FIRE, IG, SAFE = (
    "Fire Safety \u2013 Level 1",
    "Information Governance and Data Security",
    "Safeguarding Adults \u2013 Level 2",
)
OLM_ROWS: list[list[str]] = [
    ["20300101", FIRE, "Y", "12/04/2024"],
    ["20300102", FIRE, "Y", "30/04/2024"],
    ["20300113", "Leadership Essentials", "N", "10/06/2024"],
    ["20300113", IG, "Y", "14/06/2024"],
    ["20300114", "Preceptorship Programme", "N", "09/07/2024"],
    ["20300114", SAFE, "Y", "11/07/2024"],
    ["20300116", "Mentorship in Practice", "N", "12/09/2024"],
    ["20300107", "Coaching Conversations", "N", "03/12/2024"],
    ["20300128", "Medical Appraisal Skills", "N", "22/05/2024"],
    ["20300128", IG, "Y", "23/05/2024"],
    ["20300120", "Advanced Musculoskeletal Practice", "N", "17/10/2024"],
    ["20300104", "Minute Taking", "N", "28/02/2025"],
    ["20300118", "Tissue Viability Link Nurse", "N", "06/11/2024"],
    ["20300137", "Venepuncture and Cannulation", "N", "14/08/2024"],  # Bank only: dropped
    ["20300198", "Excel Intermediate", "N", "20/05/2024"],  # a leaver: kept, Unknown
    ["20300121", "Research Methods", "N", "25/03/2024"],  # before the year
    ["20300129", "Leadership for Consultants", "N", "07/04/2025"],  # after the year
    ["20300134", "Dementia Awareness Level 2", "N", "13/05/2024"],
    ["20300135", FIRE, "Y", "19/06/2024"],
    ["20300135", IG, "Y", "19/06/2024"],
    ["20300140", SAFE, "Y", "02/09/2024"],
    ["20300141", IG, "Y", "08/10/2024"],
    ["20300108", FIRE, "Y", "15/11/2024"],
    ["20300109", FIRE, "Y", "15/11/2024"],
    ["20300113", "Clinical Supervision Skills", "N", "15/01/2025"],  # 2nd: counted once
    ["20300125", SAFE, "Y", "21/01/2025"],
    ["20300130", IG, "Y", "04/02/2025"],
    ["20300131", SAFE, "Y", "14/06/2024"],
    ["20300142", FIRE, "Y", "10/03/2025"],
    ["20300127", IG, "Y", "27/03/2025"],
]

# --------------------------------------------------------------------------------------
# Staff survey 2024, WRES breakdown (a workbook the survey contractor sends).
# --------------------------------------------------------------------------------------

SURVEY_HEADER = ["Indicator", "Question", "Ethnic Group", "Number of Respondents", "Percentage"]
QUESTIONS = {
    5: "Q14a Experienced harassment, bullying or abuse from patients, service users, their "
    "relatives or other members of the public",
    6: "Q14b/c Experienced harassment, bullying or abuse from managers or other colleagues",
    7: "Q15 Believe the organisation provides equal opportunities for career progression "
    "or promotion",
    8: "Q16b Experienced discrimination from a manager, team leader or other colleagues",
}
# (indicator, ethnic group, respondents, fraction stored in a '0.0%' cell);
# tests/test_real_exports.py SURVEY holds the same numbers as literals.
SURVEY_ROWS: list[tuple[int, str, int, float]] = [
    (5, "White", 24, 0.208),
    (5, "BME", 12, 0.250),
    (6, "White", 24, 0.167),
    (6, "BME", 12, 0.333),
    (7, "White", 23, 0.565),
    (7, "BME", 12, 0.417),
    (8, "White", 24, 0.042),
    (8, "BME", 11, 0.182),
]
SURVEY_TITLES = [
    ORGANISATION,
    "NHS Staff Survey 2024 \u2013 WRES indicators by ethnic group",
]

# --------------------------------------------------------------------------------------
# Board register (company secretary's spreadsheet, saved as CSV).
# --------------------------------------------------------------------------------------

BOARD_HEADER = [
    "Name",
    "Role",
    "Executive / Non-Executive",
    "Voting Member Yes/No",
    "Ethnic Origin",
    "Date Appointed",
    "Date Left",
]
NED = "Non-Executive"
BOARD_ROWS: list[list[str]] = [
    ["Helen Ashworth", "Chair", NED, "Yes", "A White - British", "01/04/2021", ""],
    ["Richard Penhale", "Chief Executive", "Executive", "Yes", "A White - British",
     "01/04/2022", ""],
    ["Dr Anjali Mehta", "Medical Director", "Executive", "Yes",
     "H Asian or Asian British \u2013 Indian", "01/09/2020", ""],
    ["Grace Adebayo", "Chief Nurse", "Executive", "Yes",
     "N Black or Black British \u2013 African", "06/01/2023", ""],
    ["Simon Thorne", "Director of Finance", "Executive", "Yes", "A White - British",
     "01/06/2016", "30/09/2024"],  # left before 31 March 2025
    ["Claire Whitcombe", "Interim Director of Finance", "Executive", "Yes", "B White - Irish",
     "01/10/2024", ""],
    ["Tom Barraclough", "Director of People", "Executive", "No", "A White - British",
     "03/05/2021", ""],
    ["Priya Raman", "Director of Strategy", "Executive", "No", "Z Not Stated", "01/02/2024", ""],
    ["Margaret Ellery", "Non-Executive Director", NED, "Yes", "A White - British",
     "01/12/2019", ""],
    ["Daniel Kwok", "Non-Executive Director", NED, "Yes", "R Chinese", "01/07/2022", ""],
    ["Fiona McAllister", "Non-Executive Director (Audit Chair)", NED, "Yes",
     "C White - Any other White background", "01/05/2017", "30/04/2025"],  # still in post
    ["Olusegun Bakare", "Associate Non-Executive Director", NED, "No",
     "M Black or Black British - Caribbean", "01/03/2024", ""],
    ["Peter Gosling", "Non-Executive Director", NED, "Yes", "Prefer not to say", "01/11/2023",
     ""],
    ["Joan Harker", "Non-Executive Director", NED, "Yes", "A White - British", "01/04/2018",
     "31/01/2025"],  # left before 31 March 2025
]  # fmt: skip


def toml(workforce: str) -> str:
    return f"""reporting_year = 2025
organisation = "{ORGANISATION}"

[files]
workforce = "{workforce}"
recruitment = "{TRAC}"
disciplinary = "{ER}"
training = "{OLM}"
staff_survey = "{SURVEY}"
board = "{BOARD}"

# Our ER tracker calls the case reference "ER Ref".
[columns.disciplinary]
case_id = "ER Ref"
"""


# --------------------------------------------------------------------------------------
# Writers.
# --------------------------------------------------------------------------------------


def csv_bytes(
    header: list[str], rows: Sequence[Sequence[object]], encoding: str, newline: str
) -> bytes:
    """A CSV as Excel (cp1252, CRLF) or a web system (UTF-8) saves it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else str(v) for v in row])
    return out.getvalue().encode(encoding)


def new_workbook(path: Path, title: str) -> xlsxwriter.Workbook:
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties(
        {"title": title, "author": ORGANISATION, "created": dt.datetime(2025, 4, 2, 9, 30)}
    )
    return workbook


def write_survey(path: Path, text_cell: tuple[int, int, str] | None = None) -> None:
    """Title rows, a blank row, the header on row 4; percent cells hold fractions shown as %.
    ``text_cell`` = (0-based row, column, text) overwrites one cell with a text value."""
    workbook = new_workbook(path, "NHS Staff Survey 2024 WRES breakdown")
    sheet = workbook.add_worksheet("WRES")
    bold = workbook.add_format({"bold": True})
    percent = workbook.add_format({"num_format": "0.0%"})
    sheet.write_string(0, 0, SURVEY_TITLES[0], bold)
    sheet.write_string(1, 0, SURVEY_TITLES[1])
    for c, name in enumerate(SURVEY_HEADER):
        sheet.write_string(3, c, name, bold)
    for r, (indicator, group, respondents, fraction) in enumerate(SURVEY_ROWS, start=4):
        sheet.write_string(r, 0, f"Indicator {indicator}")
        sheet.write_string(r, 1, QUESTIONS[indicator])
        sheet.write_string(r, 2, group)
        sheet.write_number(r, 3, respondents)
        sheet.write_number(r, 4, fraction, percent)
    if text_cell is not None:
        sheet.write_string(*text_cell)
    sheet.set_column(1, 1, 60)
    workbook.close()


def write_esr_xlsx(path: Path) -> None:
    """ESR Staff in Post as a workbook: two title rows, header on row 3, numeric Employee
    Number and FTE cells, real date cells for Assignment Start Date."""
    workbook = new_workbook(path, "Staff in Post")
    sheet = workbook.add_worksheet("Staff in Post")
    bold = workbook.add_format({"bold": True})
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, f"{ORGANISATION} \u2013 Staff in Post", bold)
    sheet.write_string(1, 0, "Effective date: 31/03/2025")
    for c, name in enumerate(ESR_HEADER):
        sheet.write_string(2, c, name, bold)
    numeric = {ESR_HEADER.index("Employee Number"), ESR_HEADER.index("FTE")}
    for r, row in enumerate(esr_rows(), start=3):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif c in numeric:
                sheet.write_number(r, c, float(str(value)))
            elif value != "":
                sheet.write_string(r, c, str(value))
    workbook.close()


def write_clean(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / ESR_CSV).write_bytes(csv_bytes(ESR_HEADER, esr_rows(), "cp1252", "\r\n"))
    trac = trac_rows()
    (folder / TRAC).write_bytes(csv_bytes(TRAC_HEADER, trac, "utf-8-sig", "\r\n"))
    (folder / ER).write_bytes(csv_bytes(ER_HEADER, list(ER_ROWS), "cp1252", "\r\n"))
    (folder / OLM).write_bytes(csv_bytes(OLM_HEADER, list(OLM_ROWS), "utf-8", "\n"))
    (folder / BOARD).write_bytes(csv_bytes(BOARD_HEADER, list(BOARD_ROWS), "cp1252", "\r\n"))
    write_survey(folder / SURVEY)
    (folder / "wres.toml").write_text(toml(ESR_CSV), encoding="utf-8")


def write_clean_xlsx(clean: Path, folder: Path) -> None:
    folder.mkdir(parents=True)
    for name in (TRAC, ER, OLM, BOARD, SURVEY):
        shutil.copyfile(clean / name, folder / name)
    write_esr_xlsx(folder / ESR_XLSX)
    (folder / "wres.toml").write_text(toml(ESR_XLSX), encoding="utf-8")


def line_of(rows: Sequence[Sequence[object]], column: int, value: str) -> int:
    """Spreadsheet line of the first data row whose ``column`` is ``value`` (header = 1)."""
    return next(i for i, row in enumerate(rows) if row[column] == value) + 2


def write_planted(clean: Path, folder: Path) -> list[tuple[str, int, str, str, str]]:
    """clean/ with one mistake of each kind; returns (file, line, column, rule, value)."""
    shutil.copytree(clean, folder)
    planted: list[tuple[str, int, str, str, str]] = []

    # ESR: "Band 10" (grade blanked so the band cannot come from it), then an exact
    # duplicate of a later assignment row placed right below it.
    esr = esr_rows()
    band_line = line_of(esr, 1, "20300106")
    esr[band_line - 2][ESR_HEADER.index("Pay Band")] = "Band 10"
    esr[band_line - 2][ESR_HEADER.index("Grade")] = ""
    dup_line = line_of(esr, 1, "20300126") + 1
    esr.insert(dup_line - 2, list(esr[dup_line - 3]))
    (folder / ESR_CSV).write_bytes(csv_bytes(ESR_HEADER, esr, "cp1252", "\r\n"))
    planted.append((ESR_CSV, band_line, "Pay Band", "unknown-pay-band", "Band 10"))
    planted.append((ESR_CSV, dup_line, "", "duplicate-row", ""))

    # TRAC: appointed although not shortlisted (vacancy 300-ADM-4502's fourth applicant).
    trac = trac_rows()
    trac_line = (
        next(
            i
            for i, r in enumerate(trac)
            if r[0] == "300-ADM-4502" and r[3] == "Mixed - White and Black Caribbean"
        )
        + 2
    )
    trac[trac_line - 2][TRAC_HEADER.index("Offered")] = "Yes"
    trac[trac_line - 2][TRAC_HEADER.index("Appointed")] = "Yes"
    (folder / TRAC).write_bytes(csv_bytes(TRAC_HEADER, trac, "utf-8-sig", "\r\n"))
    planted.append((TRAC, trac_line, "Appointed", "appointed-not-shortlisted", "Yes"))

    # ER tracker: a two-digit year.
    er = [list(r) for r in ER_ROWS]
    er_line = line_of(er, 0, "ER-24-013")
    er[er_line - 2][ER_HEADER.index("Date Opened")] = "21/12/24"
    (folder / ER).write_bytes(csv_bytes(ER_HEADER, list(er), "cp1252", "\r\n"))
    planted.append((ER, er_line, "Date Opened", "two-digit-year", "21/12/24"))

    # OLM: an implausible year (2042 for 2024) on a mandatory course.
    olm = [list(r) for r in OLM_ROWS]
    olm_line = next(i for i, r in enumerate(olm) if r[0] == "20300131") + 2
    olm[olm_line - 2][OLM_HEADER.index("Completion Date")] = "14/06/2042"
    (folder / OLM).write_bytes(csv_bytes(OLM_HEADER, list(olm), "utf-8", "\n"))
    planted.append((OLM, olm_line, "Completion Date", "implausible-date", "14/06/2042"))

    # Survey: indicator 6 BME percentage typed as text with a decimal comma.
    survey_row = 4 + next(i for i, r in enumerate(SURVEY_ROWS) if r[:2] == (6, "BME"))
    write_survey(folder / SURVEY, (survey_row, SURVEY_HEADER.index("Percentage"), "33,3"))
    planted.append((SURVEY, survey_row + 1, "Percentage", "bad-number", "33,3"))
    return planted


def write_all(out: Path = HERE) -> list[tuple[str, int, str, str, str]]:
    for name in ("clean", "clean_xlsx", "planted"):
        shutil.rmtree(out / name, ignore_errors=True)
    write_clean(out / "clean")
    write_clean_xlsx(out / "clean", out / "clean_xlsx")
    return write_planted(out / "clean", out / "planted")


if __name__ == "__main__":
    for file, line, column, rule, value in write_all():
        print(f"{file}:{line}: column {column!r}: {rule} ({value!r})")
