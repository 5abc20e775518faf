"""One Pydantic model per input file: the single source of truth for the input contract.

Each field is a column: its type (a column kind), constraints, the export headers it is
known by (aliases, first = canonical name) and a description. ``wres schema`` prints
them, ``schemas/*.schema.json`` is generated from them, and the validator compiles them
to Polars expressions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal

import polars as pl
from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from wres_cli.schema.columns import (
    Clinical,
    Column,
    Count,
    EthnicOrigin,
    Identifier,
    Kind,
    PayBand,
    Percent,
    ReportDate,
    RequiredText,
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
        "Assignment Number",
    ),
    description="Identifier of the staff member (never shown in any report).",
)
WresIndicator = Annotated[Literal[1, 2, 3, 4, 5, 6, 7, 8, 9], Column(Kind.CHOICE, blank_ok=True)]
EVENT_DATE = "Date of the event; rows dated outside the reporting year are excluded."


class InputFile(BaseModel):
    """Base of the six input files: rows are validated by the Polars compiler."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    file_name: ClassVar[str]
    required: ClassVar[bool] = False
    unique: ClassVar[tuple[str, ...]] = ()
    row_rules: ClassVar[tuple[RowRule, ...]] = ()
    empty_ok: ClassVar[bool] = True
    """Whether a header-only file is acceptable (zero events in the year is real data)."""

    organisation_code: Identifier | None = ORG


class Workforce(InputFile):
    """One row per staff member in post at the snapshot date (headcount, not FTE)."""

    file_name: ClassVar[str] = "workforce"
    required: ClassVar[bool] = True
    unique: ClassVar[tuple[str, ...]] = ("staff_id",)
    empty_ok: ClassVar[bool] = False

    staff_id: Identifier = STAFF_ID
    ethnic_origin: EthnicOrigin = ETHNIC
    pay_band: PayBand = Field(
        validation_alias=AliasChoices(
            "pay_band", "Pay Band", "Band", "AfC Band", "Pay Grade", "Grade", "Grade Code"
        ),
        description="Agenda for Change band, VSM or medical and dental grade.",
    )
    clinical: Clinical = Field(
        validation_alias=AliasChoices(
            "clinical",
            "Clinical / Non-clinical",
            "Clinical Non Clinical",
            "Clinical Status",
            "Is Clinical",
            "Staff Group Type",
        ),
        description="Whether the post is clinical; medical and dental grades count as clinical.",
    )
    assignment_category: Text | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "assignment_category", "Assignment Category", "Employment Category", "Contract Type"
        ),
        description="ESR assignment category; Bank rows are excluded by default.",
    )


class Recruitment(InputFile):
    """One row per application in the reporting year (shortlisted applications)."""

    file_name: ClassVar[str] = "recruitment"
    unique: ClassVar[tuple[str, ...]] = ("application_id",)
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
        validation_alias=AliasChoices("shortlisted", "Shortlisted?", "Short Listed"),
        description="Whether the application was shortlisted; column absent = all were.",
    )
    appointed: YesNo = Field(
        validation_alias=AliasChoices(
            "appointed", "Appointed?", "Offered", "Offer Made", "Successful", "Appointed Y/N"
        ),
        description="Whether the applicant was appointed.",
    )
    date: ReportDate | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "date", "Shortlisting Date", "Application Date", "Interview Date", "Offer Date"
        ),
        description=EVENT_DATE,
    )


