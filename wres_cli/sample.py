"""Deterministic generator of a fictional trust's WRES and WDES data folder (`wres sample`).

Demos, tests and benchmarks need realistic input with the quirks of real exports
(ESR / TRAC labels, mixed band spellings, BOM and Windows-1252 files, a spreadsheet
with title rows) but no real staff data. Everything is vectorised with numpy so that
the same code makes a national-size extract; the same arguments give byte-identical files.

Two styles: "simple" (one row per person, ethnicity and disability in every file) and
"esr", the files as the source systems write them: ESR Staff in Post with one row per
assignment, an ER case tracker, an OLM export and a capability log that carry only the
Employee Number.

The WDES columns and files (Disability in workforce, recruitment and board; capability.csv;
wdes_survey.csv) come from generators of their own, never from the WRES ones: adding them
changed no WRES figure of the sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl
import xlsxwriter

from wres_cli.errors import UsageError
from wres_cli.export import atomic_path

__all__ = ["STYLES", "check_out_dir", "parse_years", "write_sample"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

TRUST_NAME: Final = "Northshire Hospitals NHS Foundation Trust"
TRUST_CODE: Final = "R9Z"
NATIONAL_NAME: Final = "Fictional national extract"

WHITE, BME, UNKNOWN = 0, 1, 2
RETENTION: Final = 0.88  # share of staff still in post a year later
APPLICATIONS_PER_STAFF: Final = 3.3
NOT_SHORTLISTED: Final = 0.02
EARLY_DATED: Final = 0.003  # recruitment rows dated in the month before the window
DISCIPLINARY_RATE: Final = 0.005
SECOND_CASE: Final = 0.06
MANDATORY_PER_STAFF: Final = 1.25
EXTRA_NON_MANDATORY: Final = 0.5  # Poisson mean of further activities for staff with one
SURVEY_RESPONSE: Final = 0.45

# --- WDES ---------------------------------------------------------------------------------
# Disability per person (fixed by seed and employee number, so stable from year to year):
# ESR-like declaration, ~4% Disabled and ~12% Unknown, the Disabled share falling with
# seniority (metric 1). Applicants declare more (8%) and are appointed less (metric 2, a
# non-disabled / Disabled ratio of APPOINT_RL); Disabled staff enter the formal capability
# process CAPABILITY_RL times as often on grounds of performance (metric 3).
DISABLED_SHARE: Final = 0.04
DISABILITY_UNKNOWN: Final = 0.12
APPLICANT_DISABLED: Final = 0.08
APPLICANT_DISABILITY_UNKNOWN: Final = 0.05
APPOINT_RL: Final = 1.2
CAPABILITY_RATE: Final = 0.003  # non-disabled staff entering capability on performance
CAPABILITY_RL: Final = 2.0
ILL_HEALTH_RATE: Final = 0.0005  # ill-health capability, non-disabled staff
ILL_HEALTH_DISABLED: Final = 7.0  # multiplier of the ill-health rate for Disabled staff
SURVEY_LTC: Final = 0.22  # respondents with a long-term condition (ESR declares ~4%)
SURVEY_LTC_UNANSWERED: Final = 0.03
DISABLED, NON_DISABLED, DISABILITY_UNKNOWN_GROUP = 0, 1, 2
# ESR's Disability values: Yes, No, then the Unknown ones as (label, weight); None is blank.
_DISABILITY_UNKNOWN_LABELS: Final[tuple[tuple[str | None, float], ...]] = (
    ("Not Declared", 0.55),
    ("Prefer Not To Answer", 0.15),
    ("Unspecified", 0.20),
    (None, 0.10),
)
_DISABILITY_LABELS: Final = ("Yes", "No", *(lbl for lbl, _ in _DISABILITY_UNKNOWN_LABELS))
_APPLICANT_DISABILITY_LABELS: Final = ("Yes", "No", "Prefer not to say", "I do not wish to say")
_CAPABILITY_GROUNDS: Final = ("Performance", "Ill health")
_ESR_CAPABILITY_GROUNDS: Final = ("Capability (Performance)", "Capability (Ill Health)")
# WDES survey metrics as (metric, share of respondents answering: Disabled, non-disabled,
# % positive: Disabled, non-disabled); 8 is asked of Disabled staff only, 9a is a score.
_WDES_SURVEY: Final = (
    ("4a(i)", 0.98, 0.98, 32.1, 24.2),
    ("4a(ii)", 0.97, 0.97, 15.8, 9.6),
    ("4a(iii)", 0.97, 0.97, 24.6, 16.9),
    ("4b", 0.40, 0.28, 48.3, 47.1),
    ("5", 0.96, 0.96, 51.2, 57.6),
    ("6", 0.70, 0.50, 26.9, 19.2),
    ("7", 0.99, 0.99, 32.7, 43.1),
    ("8", 0.62, 0.0, 72.9, 0.0),
)
_WDES_ENGAGEMENT: Final = (6.48, 6.95)  # metric 9a: Disabled, non-disabled (0-10)

# Ethnic origin labels as (label, weight within group); None is a blank cell.
_ESR_WHITE: Final = (
    ("A White - British", 0.82),
    ("B White - Irish", 0.03),
    ("C White - Any other White background", 0.13),
    ("CP White Polish", 0.02),
)
_ESR_BME: Final = (
    ("D Mixed - White & Black Caribbean", 0.04),
    ("E Mixed - White & Black African", 0.03),
    ("F Mixed - White & Asian", 0.04),
    ("G Mixed - Any other mixed background", 0.03),
    ("H Asian or Asian British - Indian", 0.20),
    ("J Asian or Asian British - Pakistani", 0.06),
    ("K Asian or Asian British - Bangladeshi", 0.02),
    ("L Asian or Asian British - Any other Asian background", 0.10),
    ("M Black or Black British - Caribbean", 0.04),
    ("N Black or Black British - African", 0.14),
    ("NF Black Nigerian", 0.06),
    ("P Black or Black British - Any other Black background", 0.03),
    ("R Chinese", 0.03),
    ("S Any Other Ethnic Group", 0.06),
    ("SC Filipino", 0.12),
)
_ESR_UNKNOWN: Final[tuple[tuple[str | None, float], ...]] = (
    ("Z Not Stated", 0.60),
    ("99 Not Known", 0.25),
    (None, 0.15),
)
_TRAC_WHITE: Final = (
    ("White - British", 0.80),
    ("White - Irish", 0.04),
    ("White - Any other White background", 0.16),
)
_TRAC_BME: Final = (
    ("Asian or Asian British - Indian", 0.30),
    ("Asian or Asian British - Pakistani", 0.10),
    ("Black or Black British - African", 0.25),
    ("Black or Black British - Caribbean", 0.07),
    ("Mixed - White and Asian", 0.06),
    ("Chinese", 0.05),
    ("Any other ethnic group", 0.17),
)
_TRAC_UNKNOWN: Final = (("Prefer not to say", 0.6), ("Not stated", 0.4))
# Board file is cp1252: the en dash (byte 0x96) makes it fail as UTF-8, as Excel exports do.
_BOARD_WHITE: Final = (
    ("A White \u2013 British", 0.85),
    ("B White \u2013 Irish", 0.05),
    ("C White \u2013 Any other White background", 0.10),
)
_BOARD_BME: Final = tuple((label.replace(" - ", " \u2013 "), w) for label, w in _ESR_BME)
_BOARD_UNKNOWN: Final = (("Z Not Stated", 1.0),)

# Pay bands: (spellings, share of staff %, BME odds multiplier, P(clinical), medical trainee).
# The multiplier makes BME share fall with seniority (indicator 1) while the overall share
# stays on target because the group is drawn first and the band conditionally on it.
_BANDS: Final = (
    (("Band 1", "Band 1", "Band 1"), 0.3, 0.8, 0.10, False),
    (("Band 2", "AfC Band 2", "2"), 14.0, 0.9, 0.40, False),
    (("Band 3", "AfC Band 3", "3"), 14.0, 0.7, 0.40, False),
    (("Band 4", "AfC Band 4", "4"), 9.0, 0.7, 0.35, False),
    (("Band 5", "AfC Band 5", "5"), 18.0, 1.8, 0.80, False),
    (("Band 6", "AfC Band 6", "6"), 15.0, 1.3, 0.75, False),
    (("Band 7", "AfC Band 7", "7"), 10.0, 0.9, 0.65, False),
    (("Band 8a", "Band 8A", "AfC Band 8a"), 4.5, 0.7, 0.50, False),
    (("Band 8b", "Band 8B", "AfC Band 8b"), 2.0, 0.55, 0.40, False),
    (("Band 8c", "Band 8C", "AfC Band 8c"), 1.0, 0.4, 0.30, False),
    (("Band 8d", "Band 8D", "AfC Band 8d"), 0.5, 0.3, 0.25, False),
    (("Band 9", "AfC Band 9", "9"), 0.25, 0.25, 0.20, False),
    (("VSM", "VSM", "VSM"), 0.125, 0.2, 0.30, False),
    (("Consultant",) * 3, 3.5, 1.3, 1.0, False),
    (("Specialty Doctor",) * 3, 1.2, 2.5, 1.0, False),
    (("Associate Specialist",) * 3, 0.3, 2.0, 1.0, False),
    (("Foundation Year 1",) * 3, 0.8, 1.4, 1.0, True),
    (("Foundation Year 2",) * 3, 0.8, 1.4, 1.0, True),
    (("Specialty Registrar",) * 3, 2.2, 1.8, 1.0, True),
    (("Core Training",) * 3, 0.8, 1.8, 1.0, True),
    (("Clinical Fellow",) * 3, 0.4, 2.5, 1.0, False),
)
_FIRST_MEDICAL: Final = 13
_SPELLING_P: Final = (0.80, 0.12, 0.08)
_CATEGORIES: Final = ("Permanent", "Fixed Term Temp", "Bank")
_BANK_SHARE: Final = 0.05
STYLES: Final = ("simple", "esr")
_STAFF_GROUPS: Final = (
    "Medical and Dental",
    "Nursing and Midwifery Registered",
    "Allied Health Professionals",
    "Additional Clinical Services",
    "Administrative and Clerical",
    "Estates and Ancillary",
)
_ORG_L3: Final = (
    "Medicine Division",
    "Surgery Division",
    "Women and Children Division",
    "Clinical Support Services Division",
    "Corporate Services",
)
# Staff survey base percentages by indicator (5-8) x (White, BME).
_SURVEY_BASE: Final = ((26.0, 28.0), (23.0, 27.0), (58.0, 45.0), (6.0, 15.0))

_ESR_LABELS: Final = tuple(label for label, _ in _ESR_WHITE + _ESR_BME + _ESR_UNKNOWN)
_PAY_BAND_LABELS: Final = tuple(s for spellings, *_ in _BANDS for s in spellings)
_BAND_WEIGHT: Final = np.array([b[1] for b in _BANDS])
_BAND_P: Final = np.stack(
    [
        _BAND_WEIGHT / _BAND_WEIGHT.sum(),
        (w := _BAND_WEIGHT * np.array([b[2] for b in _BANDS])) / w.sum(),
        _BAND_WEIGHT / _BAND_WEIGHT.sum(),
    ]
)
_BAND_CLINICAL: Final = np.array([b[3] for b in _BANDS])
_BAND_TRAINEE: Final = np.array([b[4] for b in _BANDS])
# Disabled share by band (AfC 1-4, 5-7, 8a-8b, 8c-VSM, medical), normalised so the
# workforce as a whole is DISABLED_SHARE.
_BAND_DISABLED: Final = np.array([1.15] * 4 + [1.0] * 3 + [0.8] * 2 + [0.6] * 4 + [0.6] * 8)
_DISABLED_P: Final = (
    DISABLED_SHARE * _BAND_DISABLED * _BAND_WEIGHT.sum() / (_BAND_DISABLED * _BAND_WEIGHT).sum()
)

# --- ESR style ---------------------------------------------------------------------------
# Per person (fixed by seed and employee number, so stable from year to year): of the
# people _draw_staff makes Bank, 60% are Bank only (~3% of staff) and the rest hold a
# substantive post with a Bank assignment beside it; other people hold a second assignment
# with probability ESR_SECOND, so about 8% of people have two assignments.
ESR_BANK_ONLY: Final = 0.6
ESR_SECOND: Final = 0.063
ESR_SECOND_CATEGORY: Final = (0.10, 0.25, 0.65)  # Permanent, Fixed Term Temp, Bank
ESR_SECOND_LOWER_BAND: Final = 0.4  # an AfC second assignment one band below the first
ESR_NO_PRIMARY: Final = 0.02  # people with several assignments and no Y flag
ESR_PRIMARY_SECOND: Final = 0.3  # the primary assignment is the later-numbered one
ESR_OTHER_CASES: Final = 0.004  # grievance, capability and informal cases per person
# ESR's Pay Band per band of _BANDS, and three Grade spellings per band (as _SPELLING_P).
_ESR_AFC: Final = (
    *(f"Review Body Band {b}" for b in range(1, 8)),
    *(f"Band 8 - Range {r}" for r in "ABCD"),
    "Review Body Band 9",
)
_ESR_PAY_BANDS: Final = (*_ESR_AFC, "Very Senior Manager", *(("Medical and Dental",) * 8))
_ESR_GRADE_NAMES: Final = (
    *((f"XR{i + 1:02d} {band}",) * 3 for i, band in enumerate(_ESR_AFC)),
    ("XV01 Very Senior Manager",) * 3,
    ("XN08 Consultant",) * 3,
    ("XN03 Speciality Doctor", "XN03 Specialty Doctor", "XN03 Speciality Doctor"),
    ("XN04 Associate Specialist",) * 3,
    ("XN02 Foundation Year 1",) * 3,
    ("XN05 Foundation Year 2",) * 3,
    ("XN06 Specialty Registrar",) * 3,
    ("XN07 Core Trainee", "XN07 Dental Core Trainee", "XN07 Core Trainee"),
    ("XN09 Clinical Fellow",) * 3,
)
_ESR_GRADES: Final = tuple(g for spellings in _ESR_GRADE_NAMES for g in spellings)
# ESR's nine staff groups: the six of _STAFF_GROUPS and three split off (all clinical).
_ESR_STAFF_GROUPS: Final = (
    *_STAFF_GROUPS,
    "Add Prof Scientific and Technic",
    "Healthcare Scientists",
    "Students",
)
_ESR_CASE_TYPES: Final = ("Disciplinary", "Grievance", "Capability")
_ESR_OTHER_CASE_P: Final = (0.25, 0.50, 0.25)  # informal disciplinary, grievance, capability
_OLM_MANDATORY: Final = (
    "Fire Safety",
    "Information Governance and Data Security",
    "Safeguarding Adults Level 1",
    "Infection Prevention and Control Level 1",
    "Equality, Diversity and Human Rights",
)
_OLM_OTHER: Final = (
    "Leadership Foundations",
    "Coaching Skills for Managers",
    "Quality Improvement Essentials",
    "Reverse Mentoring Programme",
)
_MASK64: Final = (1 << 64) - 1


@dataclass(frozen=True)
class _Staff:
    """Persistent attributes of staff in post, one array element per person."""

    org: IntArray
    number: IntArray
    group: IntArray
    label: IntArray
    band: IntArray  # index into _PAY_BAND_LABELS (band * 3 + spelling)
    clinical: BoolArray
    category: IntArray
    staff_group: IntArray
    org_l3: IntArray

    def take(self, idx: IntArray) -> _Staff:
        return _Staff(
            self.org[idx],
            self.number[idx],
            self.group[idx],
            self.label[idx],
            self.band[idx],
            self.clinical[idx],
            self.category[idx],
            self.staff_group[idx],
            self.org_l3[idx],
        )

    def concat(self, other: _Staff) -> _Staff:
        return _Staff(
            np.concatenate([self.org, other.org]),
            np.concatenate([self.number, other.number]),
            np.concatenate([self.group, other.group]),
            np.concatenate([self.label, other.label]),
            np.concatenate([self.band, other.band]),
            np.concatenate([self.clinical, other.clinical]),
            np.concatenate([self.category, other.category]),
            np.concatenate([self.staff_group, other.staff_group]),
            np.concatenate([self.org_l3, other.org_l3]),
        )


@dataclass(frozen=True)
class _Orgs:
    """Per-organisation constants: codes, sizes and how their ethnic mix departs from the mean."""

    codes: tuple[str, ...]
    multi: bool
    sizes: IntArray
    bme_offset: FloatArray
    unknown_share: FloatArray
    appoint_noise: FloatArray  # multiplies the BME appointment likelihood


@dataclass(frozen=True)
class _YearRates:
    """Disparities for one year, jittered with the seed so trends move a little."""

    appoint_white: float
    appoint_rl: float
    applicant_bme: float
    disciplinary_rl: float
    training_white: float
    training_rl: float
    survey_drift: FloatArray  # shape (4, 2)


class _Numbering:
    """Hands out unique 8-digit employee numbers that look random but never repeat."""

    _MULT: Final = 48_271  # coprime with 90_000_000, so k -> (a*k + b) mod m is a bijection
    _SPAN: Final = 90_000_000

    def __init__(self, rng: np.random.Generator) -> None:
        self._offset = int(rng.integers(0, self._SPAN))
        self._next = 0

    def take(self, n: int) -> IntArray:
        if self._next + n > self._SPAN:
            raise ValueError("too many staff for 8-digit employee numbers")
        k = np.arange(self._next, self._next + n, dtype=np.int64)
        self._next += n
        return 10_000_000 + (self._MULT * k + self._offset) % self._SPAN


def write_sample(
    out_dir: Path,
    *,
    seed: int = 2025,
    staff: int = 8000,
    organisations: int = 1,
    years: tuple[int, ...] = (2023, 2024, 2025),
    style: str = "simple",
) -> list[Path]:
    """Writes out_dir/<year>/ for each year; returns the year folders.

    Years are generated in order from one staff population (about 88% carry over), so
    employee numbers are stable and a multi-year run shows a believable trend. Both
    styles describe the same people; "simple" is the committed sample_data/.
    """
    if seed < 0 or staff < 1 or organisations < 1 or not years:
        raise ValueError("seed must be >= 0, staff and organisations >= 1, years non-empty")
    if style not in STYLES:
        raise ValueError(f"style must be one of {', '.join(STYLES)}")
    setup = np.random.default_rng([seed, 0])
    orgs = _make_orgs(setup, staff, organisations)
    numbering = _Numbering(setup)
    people: _Staff | None = None
    folders: list[Path] = []
    for year in sorted(set(years)):
        pop_rng = np.random.default_rng([seed, year, 1])
        bme = np.clip(_bme_target(year) + orgs.bme_offset, 0.02, 0.85)
        if people is None:
            people = _first_staff(pop_rng, orgs, bme, numbering)
        else:
            people = _next_staff(pop_rng, people, orgs, bme, numbering)
        folder = out_dir / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        _write_year(folder, year, seed, orgs, people, style)
        folders.append(folder)
    if organisations == 1:
        _write_narrative(folders[-1], max(years))
        if len(folders) > 1:
            _write_last_actions(folders[-2], max(years) - 1)
    return folders


def parse_years(text: str) -> tuple[int, ...]:
    """`--years 2024,2025` as a tuple; a usage error when it is not a list of years."""
    try:
        return tuple(int(y) for y in text.split(","))
    except ValueError:
        raise UsageError(f"--years: not a list of years: {text}") from None


def check_out_dir(out_dir: Path, *, force: bool) -> None:
    """Refuse an existing folder that is not empty (a usage error) unless force is given,
    so `wres sample` never mixes its files into, or over, someone's data."""
    if force or not out_dir.is_dir():
        return
    try:
        occupied = next(out_dir.iterdir(), None) is not None
    except OSError as err:
        raise UsageError(f"{out_dir}: cannot read the folder ({err.strerror})") from None
    if occupied:
        raise UsageError(f"{out_dir}: folder is not empty (use --force to write into it)")


