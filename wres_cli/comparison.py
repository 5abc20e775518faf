"""Compare organisations: one funnel per indicator across a multi-organisation extract.

"Which of our trusts stand out, beyond chance?" Each measure that can be compared says
what it gives a funnel (``Measure.placing``: the counts behind a ratio or a share);
this module runs the funnels of ``wres_cli.funnel`` over the latest year, one per
indicator (and per peer group when given: ``wres_cli.peers``), and for the ratios a
second funnel of each organisation's change since the year before (Altman & Bland). No
ranking and no league table: only the organisations outside the 99.8% limits are named,
beside how many chance alone would put there. Every organisation left off a funnel is
listed with the reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wres_cli import funnel as funnels
from wres_cli.errors import DataInvalid, InputUnreadable, UsageError
from wres_cli.funnel import (
    Band,
    Cause,
    ChangeCounts,
    Exclusion,
    Funnel,
    FunnelPoint,
    ProportionCounts,
    RatioCounts,
    TooFewOrganisations,
)
from wres_cli.measures import status
from wres_cli.peers import PeerGroups

if TYPE_CHECKING:
    from wres_cli.pipeline import Analysis, Overrides
    from wres_cli.schema.comparison import ComparisonOut, FunnelOut, NoFunnelOut
    from wres_cli.standards import Indicator, Standard

Kind = Literal["level", "change"]
ALL = "all organisations"
"""The peer group of a comparison without peer groups."""


@dataclass(frozen=True)
class Panel:
    """One funnel: an indicator's level (or its change since last year) in one group."""

    key: str
    title: str
    compared: str
    """What is on the funnel, in words ('BME share of posts at Band 8a and above')."""
    kind: Kind
    group: str
    funnel: Funnel | None
    excluded: tuple[Exclusion, ...] = ()
    """Organisations with no result for this indicator, and those the funnel left off."""
    reason: str | None = None
    """Why there is no funnel (fewer than two organisations to compare)."""

    @property
    def slug(self) -> str:
        group = (
            ""
            if self.group == ALL
            else "-" + "".join(c if c.isalnum() else "-" for c in self.group)
        )
        return f"{self.kind}-{self.key}{group}".lower()


@dataclass(frozen=True)
class Comparison:
    """Every panel of a comparison, and what it was made from."""

    standard: str
    standard_title: str
    year: int | None
    previous: int | None
    organisations: tuple[str, ...]
    adjusted: bool
    panels: tuple[Panel, ...]
    groups: Mapping[str, str] = field(default_factory=dict)
    grouped_by: str | None = None
    """Where the peer groups came from, in words ('the trust_type column of workforce.csv')."""

    def placed(self, key: str, code: str) -> tuple[Panel, FunnelPoint] | None:
        """The level funnel of indicator ``key`` that holds organisation ``code``, and its
        point; None when the organisation is on none."""
        for panel in self.panels:
            if panel.kind != "level" or panel.key != key or panel.funnel is None:
                continue
            point = next((p for p in panel.funnel.points if p.code == code), None)
            if point is not None:
                return panel, point
        return None

    def grouping(self) -> str:
        """The peer groups in words, for the terminal: where they came from, how many
        there are and how many organisations are in none ('' without peer groups)."""
        if self.grouped_by is None:
            return ""
        placed = [code for code in self.organisations if code in self.groups]
        names = {self.groups[code] for code in placed}
        none = len(self.organisations) - len(placed)
        said = f"peer groups from {self.grouped_by}: {len(names)} group{'s' * (len(names) != 1)}"
        if none:
            said += f", {none} organisation{'s' * (none != 1)} in none (listed as left off)"
        return said

    def to_json(self) -> str:
        """The comparison's JSON (``schemas/comparison.schema.json``): per indicator (keyed
        by its id) and peer group, the target, phi, tau2, the count, and each
        organisation's value, precision, z-score and band (benchmarking.md §2 point 7)."""
        from wres_cli.schema.comparison import ComparisonOut, IndicatorOut

        sections: dict[Kind, dict[str, IndicatorOut]] = {"level": {}, "change": {}}
        for panel in self.panels:
            entry = sections[panel.kind].setdefault(
                panel.key, IndicatorOut(title=panel.title, compared=panel.compared, groups={})
            )
            entry.groups[panel.group] = _panel_out(panel)
        out = ComparisonOut(
            standard=self.standard,
            reporting_year=self.year,
            previous_year=self.previous,
            organisations=len(self.organisations),
            adjusted_for_overdispersion=self.adjusted,
            peer_groups=dict(self.groups) or None,
            indicators=sections["level"],
            change=sections["change"],
        )
        return out.model_dump_json(indent=2) + "\n"


