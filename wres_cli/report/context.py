"""The one typed context object a report template receives, built from an analysis.

Everything the template shows is decided here or by the measures' views: rounding and
suppression are applied, sentences written and charts drawn, so the template only lays
out. The standard's own words (its name, methodology, decisions) come from its
declaration. Nothing staff-level reaches it: only counts, percentages and the trust's
own narrative and action plan.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from markupsafe import Markup

from wres_cli import __version__, national
from wres_cli.errors import UsageError
from wres_cli.issues import RULES, Issue, Severity
from wres_cli.measures import status, unprovided
from wres_cli.numbers import DASH, count, pct
from wres_cli.pipeline import Action, Analysis, Context
from wres_cli.schema.output import AnalysisDocument, Result
from wres_cli.standards import Indicator, Narrative, Standard
from wres_cli.view import Cell, Figure, Scene, Table, figure

if TYPE_CHECKING:
    from wres_cli.comparison import Comparison

__all__ = ["Cell", "Figure", "ReportContext", "Table", "build"]

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
class Section:
    number: str
    title: str
    measures: str
    status: str | None
    sentences: tuple[str, ...]
    figure: Figure | None
    tables: tuple[Table, ...]
    actions: tuple[Action, ...] = ()
    noun: str = "indicator"
    anchor: str = ""
    """The section's HTML id: 'indicator-1', 'metric-4a-i'."""
    narrative: Markup | None = None
    """The trust's own words, for an item answered in narrative (WDES 9b)."""
    national: tuple[str, ...] = ()
    """The latest national figures of the indicator, each with its year and source."""
    peer: Figure | None = None
    """Where the organisation sits among its peers: a funnel with it highlighted
    (``wres report --peers``, or a multi-organisation run), its caption the sentence."""


@dataclass(frozen=True)
class SummaryRow:
    number: str
    title: str
    this_year: str
    last_year: str
    change: str
    assessment: str
    sentence: str
    verdict: str = DASH
    national: str = DASH
    """The national figure comparable with this year's, with its year."""


@dataclass(frozen=True)
class Quality:
    declaration_rate: str
    files: tuple[tuple[str, str, str, str], ...]
    """(input, file, rows read, rows used)."""
    exclusions: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Words:
    """The standard's own words, as the template prints them (the package's own text:
    trusted, so quotes are left as typed; &, < and > are still escaped)."""

    title: str
    name: Markup
    events: Markup
    summary_title: Markup
    summary_caption: Markup
    headline: Markup
    guidance: Markup
    event_inputs: Markup
    unknown: Markup
    declaration: tuple[Markup, Markup]
    item: str
    """'Indicator', 'Metric'."""
    focus: str
    """The focus group's label: 'BME', 'Disabled'."""


@dataclass(frozen=True)
class Cover:
    """The board paper's cover sheet (``[report]`` in wres.toml), each line as shown."""

    meeting: str
    purpose: str
    recommendation: str
    executive_lead: str
    author: str


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
    words: Words
    numbered: bool = True
    """Whether every key is a number, so the summary's list can be numbered by them."""
    findings: tuple[str, ...] = ()
    """Findings drawn from several indicators (the WDES declaration rates)."""
    methods: tuple[tuple[str, Markup], ...] = ()
    """(indicators, how they are calculated) for the methodology appendix."""
    decisions: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    cover: Cover | None = None
    last_actions: tuple[Action, ...] = ()
    """Last year's action plan with its status, as that year's folder gave it."""
    last_year: int | None = None


def _date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _trusted(text: str) -> Markup:
    return Markup(html.escape(text, quote=False))


def _words(standard: Standard) -> Words:
    w = standard.wording
    return Words(
        title=standard.title,
        name=_trusted(w.name),
        events=_trusted(w.events),
        summary_title=_trusted(w.summary_title),
        summary_caption=_trusted(w.summary_caption),
        headline=_trusted(w.headline),
        guidance=_trusted(w.guidance),
        event_inputs=_trusted(w.event_inputs),
        unknown=_trusted(w.unknown),
        declaration=(_trusted(w.declaration[0]), _trusted(w.declaration[1])),
        item=standard.item,
        focus=standard.axis.focus.label,
    )


