"""The JSON output contract of ``wres analyse --format json`` (design.md section 3).

These models are the contract: ``schemas/analysis.schema.json`` is generated from them,
and a test validates real output against that file. Numbers are unrounded.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

Status = Literal["ok", "not calculable"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GroupShare(_Model):
    """A group's headcount and its share of all (White + BME + Unknown), 0-100."""

    count: int
    percent: float | None = Field(description="0-100; null when the total is 0")


class BandRow(_Model):
    cluster: Literal["non-clinical", "clinical"]
    band: str
    white: GroupShare
    bme: GroupShare
    unknown: GroupShare
    total: int


class Overall(_Model):
    white: GroupShare
    bme: GroupShare
    unknown: GroupShare
    total: int


class Trend(_Model):
    """Last year's headline values and the change (this year minus last year)."""

    reporting_year: int
    previous: dict[str, float | None]
    change: dict[str, float | None]


class Representation(_Model):
    """Indicator 1: headcount by cluster and band, Unknown in every denominator."""

    status: Status = "ok"
    overall: Overall
    rows: list[BandRow]
    trend: Trend | None = None


class Likelihood(_Model):
    numerator: int
    denominator: int
    likelihood: float | None = Field(description="fraction 0-1; null when denominator is 0")


class RelativeLikelihood(_Model):
    """Indicators 2-4: likelihood per group and the oriented ratio (> 1 adverse to BME)."""

    status: Status
    reason: str | None = None
    orientation: Literal["white/bme", "bme/white"]
    white: Likelihood
    bme: Likelihood
    unknown: Likelihood
    relative_likelihood: float | None
    ci95: tuple[float, float] | None
    ci_method: Literal["katz-log", "miettinen-nurminen-score"] | None
    significant: bool | None
    assessment: Literal["within non-adverse range", "above range", "below range", "not calculable"]
    window_years: int = 1
    trend: Trend | None = None


class SurveyGroup(_Model):
    respondents: int
    percent: float


class SuppressedGroup(_Model):
    """A group the survey gives no figure for (too few responses): suppressed, never 0%
    and never 'not provided' (null), which would say the trust gave nothing."""

    status: Literal["suppressed"] = "suppressed"
    reason: str = Field(description="As the input says it, e.g. 'fewer than 10 responses'")
    respondents: int | None


class SurveySource(_Model):
    """Where the survey figures come from, when the staff_survey file records it (``wres
    import-survey`` does): the survey, the file and its SHA-256."""

    survey_year: int | None
    file: str | None
    sha256: str | None


class Survey(_Model):
    """Indicators 5-8: staff survey percentage by group."""

    status: Status = "ok"
    white: SurveyGroup | SuppressedGroup | None
    bme: SurveyGroup | SuppressedGroup | None
    difference_pp: float | None = Field(description="BME minus White, percentage points")
    trend: Trend | None = None
    source: SurveySource | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="Present only when the staff_survey file records its source.",
    )


class BoardSubset(_Model):
    white: GroupShare
    bme: GroupShare
    unknown: GroupShare
    total: int
    bme_percent: float | None
    difference_pp: float | None = Field(
        description="board subset BME% minus workforce BME%, percentage points"
    )


class BoardSubsets(_Model):
    total: BoardSubset
    voting: BoardSubset
    executive: BoardSubset
    non_executive: BoardSubset


class BoardRepresentation(_Model):
    """Indicator 9: board BME% minus workforce BME%; voting members are the headline."""

    status: Status = "ok"
    workforce_bme_percent: float | None
    board: BoardSubsets
    trend: Trend | None = None


class NotProvided(_Model):
    status: Literal["not provided"] = "not provided"
    reason: str


class NotCalculable(_Model):
    status: Literal["not calculable"] = "not calculable"
    reason: str


class Organisation(_Model):
    name: str | None
    code: str | None


# The WDES contract (wdes-spec.md section 4): the same shapes with the disability groups.


class WdesClusterRow(_Model):
    cluster: Literal["non-clinical", "clinical"]
    band_cluster: str
    disabled: GroupShare
    non_disabled: GroupShare
    unknown: GroupShare
    total: int


class WdesOverall(_Model):
    disabled: GroupShare
    non_disabled: GroupShare
    unknown: GroupShare
    total: int


class WdesRepresentation(_Model):
    """Metric 1: headcount by cluster and band cluster, Unknown in every denominator."""

    status: Status = "ok"
    overall: WdesOverall
    rows: list[WdesClusterRow]
    trend: Trend | None = None