def _panel_out(panel: Panel) -> FunnelOut | NoFunnelOut:
    from wres_cli.schema.comparison import ExcludedOut, FunnelOut, NoFunnelOut, PlacedOut

    excluded = [ExcludedOut(code=e.code, reason=e.reason) for e in panel.excluded]
    if panel.funnel is None:
        return NoFunnelOut(reason=panel.reason, excluded=excluded)
    f = panel.funnel
    return FunnelOut(
        scale=f.scale.value,
        target=f.target,
        phi=f.phi,
        tau2=f.tau2,
        count=f.count,
        expected_outside_998=f.expected_outside_998,
        outside_998=[p.code for p in f.outside_998],
        excluded=excluded,
        organisations=[
            PlacedOut(
                code=p.code,
                value=p.value,
                precision=p.precision,
                z=p.z,
                band=p.band.value,
                corrected=p.corrected,
            )
            for p in sorted(f.points, key=lambda p: p.code)
        ],
    )


def read_peers(path: Path, column: str = "peer_group") -> PeerGroups:
    """A mapping file of organisation to peer group: a CSV with ``organisation_code`` and
    ``column`` (other columns ignored; an organisation may be on several rows, always in
    the same group): a mapping of its own, or a multi-organisation staff_survey file from
    ``wres import-survey --all``, whose ``benchmark_group`` is the survey's own."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputUnreadable(f"{path}: cannot read the peer groups file ({err})") from err
    try:  # UTF-8, else Windows-1252 (Excel's "CSV"), as the inputs are read
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InputUnreadable(
                f"{path}: the peer groups file is neither UTF-8 nor Windows-1252 text"
            ) from None
    reader = csv.DictReader(io.StringIO(text))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    wanted = column.strip().lower()
    if "organisation_code" not in fields or wanted not in fields:
        raise DataInvalid(
            f"{path}: line 1: the peer groups file needs organisation_code and {column} "
            f"columns; found {', '.join(reader.fieldnames or []) or 'none'}"
        )
    groups: dict[str, str] = {}
    for line, row in enumerate(reader, start=2):
        code = (row[fields["organisation_code"]] or "").strip()
        group = (row[fields[wanted]] or "").strip()
        if not code or not group:
            raise DataInvalid(
                f"{path}: line {line}: an organisation_code and a {column} are needed"
            )
        if groups.get(code, group) != group:
            raise DataInvalid(f"{path}: line {line}: {code} is in two peer groups")
        groups[code] = group
    return PeerGroups(groups, source=f"the {column} column of {path.name}")


def compare(
    folders: list[Path],
    options: Overrides | None = None,
    standard_name: str = "wres",
    peers: PeerGroups | None = None,
    adjusted: bool = True,
    peer_column: str | None = None,
) -> Comparison:
    """Analyse a multi-organisation extract (one folder, or year folders) and compare its
    organisations on every indicator a funnel can show; by peer group when ``peers`` are
    given, or taken from the extract's workforce column ``peer_column``."""
    from wres_cli.pipeline import analyse

    return comparison(analyse(folders, options, None, standard_name, peer_column), peers, adjusted)


