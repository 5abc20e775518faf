"""Tests for the sample-data generator (`wres_cli.sample`).

Checked with Polars / fastexcel directly, not through the loader, so the generator's
promises (encodings, layout, cross-file consistency, targets) are pinned on their own.
The ESR style (one row per assignment, no ethnicity in the ER / OLM files) and the
`wres sample` refusal to write into a non-empty folder are at the end.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from click.testing import CliRunner

from wres_cli.cli import main
from wres_cli.sample import write_sample

YEARS = (2023, 2024, 2025)
CSV_FILES = (
    "workforce.csv",
    "recruitment.csv",
    "disciplinary.csv",
    "training.csv",
    "board.csv",
    "capability.csv",
    "wdes_survey.csv",
)
ALL_FILES = (*CSV_FILES, "wres.toml", "staff_survey.xlsx")
BME_CODES = ["D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "NF", "P", "R", "S", "SC"]
BME_TARGET = {2023: 24.0, 2024: 25.5, 2025: 27.0}
SURVEY_HEADER = ["Indicator", "Ethnic Group", "Number of Respondents", "Percentage"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    write_sample(out, seed=1, staff=600)
    return out


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("national")
    write_sample(out, seed=1, staff=200, organisations=3, years=(2025,))
    return out / "2025"


def read_csv(path: Path) -> pl.DataFrame:
    encoding = "cp1252" if path.name == "board.csv" else "utf8"
    return pl.read_csv(path, infer_schema=False, encoding=encoding)


def read_survey(path: Path) -> pl.DataFrame:
    return fastexcel.read_excel(path).load_sheet(0, header_row=2).to_polars()


def is_bme(column: str) -> pl.Expr:
    return pl.col(column).fill_null("").str.split(" ").list.first().is_in(BME_CODES)


def test_returns_year_folders_with_every_file(sample: Path) -> None:
    assert sorted(p.name for p in sample.iterdir()) == [str(y) for y in YEARS]
    for year in YEARS:
        names = {p.name for p in (sample / str(year)).iterdir()}
        # The latest year also has the report's foreword and action plan.
        extra = (
            {"narrative.md", "actions.csv", "wdes_narrative.md"} if year == max(YEARS) else set()
        )
        if year == max(YEARS) - 1:
            extra = {"actions.csv"}  # last year's plan, with the status each action reached
        assert names == set(ALL_FILES) | extra  # no temporary files left behind
        toml = (sample / str(year) / "wres.toml").read_text()
        assert f"reporting_year = {year}" in toml
        assert 'organisation_code = "R9Z"' in toml
    assert (
        '[report]\nmeeting = "Trust Board' in (sample / str(max(YEARS)) / "wres.toml").read_text()
    )


def test_same_seed_is_byte_identical_and_other_seed_differs(tmp_path: Path, sample: Path) -> None:
    again = write_sample(tmp_path / "again", seed=1, staff=600, style="simple")  # the default
    write_sample(tmp_path / "other", seed=2, staff=600)
    assert [p.name for p in again] == [str(y) for y in YEARS]
    for year in YEARS:
        for name in ALL_FILES:
            expected = (sample / str(year) / name).read_bytes()
            assert (tmp_path / "again" / str(year) / name).read_bytes() == expected, name
    differ = [
        name
        for name in ALL_FILES
        if (tmp_path / "other" / "2025" / name).read_bytes()
        != (sample / "2025" / name).read_bytes()
    ]
    assert set(differ) >= set(CSV_FILES) | {"staff_survey.xlsx"}


def test_encodings(sample: Path) -> None:
    folder = sample / "2025"
    assert (folder / "workforce.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (folder / "recruitment.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    board = (folder / "board.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        board.decode("utf-8")
    assert "White \u2013 British" in board.decode("cp1252")


def test_headers(sample: Path) -> None:
    folder = sample / "2025"
    assert read_csv(folder / "workforce.csv").columns[:5] == [
        "Employee Number",
        "Ethnic Origin",
        "Pay Band",
        "Clinical Status",
        "Assignment Category",
    ]
    assert read_csv(folder / "recruitment.csv").columns == [
        "Application ID",
        "Ethnicity",
        "Shortlisted",
        "Appointed",
        "Shortlisting Date",
        "Disability",
    ]
    assert read_csv(folder / "board.csv").columns == [
        "Member ID",
        "Ethnic Origin",
        "Voting Member",
        "Executive Director",
        "Disability",
    ]


def test_survey_header_on_row_three(sample: Path) -> None:
    path = sample / "2025" / "staff_survey.xlsx"
    raw = fastexcel.read_excel(path).load_sheet(0, header_row=None).to_polars()
    assert raw.row(0)[0] == "NHS Staff Survey 2024 - WRES indicators"
    assert list(raw.row(2)) == SURVEY_HEADER
    survey = read_survey(path)
    assert survey.columns == SURVEY_HEADER
    assert survey.height == 8
    assert sorted(set(survey["Indicator"].cast(pl.Int64))) == [5, 6, 7, 8]
    assert survey["Percentage"].is_between(0, 100).all()


@pytest.mark.parametrize("year", YEARS)
def test_workforce_ids_unique_and_bme_share_on_target(sample: Path, year: int) -> None:
    workforce = read_csv(sample / str(year) / "workforce.csv")
    assert workforce["Employee Number"].is_unique().all()
    assert workforce["Employee Number"].str.contains(r"^\d{8}$").all()
    in_post = workforce.filter(pl.col("Assignment Category") != "Bank")
    bme_percent = 100 * in_post.select(is_bme("Ethnic Origin").mean()).item()
    assert abs(bme_percent - BME_TARGET[year]) <= 2.0


def test_staff_carry_over_between_years(sample: Path) -> None:
    before = read_csv(sample / "2024" / "workforce.csv")["Employee Number"]
    after = read_csv(sample / "2025" / "workforce.csv")["Employee Number"]
    stayed = before.is_in(after.implode()).cast(pl.Float64).mean()
    assert isinstance(stayed, float)
    assert 0.8 < stayed < 0.95


@pytest.mark.parametrize("year", YEARS)
def test_cross_file_consistency(sample: Path, year: int) -> None:
    folder = sample / str(year)
    workforce = read_csv(folder / "workforce.csv").select("Employee Number", "Ethnic Origin")
    disciplinary = read_csv(folder / "disciplinary.csv")
    assert disciplinary.height > 0
    assert disciplinary["Case Reference"].is_unique().all()
    joined = disciplinary.join(workforce, on="Employee Number", how="left", suffix="_wf")
    assert disciplinary["Employee Number"].is_in(workforce["Employee Number"].implode()).all()
    # same label as in workforce (blank ethnic origin is null on both sides)
    assert joined["Ethnic Origin"].eq_missing(joined["Ethnic Origin_wf"]).all()
    training = read_csv(folder / "training.csv")
    assert training["Employee Number"].is_in(workforce["Employee Number"].implode()).all()
    assert set(training["Mandatory Training"]) == {"Y", "N"}


def test_recruitment_rules(sample: Path) -> None:
    recruitment = read_csv(sample / "2025" / "recruitment.csv")
    assert recruitment["Application ID"].is_unique().all()
    appointed = recruitment.filter(pl.col("Appointed") == "Yes")
    assert (appointed["Shortlisted"] == "Yes").all()
    dates = recruitment["Shortlisting Date"].str.to_date("%Y-%m-%d")
    assert dates.is_between(date(2024, 3, 1), date(2025, 3, 31)).all()
    early = (dates < date(2024, 4, 1)).sum()  # the month before the window
    assert 0 < early < recruitment.height * 0.02


def test_multi_organisation_codes(national: Path) -> None:
    for name in CSV_FILES:
        frame = read_csv(national / name)
        assert frame.columns[0] == "Organisation Code", name
        assert frame["Organisation Code"].n_unique() == 3, name
    survey = read_survey(national / "staff_survey.xlsx")
    assert survey.columns == ["Organisation Code", *SURVEY_HEADER]
    assert survey["Organisation Code"].n_unique() == 3
    assert survey.height == 24
    workforce = read_csv(national / "workforce.csv")
    assert workforce["Employee Number"].is_unique().all()
    assert 450 < workforce.height < 750
    toml = (national / "wres.toml").read_text()
    assert 'organisation = "Fictional national extract"' in toml
    assert "organisation_code" not in toml
    for name, column in (("recruitment.csv", "Application ID"), ("board.csv", "Member ID")):
        ids = read_csv(national / name)
        assert ids[column].is_unique().all()
        prefix = ids[column].str.split("-").list.get(1)
        assert (prefix == ids["Organisation Code"]).all()


def test_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_sample(tmp_path, staff=0)
    with pytest.raises(ValueError):
        write_sample(tmp_path, years=())
    with pytest.raises(ValueError):
        write_sample(tmp_path, style="trac")


# --- ESR style ---------------------------------------------------------------------------

ESR_YEARS = (2024, 2025)
ESR_WORKFORCE = [
    "Employee Number",
    "Assignment Number",
    "Primary Assignment",
    "Ethnic Origin",
    "Pay Band",
    "Grade",
    "Staff Group",
    "Assignment Category",
]
ESR_STAFF_GROUPS = {
    "Medical and Dental",
    "Nursing and Midwifery Registered",
    "Allied Health Professionals",
    "Additional Clinical Services",
    "Add Prof Scientific and Technic",
    "Healthcare Scientists",
    "Students",
    "Administrative and Clerical",
    "Estates and Ancillary",
}
ESR_PAY_BANDS = {
    *(f"Review Body Band {b}" for b in (1, 2, 3, 4, 5, 6, 7, 9)),
    *(f"Band 8 - Range {r}" for r in "ABCD"),
    "Very Senior Manager",
    "Medical and Dental",
}


@pytest.fixture(scope="module")
def esr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough for a handful of people with several assignments and no primary."""
    out = tmp_path_factory.mktemp("esr")
    write_sample(out, seed=1, staff=3000, years=ESR_YEARS, style="esr")
    return out


