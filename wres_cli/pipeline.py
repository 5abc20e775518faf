"""The one orchestrator: load -> validate -> compute (-> render, in the report stage).

Each stage is a pure function of the previous stage's result; nothing re-reads files.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from wres_cli.errors import DataInvalid, InputUnreadable, UsageError
from wres_cli.issues import Issue, Severity
from wres_cli.load import Table, load_folder
from wres_cli.schema.models import Options, Paper
from wres_cli.validate import FileSummary, Validated, validate

if TYPE_CHECKING:
    from wres_cli.numbers import Suppression
    from wres_cli.peers import ColumnValues, PeerGroups
    from wres_cli.schema.output import AnalysisDocument, TrendSeries
    from wres_cli.standards import Standard


def input_files(folders: list[Path], standard: str | None = None) -> list[Path]:
    """The CSV and XLSX files the folders hold (with ``standard``, those named as its
    inputs, which are what it reads unless wres.toml renames them): the length of a
    progress bar."""
    from wres_cli.schema.models import inputs_of

    kinds = set(inputs_of(standard)) if standard else None
    return [
        p
        for f in folders
        for p in sorted(f.iterdir())
        if p.suffix.lower() in (".csv", ".xlsx") and (kinds is None or p.stem.lower() in kinds)
    ]


def data_folders(paths: list[Path]) -> list[Path]:
    """Expand each path: a data folder stays; a parent of year folders gives those, in order."""
    folders: list[Path] = []
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"{path}: not a folder (give the folder that holds workforce.csv)")
        years = sorted(p for p in path.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}", p.name))
        has_inputs = any(
            p.is_file() and p.suffix.lower() in (".csv", ".xlsx") for p in path.iterdir()
        )
        folders += years if years and not has_inputs else [path]
    return folders


OnFile = Callable[[Path], None]


@dataclass(frozen=True)
class Overrides:
    """The wres.toml ``[options]`` a command line may override; None (or empty) leaves
    wres.toml's value."""

    disciplinary_window_years: Literal[1, 2] | None = None
    also_exclude_assignment_categories: tuple[str, ...] = ()
    """Added to wres.toml's (or the default) list, never replacing it."""
    suppress_below: int | None = None

    def apply(self, options: Options) -> Options:
        """``options`` with these overrides (checked as wres.toml's values are)."""
        given = {
            k: v
            for k, v in (
                ("disciplinary_window_years", self.disciplinary_window_years),
                ("suppress_below", self.suppress_below),
            )
            if v is not None
        }
        merged = options.model_validate({**options.model_dump(), **given})
        if self.also_exclude_assignment_categories:
            categories = (
                *merged.exclude_assignment_categories,
                *self.also_exclude_assignment_categories,
            )
            merged = merged.model_copy(update={"exclude_assignment_categories": categories})
        return merged


def check(
    folder: Path,
    overrides: Overrides | None = None,
    on_file: OnFile | None = None,
    standard: str | None = None,
) -> Validated:
    """Load and validate one data folder; ``overrides`` change wres.toml ``[options]``.

    ``standard`` (``wres``, ``wdes``) reads only that standard's inputs; None reads them
    all (``wres validate`` without ``--standard``)."""
    return _check(folder, overrides, on_file, standard)[0]


def _check(
    folder: Path,
    overrides: Overrides | None = None,
    on_file: OnFile | None = None,
    standard: str | None = None,
    peer_column: str | None = None,
) -> tuple[Validated, ColumnValues | None]:
    """``check``, and with ``peer_column`` the workforce file's value of that column for
    each organisation, taken from every row read (before any is excluded)."""
    from wres_cli.classify import Classified, classify, classify_table
    from wres_cli.prepare import prepare
    from wres_cli.validate import TableCheck, check_table

    checks: dict[str, TableCheck] = {}
    classes: dict[str, Classified] = {}

    def each(table: Table, year: int | None) -> None:  # a file at a time: one file's text
        check = check_table(table, year)
        # classified at once: the text classify reads (ethnic origin, disability: 220 MB of
        # the ESR-style extract's frames) is let go before the next file is read
        classes[table.kind] = one = classify_table(table, check.frame)
        checks[table.kind] = replace(check, frame=one.frame)  # (cross-file rules read keys)

    loaded = load_folder(folder, on_file, standard, each, peer_column)
    if overrides is not None:
        config = loaded.config
        merged = overrides.apply(config.options)
        loaded = replace(loaded, config=config.model_copy(update={"options": merged}))
    classified = classify(validate(loaded, checks), classes)
    if peer_column is None:
        return prepare(classified), None
    from wres_cli import peers

    values = peers.column_values(classified, peer_column)
    return prepare(peers.without_column(classified)), values


SMALL_BYTES = 64 * 1024 * 1024
"""Folders whose files add up to less than this are checked two at a time, on threads."""