class WdesRelativeLikelihood(_Model):
    """Metrics 2 and 3: likelihood per group and the oriented ratio (> 1 adverse to
    Disabled staff)."""

    status: Status
    reason: str | None = None
    orientation: Literal["non_disabled/disabled", "disabled/non_disabled"]
    disabled: Likelihood
    non_disabled: Likelihood
    unknown: Likelihood
    relative_likelihood: float | None
    ci95: tuple[float, float] | None
    ci_method: Literal["katz-log", "miettinen-nurminen-score"] | None
    significant: bool | None
    assessment: Literal["within non-adverse range", "above range", "below range", "not calculable"]
    window_years: int = 1
    trend: Trend | None = None


class WdesSurvey(_Model):
    """Metrics 4a-7: survey percentage of staff with and without a long-term condition."""

    status: Status = "ok"
    disabled: SurveyGroup | None
    non_disabled: SurveyGroup | None
    difference_pp: float | None = Field(
        description="Disabled minus non-disabled, percentage points"
    )
    trend: Trend | None = None


class WdesSurveyOneGroup(_Model):
    """Metric 8: Disabled respondents only (adjustments), no comparison."""

    status: Status = "ok"
    disabled: SurveyGroup | None
    trend: Trend | None = None


class WdesScoreGroup(_Model):
    respondents: int | None
    score: float


class WdesSurveyScore(_Model):
    """Metric 9a: the staff engagement score (0-10) by group and for the organisation."""

    status: Status = "ok"
    disabled: WdesScoreGroup | None
    non_disabled: WdesScoreGroup | None
    organisation: WdesScoreGroup | None
    trend: Trend | None = None


class WdesBoardSubset(_Model):
    disabled: GroupShare
    non_disabled: GroupShare
    unknown: GroupShare
    total: int
    disabled_percent: float | None
    difference_pp: float | None = Field(
        description="board subset Disabled% minus workforce Disabled%, percentage points"
    )


class WdesBoardSubsets(_Model):
    total: WdesBoardSubset
    voting: WdesBoardSubset
    executive: WdesBoardSubset
    non_executive: WdesBoardSubset


class WdesBoardRepresentation(_Model):
    """Metric 10: board Disabled% minus workforce Disabled% (voting and executive)."""

    status: Status = "ok"
    workforce_disabled_percent: float | None
    board: WdesBoardSubsets
    trend: Trend | None = None


Result = (
    Representation
    | RelativeLikelihood
    | Survey
    | BoardRepresentation
    | WdesRepresentation
    | WdesRelativeLikelihood
    | WdesSurvey
    | WdesSurveyOneGroup
    | WdesSurveyScore
    | WdesBoardRepresentation
    | NotProvided
    | NotCalculable
)
"""What an indicator holds: its measure's result, or why there is none."""


class Indicators(RootModel[dict[str, Result]]):
    """Each indicator's result keyed as its standard numbers it ("1" ... "9" for the WRES),
    in the standard's order."""

    model_config = ConfigDict(frozen=True)

    def __getitem__(self, key: str) -> Result:
        return self.root[key]

    def items(self) -> list[tuple[str, Result]]:
        return list(self.root.items())

    def replaced(self, updates: dict[str, Result]) -> Indicators:
        """A copy with some results replaced (the order stays the standard's)."""
        return Indicators({k: updates.get(k, v) for k, v in self.root.items()})


class IssueOut(_Model):
    rule: str
    severity: Literal["error", "warning", "info"]
    file: str
    message: str
    line: int | None
    column: str | None
    column_letter: str | None
    value: str | None
    count: int


class ExclusionOut(_Model):
    """One line of the exclusions ledger: rows excluded, merged, looked up or fallen back
    on, by reason (a rule code), with the file and how many rows."""

    reason: str
    file: str
    count: int
    description: str


class ValidationOut(_Model):
    errors: list[IssueOut]
    warnings: list[IssueOut]
    exclusions: list[ExclusionOut] = Field(
        default_factory=list,
        description="Every exclusion, lookup, dedupe and fall-back that changed what was "
        "counted, with its count.",
    )


class AnalysisDocument(_Model):
    """One organisation and reporting year."""

    schema_version: Literal[1] = 1
    organisation: Organisation
    reporting_year: int | None
    indicators: Indicators
    validation: ValidationOut


class WdesDocument(AnalysisDocument):
    """One organisation and reporting year of the WDES: the same document, saying so."""

    standard: Literal["wdes"] = "wdes"


class AnalysisRun(_Model):
    """Several organisations or years: one document each, plus each headline's series."""

    schema_version: Literal[1] = 1
    results: list[AnalysisDocument | WdesDocument]
    trend: list[TrendSeries]


class TrendSeries(_Model):
    organisation_code: str | None
    indicator: str
    measure: str
    values: dict[str, float | None] = Field(description="reporting year -> value")


AnalysisRun.model_rebuild()