def people_of(workforce: pl.DataFrame) -> pl.DataFrame:
    """One row per Employee Number: assignments, Y flags, Bank only, distinct ethnic origins."""
    return workforce.group_by("Employee Number").agg(
        assignments=pl.len(),
        primary=(pl.col("Primary Assignment") == "Y").sum(),
        bank_only=(pl.col("Assignment Category") == "Bank").all(),
        origins=pl.col("Ethnic Origin").n_unique(),
    )


def test_esr_headers(esr: Path) -> None:
    folder = esr / "2025"
    workforce = read_csv(folder / "workforce.csv")
    assert workforce.columns[: len(ESR_WORKFORCE)] == ESR_WORKFORCE
    assert "Clinical Status" not in workforce.columns
    assert (folder / "workforce.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_csv(folder / "disciplinary.csv").columns == [
        "Case Reference",
        "Employee Number",
        "Case Type",
        "Formal / Informal",
        "Date Opened",
    ]
    assert read_csv(folder / "training.csv").columns == [
        "Employee Number",
        "Course Name",
        "Statutory/Mandatory",
        "Completion Date",
    ]
    # The other files are as in the simple style.
    assert read_csv(folder / "recruitment.csv").columns[:2] == ["Application ID", "Ethnicity"]
    assert read_survey(folder / "staff_survey.xlsx").columns == SURVEY_HEADER


