"""Every indicator against values worked out by hand (wres-spec.md sections 2-8).

Each test writes a tiny data folder whose counts are stated in the test, runs the real
pipeline, and compares with arithmetic written in the comments. No expected value is
computed by the code under test: confidence intervals are checked against scipy and
statsmodels, fed with the hand counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from scipy.stats.contingency import relative_risk
from statsmodels.stats.proportion import confint_proportions_2indep

from wres_cli.cli import main
from wres_cli.numbers import pct
from wres_cli.pipeline import Overrides, analyse
from wres_cli.schema.output import (
    AnalysisDocument,
    BandRow,
    BoardRepresentation,
    BoardSubset,
    GroupShare,
    IssueOut,
    RelativeLikelihood,
    Representation,
    Survey,
)

ESR_WORKFORCE = "Employee Number,Ethnic Origin,Pay Band,Clinical Status"
RECRUITMENT = "Application Reference,Ethnic Origin,Shortlisted?,Appointed?"
DISCIPLINARY = "Case Reference,Employee Number,Ethnic Origin"
TRAINING = "Employee Number,Ethnic Origin,Mandatory Training"
BOARD = "Member ID,Ethnic Origin,Voting Member,Executive Member"
WHITE, BME, UNKNOWN = "A White - British", "N Black or Black British - African", "Z Not Stated"


# ---- helpers: write a folder, run it, pick results --------------------------------------


def csv(header: str, rows: Iterable[str]) -> str:
    return "\n".join([header, *rows]) + "\n"


def folder(path: Path, files: dict[str, str], *, year: int = 2025, toml: str = "") -> Path:
    """A data folder with ``wres.toml`` (reporting_year) and the given CSV texts."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "wres.toml").write_text(f"reporting_year = {year}\n{toml}", encoding="utf-8")
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def staff(
    prefix: str, ethnic: str, n: int, band: str = "Band 5", clinical: str = "Clinical"
) -> list[str]:
    """``n`` ESR workforce rows with ids prefix001..prefixNNN."""
    return [f"{prefix}{i:03d},{ethnic},{band},{clinical}" for i in range(1, n + 1)]


def applications(prefix: str, ethnic: str, shortlisted: str, appointed: str, n: int) -> list[str]:
    return [f"{prefix}-{i},{ethnic},{shortlisted},{appointed}" for i in range(1, n + 1)]


def workforce_30_white_20_bme_10_unknown_5() -> str:
    """Headcount White 20 (W001-W020), BME 10 (B001-B010), Unknown 5 (U001-U005)."""
    return csv(
        ESR_WORKFORCE,
        [*staff("W", WHITE, 20), *staff("B", BME, 10), *staff("U", UNKNOWN, 5)],
    )


def run(path: Path, options: Overrides | None = None) -> AnalysisDocument:
    analysis = analyse([path], options)
    assert len(analysis.documents) == 1
    return analysis.documents[0]


def rl(doc: AnalysisDocument, number: int) -> RelativeLikelihood:
    result = doc.indicators[str(number)]
    assert isinstance(result, RelativeLikelihood), result
    return result


def rep(doc: AnalysisDocument) -> Representation:
    result = doc.indicators["1"]
    assert isinstance(result, Representation), result
    return result


def row(i1: Representation, cluster: str, band: str) -> BandRow:
    found = [r for r in i1.rows if r.cluster == cluster and r.band == band]
    assert len(found) == 1, (cluster, band)
    return found[0]


def shares(part: BandRow | BoardSubset | Any) -> tuple[tuple[int, float | None], ...]:
    """(count, percent) of White, BME, Unknown."""
    groups: tuple[GroupShare, ...] = (part.white, part.bme, part.unknown)
    return tuple((g.count, g.percent) for g in groups)


def approx_shares(*expected: tuple[int, float | None]) -> Any:
    return tuple((n, None if p is None else pytest.approx(p, rel=1e-12)) for n, p in expected)


def small_count(doc: AnalysisDocument, indicator: int) -> list[IssueOut]:
    return [
        w
        for w in doc.validation.warnings
        if w.rule == "small-count"
        and w.message.startswith((f"indicator {indicator} ", f"indicator {indicator}:"))
    ]


# ---- indicator 1 ------------------------------------------------------------------------

I1_WORKFORCE = csv(
    "staff_id,ethnic_origin,pay_band,clinical,assignment_category",
    [
        # non-clinical Band 2: White 2, BME 1, Unknown 1 (+ one White Bank row)
        "n01,A,Band 2,N,Permanent",
        "n02,B White - Irish,2,N,Permanent",
        "n03,N,Band 2,N,Fixed Term Temp",
        "n04,Z,Band 2,N,Permanent",
        "n05,A,Band 2,N,Bank",
        # non-clinical Band 5: White 1, BME 2
        "n06,A,AfC Band 5,N,Permanent",
        "n07,H,5,N,Permanent",
        "n08,M,Band 5,N,Permanent",
        # clinical Band 5: White 3, BME 1, Unknown 1
        "c01,A,Band 5,Y,Permanent",
        "c02,C,Band 5,Y,Permanent",
        "c03,A,Band 5,Y,Permanent",
        "c04,N,Band 5,Y,Permanent",
        "c05,99,Band 5,Y,Permanent",
        # clinical Band 6: only a BME Bank row
        "c06,N,Band 6,Y,Bank",
        # medical grades marked N (non-clinical) still sit under clinical
        "m01,A,Consultant,N,Permanent",
        "m02,H,Consultant,N,Permanent",
        "m03,Z,ST3,Y,Permanent",
    ],
)


