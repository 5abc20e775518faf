"""The one typed context object a report template receives, built from an analysis.

Everything the template shows is decided here: rounding and suppression are applied,
sentences written and charts drawn, so the template only lays out. Nothing staff-level
reaches it: only counts, percentages and the trust's own narrative and action plan.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from wres_cli import __version__
from wres_cli.ethnicity import Group
from wres_cli.issues import RULES, Issue, Severity
from wres_cli.measures.likelihood import RelativeLikelihood as LikelihoodMeasure
from wres_cli.measures.survey import SurveyShare
from wres_cli.numbers import (
    DASH,
    MaskedRow,
    Suppression,
    count,
    mask_board,
    mask_representation,
    pct,
    pp,
    ratio,
)
from wres_cli.pipeline import Action, Analysis, Context
from wres_cli.report import charts, sentences
from wres_cli.schema.output import (
    AnalysisDocument,
    BoardRepresentation,
    GroupShare,
    NotCalculable,
    NotProvided,
    RelativeLikelihood,
    Representation,
    Survey,
)
from wres_cli.standards import Indicator
from wres_cli.standards.wres import AXIS
from wres_cli.stats import round_half_away

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Cell:
    """A table cell; ``header`` cells become ``<th scope=row>``."""

    text: str
    header: bool = False
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Figure:
    """A chart as a data URI with its alt text (the SVG's own <title>)."""

    src: str
    alt: str


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    measures: str
    status: str | None
    sentences: tuple[str, ...]
    figure: Figure | None
    tables: tuple[Table, ...]
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class SummaryRow:
    number: str
    title: str
    this_year: str
    last_year: str
    change: str
    assessment: str
    sentence: str


@dataclass(frozen=True)
class Quality:
    declaration_rate: str
    files: tuple[tuple[str, str, str, str], ...]
    """(input, file, rows read, rows used)."""
    exclusions: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ReportContext:
    """Everything ``report.html.j2`` shows."""

    organisation: str
    code: str | None
    year: int | None
    snapshot: str
    period: str
    survey_year: str
    version: str
    publication: str | None
    summary: tuple[SummaryRow, ...]
    sections: tuple[Section, ...]
    quality: Quality
    narrative: Markup | None
    actions: tuple[Action, ...]
    not_provided: tuple[str, ...]
    decisions: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _figure(chart: charts.Chart) -> Figure:
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return Figure(f"data:image/svg+xml;base64,{data}", chart.description)


def build(analysis: Analysis, document: AnalysisDocument) -> ReportContext:
    """The context for one organisation and year (earlier years of it feed the trend)."""
    org = document.organisation
    name = org.name or org.code or "Organisation"
    year = document.reporting_year
    history = sorted(
        (
            d
            for d in analysis.documents
            if d.organisation.code == org.code
            and d.reporting_year is not None
            and year is not None
            and d.reporting_year <= year
        ),
        key=lambda d: d.reporting_year or 0,
    )
    context = analysis.contexts.get((org.code, year))
    hide = Suppression(analysis.suppress_below)
    sections, summary, missing = [], [], []
    actions = context.actions if context else ()
    for definition in analysis.standard.indicators:
        result = document.indicators[definition.key]
        section = _section(definition, result, history, name, hide)
        mine = tuple(a for a in actions if str(a.indicator) == definition.key)
        sections.append(Section(**{**section.__dict__, "actions": mine}))
        summary.append(_summary(definition, result, section))
        if isinstance(result, NotProvided):
            missing.append(f"Indicator {definition.key}: {result.reason}")
    publication = (
        f"Counts below {hide.below} are shown as <{hide.below}; * marks a count hidden so "
        "that a small one cannot be worked out from a total; percentages and ratios derived "
        "from hidden counts are shown as 'suppressed'."
        if hide.active()
        else None
    )
    return ReportContext(
        organisation=name,
        code=org.code,
        year=year,
        snapshot=_date(dt.date(year, 3, 31)) if year else "not stated",
        period=f"{_date(dt.date(year - 1, 4, 1))} to {_date(dt.date(year, 3, 31))}"
        if year
        else "not stated",
        survey_year=str(year - 1) if year else "not stated",
        version=__version__,
        publication=publication,
        summary=tuple(summary),
        sections=tuple(sections),
        quality=_quality(document, context),
        narrative=_markdown(context.narrative) if context and context.narrative else None,
        actions=tuple(actions),
        not_provided=tuple(missing),
        decisions=DECISIONS,
    )


def _markdown(text: str) -> Markup:
    """The trust's foreword: Markdown without raw HTML, images or links (self-contained),
    its headings moved below the report's own (# becomes h3) so levels stay in order."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + 2)}"
        if token.children:  # links keep their text but point nowhere: no external URL
            token.children = [
                c for c in token.children if c.type not in ("link_open", "link_close")
            ]
    return Markup(md.renderer.render(tokens, md.options, {}))  # text escaped; html off


def _shares_row(label: str, shares: list[GroupShare], masked: MaskedRow) -> tuple[Cell, ...]:
    cells = [Cell(label, header=True)]
    for i, share in enumerate(shares):
        cells.append(Cell(masked.cells[i], numeric=True))
        hidden = i in masked.hidden
        cells.append(Cell("suppressed" if hidden else pct(share.percent), numeric=True))
    cells.append(Cell(masked.total, numeric=True))
    return tuple(cells)


SHARE_COLUMNS = ("White", "White %", "BME", "BME %", "Unknown", "Unknown %", "Total")


def _section(
    definition: Indicator,
    result: object,
    history: list[AnalysisDocument],
    name: str,
    hide: Suppression,
) -> Section:
    number, title = definition.key, definition.title
    if isinstance(result, NotProvided | NotCalculable):
        return Section(
            number, title, definition.measures, f"{result.status}: {result.reason}", (), None, ()
        )
    if isinstance(result, Representation):
        return _representation_section(definition, result, name, hide)
    if isinstance(result, RelativeLikelihood):
        assert isinstance(definition.measure, LikelihoodMeasure)
        return _likelihood_section(definition, definition.measure, result, history, hide)
    if isinstance(result, Survey):
        return _survey_section(definition, result, history)
    assert isinstance(result, BoardRepresentation)
    return _board_section(definition, result, hide)


def _representation_section(
    definition: Indicator, result: Representation, name: str, hide: Suppression
) -> Section:
    masked, overall = mask_representation(result, hide)
    tables = []
    for cluster in ("non-clinical", "clinical"):
        rows = [
            _shares_row(r.band, [r.white, r.bme, r.unknown], shown)
            for r, shown in zip(result.rows, masked, strict=True)
            if r.cluster == cluster
        ]
        tables.append(
            Table(
                f"{cluster.capitalize()} staff by pay band (headcount)",
                ("Band", *SHARE_COLUMNS),
                tuple(rows),
            )
        )
    o = result.overall
    tables.append(
        Table(
            "All staff (headcount)",
            ("", *SHARE_COLUMNS),
            (_shares_row("All staff", [o.white, o.bme, o.unknown], overall),),
        )
    )
    chart_rows: list[tuple[str, str, dict[str, float | None] | None]] = []
    for r, shown in zip(result.rows, masked, strict=True):
        if r.total and not shown.hidden and shown.total == count(r.total):
            chart_rows.append(
                (
                    r.cluster,
                    r.band,
                    {"White": r.white.percent, "BME": r.bme.percent, "Unknown": r.unknown.percent},
                )
            )
        else:
            chart_rows.append((r.cluster, r.band, {} if r.total == 0 else None))
    figure = _figure(charts.representation(chart_rows, name))
    return Section(
        definition.key,
        definition.title,
        definition.measures,
        None,
        tuple(sentences.representation(result)),
        figure,
        tuple(tables),
    )


def _likelihood_section(
    definition: Indicator,
    measure: LikelihoodMeasure,
    result: RelativeLikelihood,
    history: list[AnalysisDocument],
    hide: Suppression,
) -> Section:
    rows = []
    for group in (Group.WHITE, Group.BME, Group.UNKNOWN):
        part = getattr(result, group.value.lower())
        num, den = hide.row([part.numerator])[0], hide.row([part.denominator])[0]
        like = None if part.likelihood is None else 100 * part.likelihood
        rows.append(
            (
                Cell(group.value, header=True),
                Cell(num, numeric=True),
                Cell(den, numeric=True),
                Cell(hide.derived(pct(like), part.numerator, part.denominator), numeric=True),
            )
        )
    table = Table(
        f"Indicator {definition.key}: likelihood by group",
        (
            "Group",
            measure.short_numerator.capitalize(),
            measure.short_denominator.capitalize(),
            "Likelihood",
        ),
        tuple(rows),
    )
    counts = (
        result.white.numerator,
        result.white.denominator,
        result.bme.numerator,
        result.bme.denominator,
    )
    suppressed = hide.derived("x", *counts) != "x"
    ratio_rows = []
    points = []
    for doc in history:
        r = doc.indicators[definition.key]
        if not isinstance(r, RelativeLikelihood):
            continue
        own = (r.white.numerator, r.white.denominator, r.bme.numerator, r.bme.denominator)
        hidden = hide.derived("x", *own) != "x"
        ci = f"{ratio(r.ci95[0])} to {ratio(r.ci95[1])}" if r.ci95 and not hidden else DASH
        ratio_rows.append(
            (
                Cell(str(doc.reporting_year), header=True),
                Cell("suppressed" if hidden else ratio(r.relative_likelihood), numeric=True),
                Cell(ci, numeric=True),
                Cell("suppressed" if hidden else r.assessment),
            )
        )
        points.append(
            (
                str(doc.reporting_year),
                None if hidden else r.relative_likelihood,
                None if hidden else r.ci95,
            )
        )
    trend = Table(
        f"Indicator {definition.key}: relative likelihood by year",
        ("Year", "Relative likelihood", "95% CI (project addition)", "Assessment"),
        tuple(ratio_rows),
    )
    top, ref = AXIS.group(measure.top).label, AXIS.group(measure.ref).label
    what = f"{top} {measure.subject} to {measure.outcome}, compared with {ref} {measure.subject}"
    figure = _figure(charts.relative_likelihoods(points, what))
    said = (
        (
            "Some counts behind this ratio are below the publication threshold, so the ratio "
            "is not shown.",
        )
        if suppressed
        else tuple(sentences.likelihood(result, measure, AXIS))
    )
    return Section(
        definition.key, definition.title, definition.measures, None, said, figure, (table, trend)
    )


def _survey_section(
    definition: Indicator, result: Survey, history: list[AnalysisDocument]
) -> Section:
    rows, bars = [], []
    for doc in history:
        r = doc.indicators[definition.key]
        if not isinstance(r, Survey):
            continue
        white = r.white.percent if r.white else None
        bme = r.bme.percent if r.bme else None
        bars.append((str(doc.reporting_year), white, bme))
        rows.append(
            (
                Cell(str(doc.reporting_year), header=True),
                Cell(count(r.white.respondents) if r.white else DASH, numeric=True),
                Cell(pct(white), numeric=True),
                Cell(count(r.bme.respondents) if r.bme else DASH, numeric=True),
                Cell(pct(bme), numeric=True),
                Cell(pp(r.difference_pp), numeric=True),
            )
        )
    table = Table(
        f"Indicator {definition.key}: staff survey results by year",
        ("Year", "White respondents", "White %", "BME respondents", "BME %", "BME minus White"),
        tuple(rows),
    )
    assert isinstance(definition.measure, SurveyShare)
    phrase = definition.measure.phrase
    figure = _figure(charts.survey(bars, phrase))
    return Section(
        definition.key,
        definition.title,
        definition.measures,
        None,
        tuple(sentences.survey(result, phrase)),
        figure,
        (table,),
    )


def _board_section(
    definition: Indicator, result: BoardRepresentation, hide: Suppression
) -> Section:
    rows, bars = [], []
    labels = {
        "total": "Total board",
        "voting": "Voting members",
        "executive": "Executive",
        "non_executive": "Non-executive",
    }
    masked = mask_board(result, hide)
    for key, label in labels.items():
        subset = getattr(result.board, key)
        hidden = 1 in masked[key].hidden
        row = _shares_row(label, [subset.white, subset.bme, subset.unknown], masked[key])
        rows.append(
            (*row, Cell("suppressed" if hidden else pp(subset.difference_pp), numeric=True))
        )
        bars.append((label, None if hidden else subset.bme_percent))
    table = Table(
        "Indicator 9: board membership against the workforce",
        ("Board", *SHARE_COLUMNS, "BME % minus workforce BME %"),
        tuple(rows),
    )
    figure = _figure(charts.board(bars, result.workforce_bme_percent))
    voting_hidden = bars[1][1] is None
    said = (
        (
            "The voting membership counts are below the publication threshold, so the "
            "difference is not shown.",
        )
        if voting_hidden
        else tuple(sentences.board(result))
    )
    return Section(
        definition.key, definition.title, definition.measures, None, said, figure, (table,)
    )


def _headline(result: object) -> tuple[str, float | None, str]:
    """(formatted value, raw value, kind) for the summary table."""
    if isinstance(result, Representation):
        return pct(result.overall.bme.percent), result.overall.bme.percent, "pct"
    if isinstance(result, RelativeLikelihood):
        return ratio(result.relative_likelihood), result.relative_likelihood, "ratio"
    if isinstance(result, Survey):
        return pp(result.difference_pp), result.difference_pp, "pp"
    if isinstance(result, BoardRepresentation):
        d = result.board.voting.difference_pp
        return pp(d), d, "pp"
    return DASH, None, ""


def _summary(definition: Indicator, result: object, section: Section) -> SummaryRow:
    value, _, kind = _headline(result)
    last, change, assessment = DASH, DASH, DASH
    trend = getattr(result, "trend", None)
    if trend is not None:
        key = {"pct": "bme_percent", "ratio": "relative_likelihood", "pp": ""}.get(kind, "")
        if isinstance(result, Survey):
            before = trend.previous
            if before.get("bme_percent") is not None and before.get("white_percent") is not None:
                prev = before["bme_percent"] - before["white_percent"]
                last = pp(prev)
                now = result.difference_pp
                change = _direction(None if now is None else now - prev, "pp")
        elif isinstance(result, BoardRepresentation):
            last = pp(trend.previous.get("voting_difference_pp"))
            change = _direction(trend.change.get("voting_difference_pp"), "pp")
        elif key:
            fmt = pct if kind == "pct" else ratio
            last = fmt(trend.previous.get(key))
            change = _direction(trend.change.get(key), kind)
    if isinstance(result, RelativeLikelihood):
        assessment = result.assessment
    if any("suppressed" in s or "not shown" in s for s in section.sentences):
        value, last, change = "suppressed", DASH, DASH
    sentence = section.sentences[0] if section.sentences else (section.status or "")
    return SummaryRow(definition.key, definition.title, value, last, change, assessment, sentence)


def _direction(change: float | None, kind: str) -> str:
    if change is None:
        return DASH
    places = 2 if kind == "ratio" else 1
    rounded = round_half_away(change, places)
    if rounded == 0:
        return "no change"
    unit = " pp" if kind in ("pct", "pp") else ""
    word = "up" if rounded > 0 else "down"
    return f"{word} {abs(rounded):.{places}f}{unit}"


VALUE_RULES = frozenset({"unrecognised-ethnicity", "lookup-error-text", "ethnicity-conflict"})
"""Rules whose message quotes a staff file's cell: the report gives their count only."""


def _public(issue: Issue) -> str:
    """An issue as a published report may show it: never a row-level value of a staff file
    (an ethnicity column pasted over with employee numbers must not reach the website)."""
    if issue.rule in VALUE_RULES:
        return f"{issue.count:,} row(s): {RULES[issue.rule].summary}"
    return issue.message


def _quality(document: AnalysisDocument, context: Context | None) -> Quality:
    result = document.indicators["1"]
    declared = DASH
    if isinstance(result, Representation) and result.overall.unknown.percent is not None:
        declared = pct(100 - result.overall.unknown.percent)
    files: list[tuple[str, str, str, str]] = []
    exclusions: list[str] = []
    warnings: list[str] = []
    if context is not None:
        files = [
            (f.kind, f.path.rsplit("/", 1)[-1], count(f.rows), count(f.used_rows))
            for f in context.files
        ]
        for issue in context.issues:
            text = _public(issue)
            if RULES[issue.rule].ledger:  # every exclusion, dedupe, lookup and fall-back
                exclusions.append(f"{issue.file}: {text}")
            elif issue.severity is Severity.WARNING:
                warnings.append(f"{issue.file}: {text}")
    order = {name: i for i, (_, name, _, _) in enumerate(files)}
    by_file = sorted(exclusions, key=lambda e: order.get(e.split(": ", 1)[0], len(order)))
    return Quality(declared, tuple(files), tuple(by_file), tuple(warnings))


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
        "The 0.80 to 1.25 range that NHS England states for indicator 3 is "
        "applied to indicators 2 and 4 as well, for consistency.",
    ),
    (
        "Confidence intervals",
        "A project addition, not an NHS England method: 95% Katz log "
        "interval, or the Miettinen-Nurminen score interval when a count is small or zero.",
    ),
    (
        "Rounding",
        "Computed from unrounded counts; ratios shown to 2 decimal places and "
        "percentages to 1, rounded half away from zero as Excel does.",
    ),
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

__all__ = ["ReportContext", "build"]