@pytest.mark.parametrize("year", ESR_YEARS)
def test_esr_one_row_per_assignment(esr: Path, year: int) -> None:
    workforce = read_csv(esr / str(year) / "workforce.csv")
    assert workforce["Assignment Number"].is_unique().all()
    assert not workforce["Employee Number"].is_unique().all()  # some people repeat
    assert workforce["Employee Number"].str.contains(r"^\d{8}$").all()
    parts = workforce["Assignment Number"].str.split_exact("-", 1).struct
    number, seq = parts[0], parts[1]
    assert (number == workforce["Employee Number"]).all()
    assert seq.is_in(["1", "2"]).all()
    people = people_of(workforce)
    assert people.height == 3000
    assert (people["origins"] == 1).all()  # ethnicity belongs to the person
    several = (people["assignments"] > 1).mean()
    bank_only = people["bank_only"].mean()
    assert isinstance(several, float) and isinstance(bank_only, float)
    assert 0.06 < several < 0.10  # about 8% hold a second assignment
    assert 0.02 < bank_only < 0.04  # about 3% are Bank only
    second = workforce.filter(
        pl.col("Employee Number").is_in(
            people.filter(pl.col("assignments") > 1)["Employee Number"].implode()
        )
        & (pl.col("Primary Assignment") == "N")
    )
    assert (second["Assignment Category"] == "Bank").sum() > second.height / 2  # often Bank


