"""The Workforce Disability Equality Standard, declared (wdes-spec.md section 2).

Ten metrics over the disability axis (Disabled, Non-disabled, Unknown), from the same
data folder as the WRES plus capability.csv and wdes_survey.csv. Every ratio is oriented
so that above 1 is adverse to Disabled staff; metric 9b (the trust's own account of
Disabled staff's voices) is narrative and has no figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from wres_cli.change import Better
from wres_cli.disability import Group as Disability
from wres_cli.measures import Measure
from wres_cli.measures.board import BoardGap
from wres_cli.measures.likelihood import RelativeLikelihood
from wres_cli.measures.representation import Representation, Split
from wres_cli.measures.score import SurveyScore
from wres_cli.measures.survey import SurveyShare
from wres_cli.schema import output
from wres_cli.standards import Axis, Group, Narrative, Standard, Wording, statistics
from wres_cli.standards import Indicator as _Indicator

AXIS = Axis(
    column="disability_group",
    noun="disability",
    focus=Group("disabled", "Disabled", Disability.DISABLED.value),
    reference=Group(
        "non_disabled", "Non-disabled", Disability.NON_DISABLED.value, word="non-disabled"
    ),
    unknown=Group("unknown", "Unknown", Disability.UNKNOWN.value),
    unstated="have not declared whether they have a disability",
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


LABELS = {"disabled": "Long-term condition", "non_disabled": "No long-term condition"}
"""The survey groups in the report's tables and charts."""
PEOPLE = {"disabled": LTC, "non_disabled": "other staff"}
"""The survey groups in the report's sentences."""
SURVEY_METHOD = (
    "Percentage of respondents to the NHS Staff Survey question with, and without, a "
    "long-term condition or illness; difference = with minus without, in percentage points."
)


def _share(phrase: str, better: Better) -> SurveyShare:
    return SurveyShare(
        phrase=phrase,
        better=better,
        model=output.WdesSurvey,
        source="wdes_survey",
        key_column="metric",
        group_column="group",
        labels=LABELS,
        people=PEOPLE,
        difference="With minus without a condition",
    )


def _survey(
    key: str,
    title: str,
    phrase: str,
    question: str,
    better: Better,
    measure: SurveyShare | None = None,
) -> _Indicator:
    return Indicator(
        key,
        title,
        f"% of {LTC} and of other staff who {phrase} (NHS Staff Survey {question})",
        measure or _share(phrase, better),
        method=SURVEY_METHOD,
    )


VALUED = "are satisfied with the extent to which the organisation values their work"
VALUED_SHARE = _share(VALUED, "higher")
"""Metric 7, asked of all staff: its respondents give the survey's declaration rate."""


@dataclass(frozen=True)
class Declaration:
    """The finding the WDES asks for: the share of staff ESR records as Disabled against
    the share of survey respondents with a long-term condition (typically 3-5% against
    18-24%: the gap is itself a finding)."""

    workforce: Measure
    workforce_key: str
    survey: SurveyShare
    survey_key: str
    """A survey metric asked of all staff, whose respondents give the survey's share."""

    def sentences(self, indicators: output.Indicators, axis: Axis) -> list[str]:
        from wres_cli.numbers import pct

        esr = self.workforce.headline(indicators[self.workforce_key], axis)
        counted = self.survey.respondents(indicators[self.survey_key], axis)
        focus = esr.get(f"{axis.focus.key}_percent")
        if focus is None:
            return []
        out = [
            f"ESR records {pct(focus)} of staff as Disabled; "
            f"{pct(esr.get(f'{axis.unknown.key}_percent'))} have no recorded disability status."
        ]
        yes, no = counted.get(axis.focus.key), counted.get(axis.reference.key)
        if yes is not None and no is not None and yes + no:
            out.append(
                f"In the staff survey, {pct(100 * yes / (yes + no))} of respondents "
                f"({yes:,} of {yes + no:,}, metric {self.survey_key}) said they have a "
                "long-term condition or illness. The gap between the two suggests that many "
                "Disabled staff have not declared it in ESR."
            )
        return out


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
            row_header="Band cluster",
            row_noun="pay-band cluster",
            split=Split(
                lower=AFC_CLUSTERS[:2],
                upper=AFC_CLUSTERS[2:],
                sentence="{focus} staff hold {lower} of Agenda for Change posts up to Band 7 "
                "and {upper} of posts at Band 8a and above (including VSM).",
            ),
        ),
        method="For each pay-band cluster, non-clinical and clinical: Disabled, non-disabled "
        "and Unknown headcount and their percentages of the cluster's total, Unknown included "
        "in the denominator.",
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
        method="Likelihood = appointed ÷ shortlisted, per group; relative likelihood = "
        "non-disabled likelihood ÷ Disabled likelihood.",
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
        national="relative_likelihood",
        method="Likelihood = staff entering a formal capability process ÷ headcount, per "
        "group; relative likelihood = Disabled likelihood ÷ non-disabled likelihood. "
        "Capability on grounds of performance only, unless configured to include ill health.",
    ),
    _survey(
        "4a(i)",
        "Harassment, bullying or abuse from patients, relatives or the public",
        "experienced harassment, bullying or abuse from patients, service users, their "
        "relatives or the public in the last 12 months",
        "Q14a",
        "lower",
    ),
    _survey(
        "4a(ii)",
        "Harassment, bullying or abuse from managers",
        "experienced harassment, bullying or abuse from managers in the last 12 months",
        "Q14b",
        "lower",
    ),
    _survey(
        "4a(iii)",
        "Harassment, bullying or abuse from other colleagues",
        "experienced harassment, bullying or abuse from other colleagues in the last 12 months",
        "Q14c",
        "lower",
    ),
    _survey(
        "4b",
        "Reporting harassment, bullying or abuse",
        "said that the last time they experienced harassment, bullying or abuse at work, "
        "they or a colleague reported it",
        "Q14d",
        "higher",
    ),
    _survey(
        "5",
        "Equal opportunities for career progression or promotion",
        "believe the organisation provides equal opportunities for career progression or promotion",
        "Q15",
        "higher",
    ),
    _survey(
        "6",
        "Pressure to come to work when unwell",
        "felt pressure from their manager to come to work when not feeling well enough",
        "Q11e",
        "lower",
    ),
    _survey(
        "7",
        "Satisfaction with how the organisation values their work",
        VALUED,
        "Q4b",
        "higher",
        VALUED_SHARE,
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
            better="higher",
            labels=LABELS,
            people=PEOPLE,
        ),
        method="Percentage of respondents with a long-term condition or illness saying "
        "their employer has made adequate adjustments; asked of them only, so there is no "
        "comparison.",
    ),
    Indicator(
        "9a",
        "Staff engagement",
        f"staff engagement score (0-10) of {LTC}, of other staff and of the whole organisation",
        SurveyScore(
            model=output.WdesSurveyScore,
            part_model=output.WdesScoreGroup,
            labels=LABELS,
            people=PEOPLE,
        ),
        method="The staff engagement score (0 to 10) as the NHS Staff Survey publishes it, "
        "for respondents with and without a long-term condition and for the organisation.",
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
            also=("executive",),
            unknown_finding=True,
        ),
        method="Disabled % of the board (total, voting, executive, non-executive) minus "
        "Disabled % of the overall workforce, in percentage points; Unknown stays in every "
        "denominator and is shown.",
    ),
)