def test_indicator_1_clusters_bands_and_overall(tmp_path: Path) -> None:
    doc = run(folder(tmp_path / "f", {"workforce.csv": I1_WORKFORCE}))
    i1 = rep(doc)
    # 12 AfC bands + VSM non-clinical (13), and the same + 4 medical grades clinical (17);
    # "Under Band 1" appears only where it has staff (none here).
    assert [(r.cluster, r.band) for r in i1.rows if r.cluster == "non-clinical"][-1] == (
        "non-clinical",
        "VSM",
    )
    assert sum(r.cluster == "non-clinical" for r in i1.rows) == 13
    assert sum(r.cluster == "clinical" for r in i1.rows) == 17
    assert not [r for r in i1.rows if r.band == "Under Band 1"]
    assert not [r for r in i1.rows if r.cluster == "non-clinical" and r.band == "Consultant"]

    # non-clinical Band 2 (Bank excluded): 2 White, 1 BME, 1 Unknown of 4 -> 50 / 25 / 25
    band2 = row(i1, "non-clinical", "Band 2")
    assert band2.total == 4
    assert shares(band2) == approx_shares((2, 50.0), (1, 25.0), (1, 25.0))
    # non-clinical Band 5 ("AfC Band 5", "5", "Band 5"): 1 White, 2 BME of 3
    # -> 100/3 = 33.33.. / 200/3 = 66.66.. / 0
    assert shares(row(i1, "non-clinical", "Band 5")) == approx_shares(
        (1, 100 / 3), (2, 200 / 3), (0, 0.0)
    )
    # clinical Band 5: 3 White, 1 BME, 1 Unknown (99) of 5 -> 60 / 20 / 20
    assert shares(row(i1, "clinical", "Band 5")) == approx_shares((3, 60.0), (1, 20.0), (1, 20.0))
    # Consultants said "N" but are clinical: 1 White, 1 BME of 2 -> 50 / 50 / 0
    assert shares(row(i1, "clinical", "Consultant")) == approx_shares(
        (1, 50.0), (1, 50.0), (0, 0.0)
    )
    # ST3 -> Trainee grade, clinical: 1 Unknown of 1 -> 0 / 0 / 100
    assert shares(row(i1, "clinical", "Trainee grade")) == approx_shares(
        (0, 0.0), (0, 0.0), (1, 100.0)
    )
    # bands with no staff: the row is present, counts 0, percent null (not 0)
    for cluster, band in [
        ("non-clinical", "Band 9"),
        ("clinical", "Band 6"),  # its only member is Bank
        ("clinical", "VSM"),
        ("clinical", "Other (medical and dental)"),
    ]:
        empty = row(i1, cluster, band)
        assert empty.total == 0
        assert shares(empty) == ((0, None), (0, None), (0, None))

    # overall: White 2+1+3+1 = 7, BME 1+2+1+1 = 5, Unknown 1+1+1 = 3, total 15
    # -> 7/15 = 46.67%, 5/15 = 33.33%, 3/15 = 20% (Unknown in the denominator)
    assert i1.overall.total == 15
    assert shares(i1.overall) == approx_shares((7, 700 / 15), (5, 100 / 3), (3, 20.0))
    # every staff member in exactly one row
    assert sum(r.total for r in i1.rows) == 15


def test_indicator_1_bank_included_when_no_category_is_excluded(tmp_path: Path) -> None:
    files = {
        "workforce.csv": I1_WORKFORCE,
        "wres.toml": "[options]\nexclude_assignment_categories = []\n",
    }
    doc = run(folder(tmp_path / "f", files))
    i1 = rep(doc)
    # non-clinical Band 2 gains the White Bank row n05: 3 / 1 / 1 of 5 -> 60 / 20 / 20
    assert shares(row(i1, "non-clinical", "Band 2")) == approx_shares(
        (3, 60.0), (1, 20.0), (1, 20.0)
    )
    # clinical Band 6 gains the BME Bank row c06: 0 / 1 / 0 of 1 -> 0 / 100 / 0
    assert shares(row(i1, "clinical", "Band 6")) == approx_shares((0, 0.0), (1, 100.0), (0, 0.0))
    # overall: White 8, BME 6, Unknown 3 of 17
    assert i1.overall.total == 17
    assert shares(i1.overall) == approx_shares((8, 800 / 17), (6, 600 / 17), (3, 300 / 17))


# ---- indicator 2 ------------------------------------------------------------------------

WORKFORCE_SMALL = csv(ESR_WORKFORCE, [*staff("W", WHITE, 3), *staff("B", BME, 2)])


