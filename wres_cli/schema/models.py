"""One Pydantic model per input file: the single source of truth for the input contract.

Each field is a column: its type (a column kind), constraints, the export headers it is
known by (aliases, first = canonical name) and a description. ``wres schema`` prints
them, ``schemas/*.schema.json`` is generated from them, and the validator compiles them
to Polars expressions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal, cast

import polars as pl
from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field

from wres_cli.limits import MAX_NAME_LENGTH
from wres_cli.schema.columns import (
    Clinical,
    Column,
    Count,
    Disability,
    EthnicOrigin,
    Executive,
    Formal,
    Identifier,
    Kind,
    OptionalPayBand,
    Percent,
    ReportDate,
    RequiredText,
    Score,
    SurveyYear,
    Text,
    YesNo,
)


@dataclass(frozen=True)
class RowRule:
    """A rule across the parsed columns of one row; ``bad`` is true where it is broken."""

    code: str
    column: str
    message: str
    bad: pl.Expr


ORG = Field(
    default=None,
    validation_alias=AliasChoices(
        "organisation_code", "Organisation Code", "Org Code", "Trust Code", "ODS Code"
    ),
    description="ODS code of the organisation; present only in multi-organisation extracts.",
)
ETHNIC = Field(
    validation_alias=AliasChoices(
        "ethnic_origin",
        "Ethnic Origin",
        "Ethnicity",
        "Ethnic Group",
        "Ethnic Category",
        "Ethnic Origin Code",
    ),
    description="Ethnic category as recorded (mapped to White / BME / Unknown).",
)
STAFF_ID = Field(
    validation_alias=AliasChoices(
        "staff_id",
        "Staff ID",
        "Employee Number",
        "Employee No",
        "Person Number",
        "Staff Number",
        "ESR Number",
    ),
    description="Identifier of the person: ESR's Employee Number, never the Assignment "
    "Number (never shown in any report).",
)
EVENT_ETHNIC = Field(
    default=None,
    validation_alias=ETHNIC.validation_alias,
    description="Ethnic category as recorded; when the column is absent (ER trackers, OLM), "
    "looked up from the workforce by staff_id.",
)
OptionalYesNo = Annotated[bool, Column(Kind.YES_NO, blank_ok=True)]
DISABILITY_HEADERS = AliasChoices(
    "disability",
    "Disability",
    "Disability Flag",
    "Disabled",
    "Do you consider yourself to have a disability",
    "Disability Status",
)
DISABILITY = Field(
    default=None,
    validation_alias=DISABILITY_HEADERS,
    description="Disability as recorded (mapped to Disabled / Non-disabled / Unknown); read "
    "by the WDES only, and optional: without it the WDES metrics that need it are not "
    "provided.",
)
CASE_ID = Field(
    validation_alias=AliasChoices(
        "case_id", "Case ID", "Case Reference", "Case Number", "Case Ref"
    ),
    description="Identifier of the case (never shown in any report).",
)


@dataclass(frozen=True)
class Fallback:
    """What the tool does when an optional column is absent, and the headers that look
    like it: such a header present but not matched is warned, naming the fall-back."""

    looks_like: str
    """Regular expression on the normalised header (lower case, letters and digits)."""
    consequence: str


WresIndicator = Annotated[Literal[1, 2, 3, 4, 5, 6, 7, 8, 9], Column(Kind.CHOICE, blank_ok=True)]
EVENT_DATE = "Date of the event; rows dated outside the reporting year are excluded."


class InputFile(BaseModel):
    """Base of the input files: rows are validated by the Polars compiler."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    file_name: ClassVar[str]
    standards: ClassVar[frozenset[str]] = frozenset({"wres", "wdes"})
    """The standards that read this file (``inputs_of``): a run of one standard need not
    load, check or report the others' files."""
    required: ClassVar[bool] = False
    unique: ClassVar[tuple[str, ...]] = ()
    checked_only: ClassVar[tuple[str, ...]] = ()
    """Columns read only to be checked (an application's id: its uniqueness), never
    counted: validation does not pass them on."""
    row_rules: ClassVar[tuple[RowRule, ...]] = ()
    empty_ok: ClassVar[bool] = True
    """Whether a header-only file is acceptable (zero events in the year is real data)."""
    one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()
    """Groups of optional columns of which at least one must be present."""
    fallbacks: ClassVar[dict[str, Fallback]] = {}
    not_from: ClassVar[dict[str, Fallback]] = {}
    """Headers that look like a required column and must never stand in for it."""

    organisation_code: Identifier | None = ORG


