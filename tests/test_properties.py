"""Properties of the indicators over generated trusts, through the real pipeline.

- the order of the rows in any file does not change any result;
- duplicating every row (fresh unique ids; events follow their staff member's new id)
  doubles every count and leaves every ratio, likelihood and percentage unchanged;
- the White / BME / Unknown percentages of every indicator 1 row add up to 100.
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wres_cli.pipeline import analyse
from wres_cli.schema.output import (
    BandRow,
    BoardRepresentation,
    Indicators,
    Overall,
    RelativeLikelihood,
    Representation,
    Survey,
)

ETHNIC = (
    "A",
    "B White - Irish",
    "C3 White Unspecified",
    "N",
    "H Asian or Asian British - Indian",
    "M Black or Black British - Caribbean",
    "R",
    "Z",
    "99",
    "Not stated",
)
BANDS = ("Band 2", "Band 5", "8A", "VSM", "Consultant", "ST3", "Under Band 1")
OUTCOMES = (("Y", "Y"), ("Y", "N"), ("N", "N"))
"""(shortlisted, appointed): appointed implies shortlisted."""

SETTINGS = settings(
    max_examples=15,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Person:
    ethnic: str
    band: str
    clinical: bool
    cases: int
    """Disciplinary cases opened for this person in the year."""
    training: tuple[bool, ...]
    """One entry per training activity: True when it was mandatory."""


@dataclass(frozen=True)
class Trust:
    staff: tuple[Person, ...]
    applications: tuple[tuple[str, tuple[str, str]], ...]
    board: tuple[tuple[str, bool, bool], ...]
    survey: tuple[tuple[int, int], ...]
    """(respondents, positive) for indicators 5-8 x (White, BME), in that order."""

    def files(self, copies: int = 1, shuffle: random.Random | None = None) -> dict[str, str]:
        """CSV texts; ``copies`` repeats every row under fresh ids; ``shuffle`` reorders."""
        workforce, disciplinary, training, recruitment, board = [], [], [], [], []
        for k in range(copies):
            for i, p in enumerate(self.staff):
                sid = f"S{k}-{i}"
                workforce.append(f"{sid},{p.ethnic},{p.band},{'Y' if p.clinical else 'N'}")
                disciplinary += [f"C{k}-{i}-{j},{sid},{p.ethnic}" for j in range(p.cases)]
                training += [f"{sid},{p.ethnic},{'Y' if m else 'N'}" for m in p.training]
            recruitment += [
                f"A{k}-{j},{ethnic},{short},{appointed}"
                for j, (ethnic, (short, appointed)) in enumerate(self.applications)
            ]
            board += [
                f"M{k}-{j},{ethnic},{'Y' if voting else 'N'},{'Y' if executive else 'N'}"
                for j, (ethnic, voting, executive) in enumerate(self.board)
            ]
        cells = [(n, g) for n in (5, 6, 7, 8) for g in ("White", "BME")]
        survey = [
            f"{n},{g},{respondents * copies},{positive * copies}"
            for (n, g), (respondents, positive) in zip(cells, self.survey, strict=True)
        ]
        tables = {
            "workforce.csv": ("staff_id,ethnic_origin,pay_band,clinical", workforce),
            "disciplinary.csv": ("case_id,staff_id,ethnic_origin", disciplinary),
            "training.csv": ("staff_id,ethnic_origin,mandatory", training),
            "recruitment.csv": ("application_id,ethnic_origin,shortlisted,appointed", recruitment),
            "board.csv": ("member_id,ethnic_origin,voting,executive", board),
            "staff_survey.csv": ("indicator,ethnic_group,respondents,positive", survey),
        }
        out = {}
        for name, (header, rows) in tables.items():
            if shuffle is not None:
                shuffle.shuffle(rows)
            out[name] = "\n".join([header, *rows]) + "\n"
        return out


people = st.builds(
    Person,
    ethnic=st.sampled_from(ETHNIC),
    band=st.sampled_from(BANDS),
    clinical=st.booleans(),
    cases=st.integers(0, 2),
    training=st.lists(st.booleans(), max_size=3).map(tuple),
)


@st.composite
def survey_cells(draw: st.DrawFn) -> tuple[int, int]:
    respondents = draw(st.integers(1, 400))
    return respondents, draw(st.integers(0, respondents))


trusts = st.builds(
    Trust,
    staff=st.lists(people, min_size=1, max_size=40).map(tuple),
    applications=st.lists(
        st.tuples(st.sampled_from(ETHNIC), st.sampled_from(OUTCOMES)), min_size=1, max_size=40
    ).map(tuple),
    board=st.lists(
        st.tuples(st.sampled_from(ETHNIC), st.booleans(), st.booleans()), min_size=1, max_size=8
    ).map(tuple),
    survey=st.lists(survey_cells(), min_size=8, max_size=8).map(tuple),
)


def indicators(files: dict[str, str]) -> Indicators:
    """Write the files to a fresh folder (reporting year 2025) and analyse it."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "wres.toml").write_text("reporting_year = 2025\n", encoding="utf-8")
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        documents = analyse([folder]).documents
    assert len(documents) == 1
    return documents[0].indicators