def _check_each(
    folders: list[Path],
    overrides: Overrides | None,
    on_file: OnFile | None,
    standard: str,
    peer_column: str | None,
) -> dict[Path, tuple[Validated, ColumnValues | None]]:
    """``_check`` of each folder, in order; the first folder's error is the one raised.

    Much of checking a trust's small year is Python between Polars calls, so two years
    on two threads overlap: a one-trust, two-year ``analyse`` 0.52 -> 0.47 s (two sets of
    paired whole-process runs, A/B wall 0.90 and 0.91). Large folders are checked one
    after another, so that memory holds one at a time."""
    if len(folders) < 2 or sum(_bytes(f) for f in folders) >= SMALL_BYTES:
        return {f: _check(f, overrides, on_file, standard, peer_column) for f in folders}
    import threading
    from concurrent.futures import ThreadPoolExecutor

    lock = threading.Lock()

    def told(path: Path) -> None:  # a progress bar is told by one thread at a time
        with lock:
            if on_file is not None:
                on_file(path)

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_check, f, overrides, told, standard, peer_column) for f in folders]
        return {f: future.result() for f, future in zip(folders, futures, strict=True)}


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


@dataclass(frozen=True)
class Context:
    """What the report shows beside an organisation-year's indicators: data quality and
    the trust's own words. Aggregates and trust-level text only, never staff rows."""

    folder: Path
    files: tuple[FileSummary, ...]
    issues: tuple[Issue, ...]
    narrative: str | None
    actions: tuple[Action, ...]
    paper: Paper | None = None
    """The board paper's cover sheet, from ``[report]`` in wres.toml."""


@dataclass(frozen=True)
class Action:
    """One row of the action plan."""

    action: str
    indicator: int | None
    owner: str | None
    due_date: dt.date | None
    status: str | None


def _wres() -> Standard:
    from wres_cli.standards.wres import WRES

    return WRES


@dataclass(frozen=True)
class Analysis:
    """One document per organisation and reporting year, and every headline's series."""

    documents: tuple[AnalysisDocument, ...]
    trend: tuple[TrendSeries, ...]
    suppress_below: int | None = None
    contexts: dict[tuple[str | None, int | None], Context] = field(default_factory=dict)
    """Keyed by (organisation code, reporting year), like the documents."""
    standard: Standard = field(default_factory=_wres)
    """The standard the documents follow."""
    suppress_board: bool = False
    """Whether board members' small counts are suppressed too (public office holders)."""
    peer_groups: PeerGroups | None = None
    """Each organisation's value of the workforce column ``analyse`` was asked for
    (``peer_column``): the peer groups of ``wres compare --peer-column``."""

    @property
    def suppression(self) -> Suppression:
        """What publication mode hides, as every presenter applies it."""
        from wres_cli.numbers import Suppression

        return Suppression(self.suppress_below, officers=self.suppress_board)

    def to_json(self) -> str:
        """The public JSON contract: one document, or a run of several with the trend."""
        from wres_cli.escape import json_text
        from wres_cli.schema.output import AnalysisRun

        if len(self.documents) == 1:
            return json_text(self.documents[0].model_dump_json(by_alias=True, indent=2))
        run = AnalysisRun(results=list(self.documents), trend=list(self.trend))
        return json_text(run.model_dump_json(by_alias=True, indent=2))


def analyse(
    paths: list[Path],
    options: Overrides | None = None,
    on_file: OnFile | None = None,
    standard_name: str = "wres",
    peer_column: str | None = None,
) -> Analysis:
    """Load, validate and compute every folder; raises when any folder is invalid.

    With ``peer_column``, the workforce files' column of that header gives each
    organisation's peer group (``Analysis.peer_groups``): one value per organisation
    across its rows and years, else ``DataInvalid`` naming the first row that differs."""
    from wres_cli.compute import compute_year, result_warnings, with_org
    from wres_cli.schema.output import (
        ExclusionOut,
        IssueOut,
        Organisation,
        ValidationOut,
    )
    from wres_cli.standards import standard as named
    from wres_cli.trend import series, with_trend

    standard = named(standard_name)
    folders = data_folders(paths)
    found = _check_each(folders, options, on_file, standard.name, peer_column)
    checked = {folder: validated for folder, (validated, _) in found.items()}
    _raise_if_invalid(list(checked.values()))
    peer_groups = _peer_groups(list(found.values())) if peer_column is not None else None
    by_year = {v.reporting_year: v for v in checked.values() if v.reporting_year is not None}
    documents: list[AnalysisDocument] = []
    contexts: dict[tuple[str | None, int | None], Context] = {}
    for folder, validated in sorted(checked.items(), key=lambda kv: kv[1].reporting_year or 0):
        config = validated.config
        window = config.options.disciplinary_window_years
        default_org = config.organisation_code or ""
        tables = with_org(validated.tables, default_org)
        previous_tables, missing = None, None
        if window == 2:
            try:
                previous = _previous_year(folder, validated, by_year, options, standard.name)
            except (DataInvalid, UsageError) as err:
                if len(checked) == 1:
                    raise
                missing = str(err).split(": ", 1)[-1]  # earliest year of a series
            else:
                code = previous.config.organisation_code
                if code and config.organisation_code and code != config.organisation_code:
                    raise DataInvalid(
                        f"{folder}: organisation_code {config.organisation_code} differs from "
                        f"{code} in the previous year's wres.toml"
                    )
                previous_tables = with_org(previous.tables, code or default_org)
        results = compute_year(standard, tables, previous_tables, window, missing)
        multi = any("organisation_code" in f.columns for f in validated.tables.values())
        warnings = [IssueOut(**i.to_dict()) for i in validated.result.warnings]
        for org, indicators in results.items():
            small = result_warnings(standard, indicators, org)
            extra = [IssueOut(**i.to_dict()) for i in small]
            contexts[(org or None, validated.reporting_year)] = Context(
                folder=folder,
                files=validated.result.files,
                issues=(*validated.result.issues, *small),
                narrative=validated.narrative,
                actions=_actions(tables.get("actions"), org),
                paper=config.report,
            )
            documents.append(
                standard.document(
                    organisation=Organisation(
                        name=None if multi else config.organisation, code=org or None
                    ),
                    reporting_year=validated.reporting_year,
                    indicators=indicators,
                    validation=ValidationOut(
                        errors=[],
                        warnings=warnings + extra,
                        exclusions=[
                            ExclusionOut(**i.ledger_entry()) for i in validated.result.exclusions
                        ],
                    ),
                )
            )
    documents = _attach_trends(documents, functools.partial(with_trend, standard))
    settings = next(iter(checked.values())).config.options if checked else None
    suppress = settings.suppress_below if settings else None
    trend = tuple(series(standard, documents))
    board = bool(settings and settings.suppress_board)
    return Analysis(tuple(documents), trend, suppress, contexts, standard, board, peer_groups)