class Workforce(InputFile):
    """One row per staff member in post at the snapshot date (headcount, not FTE)."""

    file_name: ClassVar[str] = "workforce"
    required: ClassVar[bool] = True
    unique: ClassVar[tuple[str, ...]] = ("assignment_number",)
    empty_ok: ClassVar[bool] = False
    one_of: ClassVar[tuple[tuple[str, ...], ...]] = (("pay_band", "grade"),)
    fallbacks: ClassVar[dict[str, Fallback]] = {
        "assignment_category": Fallback(
            "categor|contracttype|employmenttype", "no assignment category: nothing excluded"
        ),
        "primary_assignment": Fallback(
            "primary", "no primary flag: a person's band comes from their highest band"
        ),
    }

    staff_id: Identifier = STAFF_ID
    assignment_number: Identifier | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "assignment_number", "Assignment Number", "Assignment No", "Assignment Ref"
        ),
        description="ESR assignment (post) number, e.g. 20301442-2; one person may hold "
        "several. Unique per row; never the person.",
    )
    primary_assignment: OptionalYesNo | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "primary_assignment", "Primary Assignment", "Primary Assignment Flag", "Primary Flag"
        ),
        description="Y on the person's primary assignment: their band and cluster come "
        "from it (else from their highest band, warned).",
    )
    ethnic_origin: EthnicOrigin = ETHNIC
    pay_band: OptionalPayBand | None = Field(
        default=None,
        validation_alias=AliasChoices("pay_band", "Pay Band", "Band", "AfC Band", "Pay Grade"),
        description="Agenda for Change band, VSM or medical and dental grade (this or grade; "
        "'Medical and Dental' is resolved from grade).",
    )
    grade: OptionalPayBand | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "grade", "Grade", "Grade Code", "Grade Name", "Grade Description"
        ),
        description="ESR grade, e.g. XN08 Consultant, XR05 Review Body Band 5: used where "
        "pay_band is absent, blank or not a band.",
    )
    clinical: Clinical = Field(
        validation_alias=AliasChoices(
            "clinical",
            "Clinical / Non-clinical",
            "Clinical Non Clinical",
            "Clinical Status",
            "Is Clinical",
            "Staff Group Type",
            "Staff Group",
        ),
        description="Whether the post is clinical (also an ESR Staff Group); medical and "
        "dental grades count as clinical.",
    )
    assignment_category: Text | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "assignment_category", "Assignment Category", "Employment Category", "Contract Type"
        ),
        description="ESR assignment category; Bank (any category with the word Bank) is "
        "excluded by default, from every indicator.",
    )
    disability: Disability | None = DISABILITY


class Recruitment(InputFile):
    """One row per application in the reporting year (shortlisted applications)."""

    file_name: ClassVar[str] = "recruitment"
    unique: ClassVar[tuple[str, ...]] = ("application_id",)
    checked_only: ClassVar[tuple[str, ...]] = ("application_id",)
    fallbacks: ClassVar[dict[str, Fallback]] = {
        "date": Fallback("date", "no reporting-year filter: every row counted"),
        "shortlisted": Fallback("shortlist", "every row treated as shortlisted"),
    }
    not_from: ClassVar[dict[str, Fallback]] = {
        "appointed": Fallback(
            "offer",
            "an offer is not an appointment (declined offers are not appointments): give the "
            "column that records appointment (offer accepted or started)",
        ),
    }
    row_rules: ClassVar[tuple[RowRule, ...]] = (
        RowRule(
            "appointed-not-shortlisted",
            "appointed",
            "applicant was appointed but the row says not shortlisted",
            pl.col("appointed") & pl.col("shortlisted").not_(),
        ),
    )

    application_id: Identifier = Field(
        validation_alias=AliasChoices(
            "application_id",
            "Application ID",
            "Application Reference",
            "Application Number",
            "Applicant ID",
            "Candidate ID",
        ),
        description="Identifier of the application (never shown in any report).",
    )
    ethnic_origin: EthnicOrigin = ETHNIC
    shortlisted: YesNo | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "shortlisted", "Shortlisted?", "Short Listed", "Shortlisted Yes/No"
        ),
        description="Whether the application was shortlisted; column absent = all were.",
    )
    appointed: YesNo = Field(
        validation_alias=AliasChoices(
            "appointed",
            "Appointed?",
            "Appointed Y/N",
            "Appointed Yes/No",
            "Offer Accepted",
            "Successful",
        ),
        description="Whether the applicant was appointed (offer accepted / started); never "
        "an 'Offered' column: declined offers are not appointments.",
    )
    date: ReportDate | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "date", "Shortlisting Date", "Application Date", "Interview Date", "Offer Date"
        ),
        description=EVENT_DATE,
    )
    disability: Disability | None = DISABILITY