def measures(result: Indicators) -> tuple[dict[str, Any], dict[str, int]]:
    """(every ratio, likelihood and percentage by name; every count by name)."""
    scale_free: dict[str, Any] = {}
    counts: dict[str, int] = {}
    i1 = result["1"]
    assert isinstance(i1, Representation)
    parts: list[tuple[str, Overall | BandRow]] = [("overall", i1.overall)]
    parts += [(f"{r.cluster} {r.band}", r) for r in i1.rows]
    for name, part in parts:
        counts[f"1 {name} total"] = part.total
        for group in ("white", "bme", "unknown"):
            share = getattr(part, group)
            counts[f"1 {name} {group}"] = share.count
            scale_free[f"1 {name} {group} %"] = share.percent
    for number in (2, 3, 4):
        rl = result[str(number)]
        assert isinstance(rl, RelativeLikelihood)
        for key in ("relative_likelihood", "assessment", "status", "reason"):
            scale_free[f"{number} {key}"] = getattr(rl, key)
        for group in ("white", "bme", "unknown"):
            likelihood = getattr(rl, group)
            scale_free[f"{number} {group} likelihood"] = likelihood.likelihood
            counts[f"{number} {group} numerator"] = likelihood.numerator
            counts[f"{number} {group} denominator"] = likelihood.denominator
    for number in (5, 6, 7, 8):
        sv = result[str(number)]
        assert isinstance(sv, Survey) and sv.white is not None and sv.bme is not None
        scale_free[f"{number} white %"] = sv.white.percent
        scale_free[f"{number} bme %"] = sv.bme.percent
        scale_free[f"{number} difference"] = sv.difference_pp
    i9 = result["9"]
    assert isinstance(i9, BoardRepresentation)
    scale_free["9 workforce bme %"] = i9.workforce_bme_percent
    for subset in ("total", "voting", "executive", "non_executive"):
        part = getattr(i9.board, subset)
        scale_free[f"9 {subset} bme %"] = part.bme_percent
        scale_free[f"9 {subset} difference"] = part.difference_pp
        counts[f"9 {subset} total"] = part.total
        for group in ("white", "bme", "unknown"):
            scale_free[f"9 {subset} {group} %"] = getattr(part, group).percent
            counts[f"9 {subset} {group}"] = getattr(part, group).count
    return scale_free, counts


def same(value: Any) -> Any:
    return pytest.approx(value, rel=1e-12, abs=1e-12) if isinstance(value, float) else value


@SETTINGS
@given(trust=trusts, seed=st.integers(0, 2**32 - 1))
def test_row_order_changes_nothing(trust: Trust, seed: int) -> None:
    as_given = indicators(trust.files())
    shuffled = indicators(trust.files(shuffle=random.Random(seed)))
    # Every field, intervals included: the same counts give the same numbers.
    assert shuffled == as_given


@SETTINGS
@given(trust=trusts)
def test_duplicating_every_row_keeps_every_ratio_and_percentage(trust: Trust) -> None:
    once_values, once_counts = measures(indicators(trust.files()))
    twice_values, twice_counts = measures(indicators(trust.files(copies=2)))
    assert twice_counts == {name: 2 * n for name, n in once_counts.items()}
    assert twice_values.keys() == once_values.keys()
    for name, value in once_values.items():
        assert twice_values[name] == same(value), name


@SETTINGS
@given(trust=trusts)
def test_indicator_1_row_percentages_add_up_to_100(trust: Trust) -> None:
    i1 = indicators(trust.files())["1"]
    assert isinstance(i1, Representation)
    parts: list[Overall | BandRow] = [i1.overall, *i1.rows]
    for part in parts:
        groups = (part.white, part.bme, part.unknown)
        assert sum(g.count for g in groups) == part.total
        if part.total > 0:
            assert sum(g.percent or 0.0 for g in groups) == pytest.approx(100.0, rel=1e-12)
            assert all(g.percent is not None for g in groups)
        else:
            assert all(g.percent is None for g in groups)
    assert i1.overall.total == len(trust.staff)
    assert sum(r.total for r in i1.rows) == len(trust.staff)