def _methods(standard: Standard) -> tuple[tuple[str, Markup], ...]:
    """Each method once, with the indicators it covers ('Indicators 5-8')."""
    runs: list[tuple[list[str], str]] = []
    for i in standard.indicators:
        if runs and runs[-1][1] == i.method:
            runs[-1][0].append(i.key)
        else:
            runs.append(([i.key], i.method))
    item = standard.item
    return tuple(
        (
            f"{item} {keys[0]}" if len(keys) == 1 else f"{item}s {keys[0]}-{keys[-1]}",
            _trusted(text),
        )
        for keys, text in runs
        if text
    )


def build(
    analysis: Analysis,
    document: AnalysisDocument,
    draw: bool = True,
    peers: Comparison | None = None,
) -> ReportContext:
    """The context for one organisation and year (earlier years of it feed the trend);
    without ``draw``, no charts (the workbook shows the same tables, not the pictures).
    With ``peers`` (a comparison of the same year), each indicator shows where the
    organisation sits on its funnel."""
    standard = analysis.standard
    if peers is not None and peers.year != document.reporting_year:
        raise UsageError(
            f"the comparison is of {peers.year} and the report of {document.reporting_year}: "
            "compare the same year's extract"
        )
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
    hide = analysis.suppression
    sections, summary, missing = [], [], []
    actions = context.actions if context else ()
    foreword, answers = _narratives(context.narrative if context else None, standard.narratives)
    for definition in standard.indicators:
        result = document.indicators[definition.key]
        scene = Scene(
            key=definition.key,
            noun=definition.noun,
            axis=standard.axis,
            history=tuple((d.reporting_year, d.indicators[definition.key]) for d in history),
            hide=hide,
            organisation=name,
            draw=draw,
        )
        section, row = _section(definition, result, scene, actions, standard.name)
        if peers is not None and draw and org.code:
            section = replace(section, peer=_peer(peers, definition.key, org.code, name))
        sections.append(section)
        summary.append(row)
        if (reason := unprovided(result)) is not None:
            missing.append(f"{standard.item} {definition.key}: {reason}")
        for item in standard.narratives:
            if item.after == definition.key:
                section, row = _narrative_section(item, definition.noun, answers, actions)
                sections.append(section)
                summary.append(row)
    publication = (
        f"Counts below {hide.below} are shown as <{hide.below}; * marks a count hidden so "
        "that a small one cannot be worked out from a total; percentages and ratios derived "
        "from hidden counts are shown as 'suppressed'."
        if hide.active()
        else None
    )
    before = analysis.contexts.get((org.code, year - 1)) if year is not None else None
    findings = tuple(
        sentence
        for finding in standard.findings
        for sentence in finding.sentences(document.indicators, standard.axis)
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
        quality=_quality(standard, document, context),
        narrative=_markdown(foreword) if foreword else None,
        actions=tuple(actions),
        not_provided=tuple(missing),
        words=_words(standard),
        numbered=all(row.number.isdigit() for row in summary),
        findings=findings,
        methods=_methods(standard),
        decisions=standard.wording.decisions,
        cover=_cover(context, standard, year),
        last_actions=before.actions if before else (),
        last_year=year - 1 if before and year is not None else None,
    )


