"""Tests for the sample-data generator (`wres_cli.sample`).

Checked with Polars / fastexcel directly, not through the loader, so the generator's
promises (encodings, layout, cross-file consistency, targets) are pinned on their own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import fastexcel
import polars as pl
import pytest

from wres_cli.sample import write_sample

YEARS = (2023, 2024, 2025)
CSV_FILES = ("workforce.csv", "recruitment.csv", "disciplinary.csv", "training.csv", "board.csv")
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
        extra = {"narrative.md", "actions.csv"} if year == max(YEARS) else set()
        assert names == set(ALL_FILES) | extra  # no temporary files left behind
        toml = (sample / str(year) / "wres.toml").read_text()
        assert f"reporting_year = {year}" in toml
        assert 'organisation_code = "R9Z"' in toml


def test_same_seed_is_byte_identical_and_other_seed_differs(tmp_path: Path, sample: Path) -> None:
    again = write_sample(tmp_path / "again", seed=1, staff=600)
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
    ]
    assert read_csv(folder / "board.csv").columns == [
        "Member ID",
        "Ethnic Origin",
        "Voting Member",
        "Executive Director",
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
