"""The board report: one Jinja template set rendered to HTML, and to PDF through WeasyPrint."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from wres_cli.errors import DataInvalid, UsageError

if TYPE_CHECKING:
    from wres_cli.comparison import Comparison
    from wres_cli.pipeline import Analysis, Overrides
    from wres_cli.report.printer import Printer

Format = Literal["html", "pdf"]


class Progress(Protocol):
    """Who is told how the work goes (the command line's progress bar)."""

    def file(self, path: Path) -> None: ...

    def report(self, total: int) -> None: ...


def render(
    analysis: Analysis,
    fmt: Format,
    peers: Comparison | None = None,
    printer: Printer | None = None,
) -> bytes:
    """The report on the latest year of the one organisation analysed (earlier years give
    the trend), as HTML or PDF bytes; with ``peers``, each indicator shows where the
    organisation sits among them. A PDF is printed by ``printer`` when given."""
    from wres_cli.report import context, document

    codes = {d.organisation.code for d in analysis.documents}
    if len(codes) > 1:
        raise UsageError(
            f"the data holds {len(codes)} organisations; a report covers one "
            "(use --per-organisation -o FOLDER for one report each)"
        )
    undated = sorted({str(c.folder) for k, c in analysis.contexts.items() if k[1] is None})
    if undated:
        raise DataInvalid(
            f"{undated[0]}: a board report needs the reporting year (its snapshot date, "
            "event period and survey year follow from it): set reporting_year = 2025 in "
            "wres.toml, or name the folder by the year"
        )
    latest = max(analysis.documents, key=lambda d: d.reporting_year or 0)
    ctx = context.build(analysis, latest, peers=peers)
    page = document.html(ctx)
    if fmt == "html":
        return page.encode("utf-8")
    return document.pdf(page, ctx, printer)


def publish(
    folders: list[Path],
    output: Path,
    fmt: Format,
    per_organisation: bool,
    options: Overrides | None,
    progress: Progress | None = None,
    standard_name: str = "wres",
    peers: Path | None = None,
) -> str:
    """Analyse ``folders`` for the standard and write the report to ``output`` (a file,
    or ``-``), or with ``per_organisation`` one report per organisation into the folder
    ``output``; returns what was written, in a sentence. ``progress`` is told of each
    file read and of each report written (with the number of reports)."""
    if per_organisation:
        return _publish_each(folders, output, fmt, options, progress, standard_name, peers)
    from wres_cli.report.printer import started

    # a PDF's printer process starts first: WeasyPrint's start-up overlaps the analysis
    with started(fmt == "pdf") as printer:
        from wres_cli import export
        from wres_cli.comparison import read
        from wres_cli.pipeline import analyse, data_folders

        inputs = data_folders(folders)  # the folders read: never written over
        given = read(peers) if peers is not None else None
        analysis = analyse(folders, options, progress.file if progress else None, standard_name)
        page = render(analysis, fmt, given, printer)
    export.write_output(output, page, inputs)
    if progress is not None:
        progress.report(1)
    return f"wrote {output}"


def _publish_each(
    folders: list[Path],
    output: Path,
    fmt: Format,
    options: Overrides | None,
    progress: Progress | None,
    standard_name: str,
    peers: Path | None,
) -> str:
    """``publish`` with ``per_organisation``: a report each, rendered on every core."""
    from wres_cli import export
    from wres_cli.comparison import comparison, read
    from wres_cli.pipeline import analyse, data_folders

    inputs = data_folders(folders)  # the folders read: never written over
    given = read(peers) if peers is not None else None
    analysis = analyse(folders, options, progress.file if progress else None, standard_name)
    total = len(organisations(analysis))
    among = given or (comparison(analysis) if total > 1 else None)
    done = export.write_batch(
        output,
        render_each(analysis, fmt, peers=among),
        fmt,
        inputs,
        (lambda: progress.report(total)) if progress else None,
    )
    return f"wrote {done} reports into {output}"


def organisations(analysis: Analysis) -> list[str]:
    """Organisation codes in the analysis, sorted (a report each in batch mode)."""
    return sorted({d.organisation.code or "" for d in analysis.documents})


def one_organisation(analysis: Analysis, code: str) -> Analysis:
    """The part of a multi-organisation analysis about one organisation (small to pickle)."""
    wanted = code or None
    return replace(
        analysis,
        documents=tuple(d for d in analysis.documents if d.organisation.code == wanted),
        trend=tuple(t for t in analysis.trend if t.organisation_code == wanted),
        contexts={k: v for k, v in analysis.contexts.items() if k[0] == wanted},
    )


def _render_one(job: tuple[Analysis, Format, Comparison | None]) -> bytes:
    analysis, fmt, peers = job
    return render(analysis, fmt, peers=peers)


def render_each(
    analysis: Analysis,
    fmt: Format,
    workers: int | None = None,
    peers: Comparison | None = None,
) -> Iterator[tuple[str, bytes]]:
    """One report per organisation, rendered on every core, in organisation order; with
    ``peers``, each shows where its organisation sits among them."""
    codes = organisations(analysis)
    jobs = [(one_organisation(analysis, code), fmt, peers) for code in codes]
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        for code, job in zip(codes, jobs, strict=True):
            yield code, _render_one(job)
        return
    # Spawned, not forked: a fork would copy the whole analysis and Polars' thread pool.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from zip(codes, pool.map(_render_one, jobs, chunksize=4), strict=True)


COMPARISON_FORMATS: dict[str, Literal["html", "pdf", "json"]] = {
    ".html": "html",
    ".pdf": "pdf",
    ".json": "json",
}


def publish_comparison(
    folders: list[Path],
    output: Path,
    options: Overrides | None,
    standard_name: str = "wres",
    peers: Path | None = None,
    adjusted: bool = True,
    peer_column: str | None = None,
) -> str:
    """Compare the extract's organisations and write the comparison to ``output``
    (``.html``, ``.pdf`` or ``.json``, by its suffix); returns what was written.

    Peer groups come from the ``peers`` file (its ``peer_column``, by default
    ``peer_group``), else, with ``peer_column`` alone, from that column of the extract's
    workforce file; neither: no peer groups."""
    from wres_cli import export
    from wres_cli.comparison import compare, read_peers
    from wres_cli.pipeline import data_folders

    fmt = COMPARISON_FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise UsageError(f"{output}: write the comparison to a .html, .pdf or .json file")
    from wres_cli.report import comparison
    from wres_cli.report.printer import started

    # a PDF's printer process starts first: WeasyPrint's start-up overlaps the analysis
    with started(fmt == "pdf") as printer:
        if peers is not None:
            groups = read_peers(peers, peer_column or "peer_group")
            result = compare(folders, options, standard_name, groups, adjusted)
        else:
            result = compare(folders, options, standard_name, None, adjusted, peer_column)
        if fmt == "json":
            content = result.to_json().encode("utf-8")
        else:
            content = comparison.render(result, fmt, printer)
    export.write_output(output, content, data_folders(folders))
    shown = sum(p.funnel is not None for p in result.panels)
    said = f"wrote {output}: {shown} funnels, {len(result.organisations)} organisations"
    return "; ".join(filter(None, (said, result.grouping())))