def test_indicator_2_appointment_from_shortlisting(tmp_path: Path) -> None:
    recruitment = csv(
        RECRUITMENT,
        [
            # White: 10 shortlisted (3 appointed) + 2 not shortlisted
            *applications("W-YY", WHITE, "Y", "Y", 3),
            *applications("W-YN", WHITE, "Y", "N", 7),
            *applications("W-NN", WHITE, "N", "N", 2),
            # BME: 8 shortlisted (1 appointed) + 3 not shortlisted
            *applications("B-YY", "H Asian or Asian British - Indian", "Y", "Y", 1),
            *applications("B-YN", BME, "Y", "N", 7),
            *applications("B-NN", BME, "N", "N", 3),
            # Unknown: 4 shortlisted (2 appointed) + 1 not shortlisted
            *applications("U-YY", UNKNOWN, "Y", "Y", 2),
            *applications("U-YN", "Prefer not to say", "Y", "N", 2),
            *applications("U-NN", UNKNOWN, "N", "N", 1),
        ],
    )
    doc = run(
        folder(tmp_path / "f", {"workforce.csv": WORKFORCE_SMALL, "recruitment.csv": recruitment})
    )
    i2 = rl(doc, 2)
    # Rows with shortlisted = N are in neither numerator nor denominator:
    # White 3/10 = 0.3, BME 1/8 = 0.125, Unknown 2/4 = 0.5 (shown, not in the ratio)
    assert (i2.white.numerator, i2.white.denominator) == (3, 10)
    assert (i2.bme.numerator, i2.bme.denominator) == (1, 8)
    assert (i2.unknown.numerator, i2.unknown.denominator) == (2, 4)
    assert i2.white.likelihood == pytest.approx(0.3)
    assert i2.bme.likelihood == pytest.approx(0.125)
    assert i2.unknown.likelihood == pytest.approx(0.5)
    # RL = L_White / L_BME = 0.3 / 0.125 = 2.4 > 1.25
    assert i2.orientation == "white/bme"
    assert i2.status == "ok"
    assert i2.relative_likelihood == pytest.approx(2.4)
    assert i2.assessment == "above range"
    # BME numerator 1 < 5: the score interval, checked against statsmodels
    low, high = confint_proportions_2indep(3, 10, 1, 8, method="score", compare="ratio")
    assert i2.ci_method == "miettinen-nurminen-score"
    assert i2.ci95 == pytest.approx((low, high), rel=1e-6)
    assert i2.significant is bool(low > 1 or high < 1)
    # small counts: White numerator 3 (denominator 10 is not below 10);
    # BME numerator 1 and denominator 8
    warned = small_count(doc, 2)
    white = [w for w in warned if "White" in w.message]
    bme = [w for w in warned if "BME" in w.message]
    assert len(white) == 1 and len(bme) == 1
    assert "numerator 3" in white[0].message and "denominator" not in white[0].message
    assert "numerator 1" in bme[0].message and "denominator 8" in bme[0].message
    assert all(w.severity == "warning" for w in warned)


def test_indicator_2_zero_bme_appointed_is_not_calculable(tmp_path: Path) -> None:
    recruitment = csv(
        RECRUITMENT,
        [
            *applications("W-YY", WHITE, "Y", "Y", 2),
            *applications("W-YN", WHITE, "Y", "N", 3),
            *applications("B-YN", BME, "Y", "N", 4),
        ],
    )
    doc = run(
        folder(tmp_path / "f", {"workforce.csv": WORKFORCE_SMALL, "recruitment.csv": recruitment})
    )
    i2 = rl(doc, 2)
    # White 2/5 = 0.4, BME 0/4 = 0: RL = 0.4 / 0 is undefined, never 0 or infinity
    assert i2.white.likelihood == pytest.approx(0.4)
    assert i2.bme.likelihood == 0.0
    assert i2.status == "not calculable"
    assert i2.relative_likelihood is None
    assert i2.ci95 is None and i2.significant is None
    assert i2.assessment == "not calculable"
    assert i2.reason is not None and "BME" in i2.reason


def test_indicator_2_without_shortlisted_column_every_row_was_shortlisted(
    tmp_path: Path,
) -> None:
    recruitment = csv(
        "Application Reference,Ethnic Origin,Appointed?",
        [
            "1,A,Y",
            "2,A,Y",
            "3,A,N",
            "4,A,N",
            "5,N,Y",
            "6,N,N",
            "7,N,N",
            "8,N,N",
            "9,N,N",
        ],
    )
    doc = run(
        folder(tmp_path / "f", {"workforce.csv": WORKFORCE_SMALL, "recruitment.csv": recruitment})
    )
    i2 = rl(doc, 2)
    # White 2/4 = 0.5, BME 1/5 = 0.2, RL = 0.5 / 0.2 = 2.5
    assert (i2.white.numerator, i2.white.denominator) == (2, 4)
    assert (i2.bme.numerator, i2.bme.denominator) == (1, 5)
    assert i2.relative_likelihood == pytest.approx(2.5)
    assert (i2.unknown.numerator, i2.unknown.denominator, i2.unknown.likelihood) == (0, 0, None)


# ---- indicator 3 ------------------------------------------------------------------------


def test_indicator_3_counts_distinct_staff(tmp_path: Path) -> None:
    disciplinary = csv(
        DISCIPLINARY,
        [
            "C01,W001,A",  # W001 has two cases: counts once
            "C02,W001,A",
            "C03,W002,A",
            "C04,W003,A",
            "C05,W004,A",
            "C06,B001,N",  # B001 has two cases: counts once
            "C07,B001,N",
            "C08,B002,N",
            "C09,B003,H",
            "C10,U001,Z",
        ],
    )
    files = {
        "workforce.csv": workforce_30_white_20_bme_10_unknown_5(),
        "disciplinary.csv": disciplinary,
    }
    doc = run(folder(tmp_path / "f", files))
    i3 = rl(doc, 3)
    # White 4 distinct / 20 = 0.2, BME 3 / 10 = 0.3, Unknown 1 / 5 = 0.2
    assert (i3.white.numerator, i3.white.denominator) == (4, 20)
    assert (i3.bme.numerator, i3.bme.denominator) == (3, 10)
    assert (i3.unknown.numerator, i3.unknown.denominator) == (1, 5)
    # RL = L_BME / L_White = 0.3 / 0.2 = 1.5 -> above range (adverse to BME)
    assert i3.orientation == "bme/white"
    assert i3.relative_likelihood == pytest.approx(1.5)
    assert i3.assessment == "above range"
    assert i3.window_years == 1
    # BME numerator 3 < 5: score interval; top = BME (3 of 10), reference White (4 of 20)
    low, high = confint_proportions_2indep(3, 10, 4, 20, method="score", compare="ratio")
    assert i3.ci_method == "miettinen-nurminen-score"
    assert i3.ci95 == pytest.approx((low, high), rel=1e-6)
    assert i3.significant is bool(low > 1 or high < 1)