class Disciplinary(InputFile):
    """One row per entry into a formal disciplinary investigation in the reporting year."""

    file_name: ClassVar[str] = "disciplinary"
    unique: ClassVar[tuple[str, ...]] = ("case_id",)

    case_id: Identifier = Field(
        validation_alias=AliasChoices(
            "case_id", "Case ID", "Case Reference", "Case Number", "Case Ref"
        ),
        description="Identifier of the case (never shown in any report).",
    )
    staff_id: Identifier = STAFF_ID
    ethnic_origin: EthnicOrigin = ETHNIC
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

    staff_id: Identifier = STAFF_ID
    ethnic_origin: EthnicOrigin = ETHNIC
    mandatory: YesNo = Field(
        validation_alias=AliasChoices(
            "mandatory", "Mandatory Training", "Is Mandatory", "Statutory Mandatory"
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


class StaffSurvey(InputFile):
    """One row per survey indicator (5-8) and ethnic group, as trusts receive the results."""

    file_name: ClassVar[str] = "staff_survey"
    unique: ClassVar[tuple[str, ...]] = ("indicator", "ethnic_group")
    empty_ok: ClassVar[bool] = False
    row_rules: ClassVar[tuple[RowRule, ...]] = (
        RowRule(
            "positive-exceeds-respondents",
            "positive",
            "positive count is larger than the number of respondents",
            pl.col("positive") > pl.col("respondents"),
        ),
        RowRule(
            "survey-measure-missing",
            "percent",
            "give either percent or positive for every row",
            pl.col("percent").is_null() & pl.col("positive").is_null(),
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
    respondents: Count = Field(
        validation_alias=AliasChoices(
            "respondents", "Number of Respondents", "Respondents Count", "Base", "N"
        ),
        description="Number of respondents in the group who answered the question.",
    )
    percent: Percent | None = Field(
        default=None,
        validation_alias=AliasChoices("percent", "Percentage", "Pct", "%"),
        description="Share answering positively, 0-100 (give this or positive).",
    )
    positive: Annotated[Count, Column(Kind.COUNT, blank_ok=True)] | None = Field(
        default=None,
        validation_alias=AliasChoices("positive", "Positive Count", "Number Positive", "Count"),
        description="Number answering positively (give this or percent).",
    )


class Board(InputFile):
    """One row per board member at the snapshot date."""

    file_name: ClassVar[str] = "board"
    unique: ClassVar[tuple[str, ...]] = ("member_id",)
    empty_ok: ClassVar[bool] = False

    member_id: Identifier = Field(
        validation_alias=AliasChoices("member_id", "Member ID", "Board Member ID", "ID"),
        description="Identifier of the board member (never shown in any report).",
    )
    ethnic_origin: EthnicOrigin = ETHNIC
    voting: YesNo = Field(
        validation_alias=AliasChoices("voting", "Voting Member", "Voting Rights", "Has Vote"),
        description="Whether the member has a vote on the board.",
    )
    executive: YesNo = Field(
        validation_alias=AliasChoices("executive", "Executive Member", "Executive Director"),
        description="Executive (Y) or non-executive (N) member.",
    )


class Actions(InputFile):
    """The trust's WRES action plan: one row per action, shown in the board report."""

    file_name: ClassVar[str] = "actions"

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


FileName = Literal[
    "workforce", "recruitment", "disciplinary", "training", "staff_survey", "board", "actions"
]
FILE_MODELS: dict[str, type[InputFile]] = {
    m.file_name: m
    for m in (Workforce, Recruitment, Disciplinary, Training, StaffSurvey, Board, Actions)
}


class Options(BaseModel):
    """Analysis options from ``[options]`` in wres.toml; CLI flags override them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disciplinary_window_years: Literal[1, 2] = Field(
        default=1,
        description="1 = this year only; 2 = NHS England's two-year rolling average.",
    )
    exclude_assignment_categories: tuple[str, ...] = Field(
        default=("Bank",),
        description="Assignment categories left out of the workforce (matched case-insensitively).",
    )
    suppress_below: int | None = Field(
        default=None,
        ge=2,
        description="Show counts 1..N-1 as <N in published reports (no suppression when unset).",
    )
    unknown_ethnicity_warning_percent: float = Field(
        default=10.0,
        ge=0,
        le=100,
        description="Warn when more than this share of a file's rows has Unknown ethnicity.",
    )


class WresToml(BaseModel):
    """The optional ``wres.toml`` in a data folder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: str | None = Field(default=None, description="Organisation name.")
    organisation_code: str | None = Field(default=None, description="ODS code.")
    reporting_year: int | None = Field(
        default=None,
        ge=2014,
        le=2100,
        description="WRES year: 2025 = snapshot 31 March 2025, events April 2024 - March 2025. "
        "Defaults to the folder name when it is a year.",
    )
    options: Options = Field(default_factory=Options)
    columns: dict[FileName, dict[str, str]] = Field(
        default_factory=dict,
        description="Per file, canonical column name = header used in the file.",
    )