DECISIONS: tuple[tuple[str, str], ...] = (
    (
        "Headcount",
        "Staff are counted by headcount at 31 March, not FTE; Bank assignments are excluded "
        "(as the WRES), other assignment categories kept unless configured out.",
    ),
    (
        "Disability",
        "Yes, Y and Disabled are Disabled; No, N and Not disabled are non-disabled; Not "
        "declared, Prefer not to answer, Unspecified, blank and anything unrecognised are "
        "Unknown, counted and reported.",
    ),
    (
        "Other medical and dental grades",
        "Medical grades that are neither consultant, career grade nor trainee have a cluster "
        "of their own, shown only where it has staff.",
    ),
    (
        "Capability grounds",
        "Metric 3 counts capability on grounds of performance by default; ill-health "
        "capability is included only when configured, because the national rules have "
        "changed over time.",
    ),
    (
        "Non-adverse range",
        "The 0.80 to 1.25 range of the WRES is applied to metrics 2 and 3.",
    ),
    *statistics("metric 3"),
)
"""The project decisions marked [D] in wdes-spec.md, named as such in the methodology."""

WDES = Standard(
    name="wdes",
    title="WDES",
    axis=AXIS,
    indicators=INDICATORS,
    inputs=frozenset({"workforce", "recruitment", "capability", "wdes_survey", "board"}),
    document=output.WdesDocument,
    item="Metric",
    wording=Wording(
        name="Workforce Disability Equality Standard",
        events="Recruitment and capability data",
        summary_title="Summary of the ten metrics",
        summary_caption="The WDES metrics for {year}: this year, last year and the change",
        headline="Headline measures: 1 = Disabled % of posts at Band 8a and above; 2-3 = "
        "relative likelihood (above 1 adverse to Disabled staff); 4a-8 = % of respondents "
        "with a long-term condition or illness (lower is better for 4a and 6, higher for 4b, "
        "5, 7 and 8); 9a = their engagement score (0 to 10); 10 = Disabled % of voting board "
        "members minus Disabled % of the workforce, in percentage points (pp). Each verdict "
        "comes from a test of the change since last year at the 5% level, not from its sign.",
        guidance="The metrics follow NHS England's WDES technical guidance as read in the "
        "project's specification.",
        event_inputs="recruitment and capability events",
        unknown="Unknown disability is shown in every table but never enters a relative "
        "likelihood. A ratio whose reference group has a likelihood of 0, or whose "
        "denominator is 0, is reported as not calculable. Metrics 4 to 9a split survey "
        "respondents by whether they have a long-term condition or illness, as the survey "
        "asks, not by what ESR records.",
        declaration=(
            "Disability declaration rate (workforce)",
            "of staff have a recorded disability status (Disabled or non-disabled).",
        ),
        decisions=DECISIONS,
    ),
    narratives=(
        Narrative(
            "9b",
            "Disabled staff's voices",
            "trust's own account of whether it has taken action to facilitate the voices of "
            "Disabled staff to be heard",
            after="9a",
            heading=r"\b9b\b",
        ),
    ),
    findings=(
        Declaration(
            workforce=INDICATORS[0].measure,
            workforce_key="1",
            survey=VALUED_SHARE,
            survey_key="7",
        ),
    ),
)