def test_indicator_3_zero_white_entries_is_not_calculable(tmp_path: Path) -> None:
    files = {
        "workforce.csv": workforce_30_white_20_bme_10_unknown_5(),
        "disciplinary.csv": csv(DISCIPLINARY, ["C01,B001,N"]),
    }
    i3 = rl(run(folder(tmp_path / "f", files)), 3)
    # BME 1/10 = 0.1, White 0/20 = 0: the reference likelihood is 0 -> undefined
    assert i3.bme.likelihood == pytest.approx(0.1)
    assert i3.white.likelihood == 0.0
    assert i3.status == "not calculable"
    assert i3.relative_likelihood is None and i3.ci95 is None
    assert i3.assessment == "not calculable"
    assert i3.reason is not None and "White" in i3.reason


def test_indicator_3_zero_bme_entries_is_zero_below_range(tmp_path: Path) -> None:
    files = {
        "workforce.csv": workforce_30_white_20_bme_10_unknown_5(),
        "disciplinary.csv": csv(DISCIPLINARY, ["C01,W001,A", "C02,W002,A"]),
    }
    i3 = rl(run(folder(tmp_path / "f", files)), 3)
    # BME 0/10 = 0, White 2/20 = 0.1: RL = 0 / 0.1 = 0 -> a real value, below range
    assert i3.status == "ok"
    assert i3.relative_likelihood == 0.0
    assert i3.assessment == "below range"
    assert i3.ci95 is not None and i3.ci95[0] == 0.0


def test_indicator_3_two_year_window(tmp_path: Path) -> None:
    header = DISCIPLINARY + ",Investigation Start Date"
    folder(
        tmp_path / "2024",
        {
            # 2024 snapshot: White 18, BME 12
            "workforce.csv": csv(ESR_WORKFORCE, [*staff("W", WHITE, 18), *staff("B", BME, 12)]),
            # 2023-24 entries: White {W001, W003, W004} = 3, BME {B001, B002} = 2
            "disciplinary.csv": csv(
                header,
                [
                    "D24-1,W001,A,01/06/2023",
                    "D24-2,W003,A,14/09/2023",
                    "D24-3,W004,A,31/03/2024",
                    "D24-4,B001,N,01/04/2023",
                    "D24-5,B001,N,20/10/2023",
                    "D24-6,B002,N,05/01/2024",
                ],
            ),
        },
        year=2024,
    )
    this_year = folder(
        tmp_path / "2025",
        {
            # 2025 snapshot: White 20, BME 10
            "workforce.csv": csv(ESR_WORKFORCE, [*staff("W", WHITE, 20), *staff("B", BME, 10)]),
            # 2024-25 entries: White {W001, W002} = 2 (W001 twice), BME {B001} = 1
            "disciplinary.csv": csv(
                header,
                [
                    "D25-1,W001,A,01/05/2024",
                    "D25-2,W001,A,12/11/2024",
                    "D25-3,W002,A,31/03/2025",
                    "D25-4,B001,N,01/04/2024",
                ],
            ),
        },
    )
    one_year = rl(run(this_year), 3)
    # 1 year: BME 1/10 = 0.1, White 2/20 = 0.1 -> RL 1.0
    assert one_year.relative_likelihood == pytest.approx(1.0)
    assert one_year.window_years == 1

    two_year = rl(run(this_year, Overrides(disciplinary_window_years=2)), 3)
    # W001 and B001 entered in both years: once in each year.
    # White (2 + 3) / (20 + 18) = 5/38; BME (1 + 2) / (10 + 12) = 3/22
    # RL = (3/22) / (5/38) = 114/110 = 1.03636..
    assert two_year.window_years == 2
    assert (two_year.white.numerator, two_year.white.denominator) == (5, 38)
    assert (two_year.bme.numerator, two_year.bme.denominator) == (3, 22)
    assert two_year.white.likelihood == pytest.approx(5 / 38)
    assert two_year.bme.likelihood == pytest.approx(3 / 22)
    assert two_year.relative_likelihood == pytest.approx(114 / 110)
    assert two_year.assessment == "within non-adverse range"
    low, high = confint_proportions_2indep(3, 22, 5, 38, method="score", compare="ratio")
    assert two_year.ci95 == pytest.approx((low, high), rel=1e-6)