class Disciplinary(InputFile):
    """One row per entry into a formal disciplinary investigation in the reporting year."""

    file_name: ClassVar[str] = "disciplinary"
    standards: ClassVar[frozenset[str]] = frozenset({"wres"})
    unique: ClassVar[tuple[str, ...]] = ("case_id",)
    fallbacks: ClassVar[dict[str, Fallback]] = {
        "date": Fallback("date|opened", "no reporting-year filter: every case counted"),
        "case_type": Fallback("type|categor", "every case treated as a disciplinary case"),
        "formal": Fallback("formal", "every case treated as formal"),
        "ethnic_origin": Fallback("ethnic", "ethnicity looked up from the workforce"),
    }

    case_id: Identifier = CASE_ID
    staff_id: Identifier = STAFF_ID
    ethnic_origin: EthnicOrigin | None = EVENT_ETHNIC
    case_type: Text | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "case_type", "Case Type", "Type of Case", "Case Category", "ER Case Type"
        ),
        description="Disciplinary, Grievance, Capability ...: only disciplinary cases count "
        "(the others are excluded and counted by type).",
    )
    formal: Formal | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "formal", "Formal / Informal", "Formal or Informal", "Formal Informal Stage"
        ),
        description="Formal or Informal: only formal cases count (informal ones are "
        "excluded and counted).",
    )
    date: ReportDate | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "date",
            "Investigation Start Date",
            "Case Start Date",
            "Date Opened",
            "Start Date",
        ),
        description=EVENT_DATE,
    )


class Training(InputFile):
    """One row per training or CPD activity in the reporting year."""

    file_name: ClassVar[str] = "training"
    standards: ClassVar[frozenset[str]] = frozenset({"wres"})
    fallbacks: ClassVar[dict[str, Fallback]] = {
        "date": Fallback("date|completed", "no reporting-year filter: every row counted"),
        "ethnic_origin": Fallback("ethnic", "ethnicity looked up from the workforce"),
    }

    staff_id: Identifier = STAFF_ID
    ethnic_origin: EthnicOrigin | None = EVENT_ETHNIC
    mandatory: YesNo = Field(
        validation_alias=AliasChoices(
            "mandatory",
            "Mandatory Training",
            "Is Mandatory",
            "Statutory Mandatory",
            "Statutory/Mandatory",
            "Mandatory Y/N",
            "Stat Mand",
        ),
        description="Whether the activity was mandatory (only non-mandatory counts).",
    )
    date: ReportDate | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "date", "Completion Date", "Date Completed", "Course Date", "Activity Date"
        ),
        description=EVENT_DATE,
    )


POSITIVE_WITHIN_RESPONDENTS = RowRule(
    "positive-exceeds-respondents",
    "positive",
    "positive count is larger than the number of respondents",
    pl.col("positive") > pl.col("respondents"),
)
RESPONDENTS = Field(
    validation_alias=AliasChoices(
        "respondents", "Number of Respondents", "Respondents Count", "Base", "N"
    ),
    description="Number of respondents in the group who answered the question.",
)
PERCENT_HEADERS = AliasChoices("percent", "Percentage", "Pct", "%")
POSITIVE_HEADERS = AliasChoices("positive", "Positive Count", "Number Positive", "Count")
"""Columns both survey files (WRES staff_survey, WDES wdes_survey) share."""


SURVEY_SOURCE = ("survey_year", "source_sha256")
"""What says which survey and which file a staff survey's figures are: one per file."""


def _unlike_first(column: str) -> pl.Expr:
    """Rows whose ``column`` differs from the first row's (a blank differs from a value)."""
    return pl.col(column).ne_missing(pl.col(column).first())