def _write_narrative(folder: Path, year: int) -> None:
    """A foreword and an action plan for the latest year, as a trust would add them."""
    foreword = f"""# Foreword from the Chief People Officer

This is our Workforce Race Equality Standard report for {year}. It compares how our
Black, Asian and minority ethnic (BME) colleagues and our White colleagues fare at work,
using the nine indicators that NHS England asks every trust to publish.

Three things stand out this year:

- **Recruitment**: White applicants remain more likely than BME applicants to be
  appointed from shortlisting. We will review every shortlisting panel's outcomes.
- **Senior representation**: BME colleagues hold a much smaller share of posts at
  Band 8a and above than in Bands 1 to 7.
- **Staff experience**: BME colleagues report more discrimination from managers and
  colleagues than White colleagues.

The action plan at the end of this report sets out what we will do, who is accountable
and by when. *All data in this sample report is fictional.*
"""
    actions = (
        "Action,Indicator,Owner,Due Date,Status\n"
        "Diverse interview panels for all posts at Band 7 and above,2,"
        f"Director of People,30/09/{year},In progress\n"
        "Review shortlisting-to-appointment outcomes by panel each quarter,2,"
        f"Head of Recruitment,31/12/{year},Not started\n"
        "Independent check of every decision to start a formal disciplinary investigation,3,"
        f"Head of Employee Relations,30/06/{year},Complete\n"
        "Reverse mentoring for executive directors,9,"
        f"Chief Executive,31/03/{year + 1},In progress\n"
        "Publish a positive action programme for Band 6 to 8a progression,1,"
        f"Director of People,31/12/{year},Not started\n"
        '"Listening events with the Race Equality Network, twice a year",,'
        f"EDI Lead,31/03/{year + 1},In progress\n"
    )
    _write_bytes(folder / "narrative.md", foreword.encode("utf-8"))
    _write_bytes(folder / "actions.csv", actions.encode("utf-8"))
    _write_bytes(folder / "wdes_narrative.md", _wdes_foreword(year).encode("utf-8"))