def test_ratios_of_exactly_080_and_125_are_within_range(tmp_path: Path) -> None:
    # The four-fifths rule's bounds are inside the non-adverse range. These counts give
    # exactly 0.80 and 1.25, which floating point division puts a hair outside.
    files = {
        "workforce.csv": csv(ESR_WORKFORCE, [*staff("W", WHITE, 3), *staff("B", BME, 12)]),
        # indicator 2: White 1/3, BME 5/12 -> RL = (1/3) / (5/12) = 12/15 = 0.8
        "recruitment.csv": csv(
            RECRUITMENT,
            [
                *applications("W-YY", WHITE, "Y", "Y", 1),
                *applications("W-YN", WHITE, "Y", "N", 2),
                *applications("B-YY", BME, "Y", "Y", 5),
                *applications("B-YN", BME, "Y", "N", 7),
            ],
        ),
        # indicator 3: BME 5/12, White 1/3 -> RL = (5/12) / (1/3) = 15/12 = 1.25
        "disciplinary.csv": csv(
            DISCIPLINARY, ["C1,W001,A", *(f"C{i + 1},B{i:03d},N" for i in range(1, 6))]
        ),
    }
    doc = run(folder(tmp_path / "f", files))
    assert rl(doc, 2).relative_likelihood == pytest.approx(0.8)
    assert rl(doc, 2).assessment == "within non-adverse range"
    assert (rl(doc, 3).bme.numerator, rl(doc, 3).white.numerator) == (5, 1)
    assert rl(doc, 3).relative_likelihood == pytest.approx(1.25)
    assert rl(doc, 3).assessment == "within non-adverse range"


# ---- indicator 4 ------------------------------------------------------------------------


def test_indicator_4_only_non_mandatory_distinct_staff(tmp_path: Path) -> None:
    rows = [
        # non-mandatory: White {W001 x3, W002..W005} = 5, BME {B001 x2, B002, B003} = 3
        "W001,A,N",
        "W001,A,N",
        "W001,A,No",
        "W002,A,N",
        "W003,A,N",
        "W004,A,N",
        "W005,A,N",
        "B001,N,N",
        "B001,N,N",
        "B002,N,N",
        "B003,H,N",
        "U001,Z,N",
        # mandatory rows never count, even for staff with no other activity
        "W001,A,Y",
        *[f"W{i:03d},A,Y" for i in range(6, 11)],
        *[f"B{i:03d},N,Yes" for i in range(4, 10)],
        "U002,Z,Y",
    ]
    files = {
        "workforce.csv": workforce_30_white_20_bme_10_unknown_5(),
        "training.csv": csv(TRAINING, rows),
    }
    i4 = rl(run(folder(tmp_path / "f", files)), 4)
    # White 5/20 = 0.25, BME 3/10 = 0.3, Unknown 1/5 = 0.2
    assert (i4.white.numerator, i4.white.denominator) == (5, 20)
    assert (i4.bme.numerator, i4.bme.denominator) == (3, 10)
    assert (i4.unknown.numerator, i4.unknown.denominator) == (1, 5)
    # RL = L_White / L_BME = 0.25 / 0.3 = 0.8333.. -> within 0.80-1.25
    assert i4.orientation == "white/bme"
    assert i4.relative_likelihood == pytest.approx(0.25 / 0.3)
    assert i4.assessment == "within non-adverse range"
    low, high = confint_proportions_2indep(5, 20, 3, 10, method="score", compare="ratio")
    assert i4.ci_method == "miettinen-nurminen-score"
    assert i4.ci95 == pytest.approx((low, high), rel=1e-6)


def test_indicator_4_katz_interval_matches_scipy(tmp_path: Path) -> None:
    workforce = csv(ESR_WORKFORCE, [*staff("W", WHITE, 100), *staff("B", BME, 50)])
    # 30 White and 10 BME staff with two non-mandatory activities each
    trained = [f"W{i:03d},A,N" for i in range(1, 31)] + [f"B{i:03d},N,N" for i in range(1, 11)]
    files = {"workforce.csv": workforce, "training.csv": csv(TRAINING, trained * 2)}
    doc = run(folder(tmp_path / "f", files))
    i4 = rl(doc, 4)
    # White 30/100 = 0.3, BME 10/50 = 0.2, RL = 1.5; every cell >= 5 -> Katz
    assert (i4.white.numerator, i4.white.denominator) == (30, 100)
    assert (i4.bme.numerator, i4.bme.denominator) == (10, 50)
    assert i4.relative_likelihood == pytest.approx(1.5)
    expected = relative_risk(30, 100, 10, 50)
    interval = expected.confidence_interval(confidence_level=0.95)
    assert expected.relative_risk == pytest.approx(1.5)
    assert i4.ci_method == "katz-log"
    assert i4.ci95 == pytest.approx((interval.low, interval.high), rel=1e-9)
    assert i4.significant is bool(interval.low > 1 or interval.high < 1)
    # 30, 100, 10 and 50 are all at least 10: no small-count warning
    assert small_count(doc, 4) == []


# ---- indicators 5-8 ---------------------------------------------------------------------


def survey(doc: AnalysisDocument, number: int) -> Survey:
    result = doc.indicators[str(number)]
    assert isinstance(result, Survey), result
    return result


