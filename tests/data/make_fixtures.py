"""Write the fixture folders of ``tests/test_fixtures.py`` (run once; the output is committed).

Every fixture is a small, realistic WRES data folder with one thing wrong (or one awkward
thing a real export does that must still load). The bytes are written here rather than
typed in an editor so that encodings, line endings and bad bytes are exactly as stated;
the line and column of each planted problem is listed in ``tests/test_fixtures.py``.

    python tests/data/make_fixtures.py
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).parent

ESR_HEADER = "Employee Number,Ethnic Origin,Pay Band,Clinical Status"
STAFF = [
    "10001,A White - British,Band 5,Clinical",
    "10002,H Asian or Asian British - Indian,Band 6,Clinical",
    "10003,N Black or Black British - African,Band 3,Non-clinical",
    "10004,B White - Irish,Band 8A,Non-clinical",
    "10005,R Chinese,Band 7,Clinical",
]
WORKFORCE = "\n".join([ESR_HEADER, *STAFF]) + "\n"
"""A valid workforce file; folders testing another file carry it unchanged."""

RECRUITMENT_HEADER = "Application Reference,Ethnic Origin,Shortlisted?,Appointed?,Shortlisting Date"
APPLICATIONS = [
    "APP-24-0001,A White - British,Y,N,15/04/2024",
    "APP-24-0002,H Asian or Asian British - Indian,Y,Y,02/05/2024",
    "APP-24-0003,N Black or Black British - African,N,N,20/06/2024",
    "APP-24-0004,B White - Irish,Y,N,11/09/2024",
    "APP-24-0005,R Chinese,Y,Y,03/12/2024",
]
SURVEY_HEADER = "Indicator,Ethnic Group,Number of Respondents,Percentage"
SURVEY = [
    "5,White,1210,26.4",
    "5,BME,388,29.1",
    "6,White,1205,24.8",
    "6,BME,386,27.5",
    "7,White,1198,58.3",
    "7,BME,384,44.6",
    "8,White,1201,6.2",
    "8,BME,385,15.8",
]
TOML = 'organisation = "Example NHS Foundation Trust"\norganisation_code = "RXX"\n'
TOML_2025 = TOML + "reporting_year = 2025\n"


def lines(*rows: str, sep: str = "\n") -> str:
    return sep.join(rows) + sep


def replace(rows: list[str], line: int, row: str) -> list[str]:
    """``rows`` are data lines 2..n of a file; put ``row`` on file line ``line``."""
    out = list(rows)
    out[line - 2] = row
    return out


def text_fixtures() -> dict[str, dict[str, bytes | str]]:
    """Folder -> file name -> content (str is written as UTF-8)."""
    return {
        # ---- must fail ------------------------------------------------------------------
        "missing_column": {
            "workforce.csv": lines(
                "Employee Number,Ethnic Origin,Clinical Status",
                "10001,A White - British,Clinical",
                "10002,H Asian or Asian British - Indian,Clinical",
                "10003,N Black or Black British - African,Non-clinical",
            ),
        },
        "unmapped_header": {
            "workforce.csv": lines(
                "Employee Number,Ethnic Background,Pay Band,Clinical Status", *STAFF
            ),
        },
        "empty_file": {"workforce.csv": b""},
        "header_only": {"workforce.csv": lines(ESR_HEADER)},
        "duplicate_id": {
            # line 7 repeats the staff id of line 3 (column A "Employee Number")
            "workforce.csv": lines(
                ESR_HEADER, *STAFF, "10002,C White - Any other White background,Band 2,Clinical"
            ),
        },
        "bad_yes_no": {
            "wres.toml": TOML_2025,
            "workforce.csv": WORKFORCE,
            # line 4, column D "Appointed?": "Pending"
            "recruitment.csv": lines(
                RECRUITMENT_HEADER,
                *replace(
                    APPLICATIONS,
                    4,
                    "APP-24-0003,N Black or Black British - African,Y,Pending,20/06/2024",
                ),
            ),
        },
        "bad_date": {
            "wres.toml": TOML_2025,
            "workforce.csv": WORKFORCE,
            # column E "Shortlisting Date": line 3 "31/02/2024", line 5 "next tuesday"
            "recruitment.csv": lines(
                RECRUITMENT_HEADER,
                *replace(
                    replace(
                        APPLICATIONS,
                        3,
                        "APP-24-0002,H Asian or Asian British - Indian,Y,Y,31/02/2024",
                    ),
                    5,
                    "APP-24-0004,B White - Irish,Y,N,next tuesday",
                ),
            ),
        },
        "appointed_not_shortlisted": {
            "wres.toml": TOML_2025,
            "workforce.csv": WORKFORCE,
            # line 4: Shortlisted? N, Appointed? Y
            "recruitment.csv": lines(
                RECRUITMENT_HEADER,
                *replace(
                    APPLICATIONS, 4, "APP-24-0003,N Black or Black British - African,N,Y,20/06/2024"
                ),
            ),
        },
        "negative_count": {
            "workforce.csv": WORKFORCE,
            # line 4, column C "Number of Respondents": -3
            "staff_survey.csv": lines(SURVEY_HEADER, *replace(SURVEY, 4, "6,White,-3,24.8")),
        },
        "percent_over_100": {
            "workforce.csv": WORKFORCE,
            # line 7, column D "Percentage": 104.5
            "staff_survey.csv": lines(SURVEY_HEADER, *replace(SURVEY, 7, "7,BME,384,104.5")),
        },
        "positive_over_respondents": {
            "workforce.csv": WORKFORCE,
            # line 3, column D "Positive Count": 130 of 120 respondents
            "staff_survey.csv": lines(
                "Indicator,Ethnic Group,Number of Respondents,Positive Count",
                "5,White,1210,319",
                "5,BME,120,130",
                "6,White,1205,299",
                "6,BME,386,106",
            ),
        },
        "survey_indicator_9": {
            "workforce.csv": WORKFORCE,
            # line 9, column A "Indicator": 9
            "staff_survey.csv": lines(SURVEY_HEADER, *replace(SURVEY, 9, "9,BME,385,15.8")),
        },
        "duplicate_header": {
            # "Pay Band" twice (substantive and acting band): columns C and E, line 1
            "workforce.csv": lines(
                ESR_HEADER + ",Pay Band",
                *(f"{row},{row.split(',')[2]}" for row in STAFF),
            ),
        },
        "toml_syntax": {
            # line 2: the string is never closed
            "wres.toml": 'reporting_year = 2025\norganisation = "Example NHS Foundation Trust\n',
            "workforce.csv": WORKFORCE,
        },
        "toml_unknown_key": {
            # line 6: "supress_below" is a misspelling of suppress_below
            "wres.toml": TOML_2025 + "\n[options]\nsupress_below = 10\n",
            "workforce.csv": WORKFORCE,
        },
        # ---- must load ------------------------------------------------------------------
        "unmapped_header_mapped": {
            "wres.toml": TOML + '\n[columns.workforce]\nethnic_origin = "Ethnic Background"\n',
            "workforce.csv": lines(
                "Employee Number,Ethnic Background,Pay Band,Clinical Status", *STAFF
            ),
        },
        "header_only_disciplinary": {
            "wres.toml": TOML_2025,
            "workforce.csv": WORKFORCE,
            "disciplinary.csv": lines(
                "Case Reference,Employee Number,Ethnic Origin,Investigation Start Date"
            ),
        },
        "esr_headers": {
            "workforce.csv": lines(
                "Employee Number,Assignment Number,Full Name,Staff Group,Ethnic Origin,"
                "Pay Band,Assignment Category,Clinical Status,FTE",
                "10001,10001-1,Smith Jane,Nursing and Midwifery Registered,A White - British,"
                "Band 5,Permanent,Clinical,1.00",
                "10002,10002-1,Patel Ravi,Allied Health Professionals,"
                "H Asian or Asian British - Indian,Band 6,Permanent,Clinical,0.80",
                "10003,10003-1,Okafor Ada,Administrative and Clerical,"
                "N Black or Black British - African,Band 3,Fixed Term Temp,Non-clinical,1.00",
                "10004,10004-2,Murphy Sean,Estates and Ancillary,B White - Irish,Band 2,"
                "Bank,Non-clinical,0.00",
            ),
        },
        "utf8_bom": {
            "workforce.csv": b"\xef\xbb\xbf" + WORKFORCE.encode(),
        },
        "mixed_bands": {
            "workforce.csv": lines(
                ESR_HEADER,
                "10001,A White - British,5,Clinical",
                "10002,H Asian or Asian British - Indian,Band 8A,Non-clinical",
                "10003,N Black or Black British - African,AfC Band 6,Clinical",
                "10004,B White - Irish,VSM,Non-clinical",
                "10005,R Chinese,Consultant,Clinical",
            ),
        },
    }


def byte_fixtures() -> dict[str, dict[str, bytes | str]]:
    """Fixtures whose point is their bytes: encodings, CRLF, bad bytes, binary data."""
    cp1252_rows = [
        "Employee Number,Ethnic Origin,Pay Band,Clinical Status,Department",
        "10001,A White \u2013 British,Band 5,Clinical,Ward 7",
        "10002,H Asian or Asian British \u2013 Indian,Band 6,Clinical,Pharmacy",
        "10003,N Black or Black British \u2013 African,Band 2,Non-clinical,Caf\u00e9 & Catering",
        "10004,B White \u2013 Irish,Band 8A,Non-clinical,Finance",
    ]
    binary = random.Random(2025).randbytes(400)
    return {
        # Windows-1252 as Excel saves "CSV (Comma delimited)": CRLF, en dash 0x96, é 0xE9
        "cp1252": {"workforce.csv": "\r\n".join([*cp1252_rows, ""]).encode("cp1252")},
        # 0x81 (undefined in UTF-8 and in Windows-1252) on line 3, column B "Ethnic Origin"
        "undecodable": {
            "workforce.csv": WORKFORCE.encode().replace(b"10002,H Asian", b"10002,H \x81Asian"),
        },
        # a Windows-1252 file (é on line 2, column E) with a stray 0x8D on line 5, column B:
        # the error must name line 5, not the first non-UTF-8 byte
        "undecodable_cp1252": {
            "workforce.csv": "\r\n".join([*cp1252_rows, ""])
            .encode("cp1252")
            .replace(b"Ward 7", "Caf\u00e9 Bar".encode("cp1252"))
            .replace(b"10004,B White", b"10004,B \x8dWhite"),
        },
        # a PNG signature and IHDR chunk, then deterministic noise: NUL bytes on line 2
        "binary_csv": {
            "workforce.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8"
            + binary,
        },
    }


def write_xlsx(path: Path, rows: list[list[object]], first_column: int = 0) -> None:
    """A workbook as an export tool writes it: titles above the header, fixed metadata."""
    workbook = xlsxwriter.Workbook(path)
    workbook.set_properties(
        {"title": "Workforce extract", "author": "ESR", "created": dt.datetime(2025, 4, 1, 9, 0)}
    )
    sheet = workbook.add_worksheet("Workforce")
    bold = workbook.add_format({"bold": True})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, first_column + c, value, bold if r < 4 else None)
    workbook.close()


XLSX_TITLES: list[list[object]] = [
    ["Example NHS Foundation Trust"],
    ["Workforce extract: staff in post at 31/03/2025"],
    [],
    ["Employee Number", "Ethnic Origin", "Pay Band", "Clinical Status", "Assignment Category"],
]


def xlsx_fixtures() -> dict[str, tuple[list[list[object]], int]]:
    """Folder -> (rows from line 1, first column used: 0 = A)."""
    rows: list[list[object]] = [
        [10001, "A White - British", "Band 5", "Clinical", "Permanent"],
        [10002, "H Asian or Asian British - Indian", "Band 6", "Clinical", "Permanent"],
        [10003, "N Black or Black British - African", "Band 3", "Non-clinical", "Permanent"],
        [10004, "B White - Irish", "Band 8A", "Non-clinical", "Fixed Term Temp"],
    ]
    bad_band = [*rows[:2], [*rows[2][:2], "Band 10", *rows[2][3:]], rows[3]]
    return {
        # header on line 4 below two title rows and a blank row; ids are numeric cells
        "xlsx_title_rows": ([*XLSX_TITLES, *rows], 0),
        # as above, with "Band 10" on line 7, column C "Pay Band"
        "xlsx_bad_band": ([*XLSX_TITLES, *bad_band], 0),
        # the same sheet starting in column B (column A empty): "Band 10" on line 7, column D
        "xlsx_offset": ([*XLSX_TITLES, *bad_band], 1),
    }


def write_all(out: Path) -> list[str]:
    """(Re)write every fixture folder under ``out``; returns the folder names."""
    folders: dict[str, dict[str, bytes | str]] = {**text_fixtures(), **byte_fixtures()}
    books = xlsx_fixtures()
    for name in [*folders, *books]:
        shutil.rmtree(out / name, ignore_errors=True)
        (out / name).mkdir(parents=True)
    for name, files in folders.items():
        for file_name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            (out / name / file_name).write_bytes(data)
    for name, (rows, first_column) in books.items():
        write_xlsx(out / name / "workforce.xlsx", rows, first_column)
    return sorted([*folders, *books])


if __name__ == "__main__":
    write_all(HERE)