def _write_last_actions(folder: Path, year: int) -> None:
    """The year before's action plan, with the status each action reached, and the board
    paper's cover sheet of the latest year in its wres.toml."""
    actions = (
        "Action,Indicator,Owner,Due Date,Status\n"
        "Diverse interview panels for all posts at Band 7 and above,2,"
        f"Director of People,30/09/{year},Complete\n"
        "Independent check of every decision to start a formal disciplinary investigation,3,"
        f"Head of Employee Relations,31/03/{year},Complete\n"
        "Reverse mentoring for executive directors,9,"
        f"Chief Executive,31/03/{year},Not completed: carried forward\n"
    )
    _write_bytes(folder / "actions.csv", actions.encode("utf-8"))
    latest = folder.parent / str(year + 1) / "wres.toml"
    paper = (
        "\n[report]\n"
        f'meeting = "Trust Board, 24 July {year + 1}"\n'
        'purpose = "For approval"\n'
        'executive_lead = "Chief People Officer"\n'
        'author = "Head of Equality, Diversity and Inclusion"\n'
    )
    _write_bytes(latest, latest.read_bytes() + paper.encode("utf-8"))


def _wdes_foreword(year: int) -> str:
    """The WDES report's foreword, with its answer to metric 9b in a section of its own."""
    return f"""# Foreword from the Chief People Officer

This is our Workforce Disability Equality Standard report for {year}. It compares how
our Disabled colleagues and our non-disabled colleagues fare at work, using the ten
metrics that NHS England asks every trust to publish.

Fewer than one in twenty of our staff have told us in ESR that they are Disabled, while
more than one in five staff survey respondents say they have a long-term condition or
illness. Closing that gap, so that colleagues feel safe to declare, is our first action.
*All data in this sample report is fictional.*

## Metric 9b: Disabled staff's voices

Yes. Our Disability and Long-term Conditions Network meets every month, is chaired by a
Disabled colleague with protected time, and reports to the People Committee twice a year.
Its members reviewed this report before it went to the Board.
"""


def _bme_target(year: int) -> float:
    """Workforce BME share: 24% in 2023 rising 1.5 points a year, as nationally."""
    return float(np.clip(0.24 + 0.015 * (year - 2023), 0.05, 0.6))


