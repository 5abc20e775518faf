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
from wres_cli.measures.representation import Representation
from wres_cli.measures.survey import SurveyShare
from wres_cli.schema import output
from wres_cli.standards import Axis, Group, Indicator, Standard

AXIS = Axis(
    column="ethnic_group",
    noun="ethnicity",
    focus=Group("bme", "BME", Ethnic.BME.value),
    reference=Group("white", "White", Ethnic.WHITE.value),
    unknown=Group("unknown", "Unknown", Ethnic.UNKNOWN.value),
)
AFC_ROWS = ("Under Band 1", *(f"Band {b}" for b in AFC_BANDS), "VSM")

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
    ),
    Indicator(
        "5",
        "Harassment, bullying or abuse from patients, relatives or the public",
        "% of staff experiencing harassment, bullying or abuse from patients, relatives "
        "or the public in the last 12 months",
        SurveyShare(
            phrase="experienced harassment, bullying or abuse from patients, relatives or "
            "the public in the last 12 months",
            model=output.Survey,
        ),
    ),
    Indicator(
        "6",
        "Harassment, bullying or abuse from staff",
        "% of staff experiencing harassment, bullying or abuse from staff in the last 12 months",
        SurveyShare(
            phrase="experienced harassment, bullying or abuse from staff in the last 12 months",
            model=output.Survey,
        ),
    ),
    Indicator(
        "7",
        "Equal opportunities for career progression or promotion",
        "% of staff believing the organisation provides equal opportunities for career "
        "progression or promotion (higher is better)",
        SurveyShare(
            phrase="believe the organisation provides equal opportunities for career "
            "progression or promotion",
            model=output.Survey,
        ),
    ),
    Indicator(
        "8",
        "Discrimination from a manager, team leader or colleague",
        "% of staff personally experiencing discrimination at work from a manager, team "
        "leader or other colleagues in the last 12 months",
        SurveyShare(
            phrase="personally experienced discrimination at work from a manager, team "
            "leader or other colleagues in the last 12 months",
            model=output.Survey,
        ),
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
)