def comparison(
    analysis: Analysis, peers: PeerGroups | None = None, adjusted: bool = True
) -> Comparison:
    """The funnels of an analysis's latest year (and its change since the year before), by
    peer group: ``peers``, else the analysis's own (``analyse(peer_column=...)``), if any."""
    standard = analysis.standard
    years = sorted({d.reporting_year for d in analysis.documents if d.reporting_year})
    year = years[-1] if years else None
    previous = year - 1 if year is not None and year - 1 in years else None
    by_year = {
        (d.organisation.code or "", d.reporting_year): d.indicators for d in analysis.documents
    }
    codes = tuple(sorted({code for code, y in by_year if y == year}))
    if len(codes) < funnels.MIN_ORGANISATIONS:
        raise UsageError(
            "a comparison needs a multi-organisation extract (an organisation_code column): "
            f"this data holds {len(codes)} organisation"
        )
    peers = peers if peers is not None else analysis.peer_groups
    if peers is not None and not any(code in peers.groups for code in codes):
        some = ", ".join(codes[:5]) + (", ..." if len(codes) > 5 else "")
        raise DataInvalid(
            f"no organisation of this extract has a peer group in {peers.source} "
            f"({len(codes)} organisations: {some})"
        )
    panels: list[Panel] = []
    for indicator in standard.indicators:
        measure = indicator.measure
        if not measure.compared(standard.axis):
            continue

        def placed(at: int | None, ind: Indicator = indicator) -> dict[str, Any]:
            return {
                code: ind.measure.placing(by_year[(code, at)][ind.key], standard.axis, code)
                for code in codes
                if (code, at) in by_year
            }

        now = placed(year)
        why = {
            code: status(by_year[(code, year)][indicator.key]) or "no figure (suppressed)"
            for code, p in now.items()
            if p is None
        }
        panels += _panels(standard, indicator, "level", now, peers, adjusted, why)
        if previous is not None:
            before = placed(previous)
            changes = {
                code: ChangeCounts(code, before[code], after)
                if isinstance(after, RatioCounts) and isinstance(before.get(code), RatioCounts)
                else None
                for code, after in now.items()
            }
            if any(isinstance(p, RatioCounts) for p in now.values()):
                panels += _panels(standard, indicator, "change", changes, peers, adjusted)
    return Comparison(
        standard.name,
        standard.title,
        year,
        previous,
        codes,
        adjusted,
        tuple(panels),
        dict(peers.groups) if peers else {},
        peers.source if peers else None,
    )


def _panels(
    standard: Standard,
    indicator: Indicator,
    kind: Kind,
    placings: Mapping[str, Any],
    peers: PeerGroups | None,
    adjusted: bool,
    why: Mapping[str, str] | None = None,
) -> list[Panel]:
    """The indicator's panels: one, or one per peer group; ``why`` says, by organisation,
    why one has no figure (its result's status). The organisations in no peer group are
    listed on the first group's panel, with the reason."""
    compared = indicator.measure.compared(standard.axis)
    if kind == "change":
        what = compared[0].lower() + compared[1:]
        compared = f"Change since last year: the ratio of this year's to last year's {what}"
    none = "no result this year" if kind == "level" else "no ratio in one of the two years"
    missing = tuple(
        Exclusion(code, Cause.NO_RESULT, (why or {}).get(code, none))
        for code, p in placings.items()
        if p is None
    )
    given = [p for p in placings.values() if p is not None]
    build = _builder(given, kind, adjusted)
    title = f"{standard.item} {indicator.key}: {indicator.title}"
    if kind == "change":
        title += ", change since last year"
    if peers is None:
        return [_panel(indicator.key, title, compared, kind, ALL, given, build, missing)]
    groups = peers.groups
    out = []
    names = list(dict.fromkeys(groups[code] for code in placings if code in groups))
    ungrouped = tuple(
        Exclusion(code, Cause.NO_PEER_GROUP, peers.reason(code))
        for code in placings
        if code not in groups
    )
    for name in names:
        members = [p for p in given if groups.get(p.code) == name]
        gone = tuple(m for m in missing if groups.get(m.code) == name)
        out.append(_panel(indicator.key, title, compared, kind, name, members, build, gone))
    if ungrouped and out:
        first = out[0]
        out[0] = replace(first, excluded=first.excluded + ungrouped)
    return out


def _builder(given: Sequence[Any], kind: Kind, adjusted: bool) -> Callable[[Sequence[Any]], Funnel]:
    if kind == "change":
        return lambda counts: funnels.change_funnel(counts, adjusted=adjusted)
    if given and isinstance(given[0], RatioCounts):
        return lambda counts: funnels.ratio_funnel(counts, adjusted=adjusted)
    return lambda counts: funnels.proportion_funnel(counts, adjusted=adjusted)


def _panel(
    key: str,
    title: str,
    compared: str,
    kind: Kind,
    group: str,
    members: Sequence[RatioCounts | ProportionCounts | ChangeCounts],
    build: Callable[[Sequence[Any]], Funnel],
    missing: tuple[Exclusion, ...],
) -> Panel:
    """The panel of one group; with no funnel, each of its organisations is listed as
    left off (the one member of a group of one too), with the reason."""

    def without(reason: str, cause: Cause, excluded: tuple[Exclusion, ...] = ()) -> Panel:
        listed = {e.code for e in excluded}
        alone = tuple(
            Exclusion(m.code, cause, f"no funnel: {reason}")
            for m in members
            if m.code not in listed
        )
        return Panel(key, title, compared, kind, group, None, missing + excluded + alone, reason)

    try:
        built = build(members)
    except TooFewOrganisations as err:
        too_few = f"{err.count} organisation(s) to compare: a funnel needs at least 2"
        return without(too_few, Cause.PEER_GROUP_TOO_SMALL, err.excluded)
    except ValueError as err:  # a pooled ratio of 0: no events in one group anywhere
        return without(str(err), Cause.ZERO_CELL)
    return Panel(key, title, compared, kind, group, built, missing + built.excluded)