def _org_codes(n: int) -> tuple[str, ...]:
    """Codes R0A, R0B, ... R9Z, then T0A...: trust-like, unique and stable for a given n."""
    if n > 4 * 260:
        raise ValueError("at most 1040 organisations")
    return tuple(f"{'RTNY'[i // 260]}{(i // 26) % 10}{chr(ord('A') + i % 26)}" for i in range(n))


def _make_orgs(rng: np.random.Generator, staff: int, n: int) -> _Orgs:
    if n == 1:
        one = np.ones(1)
        return _Orgs((TRUST_CODE,), False, np.array([staff]), 0 * one, 0.035 * one, one)
    raw = rng.uniform(0.6, 1.4, n)
    sizes = np.maximum(np.round(raw / raw.mean() * staff), 10).astype(np.int64)
    offset = rng.uniform(-0.15, 0.15, n)
    offset -= np.average(offset, weights=sizes)
    return _Orgs(
        _org_codes(n),
        True,
        sizes,
        offset,
        0.035 + rng.uniform(-0.015, 0.015, n),
        np.exp(rng.normal(0.0, 0.1, n)),
    )


def _year_rates(seed: int, year: int) -> _YearRates:
    rng = np.random.default_rng([seed, year, 2])
    u = rng.uniform(-1.0, 1.0, 6)
    return _YearRates(
        appoint_white=0.22 + 0.01 * u[0],
        appoint_rl=1.52 + 0.06 * u[1],
        applicant_bme=0.45 + 0.01 * u[2],
        disciplinary_rl=1.30 + 0.05 * u[3],
        training_white=0.55 + 0.01 * u[4],
        training_rl=1.10 + 0.03 * u[5],
        survey_drift=rng.uniform(-1.0, 1.0, (4, 2)),
    )


# --- staff population -----------------------------------------------------------------


def _rank_within(rng: np.random.Generator, org: IntArray, n_orgs: int) -> IntArray:
    """A random order of each organisation's rows (0, 1, ... within each organisation)."""
    order = np.lexsort((rng.random(org.size), org))
    counts = np.bincount(org, minlength=n_orgs)
    starts = np.cumsum(counts) - counts
    rank = np.empty(org.size, dtype=np.int64)
    rank[order] = np.arange(org.size) - starts[org[order]]
    return rank


def _groups_by_count(
    rng: np.random.Generator, org: IntArray, n_orgs: int, bme: IntArray, unknown: IntArray
) -> IntArray:
    """Exact BME / Unknown counts per organisation, so the shares hit their targets."""
    rank = _rank_within(rng, org, n_orgs)
    b, u = bme[org], unknown[org]
    return np.where(rank < b, BME, np.where(rank < b + u, UNKNOWN, WHITE)).astype(np.int64)


def _draw_labels(
    rng: np.random.Generator,
    group: IntArray,
    tables: Sequence[Sequence[tuple[str | None, float]]],
) -> IntArray:
    """Index into the concatenated tables of a label drawn from each row's group table."""
    out = np.zeros(group.size, dtype=np.int64)
    start = 0
    for g, table in enumerate(tables):
        mask = group == g
        p = np.array([w for _, w in table])
        out[mask] = start + rng.choice(len(table), size=int(mask.sum()), p=p / p.sum())
        start += len(table)
    return out


def _draw_staff(
    rng: np.random.Generator, org: IntArray, group: IntArray, number: IntArray
) -> _Staff:
    n = org.size
    label = _draw_labels(rng, group, (_ESR_WHITE, _ESR_BME, _ESR_UNKNOWN))
    band = np.zeros(n, dtype=np.int64)
    for g in (WHITE, BME, UNKNOWN):
        mask = group == g
        band[mask] = rng.choice(len(_BANDS), size=int(mask.sum()), p=_BAND_P[g])
    spelling = rng.choice(3, size=n, p=_SPELLING_P)
    medical = band >= _FIRST_MEDICAL
    clinical = rng.random(n) < _BAND_CLINICAL[band]
    u = rng.random(n)
    fixed = np.where(_BAND_TRAINEE[band], 0.75, 0.09)
    category = np.where(u < _BANK_SHARE, 2, np.where(u < _BANK_SHARE + fixed, 1, 0))
    r = rng.random(n)
    staff_group = np.select(
        [medical, clinical & (band <= 3), clinical, band <= 2],
        [0, 3, np.where(r < 0.7, 1, 2), np.where(r < 0.4, 5, 4)],
        default=4,
    )
    division = rng.integers(0, 4, n)
    org_l3 = np.where(clinical | (r < 0.3), division, 4)
    return _Staff(
        org=org,
        number=number,
        group=group,
        label=label,
        band=(band * 3 + spelling).astype(np.int64),
        clinical=clinical,
        category=category.astype(np.int64),
        staff_group=staff_group.astype(np.int64),
        org_l3=org_l3.astype(np.int64),
    )


def _first_staff(
    rng: np.random.Generator, orgs: _Orgs, bme: FloatArray, numbering: _Numbering
) -> _Staff:
    k = orgs.sizes.size
    org = np.repeat(np.arange(k, dtype=np.int64), orgs.sizes)
    n_bme = np.round(bme * orgs.sizes).astype(np.int64)
    n_unknown = np.round(orgs.unknown_share * orgs.sizes).astype(np.int64)
    group = _groups_by_count(rng, org, k, n_bme, n_unknown)
    return _draw_staff(rng, org, group, numbering.take(org.size))


def _next_staff(
    rng: np.random.Generator, prev: _Staff, orgs: _Orgs, bme: FloatArray, numbering: _Numbering
) -> _Staff:
    """Keep ~88% of last year's staff; joiners fill each organisation back to size and
    carry the ethnic mix needed to reach this year's target."""
    k = orgs.sizes.size
    stay = prev.take(np.flatnonzero(rng.random(prev.org.size) < RETENTION))
    joiners = np.maximum(orgs.sizes - np.bincount(stay.org, minlength=k), 0)
    kept_bme = np.bincount(stay.org, weights=stay.group == BME, minlength=k)
    kept_unknown = np.bincount(stay.org, weights=stay.group == UNKNOWN, minlength=k)
    n_bme = np.clip(np.round(bme * orgs.sizes) - kept_bme, 0, joiners).astype(np.int64)
    want_unknown = np.round(orgs.unknown_share * orgs.sizes) - kept_unknown
    n_unknown = np.clip(want_unknown, 0, joiners - n_bme).astype(np.int64)
    org = np.repeat(np.arange(k, dtype=np.int64), joiners)
    group = _groups_by_count(rng, org, k, n_bme, n_unknown)
    return stay.concat(_draw_staff(rng, org, group, numbering.take(org.size)))


# --- writing ----------------------------------------------------------------------------


def _write_csv(path: Path, df: pl.DataFrame, *, bom: bool = False, date_format: str = "") -> None:
    with atomic_path(path) as tmp:
        df.write_csv(tmp, include_bom=bom, date_format=date_format or None)


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def _strings(labels: Sequence[str | None], idx: IntArray) -> pl.Series:
    return pl.Series(values=list(labels), dtype=pl.String).gather(idx)


def _dates(epoch_days: IntArray) -> pl.Series:
    return pl.Series(epoch_days.astype(np.int32)).cast(pl.Date)


def _ids(kind: str, orgs: _Orgs, year: int, org: IntArray, width: int) -> pl.Series:
    """`KIND-2025-0000001`, or `KIND-R0A-2025-0000001` in a multi-organisation extract;
    numbered from 1 within each organisation (rows must be grouped by organisation)."""
    counts = np.bincount(org, minlength=orgs.sizes.size)
    seq = np.arange(org.size) - (np.cumsum(counts) - counts)[org] + 1
    parts: list[pl.Expr] = [pl.lit(kind)]
    if orgs.multi:
        parts.append(pl.lit(_strings(orgs.codes, org)))
    parts += [pl.lit(str(year)), pl.lit(pl.Series(seq).cast(pl.String).str.zfill(width))]
    return pl.select(pl.concat_str(parts, separator="-")).to_series()


def _frame(orgs: _Orgs, org: IntArray, columns: dict[str, pl.Series]) -> pl.DataFrame:
    """Prefix the `Organisation Code` column in a multi-organisation extract."""
    if orgs.multi:
        columns = {"Organisation Code": _strings(orgs.codes, org), **columns}
    return pl.DataFrame(columns)