def _peer_groups(found: list[tuple[Validated, ColumnValues | None]]) -> PeerGroups:
    """The years' peer column values as one mapping (earliest year first)."""
    from wres_cli.peers import from_column

    by_year = sorted(found, key=lambda pair: pair[0].reporting_year or 0)
    return from_column([values for _, values in by_year if values is not None])


def _actions(frame: pl.DataFrame | None, org: str) -> tuple[Action, ...]:
    """The organisation's action plan rows, in file order."""
    if frame is None:
        return ()
    rows = frame.filter(pl.col("organisation_code") == org)
    return tuple(
        Action(
            action=row["action"],
            indicator=row.get("indicator"),
            owner=row.get("owner"),
            due_date=row.get("due_date"),
            status=row.get("status"),
        )
        for row in rows.iter_rows(named=True)
    )


def _attach_trends(documents: list[AnalysisDocument], with_trend: Any) -> list[AnalysisDocument]:
    """Each document compared with the same organisation's document for the year before."""
    index = {(d.organisation.code, d.reporting_year): d for d in documents}
    out = []
    for doc in documents:
        year = doc.reporting_year
        before = index.get((doc.organisation.code, year - 1)) if year is not None else None
        if before is not None and year is not None:
            doc = doc.model_copy(
                update={"indicators": with_trend(doc.indicators, before.indicators, year - 1)}
            )
        out.append(doc)
    return out


def _previous_year(
    folder: Path,
    validated: Validated,
    by_year: dict[int, Validated],
    options: Overrides | None,
    standard: str,
) -> Validated:
    """The year before, for the two-year disciplinary window: given, or the sibling folder."""
    year = validated.reporting_year
    if year is None:
        raise UsageError(f"{folder}: disciplinary_window_years = 2 needs a reporting year")
    if year - 1 in by_year:
        previous = by_year[year - 1]
    else:
        sibling = folder.resolve().parent / str(year - 1)
        if not sibling.is_dir():
            raise UsageError(
                f"{folder}: disciplinary_window_years = 2 needs the {year - 1} data folder "
                f"({sibling} does not exist)"
            )
        previous = check(sibling, options, None, standard)
        _raise_if_invalid([previous])
    from wres_cli.standards import standard as named

    needed = ("workforce", *named(standard).windowed_sources)
    if any(kind not in previous.tables for kind in needed):
        raise DataInvalid(
            f"{folder}: disciplinary_window_years = 2 needs {' and '.join(needed[1:])} and "
            f"workforce files for {year - 1}"
        )
    return previous


def _raise_if_invalid(checked: list[Validated]) -> None:
    """Stop with the first errors of every invalid folder (exit 3 when unreadable, else 1)."""
    bad = [v.result for v in checked if not v.result.valid]
    if not bad:
        return
    lines = []
    for result in bad:
        errors = [i for i in result.issues if i.severity is Severity.ERROR]
        lines.append(f"{result.folder}: {len(errors)} error(s); first: {errors[0].one_line()}")
    message = "data failed validation (run `wres validate` for every issue)\n" + "\n".join(lines)
    unreadable = any(int(r.exit_code) == 3 for r in bad)
    raise (InputUnreadable if unreadable else DataInvalid)(message)