def test_survey_given_as_percent(tmp_path: Path) -> None:
    text = csv(
        "Indicator,Ethnic Group,Number of Respondents,Percentage",
        [
            "5,White,1210,26.4",
            "5,BME,388,29.1",
            "6,White,1205,24.8",
            "6,BME,386,27.5",
            "7,White,1198,58.3",
            "7,BME,384,44.6",
            "8,White,1201,6.2",
            "8,BME,385,15.8",
        ],
    )
    doc = run(folder(tmp_path / "f", {"workforce.csv": WORKFORCE_SMALL, "staff_survey.csv": text}))
    # difference_pp = BME - White
    expected = {
        5: (1210, 26.4, 388, 29.1, 2.7),  # 29.1 - 26.4
        6: (1205, 24.8, 386, 27.5, 2.7),  # 27.5 - 24.8
        7: (1198, 58.3, 384, 44.6, -13.7),  # 44.6 - 58.3
        8: (1201, 6.2, 385, 15.8, 9.6),  # 15.8 - 6.2
    }
    for number, (wn, wp, bn, bp, diff) in expected.items():
        result = survey(doc, number)
        assert result.white is not None and result.bme is not None
        assert (result.white.respondents, result.bme.respondents) == (wn, bn)
        assert result.white.percent == pytest.approx(wp)
        assert result.bme.percent == pytest.approx(bp)
        assert result.difference_pp == pytest.approx(diff)


def test_survey_given_as_positive_counts(tmp_path: Path) -> None:
    text = csv(
        "indicator,ethnic_group,respondents,positive",
        [
            "5,White,200,50",  # 50/200 = 25%
            "5,BME,80,30",  # 30/80 = 37.5%
            "6,White,200,44",  # 22%
            "6,BME,80,20",  # 25%
            "7,White,200,120",  # 60%
            "7,BME,80,36",  # 45%
            "8,White,200,10",  # 5%
            "8,BME,80,12",  # 15%
        ],
    )
    doc = run(folder(tmp_path / "f", {"workforce.csv": WORKFORCE_SMALL, "staff_survey.csv": text}))
    expected = {
        5: (25.0, 37.5, 12.5),
        6: (22.0, 25.0, 3.0),
        7: (60.0, 45.0, -15.0),
        8: (5.0, 15.0, 10.0),
    }
    for number, (white, bme, diff) in expected.items():
        result = survey(doc, number)
        assert result.white is not None and result.bme is not None
        assert (result.white.respondents, result.bme.respondents) == (200, 80)
        assert result.white.percent == pytest.approx(white)
        assert result.bme.percent == pytest.approx(bme)
        assert result.difference_pp == pytest.approx(diff)


def test_survey_group_without_respondents_has_no_percentage(tmp_path: Path) -> None:
    text = csv(
        "indicator,ethnic_group,respondents,positive",
        ["5,White,0,0", "5,BME,10,5", "6,White,40,10", "6,BME,0,0"],
    )
    doc = run(folder(tmp_path / "f", {"workforce.csv": WORKFORCE_SMALL, "staff_survey.csv": text}))
    # 0 of 0 White respondents is no percentage at all (not 0%), so no difference either
    i5 = survey(doc, 5)
    assert i5.white is None
    assert i5.bme is not None and i5.bme.percent == pytest.approx(50.0)  # 5/10
    assert i5.difference_pp is None
    i6 = survey(doc, 6)
    assert i6.white is not None and i6.white.percent == pytest.approx(25.0)  # 10/40
    assert i6.bme is None and i6.difference_pp is None
    # indicators 7 and 8 have no rows
    assert doc.indicators["7"].status == "not provided"


# ---- indicator 9 ------------------------------------------------------------------------


def test_indicator_9_board_against_workforce(tmp_path: Path) -> None:
    # workforce: White 7, BME 2, Unknown 1 -> BME 2/10 = 20% (not 2/9 = 22.2%)
    workforce = csv(
        ESR_WORKFORCE, [*staff("W", WHITE, 7), *staff("B", BME, 2), *staff("U", UNKNOWN, 1)]
    )
    board = csv(
        BOARD,
        [
            "M1,A,Y,Y",  # White, voting, executive
            "M2,N,Y,Y",  # BME, voting, executive
            "M3,B,Y,N",  # White, voting, non-executive
            "M4,H,Y,N",  # BME, voting, non-executive
            "M5,Z,Y,N",  # Unknown, voting, non-executive
            "M6,A,N,Y",  # White, non-voting, executive
            "M7,R,N,Y",  # BME, non-voting, executive
        ],
    )
    doc = run(folder(tmp_path / "f", {"workforce.csv": workforce, "board.csv": board}))
    i9 = doc.indicators["9"]
    assert isinstance(i9, BoardRepresentation)
    assert i9.workforce_bme_percent == pytest.approx(20.0)
    b = i9.board
    # total: White 3, BME 3, Unknown 1 of 7 -> BME 300/7 = 42.857%, diff 42.857 - 20
    assert b.total.total == 7
    assert shares(b.total) == approx_shares((3, 300 / 7), (3, 300 / 7), (1, 100 / 7))
    assert b.total.bme_percent == pytest.approx(300 / 7)
    assert b.total.difference_pp == pytest.approx(300 / 7 - 20)
    # voting (headline): M1-M5: White 2, BME 2, Unknown 1 of 5 -> 40%, +20 pp
    assert b.voting.total == 5
    assert shares(b.voting) == approx_shares((2, 40.0), (2, 40.0), (1, 20.0))
    assert b.voting.difference_pp == pytest.approx(20.0)
    # executive: M1, M2, M6, M7: White 2, BME 2 of 4 -> 50%, +30 pp
    assert shares(b.executive) == approx_shares((2, 50.0), (2, 50.0), (0, 0.0))
    assert b.executive.difference_pp == pytest.approx(30.0)
    # non-executive: M3, M4, M5: 1 / 1 / 1 of 3 -> 33.33%, +13.33 pp
    assert shares(b.non_executive) == approx_shares((1, 100 / 3), (1, 100 / 3), (1, 100 / 3))
    assert b.non_executive.difference_pp == pytest.approx(100 / 3 - 20)