def _financial_year(year: int) -> tuple[int, int]:
    """First epoch day of the event window (1 April year-1) and its length in days."""
    start = np.datetime64(f"{year - 1}-04-01", "D")
    end = np.datetime64(f"{year}-04-01", "D")
    return int(start.astype(np.int64)), int((end - start).astype(np.int64))


def _write_year(
    folder: Path, year: int, seed: int, orgs: _Orgs, people: _Staff, style: str
) -> None:
    rates = _year_rates(seed, year)
    rng = np.random.default_rng([seed, year, 3])
    people = people.take(np.lexsort((people.number, people.org)))
    _write_toml(folder / "wres.toml", year, orgs)
    disability = _disability(seed, people)
    if style == "esr":
        jobs = _esr_assignments(seed, people)
        _write_esr_workforce(folder / "workforce.csv", orgs, people, jobs, disability)
    else:
        _write_workforce(folder / "workforce.csv", orgs, people, disability)
    applicants = np.random.default_rng([seed, year, 5])  # WDES: never the WRES generator
    _write_recruitment(folder / "recruitment.csv", rng, year, orgs, people, rates, applicants)
    if style == "esr":
        # Events of Bank-only people are in the ER and OLM files too; the tool drops them.
        staying = ~jobs.bank_only
        in_post = people.take(np.flatnonzero(staying))
        _write_esr_disciplinary(folder / "disciplinary.csv", rng, year, orgs, people, rates)
        _write_esr_training(folder / "training.csv", rng, year, orgs, people, rates)
    else:
        staying = people.category != 2  # Bank excluded by the tool
        in_post = people.take(np.flatnonzero(staying))
        _write_disciplinary(folder / "disciplinary.csv", rng, year, orgs, in_post, rates)
        _write_training(folder / "training.csv", rng, year, orgs, in_post, rates)
    _write_survey(folder / "staff_survey.xlsx", rng, year, orgs, in_post, rates)
    # Boards change slowly: the same composition every year (its own generator, not the
    # year's), so the sample's indicator 9 trend moves with the workforce, not by chance.
    board = (np.random.default_rng([seed, 9]), np.random.default_rng([seed, 10]))
    _write_board(folder / "board.csv", *board, year, orgs)
    wdes = np.random.default_rng([seed, year, 4])
    cases = _capability_cases(wdes, year, orgs, people, staying, disability[0], esr=style == "esr")
    _write_capability(folder / "capability.csv", year, orgs, people, cases, disability, style)
    _write_wdes_survey(folder / "wdes_survey.csv", wdes, orgs, in_post)


def _write_toml(path: Path, year: int, orgs: _Orgs) -> None:
    name = NATIONAL_NAME if orgs.multi else TRUST_NAME
    lines = [
        "# Fictional data made by `wres sample`: no real person or organisation.",
        f'organisation = "{name}"',
        *([] if orgs.multi else [f'organisation_code = "{TRUST_CODE}"']),
        f"reporting_year = {year}",
        "",
        "[options]",
        "disciplinary_window_years = 1",
        'exclude_assignment_categories = ["Bank"]',
        "",
    ]
    _write_bytes(path, "\n".join(lines).encode())


def _write_workforce(
    path: Path, orgs: _Orgs, people: _Staff, disability: tuple[IntArray, IntArray]
) -> None:
    clinical = people.clinical.astype(np.int64)
    df = _frame(
        orgs,
        people.org,
        {
            "Employee Number": pl.Series(people.number).cast(pl.String),
            "Ethnic Origin": _strings(_ESR_LABELS, people.label),
            "Pay Band": _strings(_PAY_BAND_LABELS, people.band),
            "Clinical Status": _strings(("Non-clinical", "Clinical"), clinical),
            "Assignment Category": _strings(_CATEGORIES, people.category),
            "Staff Group": _strings(_STAFF_GROUPS, people.staff_group),
            "Org L3": _strings(_ORG_L3, people.org_l3),
            "Disability": _strings(_DISABILITY_LABELS, disability[1]),
        },
    )
    _write_csv(path, df, bom=True)


def _write_recruitment(
    path: Path,
    rng: np.random.Generator,
    year: int,
    orgs: _Orgs,
    people: _Staff,
    rates: _YearRates,
    applicants: np.random.Generator,
) -> None:
    k = orgs.sizes.size
    headcount = np.bincount(people.org, minlength=k)
    jitter = rng.uniform(0.9, 1.1, k) if orgs.multi else np.ones(k)
    per_org = np.round(headcount * APPLICATIONS_PER_STAFF * jitter).astype(np.int64)
    org = np.repeat(np.arange(k, dtype=np.int64), per_org)
    n = org.size
    p_bme = np.clip(rates.applicant_bme + 1.5 * orgs.bme_offset, 0.05, 0.9)[org]
    u = rng.random(n)
    group = np.where(u < p_bme, BME, np.where(u < p_bme + 0.04, UNKNOWN, WHITE))
    label = _draw_labels(rng, group, (_TRAC_WHITE, _TRAC_BME, _TRAC_UNKNOWN))
    white = rates.appoint_white
    bme = white / rates.appoint_rl * orgs.appoint_noise[org]
    p_appoint = np.select([group == WHITE, group == BME], [white, bme], (white + bme) / 2)
    shortlisted = rng.random(n) >= NOT_SHORTLISTED
    appointed = shortlisted & (rng.random(n) < p_appoint)
    start, days = _financial_year(year)
    day = start + rng.integers(0, days, n)
    early = np.flatnonzero(rng.random(n) < EARLY_DATED)
    day[early] = start - rng.integers(1, 32, early.size)  # March, the month before
    disability = _applicant_disability(applicants, org, k, shortlisted, appointed)
    yes_no = ("No", "Yes")
    df = _frame(
        orgs,
        org,
        {
            "Application ID": _ids("APP", orgs, year, org, 7),
            "Ethnicity": _strings(
                tuple(lbl for lbl, _ in _TRAC_WHITE + _TRAC_BME + _TRAC_UNKNOWN), label
            ),
            "Shortlisted": _strings(yes_no, shortlisted.astype(np.int64)),
            "Appointed": _strings(yes_no, appointed.astype(np.int64)),
            "Shortlisting Date": _dates(day),
            "Disability": _strings(_APPLICANT_DISABILITY_LABELS, disability),
        },
    )
    _write_csv(path, df, date_format="%Y-%m-%d")


def _disciplinary_cases(
    rng: np.random.Generator, year: int, orgs: _Orgs, people: _Staff, rates: _YearRates
) -> tuple[IntArray, IntArray]:
    """Formal disciplinary cases: (row of people, epoch day), ordered by organisation, day."""
    # Fixed counts per organisation and group (not Bernoulli draws): with ~40 cases a
    # trust would otherwise show a random ratio instead of the intended ~1.3.
    cell = people.org * 3 + people.group
    n_cells = 3 * orgs.sizes.size
    headcount = np.bincount(cell, minlength=n_cells)
    mult = np.tile([1.0, rates.disciplinary_rl, 1.0], orgs.sizes.size)
    rate = DISCIPLINARY_RATE * headcount.sum() / max(float((headcount * mult).sum()), 1.0)
    expected = headcount * mult * rate
    n_cases = (np.floor(expected) + (rng.random(n_cells) < expected % 1)).astype(np.int64)
    # Every organisation has at least one case (in its largest group), so no file lacks it.
    by_org = n_cases.reshape(-1, 3)
    largest = headcount.reshape(-1, 3).argmax(axis=1)
    by_org[np.arange(by_org.shape[0]), largest] += (by_org.sum(axis=1) == 0) & (
        headcount.reshape(-1, 3).sum(axis=1) > 0
    )
    cases = np.flatnonzero(_rank_within(rng, cell, n_cells) < n_cases[cell])
    cases = np.repeat(cases, 1 + (rng.random(cases.size) < SECOND_CASE))
    start, days = _financial_year(year)
    day = start + rng.integers(0, days, cases.size)
    order = np.lexsort((day, people.org[cases]))
    return cases[order], day[order]