# A group the survey left out (too few responses) is a row saying why (``suppressed``)
# and no percent: shown as suppressed, never as 0 nor as not provided. The provenance
# columns (written by ``wres import-survey``) reach the report and the JSON; one file
# holds one survey's figures, so rows naming different sources are refused.
class StaffSurvey(InputFile):
    """One row per survey indicator (5-8) and ethnic group, as trusts receive the results
    (a suppressed group says why; the file may name its source)."""

    file_name: ClassVar[str] = "staff_survey"
    standards: ClassVar[frozenset[str]] = frozenset({"wres"})
    unique: ClassVar[tuple[str, ...]] = ("indicator", "ethnic_group")
    empty_ok: ClassVar[bool] = False
    row_rules: ClassVar[tuple[RowRule, ...]] = (
        POSITIVE_WITHIN_RESPONDENTS,
        RowRule(
            "survey-measure-missing",
            "percent",
            "give either percent or positive for every row (or say why it is suppressed)",
            pl.col("percent").is_null()
            & pl.col("positive").is_null()
            & pl.col("suppressed").is_null(),
        ),
        RowRule(
            "missing-value",
            "respondents",
            "respondents must not be blank (unless the row is suppressed)",
            pl.col("respondents").is_null() & pl.col("suppressed").is_null(),
        ),
        RowRule(
            "suppressed-with-value",
            "suppressed",
            "a suppressed row gives no percent or positive: which one holds would be a guess",
            pl.col("suppressed").is_not_null()
            & (pl.col("percent").is_not_null() | pl.col("positive").is_not_null()),
        ),
        *(
            RowRule(
                "mixed-survey-source",
                column,
                f"this row's {column} differs from the first row's: one staff survey file "
                "holds one survey's figures (never mix vintages)",
                _unlike_first(column),
            )
            for column in SURVEY_SOURCE
        ),
        RowRule(
            "not-allowed",
            "source_sha256",
            "a SHA-256 is 64 hexadecimal digits",
            pl.col("source_sha256").str.contains(r"^[0-9a-fA-F]{64}$").not_(),
        ),
    )

    indicator: Annotated[Literal[5, 6, 7, 8], Column(Kind.CHOICE)] = Field(
        validation_alias=AliasChoices("indicator", "WRES Indicator", "Indicator Number"),
        description="WRES indicator number: 5, 6, 7 or 8.",
    )
    ethnic_group: Annotated[Literal["White", "BME"], Column(Kind.CHOICE)] = Field(
        validation_alias=AliasChoices("ethnic_group", "Ethnic Group", "Group", "Ethnicity"),
        description="White or BME.",
    )
    respondents: Annotated[Count, Column(Kind.COUNT, blank_ok=True)] | None = Field(
        validation_alias=RESPONDENTS.validation_alias,
        description="Number of respondents in the group who answered the question (may be "
        "blank on a suppressed row).",
    )
    percent: Percent | None = Field(
        default=None,
        validation_alias=PERCENT_HEADERS,
        description="Share answering positively, 0-100 (give this or positive).",
    )
    positive: Annotated[Count, Column(Kind.COUNT, blank_ok=True)] | None = Field(
        default=None,
        validation_alias=POSITIVE_HEADERS,
        description="Number answering positively (give this or percent).",
    )
    suppressed: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("suppressed", "Suppressed", "Suppression Reason"),
        description="Why the survey gives no figure for the group, e.g. 'fewer than 10 "
        "responses' (then no percent or positive): reported as suppressed, never as 0.",
    )
    survey_year: SurveyYear | None = Field(
        default=None,
        validation_alias=AliasChoices("survey_year", "Survey Year"),
        description="The NHS Staff Survey the figures come from (2024 for the WRES 2025); "
        "shown in the report, and warned when it is not the reporting year's survey.",
    )
    source_file: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("source_file", "Source File"),
        description="The file the figures were taken from (wres import-survey writes the "
        "benchmark workbook's name); shown in the report.",
    )
    source_sha256: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("source_sha256", "Source SHA256", "SHA256"),
        description="SHA-256 of that file, so that the report traces to the exact file; "
        "shown in the report.",
    )
    benchmark_group: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("benchmark_group", "Benchmark Group"),
        description="The NHS Staff Survey benchmark group of the organisation (the "
        "workbook's sheet: acute, mental health, ...; wres import-survey writes it): "
        "peer groups for wres compare (--peers FILE --peer-column benchmark_group); not "
        "counted.",
    )


