"""The Workforce Race Equality Standard, declared (wres-spec.md section 4).

Nine indicators over the ethnicity axis (White, BME, Unknown). Orientation is data: each
relative likelihood names the group on top of its ratio, so that above 1 is always
adverse to BME staff. A new WRES indicator of a known shape is one more entry below.
"""

from __future__ import annotations

from wres_cli.bands import AFC_BANDS, MEDICAL
from wres_cli.ethnicity import Group as Ethnic
from wres_cli.measures.board import BoardGap
from wres_cli.measures.likelihood import RelativeLikelihood
from wres_cli.measures.representation import Representation, Split
from wres_cli.measures.survey import SurveyShare
from wres_cli.schema import output
from wres_cli.standards import Axis, Group, Indicator, Standard, Wording, statistics

AXIS = Axis(
    column="ethnic_group",
    noun="ethnicity",
    focus=Group("bme", "BME", Ethnic.BME.value),
    reference=Group("white", "White", Ethnic.WHITE.value),
    unknown=Group("unknown", "Unknown", Ethnic.UNKNOWN.value),
    unstated="have not stated their ethnicity",
)
AFC_ROWS = ("Under Band 1", *(f"Band {b}" for b in AFC_BANDS), "VSM")
SURVEY_METHOD = (
    "Percentage of White and of BME respondents to the NHS Staff Survey question; "
    "difference = BME minus White, in percentage points."
)

DECISIONS: tuple[tuple[str, str], ...] = (
    (
        "Headcount",
        "Staff are counted by headcount at 31 March, not FTE; Bank assignments "
        "are excluded, other assignment categories kept unless configured out.",
    ),
    (
        "Ethnicity",
        "Codes A-C are White; D-H, J-N, P, R, S are BME; Z, 99, X, blank and "
        "anything unrecognised are Unknown. Labels are matched ignoring case and spacing; "
        "unrecognised values are counted and reported.",
    ),
    (
        "Pay bands",
        "Spellings such as 5, Band 5, AfC Band 5 and 8A are accepted; Under Band 1 "
        "is its own row; medical and dental grades are grouped as Consultant, Non-consultant "
        "career grade, Trainee grade and Other, and counted as clinical.",
    ),
    ("Unit of indicator 2", "One row per shortlisted application."),
    (
        "Indicator 3",
        "Distinct staff entering a formal disciplinary investigation in the year; "
        "optionally NHS England's two-year rolling average.",
    ),
    ("Indicator 4", "Distinct staff with at least one non-mandatory training or CPD activity."),
    (
        "Non-adverse range",
        "NHS England states the 0.80 to 1.25 range for indicator 3 only. Indicators 2 "
        "and 4 lead with significance, as NHS England reports them, and show the same band "
        "for comparison, named as the band of indicator 3.",
    ),
    *statistics("indicators 3 and 4"),
    (
        "Small numbers",
        "No suppression by default; in publication mode counts below the "
        "threshold are hidden with secondary suppression within each row. A count below 10 "
        "behind a ratio is flagged as making the ratio unstable.",
    ),
    (
        "Staff survey",
        "Indicators 5-8 come from the trust's aggregate results by ethnic group "
        "(5 = Q14a, 6 = Q14b/c, 7 = Q15, 8 = Q16b in the 2021-2024 surveys).",
    ),
)
"""The project decisions marked [D] in wres-spec.md, named as such in the methodology."""