def _write_disciplinary(
    path: Path,
    rng: np.random.Generator,
    year: int,
    orgs: _Orgs,
    people: _Staff,
    rates: _YearRates,
) -> None:
    cases, day = _disciplinary_cases(rng, year, orgs, people, rates)
    who = people.take(cases)
    df = _frame(
        orgs,
        who.org,
        {
            "Case Reference": _ids("DC", orgs, year, who.org, 5),
            "Employee Number": pl.Series(who.number, dtype=pl.Int64).cast(pl.String),
            "Ethnic Origin": _strings(_ESR_LABELS, who.label),
            "Investigation Start Date": _dates(day),
        },
    )
    _write_csv(path, df, date_format="%d/%m/%Y")


def _training_rows(
    rng: np.random.Generator, year: int, people: _Staff, rates: _YearRates
) -> tuple[IntArray, IntArray, IntArray]:
    """Activities: (row of people, epoch day, 1 if mandatory), ordered by person, day."""
    n = people.org.size
    white, bme = rates.training_white, rates.training_white / rates.training_rl
    p = np.select([people.group == WHITE, people.group == BME], [white, bme], (white + bme) / 2)
    non_mandatory = (rng.random(n) < p) * (1 + rng.poisson(EXTRA_NON_MANDATORY, n))
    mandatory = rng.poisson(MANDATORY_PER_STAFF, n)
    staff = np.arange(n, dtype=np.int64)
    who_idx = np.concatenate([np.repeat(staff, non_mandatory), np.repeat(staff, mandatory)])
    is_mandatory = np.repeat([0, 1], [int(non_mandatory.sum()), int(mandatory.sum())])
    start, days = _financial_year(year)
    day = start + rng.integers(0, days, who_idx.size)
    order = np.lexsort((day, who_idx))  # people are sorted by organisation, number
    return who_idx[order], day[order], is_mandatory[order]


def _write_training(
    path: Path,
    rng: np.random.Generator,
    year: int,
    orgs: _Orgs,
    people: _Staff,
    rates: _YearRates,
) -> None:
    who_idx, day, is_mandatory = _training_rows(rng, year, people, rates)
    who = people.take(who_idx)
    df = _frame(
        orgs,
        who.org,
        {
            "Employee Number": pl.Series(who.number, dtype=pl.Int64).cast(pl.String),
            "Ethnic Origin": _strings(_ESR_LABELS, who.label),
            "Mandatory Training": _strings(("N", "Y"), is_mandatory.astype(np.int64)),
            "Completion Date": _dates(day),
        },
    )
    _write_csv(path, df, date_format="%d/%m/%Y")


def _write_survey(
    path: Path,
    rng: np.random.Generator,
    year: int,
    orgs: _Orgs,
    people: _Staff,
    rates: _YearRates,
) -> None:
    """Aggregate table as trusts receive it: two title rows above the header on row 3."""
    k = orgs.sizes.size
    headcount = np.stack(
        [np.bincount(people.org[people.group == g], minlength=k) for g in (WHITE, BME)], axis=1
    )  # (k, 2)
    respondents = np.round(headcount * SURVEY_RESPONSE * rng.uniform(0.92, 1.08, (k, 2)))
    base = np.array(_SURVEY_BASE) + rates.survey_drift  # (4, 2)
    noise = rng.normal(0.0, 2.5, (k, 4, 2)) if orgs.multi else np.zeros((k, 4, 2))
    percent = np.round(np.clip(base[None] + noise, 0.5, 99.5), 1)  # (k, 4, 2)
    org = np.repeat(np.arange(k), 8)
    indicator = np.tile(np.repeat(np.arange(5, 9), 2), k)
    group = np.tile([0, 1], 4 * k)
    header = ["Indicator", "Ethnic Group", "Number of Respondents", "Percentage"]
    columns: list[Sequence[object]] = [
        indicator.tolist(),
        [("White", "BME")[g] for g in group.tolist()],
        respondents[org, group].astype(np.int64).tolist(),
        percent.reshape(-1).tolist(),
    ]
    if orgs.multi:
        header.insert(0, "Organisation Code")
        columns.insert(0, [orgs.codes[o] for o in org.tolist()])
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {"in_memory": True})
        book.set_properties({"title": "WRES staff survey", "created": datetime(year, 4, 1)})
        sheet = book.add_worksheet("WRES indicators")
        bold = book.add_format({"bold": True})
        sheet.write(0, 0, f"NHS Staff Survey {year - 1} - WRES indicators", bold)
        sheet.write_row(2, 0, header, bold)
        for c, values in enumerate(columns):
            fmt = book.add_format({"num_format": "0.0"}) if c == len(columns) - 1 else None
            sheet.write_column(3, c, values, fmt)
        sheet.set_column(0, len(header) - 1, 22)
        book.close()


def _write_board(
    path: Path, rng: np.random.Generator, wdes: np.random.Generator, year: int, orgs: _Orgs
) -> None:
    """~7 executive and ~7 non-executive members; chair, NEDs and four executives vote.
    One member per board is Disabled and four or five have not declared (WDES metric 10:
    board Unknown shares of a third are common), drawn from ``wdes``."""
    k = orgs.sizes.size
    n_exec = 7 + rng.integers(-1, 2, k)
    n_ned = 7 + rng.integers(-1, 2, k)
    size = n_exec + n_ned
    org = np.repeat(np.arange(k, dtype=np.int64), size)
    position = np.arange(org.size) - (np.cumsum(size) - size)[org]
    executive = position < n_exec[org]
    voting = ~executive | (position < 4)
    n_bme = 2 + (rng.random(k) < 0.5).astype(np.int64)
    group = _groups_by_count(rng, org, k, n_bme, np.ones(k, dtype=np.int64))
    label = _draw_labels(rng, group, (_BOARD_WHITE, _BOARD_BME, _BOARD_UNKNOWN))
    labels = tuple(lbl for lbl, _ in _BOARD_WHITE + _BOARD_BME + _BOARD_UNKNOWN)
    n_unknown = 4 + (wdes.random(k) < 0.5).astype(np.int64)
    # 1 = Disabled, 2 = not declared, 0 = non-disabled (the codes of _groups_by_count)
    disability = _groups_by_count(wdes, org, k, np.ones(k, dtype=np.int64), n_unknown)
    df = _frame(
        orgs,
        org,
        {
            "Member ID": _ids("BM", orgs, year, org, 2),
            "Ethnic Origin": _strings(labels, label),
            "Voting Member": _strings(("No", "Yes"), voting.astype(np.int64)),
            "Executive Director": _strings(("N", "Y"), executive.astype(np.int64)),
            "Disability": _strings(("No", "Yes", "Not Declared"), disability),
        },
    )
    _write_bytes(path, df.write_csv().encode("cp1252"))


# --- ESR style --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Assignments:
    """ESR assignment rows, grouped by person in the order of people; per-person flags."""

    person: IntArray  # row of people
    seq: IntArray  # n of the Assignment Number <employee number>-<n>
    primary: BoolArray  # Primary Assignment = Y
    band: IntArray  # index into _ESR_GRADES (band * 3 + spelling)
    category: IntArray
    staff_group: IntArray  # index into _ESR_STAFF_GROUPS
    bank_only: BoolArray  # per person: every assignment is Bank


