"""The report's verdict on every change, on a two-year folder built for it and counted by
hand here: each expected p-value comes from statsmodels or from the Altman & Bland
formula written out below, never from wres_cli.

2024 -> 2025, one trust:
- indicator 1: BME staff at Band 8a, 4 of 40 -> 14 of 40 (Band 5: 48 of 160 both years):
  improved;
- indicator 2: White 250/1000 vs BME 120/800 appointed -> 260/1000 vs 90/800 (the worked
  example of benchmarking.md section 1, RL 1.67 -> 2.31, p = 0.030): worsened;
- indicator 5: BME respondents harassed 30.0% of 1,000 -> 25.0% of 1,000 (lower is
  better): improved;
- indicator 7: BME respondents seeing equal opportunities 45.0% of 500 -> 44.0% of 500:
  no significant change;
- indicator 9: 1 -> 2 BME of 10 voting members: no significant change.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from pages import plain_text, summary_rows
from statsmodels.stats.proportion import proportions_ztest

from wres_cli.cli import main

WHITE, BME = "A White - British", "H Asian or Asian British - Indian"
SENIOR_BME = {2024: 4, 2025: 14}
APPOINTED = {2024: ((250, 1000), (120, 800)), 2025: ((260, 1000), (90, 800))}
SURVEY = {  # indicator -> year -> (White %, BME %, respondents per group)
    5: {2024: (25.0, 30.0, 1000), 2025: (25.0, 25.0, 1000)},
    7: {2024: (57.0, 45.0, 500), 2025: (57.0, 44.0, 500)},
}
VOTING_BME = {2024: 1, 2025: 2}


def _write(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def _year(folder: Path, year: int) -> None:
    folder.mkdir(parents=True)
    (folder / "wres.toml").write_text(
        f'organisation = "Verdict Test NHS Trust"\nreporting_year = {year}\n'
    )
    staff: list[list[object]] = [
        ["Employee Number", "Ethnic Origin", "Pay Band", "Clinical Status"]
    ]
    number = 10_000_000
    for band, bme, total in (("Band 8a", SENIOR_BME[year], 40), ("Band 5", 48, 160)):
        for i in range(total):
            number += 1
            staff.append([number, BME if i < bme else WHITE, band, "Non-clinical"])
    _write(folder / "workforce.csv", staff)
    applications: list[list[object]] = [
        ["Application ID", "Ethnicity", "Shortlisted", "Appointed", "Shortlisting Date"]
    ]
    for origin, (appointed, shortlisted) in zip((WHITE, BME), APPOINTED[year], strict=True):
        for i in range(shortlisted):
            applications.append(
                [
                    f"A{len(applications)}",
                    origin,
                    "Yes",
                    "Yes" if i < appointed else "No",
                    f"{year - 1}-06-01",
                ]
            )
    _write(folder / "recruitment.csv", applications)
    survey: list[list[object]] = [
        ["Indicator", "Ethnic Group", "Number of Respondents", "Percentage"]
    ]
    for indicator, by_year in SURVEY.items():
        white, bme, n = by_year[year]
        survey += [[indicator, "White", n, white], [indicator, "BME", n, bme]]
    _write(folder / "staff_survey.csv", survey)
    board: list[list[object]] = [
        ["Member ID", "Ethnic Origin", "Voting Member", "Executive Director"]
    ]
    for i in range(10):
        board.append(
            [f"B{i}", BME if i < VOTING_BME[year] else WHITE, "Yes", "Y" if i < 5 else "N"]
        )
    _write(folder / "board.csv", board)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("verdicts")
    for year in (2024, 2025):
        _year(root / "trust" / str(year), year)
    out = root / "report.html"
    result = CliRunner().invoke(main, ["report", str(root / "trust"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def ztest_p(before: tuple[int, int], after: tuple[int, int]) -> float:
    _, p = proportions_ztest([after[0], before[0]], [after[1], before[1]])
    return float(p)


def altman_bland_p(before: tuple[int, int, int, int], after: tuple[int, int, int, int]) -> float:
    def log_rl(a: int, n1: int, c: int, n2: int) -> tuple[float, float]:
        return math.log((a / n1) / (c / n2)), 1 / a - 1 / n1 + 1 / c - 1 / n2

    (l1, v1), (l2, v2) = log_rl(*before), log_rl(*after)
    z = (l2 - l1) / math.sqrt(v1 + v2)
    return math.erfc(abs(z) / math.sqrt(2))


def test_the_hand_worked_p_values() -> None:
    assert altman_bland_p((250, 1000, 120, 800), (260, 1000, 90, 800)) == pytest.approx(
        0.030, abs=5e-4
    )
    assert ztest_p((4, 40), (14, 40)) < 0.05
    assert ztest_p((300, 1000), (250, 1000)) < 0.05
    assert ztest_p((225, 500), (220, 500)) > 0.05
    assert ztest_p((1, 10), (2, 10)) > 0.05


def test_every_change_has_its_verdict(report: str) -> None:
    rows = summary_rows(report)
    header = ["#", "Indicator", "2025", "Last year", "Change", "Verdict", "Assessment"]
    verdict = header.index("Verdict")
    assert rows["1"][verdict] == "improved"  # 10.0% -> 35.0% BME at 8a and above
    assert rows["1"][2:5] == ["35.0%", "10.0%", "up 25.0 pp"]
    assert rows["2"][verdict] == "worsened"  # 1.67 -> 2.31, further from 1
    assert rows["2"][2:4] == ["2.31", "1.67"]
    assert rows["5"][verdict] == "improved"  # 30.0% -> 25.0%, lower is better
    assert rows["7"][verdict] == "no significant change"
    assert rows["9"][verdict] == "no significant change"
    for missing in ("3", "4", "6", "8"):
        assert rows[missing][verdict] == "\N{EN DASH}"


def test_sections_give_the_test(report: str) -> None:
    page = plain_text(report)
    p2 = altman_bland_p((250, 1000, 120, 800), (260, 1000, 90, 800))
    assert (
        "Compared with 2024, the relative likelihood is 1.39 times last year's (95% "
        f"confidence interval 1.03 to 1.86; p = {p2:.3f}): worsened." in page
    )
    p1 = ztest_p((4, 40), (14, 40))
    assert (
        "Compared with 2024, the BME share of posts at Band 8a and above went from 10.0% to "
        "35.0% (+25.0 pp" in page
    )
    assert f"p = {p1:.3f}): improved." in page
    p5 = ztest_p((300, 1000), (250, 1000))
    assert "Compared with the 2023 survey, the share of BME respondents" in page
    assert f"lower is better; p = {p5:.3f}): improved." in page


def test_survey_is_labelled_with_its_year(report: str) -> None:
    page = plain_text(report)
    assert "In the 2024 NHS Staff Survey, 25.0% of BME respondents" in page
    assert "Survey White respondents" in page  # the by-year table is by survey year
    assert "2023 1,000 25.0%" in page  # the 2024 report year used the 2023 survey
