"""The Workforce Disability Equality Standard, declared (wdes-spec.md section 2).

Ten metrics over the disability axis (Disabled, Non-disabled, Unknown), from the same
data folder as the WRES plus capability.csv and wdes_survey.csv. Every ratio is oriented
so that above 1 is adverse to Disabled staff; metric 9b (the trust's own account of
Disabled staff's voices) is narrative and has no figure.
"""

from __future__ import annotations

from functools import partial

from wres_cli.disability import Group as Disability
from wres_cli.measures.board import BoardGap
from wres_cli.measures.likelihood import RelativeLikelihood
from wres_cli.measures.representation import Representation
from wres_cli.measures.score import SurveyScore
from wres_cli.measures.survey import SurveyShare
from wres_cli.schema import output
from wres_cli.standards import Axis, Group, Standard
from wres_cli.standards import Indicator as _Indicator

AXIS = Axis(
    column="disability_group",
    noun="disability",
    focus=Group("disabled", "Disabled", Disability.DISABLED.value),
    reference=Group("non_disabled", "Non-disabled", Disability.NON_DISABLED.value),
    unknown=Group("unknown", "Unknown", Disability.UNKNOWN.value),
)
Indicator = partial(_Indicator, noun="metric")
LTC = "staff with a long-term condition or illness"
"""Survey metrics split respondents by long-term condition, not by ESR's disability."""

CLUSTERS = {
    "Under Band 1 to Band 4": ("Under Band 1", "Band 1", "Band 2", "Band 3", "Band 4"),
    "Bands 5 to 7": ("Band 5", "Band 6", "Band 7"),
    "Bands 8a to 8b": ("Band 8a", "Band 8b"),
    "Bands 8c to 9 and VSM": ("Band 8c", "Band 8d", "Band 9", "VSM"),
    "Consultants": ("Consultant",),
    "Non-consultant career grades": ("Non-consultant career grade",),
    "Medical and dental trainee grades": ("Trainee grade",),
    "Other medical and dental grades": ("Other (medical and dental)",),
}
"""Band clusters as trusts publish them; the last is a project addition [D] (the
guidance names three medical clusters and no home for other medical grades)."""
AFC_CLUSTERS = tuple(list(CLUSTERS)[:4])


def _survey(key: str, title: str, phrase: str, question: str) -> _Indicator:
    return Indicator(
        key,
        title,
        f"% of {LTC} and of other staff who {phrase} (NHS Staff Survey {question})",
        SurveyShare(
            phrase=phrase,
            model=output.WdesSurvey,
            source="wdes_survey",
            key_column="metric",
            group_column="group",
        ),
    )


INDICATORS = (
    Indicator(
        "1",
        "Representation by pay-band cluster",
        "headcount of Disabled, non-disabled and Unknown staff in each pay-band cluster, "
        "non-clinical and clinical",
        Representation(
            rows={"non-clinical": AFC_CLUSTERS, "clinical": tuple(CLUSTERS)},
            row_of={band: cluster for cluster, bands in CLUSTERS.items() for band in bands},
            optional_rows=frozenset({"Other medical and dental grades"}),
            row_key="band_cluster",
            model=output.WdesRepresentation,
            row_model=output.WdesClusterRow,
            overall_model=output.WdesOverall,
        ),
    ),
    Indicator(
        "2",
        "Appointment from shortlisting",
        "relative likelihood of non-disabled applicants being appointed from shortlisting, "
        "compared with Disabled applicants",
        RelativeLikelihood(
            source="recruitment",
            top="non_disabled",
            ref="disabled",
            unit="applications",
            numerator="shortlisted applications appointed",
            denominator="shortlisted applications",
            subject="applicants",
            outcome="be appointed from shortlisting",
            short_numerator="appointed",
            short_denominator="shortlisted",
            model=output.WdesRelativeLikelihood,
        ),
    ),
    Indicator(
        "3",
        "Entry into the formal capability process",
        "relative likelihood of Disabled staff entering the formal capability process, "
        "compared with non-disabled staff",
        RelativeLikelihood(
            source="capability",
            top="disabled",
            ref="non_disabled",
            unit="people",
            numerator="staff entering a formal capability process (distinct staff)",
            denominator="headcount at the snapshot",
            subject="staff",
            outcome="enter the formal capability process",
            short_numerator="entered",
            short_denominator="headcount",
            model=output.WdesRelativeLikelihood,
            windowed=True,
        ),
    ),
    _survey(
        "4a(i)",
        "Harassment, bullying or abuse from patients, relatives or the public",
        "experienced harassment, bullying or abuse from patients, service users, their "
        "relatives or the public in the last 12 months",
        "Q14a",
    ),
    _survey(
        "4a(ii)",
        "Harassment, bullying or abuse from managers",
        "experienced harassment, bullying or abuse from managers in the last 12 months",
        "Q14b",
    ),
    _survey(
        "4a(iii)",
        "Harassment, bullying or abuse from other colleagues",
        "experienced harassment, bullying or abuse from other colleagues in the last 12 months",
        "Q14c",
    ),
    _survey(
        "4b",
        "Reporting harassment, bullying or abuse",
        "said that the last time they experienced harassment, bullying or abuse at work, "
        "they or a colleague reported it",
        "Q14d",
    ),
    _survey(
        "5",
        "Equal opportunities for career progression or promotion",
        "believe the organisation provides equal opportunities for career progression or promotion",
        "Q15",
    ),
    _survey(
        "6",
        "Pressure to come to work when unwell",
        "felt pressure from their manager to come to work when not feeling well enough",
        "Q11e",
    ),
    _survey(
        "7",
        "Satisfaction with how the organisation values their work",
        "are satisfied with the extent to which the organisation values their work",
        "Q4b",
    ),
    Indicator(
        "8",
        "Adequate adjustments",
        f"% of {LTC} saying their employer has made adequate adjustment(s) to enable them "
        "to carry out their work (NHS Staff Survey Q31b)",
        SurveyShare(
            phrase="say their employer has made adequate adjustments to enable them to carry "
            "out their work",
            model=output.WdesSurveyOneGroup,
            source="wdes_survey",
            key_column="metric",
            group_column="group",
            focus_only=True,
        ),
    ),
    Indicator(
        "9a",
        "Staff engagement",
        f"staff engagement score (0-10) of {LTC}, of other staff and of the whole organisation",
        SurveyScore(model=output.WdesSurveyScore, part_model=output.WdesScoreGroup),
    ),
    Indicator(
        "10",
        "Board representation",
        "Disabled % of the board minus Disabled % of the overall workforce, in percentage "
        "points, by voting and by executive membership",
        BoardGap(
            model=output.WdesBoardRepresentation,
            subsets_model=output.WdesBoardSubsets,
            subset_model=output.WdesBoardSubset,
        ),
    ),
)

WDES = Standard(
    name="wdes",
    title="WDES",
    axis=AXIS,
    indicators=INDICATORS,
    inputs=frozenset({"workforce", "recruitment", "capability", "wdes_survey", "board"}),
    document=output.WdesDocument,
    item="Metric",
)
