"""A standard declared as data: its groups, its inputs and its indicators.

The WRES (``standards/wres.py``) and the WDES are two declarations of the same few
things; the engine (``wres_cli.measures``) counts any of them, and the presenters print
any of them. A new standard is one more module here, not a fork of the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from wres_cli.groups import Axis, Group

__all__ = [
    "STANDARDS",
    "Axis",
    "Finding",
    "Group",
    "Indicator",
    "Narrative",
    "Standard",
    "Wording",
    "standard",
    "statistics",
]

if TYPE_CHECKING:
    from wres_cli.measures import Measure
    from wres_cli.schema.output import Indicators


@dataclass(frozen=True)
class Indicator:
    """One indicator (metric) of a standard: its key, titles and the measure counting it."""

    key: str
    title: str
    measures: str
    """What it measures, in one sentence (the report's and the text table's subtitle)."""
    measure: Measure
    noun: str = "indicator"
    """What the standard calls it, in a sentence: 'indicator', 'metric'."""
    method: str = ""
    """How it is calculated, in words, for the report's methodology appendix (consecutive
    indicators with the same text are listed together: 'Indicators 5-8')."""
    national: str = ""
    """The measure of the national figures table comparable with the headline (shown
    beside it in the summary); the section lists every national figure of the indicator."""


@dataclass(frozen=True)
class Narrative:
    """An item of a standard answered in the trust's own words, not counted (WDES 9b):
    the section of ``narrative.md`` whose heading names it ('## Metric 9b ...')."""

    key: str
    title: str
    measures: str
    after: str
    """The key of the indicator it follows in the report."""
    heading: str
    """A regular expression matching its heading in narrative.md (case ignored)."""


class Finding(Protocol):
    """A finding drawn from several indicators of one organisation-year (the WDES's
    disability declaration in ESR against the staff survey)."""

    def sentences(self, indicators: Indicators, axis: Axis) -> list[str]: ...


@dataclass(frozen=True)
class Wording:
    """The standard's own words in the report: its name, its summary and methodology."""

    name: str
    """In full: 'Workforce Race Equality Standard'."""
    events: str
    """What the event period covers, on the cover: 'Recruitment, disciplinary and
    training data'."""
    summary_title: str
    summary_caption: str
    """With ``{year}``."""
    headline: str
    """What each headline figure of the summary table is."""
    guidance: str
    """What the methodology follows: "NHS England's WRES technical guidance"."""
    event_inputs: str
    """The events counted in the period: 'recruitment, disciplinary and training events'."""
    unknown: str
    """How Unknown is treated, for the methodology."""
    declaration: tuple[str, str]
    """The declaration rate's label and the words after its figure."""
    decisions: tuple[tuple[str, str], ...]
    """The project decisions marked [D] in the specification, named in the methodology."""


@dataclass(frozen=True)
class Standard:
    """A workforce equality standard: its axis, inputs and indicators, in order."""

    name: str
    title: str
    """Short title as used in headings: 'WRES'."""
    axis: Axis
    indicators: tuple[Indicator, ...]
    inputs: frozenset[str]
    """The input files this standard reads (others in the folder are left alone)."""
    document: Any
    """The document model of one organisation-year (its JSON contract)."""
    wording: Wording
    item: str = "Indicator"
    """What the standard calls its items: 'Indicator' (WRES), 'Metric' (WDES)."""
    representation: str = "1"
    """The indicator whose Unknown share is the declaration rate."""
    narratives: tuple[Narrative, ...] = ()
    findings: tuple[Finding, ...] = ()

    def indicator(self, key: str) -> Indicator:
        return next(i for i in self.indicators if i.key == key)

    @property
    def windowed_sources(self) -> tuple[str, ...]:
        """Inputs of the indicators a two-year window pools (WRES 3, WDES 3)."""
        return tuple(i.measure.source for i in self.indicators if i.measure.windowed)

    @property
    def keys(self) -> tuple[str, ...]:
        """Indicator keys in order ('1' ... '9')."""
        return tuple(i.key for i in self.indicators)


def statistics(conservative: str) -> tuple[tuple[str, str], ...]:
    """The decisions every standard's methodology names about its statistics (intervals,
    change tests, rounding); ``conservative`` says which of its ratios count the same
    staff in both years ('indicators 3 and 4')."""
    return (
        (
            "Confidence intervals",
            "Added by this report, not an NHS England method: the 95% Katz log interval, or "
            "the Miettinen-Nurminen score interval when a count is small or zero.",
        ),
        (
            "Change since last year",
            "Each change is tested at the 5% level, never read from its sign. A relative "
            "likelihood: the difference of the two log ratios (Altman and Bland, BMJ 2003), "
            f"conservative for {conservative}, whose years count the same staff, and never "
            "between overlapping two-year windows. A share (a survey answer, the senior "
            "bands, the board): the two-proportion z-test. Improved and worsened follow "
            "each indicator's direction; a ratio is better nearer 1.",
        ),
        (
            "Survey intervals",
            "Each group's share of survey respondents carries its 95% Wilson score interval.",
        ),
        (
            "Rounding",
            "Computed from unrounded counts; ratios shown to 2 decimal places and "
            "percentages to 1, rounded half away from zero as Excel does.",
        ),
    )


def standard(name: str) -> Standard:
    """The standard called ``name`` (``wres`` or ``wdes``)."""
    import importlib

    if name not in STANDARDS:
        from wres_cli.errors import UsageError

        raise UsageError(f"unknown standard {name!r}; known: {', '.join(STANDARDS)}")
    found: Standard = getattr(importlib.import_module(f"wres_cli.standards.{name}"), name.upper())
    return found


STANDARDS = ("wres", "wdes")
"""Each is a module of this package declaring a ``Standard`` named like it (WRES)."""