def _cover(context: Context | None, standard: Standard, year: int | None) -> Cover:
    """The cover sheet: what ``[report]`` says, else what a board paper says by default
    and 'not given' where only the trust can say."""
    paper = context.paper if context else None
    given = "not given (set it in [report] in wres.toml)"
    name = f"{standard.wording.name} report {year or ''}".strip()
    return Cover(
        meeting=(paper.meeting if paper else None) or given,
        purpose=(paper.purpose if paper else None) or "For approval",
        recommendation=(paper.recommendation if paper else None)
        or f"The Board is asked to approve the {name} for publication on the trust's website.",
        executive_lead=(paper.executive_lead if paper else None) or given,
        author=(paper.author if paper else None) or given,
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


def _section(
    definition: Indicator,
    result: Result,
    scene: Scene,
    actions: tuple[Action, ...],
    standard: str,
) -> tuple[Section, SummaryRow]:
    """The indicator's section and summary row, as its measure shows them, with the
    national figures beside them."""
    number, title, noun = definition.key, definition.title, definition.noun
    anchor = f"{noun}-{_slug(number)}"
    mine = tuple(a for a in actions if str(a.indicator) == number)
    missing = status(result)
    if missing is not None:
        section = Section(number, title, definition.measures, missing, (), None, (), mine)
        row = SummaryRow(number, title, DASH, DASH, DASH, DASH, missing)
        return replace(section, noun=noun, anchor=anchor), row
    view = definition.measure.view(result, scene)
    summary = definition.measure.summary(result, scene)
    figures = national.latest(standard, number, scene.year)
    context = tuple(f.sentence() for f in figures) or (
        f"No national figure for this {noun} is on file.",
    )
    headline = next((f for f in figures if f.measure == definition.national), None)
    section = Section(
        number,
        title,
        definition.measures,
        None,
        view.sentences,
        view.figure,
        view.tables,
        mine,
        national=context,
    )
    this_year, last, change = summary.this_year, summary.last_year, summary.change
    assessment = summary.assessment
    verdict = summary.verdict if scene.previous is not None else DASH  # a first year
    if any("suppressed" in s or "not shown" in s for s in view.sentences):
        # never an assessment or a verdict of a figure the reader is not shown
        this_year, last, change, assessment, verdict = "suppressed", DASH, DASH, DASH, DASH
    sentence = summary.sentence or (view.sentences[0] if view.sentences else "")
    if section.figure is not None:  # the caption states the finding; the alt text the data
        section = replace(section, figure=replace(section.figure, caption=sentence))
    row = SummaryRow(
        number,
        title,
        this_year,
        last,
        change,
        assessment,
        sentence,
        verdict,
        f"{headline.shown} ({headline.year})" if headline else DASH,
    )
    return replace(section, noun=noun, anchor=anchor), row


def _peer(peers: Comparison, key: str, code: str, name: str) -> Figure | None:
    """The indicator's funnel with the organisation highlighted, captioned by where it
    sits; None when it is on no funnel of this indicator."""
    from wres_cli import charts
    from wres_cli.comparison import where

    found = peers.placed(key, code)
    if found is None:
        return None
    panel, point = found
    assert panel.funnel is not None
    chart = charts.funnel(panel.funnel, panel.compared, highlight=code, names={code: name})
    return replace(figure(chart), caption=where(panel, point, name))


def _slug(key: str) -> str:
    """An indicator key as an HTML id part: '4a(i)' -> '4a-i'."""
    return re.sub(r"[^0-9A-Za-z]+", "-", key).strip("-")


def _narrative_section(
    item: Narrative, noun: str, sections: dict[str, str], actions: tuple[Action, ...]
) -> tuple[Section, SummaryRow]:
    """A narrative item (WDES 9b): the trust's own section of narrative.md, or a note of
    how to give it."""
    anchor = f"{noun}-{_slug(item.key)}"
    mine = tuple(a for a in actions if str(a.indicator) == item.key)
    text = sections.get(item.key)
    if text is None:
        missing = (
            f"not provided: wdes_narrative.md has no section whose heading names {noun} "
            f"{item.key} "
            f"(for example '## {noun.capitalize()} {item.key}: {item.title}')"
        )
        section = Section(item.key, item.title, item.measures, missing, (), None, (), mine)
        row = SummaryRow(item.key, item.title, DASH, DASH, DASH, DASH, missing)
        return replace(section, noun=noun, anchor=anchor), row
    body = _markdown(text)
    first = re.sub(r"\s+", " ", text).strip()
    answer = first.split()[0].strip(".,:;").capitalize() if first else ""
    section = Section(item.key, item.title, item.measures, None, (), None, (), mine)
    row = SummaryRow(
        item.key,
        item.title,
        answer if answer in ("Yes", "No") else "see text",
        DASH,
        DASH,
        DASH,
        "The trust's own account is in its section below.",
    )
    return replace(section, noun=noun, anchor=anchor, narrative=body), row


def _narratives(
    text: str | None, items: tuple[Narrative, ...]
) -> tuple[str | None, dict[str, str]]:
    """The foreword without the sections that answer a narrative item (WDES 9b), and
    those sections' bodies by item key."""
    from markdown_it import MarkdownIt

    if not text or not items:
        return text, {}
    lines = text.splitlines(keepends=True)
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [
        (int(t.tag[1]), t.map[0], t.map[1], tokens[i + 1].content)
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.map is not None
    ]
    found: dict[str, str] = {}
    cut: list[tuple[int, int]] = []
    for n, (level, first, after, content) in enumerate(headings):
        item = next((x for x in items if re.search(x.heading, content, re.IGNORECASE)), None)
        if item is None or item.key in found:
            continue
        end = next((h[1] for h in headings[n + 1 :] if h[0] <= level), len(lines))
        found[item.key] = "".join(lines[after:end]).strip()
        cut.append((first, end))
    kept = [line for i, line in enumerate(lines) if not any(a <= i < b for a, b in cut)]
    rest = "".join(kept).strip()
    return rest or None, found


_INPUTS = {
    "workforce": "Workforce",
    "recruitment": "Recruitment",
    "disciplinary": "Disciplinary cases",
    "training": "Training",
    "staff_survey": "Staff survey",
    "board": "Board",
    "actions": "Action plan",
    "capability": "Capability cases",
    "wdes_survey": "WDES staff survey",
}
"""Each input as the report names it (the appendix's file table gives the file)."""


def _input_name(file: str, context: Context) -> str:
    """The input an issue is about, in words ('Workforce'), from the file it names."""
    for f in context.files:
        if file in (f.path.rsplit("/", 1)[-1], f.kind):
            return _INPUTS.get(f.kind, f.kind)
    return file


VALUE_RULES = frozenset({"unrecognised-ethnicity", "lookup-error-text", "ethnicity-conflict"})
"""Rules whose message quotes a staff file's cell: the report gives their count only."""


def _public(issue: Issue) -> str:
    """An issue as a published report may show it: never a row-level value of a staff file
    (an ethnicity column pasted over with employee numbers must not reach the website),
    and in plain English (no configuration keys, no 'row(s)')."""
    if issue.rule in VALUE_RULES:
        return _plain_english(f"{issue.count:,} row(s): {RULES[issue.rule].summary}")
    return _plain_english(issue.message)


_CONFIG_HINT = re.compile(r"\s*\((?=[^()]*(?:[a-z]+_[a-z_]+|=))[^()]*\)")
"""A parenthesis naming a wres.toml key or setting: for the analyst, not the board."""


def _plain_english(message: str) -> str:
    """A message of the tool as a governor reads it: settings' names and '(s)' plurals
    out (the terminal and JSON keep them for the analyst)."""
    text = _CONFIG_HINT.sub("", message).replace("staff_id", "staff number")
    text = re.sub(r"(?<![\d,.])1 ((?:\w+ )?\w+)\(s\)", r"1 \1", text)  # 1 row(s) -> 1 row
    return re.sub(r"\b(\w+)\(s\)", r"\1s", text)


def _quality(standard: Standard, document: AnalysisDocument, context: Context | None) -> Quality:
    key = standard.representation
    shown = standard.indicator(key).measure.headline(document.indicators[key], standard.axis)
    unknown = shown.get(f"{standard.axis.unknown.key}_percent")
    declared = DASH if unknown is None else pct(100 - unknown)
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
            where = _input_name(issue.file, context)
            if RULES[issue.rule].ledger:  # every exclusion, dedupe, lookup and fall-back
                exclusions.append(f"{where}: {text}")
            elif issue.severity is Severity.WARNING:
                warnings.append(f"{where}: {text}")
    order = {_INPUTS.get(kind, kind): i for i, (kind, _, _, _) in enumerate(files)}
    by_file = sorted(exclusions, key=lambda e: order.get(e.split(": ", 1)[0], len(order)))
    return Quality(declared, tuple(files), tuple(by_file), tuple(warnings))