INDICATORS = (
    Indicator(
        "1",
        "Representation by pay band",
        "headcount of White, BME and Unknown staff in each pay band, non-clinical and clinical",
        Representation(
            rows={"non-clinical": AFC_ROWS, "clinical": (*AFC_ROWS, *MEDICAL)},
            optional_rows=frozenset({"Under Band 1"}),
            model=output.Representation,
            row_model=output.BandRow,
            overall_model=output.Overall,
            split=Split(
                lower=tuple(f"Band {b}" for b in range(1, 8)),
                upper=("Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"),
                sentence="{focus} staff hold {lower} of Agenda for Change posts in Bands 1 to 7 "
                "and {upper} of posts at Band 8a and above (including VSM).",
            ),
        ),
        method=(
            "For each pay band, non-clinical and clinical: White, BME and Unknown headcount"
            " and their percentages of the band's total, Unknown included in the "
            "denominator."
        ),
    ),
    Indicator(
        "2",
        "Appointment from shortlisting",
        "relative likelihood of White applicants being appointed from shortlisting, "
        "compared with BME applicants",
        RelativeLikelihood(
            source="recruitment",
            top="white",
            ref="bme",
            unit="applications",
            numerator="shortlisted applications appointed",
            denominator="shortlisted applications",
            subject="applicants",
            outcome="be appointed from shortlisting",
            short_numerator="appointed",
            short_denominator="shortlisted",
            model=output.RelativeLikelihood,
        ),
        national="relative_likelihood",
        method=(
            "Likelihood = appointed ÷ shortlisted, per group; relative likelihood = White "
            "likelihood ÷ BME likelihood."
        ),
    ),
    Indicator(
        "3",
        "Entry into the formal disciplinary process",
        "relative likelihood of BME staff entering the formal disciplinary process, "
        "compared with White staff",
        RelativeLikelihood(
            source="disciplinary",
            top="bme",
            ref="white",
            unit="people",
            numerator="staff entering a formal disciplinary investigation (distinct staff)",
            denominator="headcount at the snapshot",
            subject="staff",
            outcome="enter the formal disciplinary process",
            short_numerator="entered",
            short_denominator="headcount",
            model=output.RelativeLikelihood,
            windowed=True,
            nhse_range=True,
        ),
        national="relative_likelihood",
        method=(
            "Likelihood = staff entering a formal disciplinary investigation ÷ headcount, "
            "per group; relative likelihood = BME likelihood ÷ White likelihood."
        ),
    ),
    Indicator(
        "4",
        "Access to non-mandatory training and CPD",
        "relative likelihood of White staff accessing non-mandatory training and CPD, "
        "compared with BME staff",
        RelativeLikelihood(
            source="training",
            top="white",
            ref="bme",
            unit="people",
            numerator="staff with at least one non-mandatory training or CPD activity "
            "(distinct staff)",
            denominator="headcount at the snapshot",
            subject="staff",
            outcome="access non-mandatory training and CPD",
            short_numerator="trained",
            short_denominator="headcount",
            model=output.RelativeLikelihood,
            counted="mandatory",
        ),
        method=(
            "Likelihood = staff accessing non-mandatory training or CPD ÷ headcount, per "
            "group; relative likelihood = White likelihood ÷ BME likelihood."
        ),
    ),
    Indicator(
        "5",
        "Harassment, bullying or abuse from patients, relatives or the public",
        "% of staff who experienced harassment, bullying or abuse from patients, relatives "
        "or the public in the last 12 months",
        SurveyShare(
            phrase="experienced harassment, bullying or abuse from patients, relatives or "
            "the public in the last 12 months",
            better="lower",
            model=output.Survey,
        ),
        method=SURVEY_METHOD,
    ),
    Indicator(
        "6",
        "Harassment, bullying or abuse from staff",
        "% of staff who experienced harassment, bullying or abuse from staff in the last 12 months",
        SurveyShare(
            phrase="experienced harassment, bullying or abuse from staff in the last 12 months",
            better="lower",
            model=output.Survey,
        ),
        national="bme_percent",
        method=SURVEY_METHOD,
    ),
    Indicator(
        "7",
        "Equal opportunities for career progression or promotion",
        "% of staff believing the organisation provides equal opportunities for career "
        "progression or promotion (higher is better)",
        SurveyShare(
            phrase="believe the organisation provides equal opportunities for career "
            "progression or promotion",
            better="higher",
            model=output.Survey,
        ),
        method=SURVEY_METHOD,
    ),
    Indicator(
        "8",
        "Discrimination from a manager, team leader or colleague",
        "% of staff who personally experienced discrimination at work from a manager, team "
        "leader or other colleagues in the last 12 months",
        SurveyShare(
            phrase="personally experienced discrimination at work from a manager, team "
            "leader or other colleagues in the last 12 months",
            better="lower",
            model=output.Survey,
        ),
        method=SURVEY_METHOD,
    ),
    Indicator(
        "9",
        "Board representation",
        "BME % of the board minus BME % of the overall workforce, in percentage points",
        BoardGap(
            model=output.BoardRepresentation,
            subsets_model=output.BoardSubsets,
            subset_model=output.BoardSubset,
        ),
        method=(
            "BME % of the board (total, voting, executive, non-executive) minus BME % of "
            "the overall workforce, in percentage points; Unknown stays in every "
            "denominator."
        ),
    ),
)

WRES = Standard(
    name="wres",
    title="WRES",
    axis=AXIS,
    indicators=INDICATORS,
    inputs=frozenset(
        {"workforce", "recruitment", "disciplinary", "training", "staff_survey", "board"}
    ),
    document=output.AnalysisDocument,
    wording=Wording(
        name="Workforce Race Equality Standard",
        events="Recruitment, disciplinary and training data",
        summary_title="Summary of the nine indicators",
        summary_caption="The nine WRES indicators for {year}: this year, last year and the change",
        headline="Headline measures: 1 = BME % of posts at Band 8a and above; 2-4 = relative "
        "likelihood (above 1 adverse to BME staff); 5-8 = % of BME respondents (lower is "
        "better for 5, 6 and 8, higher for 7); 9 = BME % of voting board members minus BME % "
        "of the workforce, in percentage points (pp). Each verdict comes from a test of the "
        "change since last year at the 5% level, not from its sign. 0.80 to 1.25 is NHS "
        "England's non-adverse range for indicator 3; for 2 and 4 significance comes first.",
        guidance="The indicators follow NHS England's WRES technical guidance as read in the "
        "project's specification.",
        event_inputs="recruitment, disciplinary and training events",
        unknown="Unknown ethnicity is shown in every table but never enters a relative "
        "likelihood. A ratio whose reference group has a likelihood of 0, or whose "
        "denominator is 0, is reported as not calculable.",
        declaration=(
            "Ethnicity declaration rate (workforce)",
            "of staff have a recorded White or BME ethnicity.",
        ),
        decisions=DECISIONS,
    ),
)