@pytest.mark.parametrize("year", ESR_YEARS)
def test_esr_primary_assignment_flags(esr: Path, year: int) -> None:
    workforce = read_csv(esr / str(year) / "workforce.csv")
    assert set(workforce["Primary Assignment"]) == {"Y", "N"}
    people = people_of(workforce)
    single = people.filter(pl.col("assignments") == 1)
    assert (single["primary"] == 1).all()
    several = people.filter(pl.col("assignments") > 1)
    assert (several["primary"] <= 1).all()  # never two primaries
    no_primary = int((several["primary"] == 0).sum())
    assert 0 < no_primary <= several.height * 0.05  # about 1 in 50
    # The primary is not always the first-numbered assignment.
    flagged = workforce.filter(pl.col("Primary Assignment") == "Y")
    assert flagged["Assignment Number"].str.ends_with("-2").any()


def test_esr_spellings(esr: Path) -> None:
    workforce = read_csv(esr / "2025" / "workforce.csv")
    assert set(workforce["Pay Band"]) == ESR_PAY_BANDS
    assert set(workforce["Staff Group"]) == ESR_STAFF_GROUPS
    assert set(workforce["Assignment Category"]) == {"Permanent", "Fixed Term Temp", "Bank"}
    assert workforce["Grade"].str.contains(r"^X[RNV]\d{2} \S").all()  # ESR grade code, name
    medical = workforce.filter(pl.col("Pay Band") == "Medical and Dental")
    assert (medical["Staff Group"] == "Medical and Dental").all()
    assert {"XN08 Consultant", "XN03 Speciality Doctor", "XN02 Foundation Year 1"} <= set(
        medical["Grade"]
    )
    afc = workforce.filter(pl.col("Pay Band") != "Medical and Dental")
    assert (afc["Grade"].str.slice(5) == afc["Pay Band"]).all()  # "XR05 Review Body Band 5"


@pytest.mark.parametrize("year", ESR_YEARS)
def test_esr_events_have_no_ethnicity(esr: Path, year: int) -> None:
    folder = esr / str(year)
    workforce = read_csv(folder / "workforce.csv")
    staff = workforce["Employee Number"].implode()
    people = people_of(workforce)
    bank_only = people.filter("bank_only")["Employee Number"].implode()
    disciplinary = read_csv(folder / "disciplinary.csv")
    training = read_csv(folder / "training.csv")
    for events in (disciplinary, training):
        assert "Ethnic Origin" not in events.columns
        assert events["Employee Number"].is_in(staff).all()
    assert disciplinary["Case Reference"].is_unique().all()
    types = disciplinary["Case Type"].value_counts().sort("count", descending=True)
    assert types["Case Type"].to_list()[0] == "Disciplinary"  # mostly
    assert set(types["Case Type"]) == {"Disciplinary", "Grievance", "Capability"}
    assert set(disciplinary["Formal / Informal"]) == {"Formal", "Informal"}
    assert (
        disciplinary.filter(pl.col("Case Type") == "Disciplinary")["Formal / Informal"].n_unique()
        == 2
    )
    dates = disciplinary["Date Opened"].str.to_date("%d/%m/%Y")
    assert dates.is_between(date(year - 1, 4, 1), date(year, 3, 31)).all()
    assert set(training["Statutory/Mandatory"]) == {"Y", "N"}
    # Bank-only people have events too (the tool drops them).
    assert training["Employee Number"].is_in(bank_only).any()