class Board(InputFile):
    """One row per board member at the snapshot date."""

    file_name: ClassVar[str] = "board"
    unique: ClassVar[tuple[str, ...]] = ("member_id",)
    empty_ok: ClassVar[bool] = False
    fallbacks: ClassVar[dict[str, Fallback]] = {
        "left_date": Fallback("left|leav", "every listed member counted as in post"),
    }

    member_id: Identifier = Field(
        validation_alias=AliasChoices(
            "member_id", "Member ID", "Board Member ID", "ID", "Name", "Member Name"
        ),
        description="Identifier of the board member, or their name (never shown in any report).",
    )
    ethnic_origin: EthnicOrigin = ETHNIC
    voting: YesNo = Field(
        validation_alias=AliasChoices(
            "voting",
            "Voting Member",
            "Voting Rights",
            "Has Vote",
            "Voting Member Yes/No",
            "Voting Member Y/N",
            "Voting",
        ),
        description="Whether the member has a vote on the board.",
    )
    executive: Executive = Field(
        validation_alias=AliasChoices(
            "executive",
            "Executive Member",
            "Executive Director",
            "Executive / Non-Executive",
            "Executive or Non-Executive",
            "Exec / Non-Exec",
        ),
        description="Executive or Non-Executive member (Y/N also accepted).",
    )
    left_date: ReportDate | None = Field(
        default=None,
        validation_alias=AliasChoices("left_date", "Date Left", "Left Date", "Leaving Date"),
        description="Date the member left; members who left before the snapshot are out (counted).",
    )
    disability: Disability | None = DISABILITY


class Actions(InputFile):
    """The trust's WRES action plan: one row per action, shown in the board report."""

    file_name: ClassVar[str] = "actions"
    standards: ClassVar[frozenset[str]] = frozenset({"wres"})

    action: RequiredText = Field(
        validation_alias=AliasChoices("action", "Action Description", "Description"),
        description="What will be done.",
    )
    indicator: WresIndicator | None = Field(
        default=None,
        validation_alias=AliasChoices("indicator", "WRES Indicator", "Indicator Number"),
        description="The WRES indicator the action addresses (1-9; blank = general).",
    )
    owner: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("owner", "Lead", "Responsible", "Action Owner"),
        description="Who is accountable (a role, not a staff identifier).",
    )
    due_date: ReportDate | None = Field(
        default=None,
        validation_alias=AliasChoices("due_date", "Due", "Deadline", "Target Date"),
        description="When it is due.",
    )
    status: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("status", "Progress", "RAG"),
        description="Progress, e.g. Not started, In progress, Complete.",
    )


class Capability(InputFile):
    """WDES: one row per entry into a formal capability process in the reporting year."""

    file_name: ClassVar[str] = "capability"
    standards: ClassVar[frozenset[str]] = frozenset({"wdes"})
    unique: ClassVar[tuple[str, ...]] = ("case_id",)
    fallbacks: ClassVar[dict[str, Fallback]] = {
        "grounds": Fallback(
            "ground|reason", "every case treated as a capability case on grounds of performance"
        ),
        "disability": Fallback("disab", "disability looked up from the workforce"),
    }

    case_id: Identifier = CASE_ID
    staff_id: Identifier = STAFF_ID
    date: ReportDate = Field(
        validation_alias=AliasChoices(
            "date",
            "Date Entered",
            "Capability Start Date",
            "Case Start Date",
            "Date Opened",
            "Start Date",
        ),
        description="Date the person entered the formal process; rows dated outside the "
        "reporting year are excluded (a blank date is kept, counted).",
    )
    grounds: Text | None = Field(
        default=None,
        validation_alias=AliasChoices("grounds", "Capability Grounds", "Grounds", "Reason"),
        description='Performance or Ill health: with capability_grounds = "performance" '
        "(the default) ill-health cases (ill health, sickness, health) are excluded and "
        "counted; any other value, or a blank, counts as performance.",
    )
    disability: Disability | None = Field(
        default=None,
        validation_alias=DISABILITY_HEADERS,
        description="Disability as recorded; when the column is absent, looked up from the "
        "workforce by staff_id.",
    )