def read(path: Path) -> Comparison:
    """A comparison written by ``wres compare -o FILE.json``, for a trust's report to show
    where it sits (``wres report --peers FILE.json``); its level funnels only. The file is
    read against the comparison's contract (``schema/comparison.py``): anything else is
    refused, naming the first place it differs."""
    import pydantic

    from wres_cli.schema.comparison import ComparisonOut, FunnelOut

    try:
        given = ComparisonOut.model_validate_json(path.read_bytes())
    except OSError as err:
        raise InputUnreadable(f"{path}: cannot read the comparison ({err})") from err
    except pydantic.ValidationError as err:
        first = err.errors()[0]
        place = ".".join(str(p) for p in first["loc"]) or "the file"
        raise DataInvalid(
            f"{path}: not a comparison written by `wres compare -o FILE.json` "
            f"({place}: {first['msg']})"
        ) from err
    try:
        panels = tuple(
            Panel(key, entry.title, entry.compared, "level", group, _funnel_of(funnel, given))
            for key, entry in given.indicators.items()
            for group, funnel in entry.groups.items()
            if isinstance(funnel, FunnelOut)
        )
    except (ValueError, ZeroDivisionError) as err:  # a value of 0, a precision of 0
        raise DataInvalid(
            f"{path}: a value or precision of the comparison cannot be on its funnel ({err})"
        ) from err
    codes = tuple(sorted({p.code for panel in panels if panel.funnel for p in panel.funnel.points}))
    return Comparison(
        given.standard,
        given.standard.upper(),
        given.reporting_year,
        given.previous_year,
        codes,
        given.adjusted_for_overdispersion,
        panels,
    )


def _funnel_of(given: FunnelOut, comparison: ComparisonOut) -> Funnel:
    """A funnel as its file gives it: the scale's values of each point from its value and
    precision (the winsorised z is not in the file, and not needed to draw it)."""
    import math

    from wres_cli.funnel import Band, Scale

    scale = Scale(given.scale)
    theta0 = scale.onto(given.target)
    points = []
    for o in given.organisations:
        y, se = scale.onto(o.value), 1 / math.sqrt(o.precision)
        points.append(
            FunnelPoint(
                code=o.code,
                value=o.value,
                y=y,
                se=se,
                precision=o.precision,
                z=o.z,
                z_unadjusted=(y - theta0) / se,
                z_winsorised=math.nan,
                band=Band(o.band),
                corrected=o.corrected,
            )
        )
    adjusted = comparison.adjusted_for_overdispersion
    return Funnel(scale, theta0, given.target, given.phi, given.tau2, adjusted, tuple(points))


def where(panel: Panel, point: FunnelPoint, name: str) -> str:
    """Where one organisation sits on a funnel, in one sentence of its own report."""
    plot = panel.funnel
    assert plot is not None
    among = f"among the {plot.count} organisations compared"
    figures = f"{shown(plot, point.value)} against the pooled {shown(plot, plot.target)}"
    if point.band is Band.INSIDE:
        return f"{name} is within what chance would produce {among} ({figures})."
    side = "above" if point.band in (Band.ABOVE_95, Band.ABOVE_998) else "below"
    if point.band in (Band.ABOVE_998, Band.BELOW_998):
        return (
            f"{name} is {side} the 99.8% limit {among}: beyond what chance would produce "
            f"({figures})."
        )
    return (
        f"{name} is {side} the 95% limit but within the 99.8% limit {among} ({figures}): "
        "about 1 organisation in 20 is this far out by chance."
    )


def shown(plot: Funnel, value: float) -> str:
    """A funnel's value as a reader reads it: a ratio to 2 places, a share in percent."""
    from wres_cli.funnel import Scale

    return f"{value:.2f}" if plot.scale is Scale.LOG else f"{100 * value:.1f}%"