# ---- nobody's ethnicity known -----------------------------------------------------------


def test_everybody_unknown_ratios_not_calculable_percentages_fine(tmp_path: Path) -> None:
    workforce = csv(
        ESR_WORKFORCE,
        [
            "1,Z Not Stated,Band 5,Clinical",
            "2,99,Band 5,Clinical",
            "3,Not stated,Band 6,Non-clinical",
            "4,Prefer not to say,Band 6,Non-clinical",
        ],
    )
    files = {
        "workforce.csv": workforce,
        "recruitment.csv": csv(RECRUITMENT, ["1,Z,Y,Y", "2,Z,Y,N", "3,99,Y,N"]),
        "disciplinary.csv": csv(DISCIPLINARY, ["1,1,Z"]),
        "training.csv": csv(TRAINING, ["1,Z,N", "2,99,N"]),
        "board.csv": csv(BOARD, ["1,Z,Y,Y", "2,Z,Y,N"]),
    }
    doc = run(folder(tmp_path / "f", files))
    i1 = rep(doc)
    # 0 White, 0 BME, 4 Unknown of 4 -> 0% / 0% / 100%
    assert shares(i1.overall) == approx_shares((0, 0.0), (0, 0.0), (4, 100.0))
    assert shares(row(i1, "clinical", "Band 5")) == approx_shares((0, 0.0), (0, 0.0), (2, 100.0))
    for number, unknown in [(2, (1, 3)), (3, (1, 4)), (4, (2, 4))]:
        result = rl(doc, number)
        assert result.status == "not calculable"
        assert result.relative_likelihood is None and result.ci95 is None
        assert result.assessment == "not calculable"
        assert result.reason
        assert (result.white.denominator, result.bme.denominator) == (0, 0)
        assert result.white.likelihood is None and result.bme.likelihood is None
        assert (result.unknown.numerator, result.unknown.denominator) == unknown
    i9 = doc.indicators["9"]
    assert isinstance(i9, BoardRepresentation)
    # workforce BME 0/4 = 0%; board 0 of 2 BME = 0% -> difference 0 pp
    assert i9.workforce_bme_percent == 0.0
    assert i9.board.total.bme_percent == 0.0
    assert i9.board.total.difference_pp == 0.0
    assert i9.board.total.unknown.percent == pytest.approx(100.0)


# ---- several organisations in one folder --------------------------------------------------