WdesMetric = Literal["4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7", "8", "9a"]
WdesGroup = Literal["Disabled", "Non-disabled", "Organisation"]


class WdesSurvey(InputFile):
    """WDES: one row per survey metric (4a-9a) and group, as trusts receive the results."""

    file_name: ClassVar[str] = "wdes_survey"
    standards: ClassVar[frozenset[str]] = frozenset({"wdes"})
    unique: ClassVar[tuple[str, ...]] = ("metric", "group")
    empty_ok: ClassVar[bool] = False
    row_rules: ClassVar[tuple[RowRule, ...]] = (
        POSITIVE_WITHIN_RESPONDENTS,
        RowRule(
            "survey-measure-missing",
            "percent",
            "give either percent or positive for every row of metrics 4a-8",
            (pl.col("metric") != "9a") & pl.col("percent").is_null() & pl.col("positive").is_null(),
        ),
        RowRule(
            "survey-measure-missing",
            "score",
            "give the engagement score (0-10) for every row of metric 9a",
            (pl.col("metric") == "9a") & pl.col("score").is_null(),
        ),
        RowRule(
            "not-allowed",
            "group",
            "the Organisation group is for metric 9a only (the other metrics compare "
            "Disabled with Non-disabled)",
            (pl.col("group") == "Organisation") & (pl.col("metric") != "9a"),
        ),
    )

    metric: Annotated[WdesMetric, Column(Kind.CHOICE, loose=True)] = Field(
        validation_alias=AliasChoices("metric", "WDES Metric", "Metric Number", "Metric No"),
        description="WDES metric: 4a(i), 4a(ii), 4a(iii), 4b, 5, 6, 7, 8 or 9a (also "
        "written Metric 4a(i), 4a i, 4ai).",
    )
    group: Annotated[WdesGroup, Column(Kind.CHOICE, loose=True)] = Field(
        validation_alias=AliasChoices(
            "group", "Group", "Disability Group", "Respondent Group", "Disability"
        ),
        description="Disabled or Non-disabled (respondents with or without a long-term "
        "condition or illness); Organisation (all respondents) for 9a only.",
    )
    respondents: Count = RESPONDENTS
    percent: Percent | None = Field(
        default=None,
        validation_alias=PERCENT_HEADERS,
        description="Share answering positively, 0-100 (metrics 4a-8: give this or positive).",
    )
    positive: Annotated[Count, Column(Kind.COUNT, blank_ok=True)] | None = Field(
        default=None,
        validation_alias=POSITIVE_HEADERS,
        description="Number answering positively (metrics 4a-8: give this or percent).",
    )
    score: Score | None = Field(
        default=None,
        validation_alias=AliasChoices("score", "Engagement Score", "Staff Engagement Score"),
        description="Staff engagement score, 0-10 (metric 9a).",
    )


FileName = Literal[
    "workforce",
    "recruitment",
    "disciplinary",
    "training",
    "staff_survey",
    "board",
    "actions",
    "capability",
    "wdes_survey",
]
FILE_MODELS: dict[str, type[InputFile]] = {
    m.file_name: m
    for m in (
        Workforce,
        Recruitment,
        Disciplinary,
        Training,
        StaffSurvey,
        Board,
        Actions,
        Capability,
        WdesSurvey,
    )
}
STANDARDS = ("wres", "wdes")


def inputs_of(standard: str) -> dict[str, type[InputFile]]:
    """The input files a standard reads, in FILE_MODELS order (``standard`` is "wres" or
    "wdes"): a WRES run never loads capability or wdes_survey."""
    if standard not in STANDARDS:
        raise ValueError(f"unknown standard {standard!r}: one of {', '.join(STANDARDS)}")
    return {kind: m for kind, m in FILE_MODELS.items() if standard in m.standards}