def test_esr_assignments_stable_between_years(esr: Path) -> None:
    before, after = (read_csv(esr / str(y) / "workforce.csv") for y in ESR_YEARS)
    both = before.join(after, on="Assignment Number", suffix="_after")
    stayed = after["Employee Number"].is_in(before["Employee Number"].implode())
    kept = after.filter(stayed)
    assert 0.8 < kept.height / after.height < 0.95
    assert both.height == kept.height  # same assignments for the people who stayed
    for column in ("Employee Number", "Primary Assignment", "Ethnic Origin", "Grade"):
        assert (both[column] == both[f"{column}_after"]).all(), column


def test_esr_same_people_as_simple(tmp_path: Path, esr: Path) -> None:
    write_sample(tmp_path, seed=1, staff=3000, years=ESR_YEARS)
    simple = read_csv(tmp_path / "2025" / "workforce.csv").select(
        "Employee Number", "Ethnic Origin"
    )
    by_person = read_csv(esr / "2025" / "workforce.csv").unique("Employee Number")
    joined = simple.join(by_person, on="Employee Number", how="full", suffix="_esr")
    assert joined.height == simple.height == by_person.height
    assert joined["Ethnic Origin"].eq_missing(joined["Ethnic Origin_esr"]).all()


def test_esr_is_byte_identical_for_the_same_arguments(tmp_path: Path, esr: Path) -> None:
    write_sample(tmp_path, seed=1, staff=3000, years=ESR_YEARS, style="esr")
    for year in ESR_YEARS:
        for name in ALL_FILES:
            expected = (esr / str(year) / name).read_bytes()
            assert (tmp_path / str(year) / name).read_bytes() == expected, (year, name)


def test_esr_multi_organisation(tmp_path: Path) -> None:
    (folder,) = write_sample(
        tmp_path, seed=1, staff=200, organisations=3, years=(2025,), style="esr"
    )
    for name in CSV_FILES:
        frame = read_csv(folder / name)
        assert frame.columns[0] == "Organisation Code", name
        assert frame["Organisation Code"].n_unique() == 3, name
    workforce = read_csv(folder / "workforce.csv")
    assert workforce["Assignment Number"].is_unique().all()


# --- wres sample: the output folder -----------------------------------------------------

SMALL = ["--staff", "40", "--years", "2025"]


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_cli_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "workforce.csv").write_bytes(b"real data\n")
    (tmp_path / "notes.txt").write_bytes(b"mine\n")
    before = listing(tmp_path)
    result = CliRunner().invoke(main, ["sample", str(tmp_path), *SMALL])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "not empty" in result.stderr and "--force" in result.stderr
    assert listing(tmp_path) == before  # nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025", "notes.txt"]


def test_cli_refuses_a_folder_holding_only_a_hidden_file(tmp_path: Path) -> None:
    (tmp_path / ".keep").write_bytes(b"")
    result = CliRunner().invoke(main, ["sample", str(tmp_path), *SMALL])
    assert result.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".keep"]


def test_cli_writes_into_a_new_or_empty_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["sample", str(tmp_path), *SMALL]).exit_code == 0  # empty
    new = tmp_path / "a" / "b"
    result = runner.invoke(main, ["sample", str(new), *SMALL, "--style", "esr"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {new / '2025'}\n"
    assert read_csv(new / "2025" / "workforce.csv").columns[:2] == ESR_WORKFORCE[:2]


def test_cli_force_overwrites(tmp_path: Path) -> None:
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "workforce.csv").write_bytes(b"real data\n")
    (tmp_path / "notes.txt").write_bytes(b"mine\n")
    result = CliRunner().invoke(main, ["sample", str(tmp_path), *SMALL, "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "notes.txt").read_bytes() == b"mine\n"  # other files are left alone
    fresh = tmp_path / "fresh"
    write_sample(fresh, staff=40, years=(2025,))
    assert listing(tmp_path / "2025") == listing(fresh / "2025")


def test_cli_bad_years_and_sizes_are_usage_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (["--years", "twenty"], ["--staff", "0"], ["--organisations", "0"]):
        result = runner.invoke(main, ["sample", str(tmp_path / "out"), *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
