"""The nine indicators as data: names, sources and orientation (wres-spec.md section 4).

Orientation is data, not code: each relative-likelihood indicator names the group on top
of its ratio, so that > 1 is always adverse to BME staff. A WDES metric would be another
entry here, not another function.
"""

from __future__ import annotations

from dataclasses import dataclass

from wres_cli.ethnicity import Group


@dataclass(frozen=True)
class Definition:
    """An indicator's number, short title, source file and what it measures."""

    number: str
    title: str
    source: str
    measures: str


@dataclass(frozen=True)
class LikelihoodDefinition(Definition):
    """A relative-likelihood indicator: RL = L_top / L_ref."""

    top: Group
    ref: Group
    numerator: str
    denominator: str
    subject: str
    """Who the likelihood is about, in a sentence: 'applicants', 'staff'."""
    outcome: str
    """The outcome, completing '... were N times as likely as ... to <outcome>'."""
    short_numerator: str
    short_denominator: str


REPRESENTATION = Definition(
    "1",
    "Representation by pay band",
    "workforce",
    "headcount of White, BME and Unknown staff in each pay band, non-clinical and clinical",
)
APPOINTMENT = LikelihoodDefinition(
    "2",
    "Appointment from shortlisting",
    "recruitment",
    "relative likelihood of White applicants being appointed from shortlisting, "
    "compared with BME applicants",
    top=Group.WHITE,
    ref=Group.BME,
    numerator="shortlisted applications appointed",
    denominator="shortlisted applications",
    subject="applicants",
    outcome="be appointed from shortlisting",
    short_numerator="appointed",
    short_denominator="shortlisted",
)
DISCIPLINARY = LikelihoodDefinition(
    "3",
    "Entry into the formal disciplinary process",
    "disciplinary",
    "relative likelihood of BME staff entering the formal disciplinary process, "
    "compared with White staff",
    top=Group.BME,
    ref=Group.WHITE,
    numerator="staff entering a formal disciplinary investigation (distinct staff)",
    denominator="headcount at the snapshot",
    subject="staff",
    outcome="enter the formal disciplinary process",
    short_numerator="entered",
    short_denominator="headcount",
)
TRAINING = LikelihoodDefinition(
    "4",
    "Access to non-mandatory training and CPD",
    "training",
    "relative likelihood of White staff accessing non-mandatory training and CPD, "
    "compared with BME staff",
    top=Group.WHITE,
    ref=Group.BME,
    numerator="staff with at least one non-mandatory training or CPD activity (distinct staff)",
    denominator="headcount at the snapshot",
    subject="staff",
    outcome="access non-mandatory training and CPD",
    short_numerator="trained",
    short_denominator="headcount",
)
SURVEY = {
    "5": Definition(
        "5",
        "Harassment, bullying or abuse from patients, relatives or the public",
        "staff_survey",
        "% of staff experiencing harassment, bullying or abuse from patients, relatives "
        "or the public in the last 12 months",
    ),
    "6": Definition(
        "6",
        "Harassment, bullying or abuse from staff",
        "staff_survey",
        "% of staff experiencing harassment, bullying or abuse from staff in the last 12 months",
    ),
    "7": Definition(
        "7",
        "Equal opportunities for career progression or promotion",
        "staff_survey",
        "% of staff believing the organisation provides equal opportunities for career "
        "progression or promotion (higher is better)",
    ),
    "8": Definition(
        "8",
        "Discrimination from a manager, team leader or colleague",
        "staff_survey",
        "% of staff personally experiencing discrimination at work from a manager, team "
        "leader or other colleagues in the last 12 months",
    ),
}
SURVEY_PHRASES = {
    "5": "experienced harassment, bullying or abuse from patients, relatives or the public "
    "in the last 12 months",
    "6": "experienced harassment, bullying or abuse from staff in the last 12 months",
    "7": "believe the organisation provides equal opportunities for career progression or "
    "promotion",
    "8": "personally experienced discrimination at work from a manager, team leader or other "
    "colleagues in the last 12 months",
}
"""Completes '<x>% of BME staff ...' in the report's sentences."""
BOARD = Definition(
    "9",
    "Board representation",
    "board",
    "BME % of the board minus BME % of the overall workforce, in percentage points",
)
LIKELIHOODS = (APPOINTMENT, DISCIPLINARY, TRAINING)
ALL: tuple[Definition, ...] = (REPRESENTATION, *LIKELIHOODS, *SURVEY.values(), BOARD)