class Options(BaseModel):
    """Analysis options from ``[options]`` in wres.toml; CLI flags override them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disciplinary_window_years: Literal[1, 2] = Field(
        default=1,
        description="1 = this year only; 2 = NHS England's two-year rolling average.",
    )
    exclude_assignment_categories: tuple[str, ...] = Field(
        default=("Bank",),
        description="Assignment categories left out of every indicator, matched on the word "
        "case-insensitively (Bank matches 'Bank Staff', 'Bank - Casual'). Setting it replaces "
        "the default; the command line's --exclude-assignment-category adds to it.",
    )
    events_of_staff_in_post_only: bool = Field(
        default=False,
        description="Count disciplinary, training and capability events only of staff in the "
        "workforce file at the snapshot (leavers' events are otherwise kept, counted and "
        "reported).",
    )
    capability_grounds: Literal["performance", "all"] = Field(
        default="performance",
        description="WDES metric 3: 'performance' counts capability cases on grounds of "
        "performance only (ill-health cases excluded, counted); 'all' counts every "
        "capability case.",
    )
    survey_percent_as_fraction: bool = Field(
        default=False,
        description="The survey's percent column holds fractions (0.241 = 24.1%). Without "
        "it, a survey whose every percent is at most 1 is refused as 'looks like fractions'.",
    )
    suppress_below: int | None = Field(
        default=None,
        strict=True,
        ge=2,
        description="Show counts 1..N-1 as <N in published reports (no suppression when unset).",
    )
    suppress_board: bool = Field(
        default=False,
        description="Suppress small counts of board members too. Board members are public "
        "office holders, so by default the board is shown in full even with suppress_below.",
    )
    unknown_ethnicity_warning_percent: float = Field(
        default=10.0,
        ge=0,
        le=100,
        description="Warn when more than this share of a file's rows has Unknown ethnicity.",
    )


def _plain_name(name: str) -> str:
    if not name or name in (".", "..") or "/" in name or "\\" in name or ":" in name:
        raise ValueError("a file name in this folder, never a path (no / \\ : or ..)")
    return name


PlainName = Annotated[str, AfterValidator(_plain_name)]


class FileSource(BaseModel):
    """One input's file in the folder, the sheet of a workbook, and its header row."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: PlainName = Field(
        description="File name in the data folder, e.g. 'ESR Staff in Post 31-03-2025.xlsx'."
    )
    sheet: str | None = Field(default=None, description="Sheet of a workbook to read.")
    header_row: int | None = Field(
        default=None, ge=1, le=1000, description="Line of the header (title rows above it)."
    )


class Paper(BaseModel):
    """``[report]``: the board paper's cover sheet (what the board secretary fills in)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    meeting: str | None = Field(
        default=None, max_length=200, description='The meeting: "Trust Board, 24 July 2025".'
    )
    purpose: str | None = Field(
        default=None,
        max_length=400,
        description='Why the paper comes to the board: "For approval".',
    )
    recommendation: str | None = Field(
        default=None,
        max_length=1000,
        description="What the board is asked to do. Default: approve the report for "
        "publication on the trust's website.",
    )
    executive_lead: str | None = Field(
        default=None, max_length=200, description='"Chief People Officer" (a role or a name).'
    )
    author: str | None = Field(
        default=None, max_length=200, description='"Head of Equality, Diversity and Inclusion".'
    )


class WresToml(BaseModel):
    """The optional ``wres.toml`` in a data folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: str | None = Field(
        default=None, max_length=MAX_NAME_LENGTH, description="Organisation name."
    )
    organisation_code: str | None = Field(
        default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$", description="ODS code."
    )
    reporting_year: int | None = Field(
        default=None,
        strict=True,
        ge=2014,
        le=2100,
        description="WRES year: 2025 = snapshot 31 March 2025, events April 2024 - March 2025. "
        "Defaults to the folder name when it is a year.",
    )
    options: Options = Field(default_factory=Options)
    report: Paper = Field(
        default_factory=Paper, description="The board paper's cover sheet ([report])."
    )
    files: dict[FileName, PlainName | FileSource] = Field(
        default_factory=dict,
        description="Per input, the export's own file name in this folder (a plain name, "
        "never a path), or a table with name, sheet and header_row.",
    )
    columns: dict[FileName, dict[str, str]] = Field(
        default_factory=dict,
        description="Per file, canonical column name = header used in the file.",
    )
    values: dict[FileName, dict[str, dict[str, str]]] = Field(
        default_factory=dict,
        description="Per file and column, a cell value as written = the value the tool "
        'reads, e.g. [values.board.executive] "Non-Executive Director" = "N".',
    )

    def source(self, kind: str) -> FileSource | None:
        """Where ``[files]`` says the input ``kind`` is, if it says."""
        given = cast(dict[str, "str | FileSource"], self.files).get(kind)
        return FileSource(name=given) if isinstance(given, str) else given