def test_multi_organisation_folder_is_computed_per_organisation(tmp_path: Path) -> None:
    # staff, application and case ids repeat across organisations (unique per organisation)
    workforce = csv(
        "Organisation Code,Employee Number,Ethnic Origin,Pay Band,Clinical Status",
        [
            "RAA,1,A,Band 5,Clinical",
            "RAA,2,A,Band 5,Clinical",
            "RAA,3,B,Band 6,Non-clinical",
            "RAA,4,N,Band 5,Clinical",
            "RBB,1,N,Band 5,Clinical",
            "RBB,2,H,Band 7,Clinical",
            "RBB,3,M,Band 3,Non-clinical",
            "RBB,4,A,Band 5,Clinical",
            "RBB,5,Z,Band 2,Non-clinical",
        ],
    )
    recruitment = csv(
        "Organisation Code,Application Reference,Ethnic Origin,Shortlisted?,Appointed?",
        [
            # RAA: White 2/4, BME 1/4
            "RAA,1,A,Y,Y",
            "RAA,2,A,Y,Y",
            "RAA,3,A,Y,N",
            "RAA,4,A,Y,N",
            "RAA,5,N,Y,Y",
            "RAA,6,N,Y,N",
            "RAA,7,N,Y,N",
            "RAA,8,N,Y,N",
            # RBB: White 1/5, BME 2/5
            "RBB,1,A,Y,Y",
            "RBB,2,A,Y,N",
            "RBB,3,A,Y,N",
            "RBB,4,A,Y,N",
            "RBB,5,A,Y,N",
            "RBB,6,N,Y,Y",
            "RBB,7,N,Y,Y",
            "RBB,8,N,Y,N",
            "RBB,9,N,Y,N",
            "RBB,10,N,Y,N",
        ],
    )
    disciplinary = csv(
        "Organisation Code,Case Reference,Employee Number,Ethnic Origin",
        [
            "RAA,1,1,A",  # RAA White staff 1
            "RAA,2,4,N",  # RAA BME staff 4
            "RBB,1,4,A",  # RBB White staff 4
            "RBB,2,1,N",  # RBB BME staff 1, twice
            "RBB,3,1,N",
        ],
    )
    board = csv(
        "Organisation Code,Member ID,Ethnic Origin,Voting Member,Executive Member",
        [
            "RAA,M1,A,Y,Y",
            "RAA,M2,N,Y,N",
            "RBB,M1,A,Y,Y",
            "RBB,M2,A,Y,N",
            "RBB,M3,A,N,N",
            "RBB,M4,N,Y,N",
        ],
    )
    files = {
        "workforce.csv": workforce,
        "recruitment.csv": recruitment,
        "disciplinary.csv": disciplinary,
        "board.csv": board,
    }
    analysis = analyse([folder(tmp_path / "f", files)])
    docs = {str(d.organisation.code): d for d in analysis.documents}
    assert sorted(docs) == ["RAA", "RBB"]
    raa, rbb = docs["RAA"], docs["RBB"]
    assert raa.organisation.name is None and raa.reporting_year == 2025

    # RAA indicator 1: White 3, BME 1, Unknown 0 of 4 -> 75 / 25 / 0;
    # clinical Band 5: White 2, BME 1 of 3
    assert shares(rep(raa).overall) == approx_shares((3, 75.0), (1, 25.0), (0, 0.0))
    assert shares(row(rep(raa), "clinical", "Band 5")) == approx_shares(
        (2, 200 / 3), (1, 100 / 3), (0, 0.0)
    )
    # RBB indicator 1: White 1, BME 3, Unknown 1 of 5 -> 20 / 60 / 20
    assert shares(rep(rbb).overall) == approx_shares((1, 20.0), (3, 60.0), (1, 20.0))
    assert shares(row(rep(rbb), "non-clinical", "Band 2")) == approx_shares(
        (0, 0.0), (0, 0.0), (1, 100.0)
    )

    # indicator 2: RAA 0.5 / 0.25 = 2.0 (above); RBB 0.2 / 0.4 = 0.5 (below)
    assert rl(raa, 2).relative_likelihood == pytest.approx(2.0)
    assert rl(raa, 2).assessment == "above range"
    assert (rl(rbb, 2).white.numerator, rl(rbb, 2).white.denominator) == (1, 5)
    assert rl(rbb, 2).relative_likelihood == pytest.approx(0.5)
    assert rl(rbb, 2).assessment == "below range"

    # indicator 3: RAA BME 1/1 over White 1/3 = 3.0; RBB BME 1/3 over White 1/1 = 1/3
    assert (rl(raa, 3).bme.numerator, rl(raa, 3).bme.denominator) == (1, 1)
    assert (rl(raa, 3).white.numerator, rl(raa, 3).white.denominator) == (1, 3)
    assert rl(raa, 3).relative_likelihood == pytest.approx(3.0)
    assert (rl(rbb, 3).bme.numerator, rl(rbb, 3).bme.denominator) == (1, 3)
    assert rl(rbb, 3).relative_likelihood == pytest.approx(1 / 3)

    # indicator 9: RAA workforce BME 25%; board M1 White exec, M2 BME non-exec (both voting)
    i9 = raa.indicators["9"]
    assert isinstance(i9, BoardRepresentation)
    assert i9.workforce_bme_percent == pytest.approx(25.0)
    assert i9.board.total.difference_pp == pytest.approx(50.0 - 25.0)
    assert i9.board.voting.difference_pp == pytest.approx(50.0 - 25.0)
    assert i9.board.executive.difference_pp == pytest.approx(0.0 - 25.0)
    assert i9.board.non_executive.difference_pp == pytest.approx(100.0 - 25.0)
    # RBB workforce BME 60%; board: total 1/4 = 25%, voting {M1, M2, M4} 1/3,
    # executive {M1} 0%, non-executive {M2, M3, M4} 1/3
    i9 = rbb.indicators["9"]
    assert isinstance(i9, BoardRepresentation)
    assert i9.workforce_bme_percent == pytest.approx(60.0)
    assert i9.board.total.difference_pp == pytest.approx(25.0 - 60.0)
    assert i9.board.voting.difference_pp == pytest.approx(100 / 3 - 60.0)
    assert i9.board.executive.difference_pp == pytest.approx(0.0 - 60.0)
    assert i9.board.non_executive.difference_pp == pytest.approx(100 / 3 - 60.0)
    # indicators without a file stay "not provided" for each organisation
    for doc in (raa, rbb):
        assert doc.indicators["4"].status == "not provided"
        assert doc.indicators["5"].status == "not provided"


# ---- a published figure (wres-spec.md section 8) ------------------------------------------


def test_ncic_2025_workforce_shares(tmp_path: Path) -> None:
    # NCIC, 31 March 2025: 990 BME + 6,307 White + 125 not declared = 7,422 staff
    bme = [f"B{i},{code},Band 5,Clinical" for i, code in enumerate(["H", "N", "R"] * 330)]
    white = [f"W{i},A,Band 6,Non-clinical" for i in range(6307)]
    unknown = [f"U{i},Z Not Stated,Band 5,Clinical" for i in range(125)]
    files = {"workforce.csv": csv(ESR_WORKFORCE, [*bme, *white, *unknown])}
    result = CliRunner().invoke(
        main, ["analyse", str(folder(tmp_path / "f", files)), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    overall = json.loads(result.output)["indicators"]["1"]["overall"]
    assert overall["total"] == 7422
    assert [overall[g]["count"] for g in ("bme", "white", "unknown")] == [990, 6307, 125]
    # 990/7422 = 13.3387..%, 6307/7422 = 84.9771..%, 125/7422 = 1.6842..%
    assert overall["bme"]["percent"] == pytest.approx(13.33872271624899, rel=1e-12)
    assert overall["white"]["percent"] == pytest.approx(84.97709512260846, rel=1e-12)
    assert overall["unknown"]["percent"] == pytest.approx(1.6841821611425492, rel=1e-12)
    # the published 13% / 85% / 2%, to the 1 dp the report shows
    assert pct(overall["bme"]["percent"]) == "13.3%"
    assert pct(overall["white"]["percent"]) == "85.0%"
    assert pct(overall["unknown"]["percent"]) == "1.7%"