def _person_uniform(seed: int, number: IntArray, salt: int) -> FloatArray:
    """A uniform in [0, 1) per person from the seed and employee number (splitmix64), so a
    person keeps the same assignments from year to year whoever joins or leaves."""
    key = np.uint64((seed * 0x9E3779B97F4A7C15 + salt * 0xD1B54A32D192ED03) & _MASK64)
    x = number.astype(np.uint64) * np.uint64(0xBF58476D1CE4E5B9) + key
    for shift, mult in ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB)):
        x = (x ^ (x >> np.uint64(shift))) * np.uint64(mult)
    x ^= x >> np.uint64(31)
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _esr_assignments(seed: int, people: _Staff) -> _Assignments:
    u = [_person_uniform(seed, people.number, salt) for salt in range(7)]
    band, spelling = people.band // 3, people.band % 3
    bank = people.category == 2
    bank_only = bank & (u[0] < ESR_BANK_ONLY)
    second = ~bank_only & (bank | (u[1] < ESR_SECOND))
    first_category = np.where(bank_only, 2, np.where(bank, 0, people.category))
    p_perm, p_fixed, _ = ESR_SECOND_CATEGORY
    second_category = np.where(bank | (u[2] >= p_perm + p_fixed), 2, (u[2] >= p_perm) * 1)
    lower = (band < _FIRST_MEDICAL) & (band > 0) & (u[3] < ESR_SECOND_LOWER_BAND)
    second_band = band - lower
    no_primary = second & (u[4] < ESR_NO_PRIMARY)
    swapped = second & (u[5] < ESR_PRIMARY_SECOND)  # the primary is <number>-2
    staff_group = np.select(
        [
            (people.staff_group == 2) & (u[6] < 0.25),
            people.staff_group == 2,
            people.staff_group == 3,
        ],
        [6, np.where(u[6] < 0.4, 7, 2), np.where(u[6] < 0.08, 8, 3)],
        default=people.staff_group,
    )
    n_rows = 1 + second.astype(np.int64)
    person = np.repeat(np.arange(people.org.size, dtype=np.int64), n_rows)
    seq = np.arange(person.size, dtype=np.int64) - (np.cumsum(n_rows) - n_rows)[person] + 1
    first = (seq == 1) != swapped[person]  # the person's first (primary) assignment
    return _Assignments(
        person=person,
        seq=seq,
        primary=first & ~no_primary[person],
        band=np.where(first, band[person], second_band[person]) * 3 + spelling[person],
        category=np.where(first, first_category[person], second_category[person]),
        staff_group=staff_group[person].astype(np.int64),
        bank_only=bank_only,
    )


def _write_esr_workforce(
    path: Path,
    orgs: _Orgs,
    people: _Staff,
    jobs: _Assignments,
    disability: tuple[IntArray, IntArray],
) -> None:
    """ESR Staff in Post: one row per assignment; ethnicity, disability and person number
    on every row."""
    who = people.take(jobs.person)
    number = pl.Series(who.number).cast(pl.String)
    seq = pl.Series(jobs.seq).cast(pl.String)
    df = _frame(
        orgs,
        who.org,
        {
            "Employee Number": number,
            "Assignment Number": pl.select(
                pl.concat_str([pl.lit(number), pl.lit(seq)], separator="-")
            ).to_series(),
            "Primary Assignment": _strings(("N", "Y"), jobs.primary.astype(np.int64)),
            "Ethnic Origin": _strings(_ESR_LABELS, who.label),
            "Pay Band": _strings(_ESR_PAY_BANDS, jobs.band // 3),
            "Grade": _strings(_ESR_GRADES, jobs.band),
            "Staff Group": _strings(_ESR_STAFF_GROUPS, jobs.staff_group),
            "Assignment Category": _strings(_CATEGORIES, jobs.category),
            "Org L3": _strings(_ORG_L3, who.org_l3),
            "Disability": _strings(_DISABILITY_LABELS, disability[1][jobs.person]),
        },
    )
    _write_csv(path, df, bom=True)


def _write_esr_disciplinary(
    path: Path,
    rng: np.random.Generator,
    year: int,
    orgs: _Orgs,
    people: _Staff,
    rates: _YearRates,
) -> None:
    """ER case tracker: formal disciplinary cases as in the simple style, plus grievance,
    capability and informal cases the tool leaves out; no ethnicity column."""
    cases, day = _disciplinary_cases(rng, year, orgs, people, rates)
    other = np.flatnonzero(rng.random(people.org.size) < ESR_OTHER_CASES)
    kind = rng.choice(3, size=other.size, p=_ESR_OTHER_CASE_P)  # 0 = informal disciplinary
    formal = (kind > 0) & (rng.random(other.size) < 0.6)
    start, days = _financial_year(year)
    who_idx = np.concatenate([cases, other])
    day = np.concatenate([day, start + rng.integers(0, days, other.size)])
    case_type = np.concatenate([np.zeros(cases.size, dtype=np.int64), kind])
    is_formal = np.concatenate([np.ones(cases.size, dtype=bool), formal])
    order = np.lexsort((day, people.org[who_idx]))
    who = people.take(who_idx[order])
    df = _frame(
        orgs,
        who.org,
        {
            "Case Reference": _ids("ER", orgs, year, who.org, 5),
            "Employee Number": pl.Series(who.number, dtype=pl.Int64).cast(pl.String),
            "Case Type": _strings(_ESR_CASE_TYPES, case_type[order]),
            "Formal / Informal": _strings(("Informal", "Formal"), is_formal[order] * 1),
            "Date Opened": _dates(day[order]),
        },
    )
    _write_csv(path, df, date_format="%d/%m/%Y")


def _write_esr_training(
    path: Path,
    rng: np.random.Generator,
    year: int,
    orgs: _Orgs,
    people: _Staff,
    rates: _YearRates,
) -> None:
    """OLM completions: Employee Number, course, Statutory/Mandatory; no ethnicity column."""
    who_idx, day, is_mandatory = _training_rows(rng, year, people, rates)
    n_mandatory, n_other = len(_OLM_MANDATORY), len(_OLM_OTHER)
    course = np.where(
        is_mandatory == 1,
        rng.integers(0, n_mandatory, who_idx.size),
        n_mandatory + rng.integers(0, n_other, who_idx.size),
    )
    who = people.take(who_idx)
    df = _frame(
        orgs,
        who.org,
        {
            "Employee Number": pl.Series(who.number, dtype=pl.Int64).cast(pl.String),
            "Course Name": _strings((*_OLM_MANDATORY, *_OLM_OTHER), course),
            "Statutory/Mandatory": _strings(("N", "Y"), is_mandatory.astype(np.int64)),
            "Completion Date": _dates(day),
        },
    )
    _write_csv(path, df, date_format="%d/%m/%Y")


# --- WDES -------------------------------------------------------------------------------


def _disability(seed: int, people: _Staff) -> tuple[IntArray, IntArray]:
    """Each person's disability group (DISABLED, NON_DISABLED, DISABILITY_UNKNOWN_GROUP)
    and label (index into _DISABILITY_LABELS), from the seed and employee number only:
    stable from year to year, and drawn from no WRES generator."""
    u = _person_uniform(seed, people.number, 100)
    v = _person_uniform(seed, people.number, 101)
    group = np.where(
        u < _DISABLED_P[people.band // 3],
        DISABLED,
        np.where(u >= 1 - DISABILITY_UNKNOWN, DISABILITY_UNKNOWN_GROUP, NON_DISABLED),
    ).astype(np.int64)
    weights = np.array([w for _, w in _DISABILITY_UNKNOWN_LABELS])
    unknown = 2 + np.searchsorted(np.cumsum(weights) / weights.sum(), v, side="right")
    label = np.where(group == DISABLED, 0, np.where(group == NON_DISABLED, 1, unknown))
    return group, label.astype(np.int64)


def _applicant_disability(
    rng: np.random.Generator,
    org: IntArray,
    n_orgs: int,
    shortlisted: BoolArray,
    appointed: BoolArray,
) -> IntArray:
    """Disability label per application (index into _APPLICANT_DISABILITY_LABELS), given
    after the outcome so that no WRES figure moves: exact Disabled counts per organisation
    among the appointed, the shortlisted not appointed and the rest give APPLICANT_DISABLED
    overall and a non-disabled / Disabled appointment ratio of APPOINT_RL."""
    n = org.size
    unknown = rng.random(n) < APPLICANT_DISABILITY_UNKNOWN
    share = APPLICANT_DISABLED / (1 - APPLICANT_DISABILITY_UNKNOWN)  # among those who say
    outcome = np.where(appointed, 2, shortlisted.astype(np.int64))
    cell = np.where(unknown, 3 * n_orgs, org * 3 + outcome)  # Unknown rows: a cell apart
    known = np.bincount(cell, minlength=3 * n_orgs + 1)[:-1].reshape(-1, 3).astype(np.float64)
    appoint = known[:, 2] / np.maximum(known[:, 1] + known[:, 2], 1.0)
    p_disabled = appoint / (share + APPOINT_RL * (1 - share))  # appointment rate, Disabled
    target = np.stack(
        [
            np.full(n_orgs, share),
            share * (1 - p_disabled) / np.maximum(1 - appoint, 1e-9),
            share * p_disabled / np.maximum(appoint, 1e-9),
        ],
        axis=1,
    )
    n_disabled = np.append(np.round(known * target).astype(np.int64).reshape(-1), 0)
    disabled = _rank_within(rng, cell, 3 * n_orgs + 1) < n_disabled[cell]
    undeclared = 2 + (rng.random(n) < 0.5)
    return np.where(unknown, undeclared, np.where(disabled, 0, 1)).astype(np.int64)


@dataclass(frozen=True)
class _Cases:
    """Formal capability cases: row of people, grounds (0 performance, 1 ill health), day."""

    who: IntArray
    grounds: IntArray
    day: IntArray


def _capability_cases(
    rng: np.random.Generator,
    year: int,
    orgs: _Orgs,
    people: _Staff,
    in_post: BoolArray,
    group: IntArray,
    *,
    esr: bool,
) -> _Cases:
    """Fixed counts per organisation and disability group (not Bernoulli draws: a trust
    has ~300 Disabled staff and a handful of their cases). Performance: CAPABILITY_RATE of
    non-disabled staff, and the Disabled count rounded first, then the non-disabled one set
    from it, so that the ratio is close to CAPABILITY_RL whatever the rounding. Ill health:
    ILL_HEALTH_RATE, ILL_HEALTH_DISABLED times higher for Disabled staff. In the ESR style
    Bank-only people have cases too, one at least (the tool drops them); each organisation
    has one case at least. No person has two."""
    k = orgs.sizes.size
    cell = np.where(in_post, people.org * 3 + group, 3 * k)  # Bank-only: a cell apart
    head = np.bincount(cell, minlength=3 * k + 1)[:-1].reshape(-1, 3).astype(np.float64)
    disabled = np.round(CAPABILITY_RL * CAPABILITY_RATE * head[:, 0])
    non_disabled = np.where(
        disabled > 0,
        np.round(disabled * head[:, 1] / np.maximum(CAPABILITY_RL * head[:, 0], 1e-9)),
        np.round(CAPABILITY_RATE * head[:, 1]),
    )
    performance = np.stack(
        [disabled, non_disabled, np.round(CAPABILITY_RATE * head[:, 2])], axis=1
    ).astype(np.int64)
    none = (performance.sum(axis=1) == 0) & (head.sum(axis=1) > 0)
    performance[none, head[none].argmax(axis=1)] += 1
    ill = np.round(ILL_HEALTH_RATE * np.array([ILL_HEALTH_DISABLED, 1, 1]) * head)
    ill_health = ill.astype(np.int64)
    rank = _rank_within(rng, cell, 3 * k + 1)
    n_perf = np.append(performance.reshape(-1), 0)[cell]
    n_ill = np.append(ill_health.reshape(-1), 0)[cell]
    grounds = np.where(rank < n_perf, 0, np.where(rank < n_perf + n_ill, 1, -1))
    if esr:  # Bank-only people's cases, on grounds of performance
        bank = ~in_post
        bank_staff = np.bincount(people.org[bank], minlength=k)
        n_bank = np.maximum(np.round(CAPABILITY_RATE * bank_staff), bank_staff > 0)
        bank_rank = _rank_within(rng, np.where(bank, people.org, k), k + 1)
        chosen = bank & (bank_rank < np.append(n_bank, 0)[np.where(bank, people.org, k)])
        grounds = np.where(chosen, 0, grounds)
    who = np.flatnonzero(grounds >= 0)
    start, days = _financial_year(year)
    day = start + rng.integers(0, days, who.size)
    order = np.lexsort((day, people.org[who]))
    return _Cases(who[order], grounds[who][order], day[order])


def _write_capability(
    path: Path,
    year: int,
    orgs: _Orgs,
    people: _Staff,
    cases: _Cases,
    disability: tuple[IntArray, IntArray],
    style: str,
) -> None:
    """The capability log: Case Reference, Employee Number, grounds and date; the simple
    style gives each case's Disability, the ESR style leaves it to the workforce file."""
    who = people.take(cases.who)
    esr = style == "esr"
    columns = {
        "Case Reference": _ids("CAP", orgs, year, who.org, 4),
        "Employee Number": pl.Series(who.number, dtype=pl.Int64).cast(pl.String),
        "Capability Grounds": _strings(
            _ESR_CAPABILITY_GROUNDS if esr else _CAPABILITY_GROUNDS, cases.grounds
        ),
        **({} if esr else {"Disability": _strings(_DISABILITY_LABELS, disability[1][cases.who])}),
        "Date Opened" if esr else "Date Entered": _dates(cases.day),
    }
    _write_csv(path, _frame(orgs, who.org, columns), date_format="%d/%m/%Y")


def _write_wdes_survey(path: Path, rng: np.random.Generator, orgs: _Orgs, in_post: _Staff) -> None:
    """WDES survey results as trusts receive them: per metric 4a(i)-8 the Disabled (long-
    term condition) and non-disabled respondents and percentages (8: Disabled only), and
    the 9a engagement score of Disabled, non-disabled and all respondents (Organisation)."""
    k = orgs.sizes.size
    everyone = np.round(
        np.bincount(in_post.org, minlength=k) * SURVEY_RESPONSE * rng.uniform(0.92, 1.08, k)
    )
    ltc = SURVEY_LTC + (rng.normal(0.0, 0.02, k) if orgs.multi else np.zeros(k))
    said = np.stack(
        [np.round(everyone * ltc), np.round(everyone * (1 - ltc - SURVEY_LTC_UNANSWERED))], 1
    )  # (k, 2) respondents: Disabled, non-disabled
    metrics = len(_WDES_SURVEY)
    answering = np.array([[m[1], m[2]] for m in _WDES_SURVEY])  # (metrics, 2)
    base = np.array([[m[3], m[4]] for m in _WDES_SURVEY]) + rng.uniform(-1.0, 1.0, (metrics, 2))
    noise = rng.normal(0.0, 2.5, (k, metrics, 2)) if orgs.multi else np.zeros((k, metrics, 2))
    drift = np.array(_WDES_ENGAGEMENT) + rng.uniform(-0.05, 0.05, 2)
    spread = rng.normal(0.0, 0.15, (k, 2)) if orgs.multi else np.zeros((k, 2))
    score: FloatArray = np.clip(drift + spread, 0.0, 10.0).round(2)  # (k, 2)
    whole = (said[:, 0] * score[:, 0] + (everyone - said[:, 0]) * score[:, 1]) / np.maximum(
        everyone, 1.0
    )
    # Tables (k, metric 0-8, group Disabled / Non-disabled / Organisation); 8 is 9a.
    respondents = np.zeros((k, metrics + 1, 3))
    respondents[:, :metrics, :2] = np.round(said[:, None, :] * answering[None])
    respondents[:, metrics] = np.column_stack([said, everyone])
    percent = np.full((k, metrics + 1, 3), np.nan)
    percent[:, :metrics, :2] = np.round(np.clip(base[None] + noise, 0.5, 99.5), 1)
    scores = np.full((k, metrics + 1, 3), np.nan)
    scores[:, metrics] = np.column_stack([score, np.round(whole, 2)])
    shape = [(m, g) for m in range(metrics) for g in (0, 1) if answering[m, g] > 0]
    shape += [(metrics, g) for g in (0, 1, 2)]
    metric, group = (np.array(x, dtype=np.int64) for x in zip(*shape, strict=True))
    org = np.repeat(np.arange(k, dtype=np.int64), len(shape))
    metric, group = np.tile(metric, k), np.tile(group, k)
    names = (*(m[0] for m in _WDES_SURVEY), "9a")
    df = _frame(
        orgs,
        org,
        {
            "Metric": _strings(names, metric),
            "Group": _strings(("Disabled", "Non-disabled", "Organisation"), group),
            "Respondents": pl.Series(respondents[org, metric, group].astype(np.int64)),
            "Percent": pl.Series(percent[org, metric, group]).fill_nan(None),
            "Score": pl.Series(scores[org, metric, group]).fill_nan(None),
        },
    )
    _write_csv(path, df)
