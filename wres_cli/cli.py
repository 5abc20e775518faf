"""The ``wres`` command line: parse, call one library function, present, exit.

Heavy libraries are imported inside the commands so that ``wres --help`` starts fast.
Errors are handled once, in ``WresGroup.invoke``: one line on stderr and the exit code
the error carries; never a traceback.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from wres_cli import __version__

if TYPE_CHECKING:
    from wres_cli.pipeline import Overrides

from wres_cli.errors import INTERRUPTS, ExitCode, OutputError, WresError, handled, terminate

FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)
QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
STANDARD = click.option(
    "--standard",
    "standard_name",
    type=click.Choice(["wres", "wdes"]),
    default="wres",
    show_default=True,
    help="WRES (race) or WDES (disability), from the same data folder.",
)


def analysis_options(command: Callable[..., None]) -> Callable[..., None]:
    """The wres.toml ``[options]`` a command line may override, passed on typed as
    ``options`` (an ``Overrides``)."""

    @functools.wraps(command)
    def gather(
        *args: Any,
        disciplinary_window_years: str | None,
        exclude: tuple[str, ...],
        suppress_below: int | None,
        **kwargs: Any,
    ) -> None:
        from wres_cli.pipeline import Overrides

        window: Literal[1, 2] | None = None
        if disciplinary_window_years in ("1", "2"):
            window = 2 if disciplinary_window_years == "2" else 1
        options = Overrides(
            disciplinary_window_years=window,
            also_exclude_assignment_categories=exclude,  # added to Bank, never replacing it
            suppress_below=suppress_below,
        )
        command(*args, options=options, **kwargs)

    decorators = (
        click.option(
            "--disciplinary-window-years",
            type=click.Choice(["1", "2"]),
            help="Indicator 3: 2 = two-year rolling average (needs last year's folder).",
        ),
        click.option(
            "--exclude-assignment-category",
            "exclude",
            multiple=True,
            help="Also leave these assignment categories out, besides Bank (or wres.toml's "
            "list); repeatable.",
        ),
        click.option(
            "--suppress-below",
            type=click.IntRange(min=2),
            help="Publication mode: counts below N shown as <N, derived values suppressed "
            "(text output and reports).",
        ),
    )
    for decorate in reversed(decorators):
        gather = decorate(gather)
    return gather


class WresGroup(click.Group):
    """A click group that turns every ``WresError`` into one line and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            if INTERRUPTS:  # interrupted, and the exception was swallowed on the way
                raise KeyboardInterrupt
            return result
        except WresError as err:
            click.echo(f"wres: error: {_shown(str(err))}", err=True)
            ctx.exit(int(err.exit_code))
        except BrokenPipeError:
            # the reader of standard output went away (wres ... | head): say so, exit 4
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so that the final flush cannot fail
            click.echo("wres: error: standard output was closed before it was written", err=True)
            ctx.exit(int(ExitCode.OUTPUT))
        except (KeyboardInterrupt, click.Abort):
            # Ctrl-C or SIGTERM: temporary files are already removed (write_atomic)
            handled()
            click.echo("wres: interrupted; no output was left half-written", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except (click.exceptions.Exit, click.ClickException):
            raise
        except BaseException as err:  # includes panics from compiled readers
            if isinstance(err, KeyboardInterrupt | SystemExit) or os.environ.get("WRES_DEBUG"):
                raise
            click.echo(
                f"wres: internal error ({type(err).__name__}: {err}); this is a bug in wres — "
                "rerun with WRES_DEBUG=1 for details",
                err=True,
            )
            ctx.exit(int(ExitCode.INTERNAL))


def _shown(message: str) -> str:
    """A message for the terminal: input text in it (a folder or organisation name) can
    carry escape sequences, which are shown escaped, never run."""
    from wres_cli.escape import printable

    return "\n".join(printable(line, 2000) for line in message.splitlines())


def _unraisable(unraisable: Any) -> None:
    """An interrupt raised where Python cannot pass it on (a destructor, a C callback) is
    already remembered: no 'Exception ignored' traceback for it."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


sys.unraisablehook = _unraisable
for _signal in (signal.SIGTERM, signal.SIGINT):  # the console script (entry.py) did it
    if signal.getsignal(_signal) in (signal.SIG_DFL, signal.default_int_handler):
        signal.signal(_signal, terminate)


def run() -> None:
    """The console script: ``main``, with an interrupt outside any command (while Python
    starts or finishes) still exit 130 and one line, never a traceback."""
    try:
        main()
    except KeyboardInterrupt:
        handled()
        click.echo("wres: interrupted; no output was left half-written", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    finally:  # the work is done (or undone): a signal now changes nothing, so is ignored
        for _late in (signal.SIGTERM, signal.SIGINT):
            signal.signal(_late, signal.SIG_IGN)


@click.group(cls=WresGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wres")
def main() -> None:
    """Workforce Race (WRES) and Disability (WDES) Equality Standard analyser for NHS trusts.

    Exit codes: 0 ok (warnings allowed), 1 data failed validation, 2 usage error,
    3 input unreadable, 4 output could not be written, 70 internal error (a bug),
    130 interrupted.
    """


@main.command()
@click.argument("folders", nargs=-1, required=True, type=FOLDER)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github prints GitHub Actions annotation lines (errors and warnings; --notices adds "
    "the information lines).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (a CI gate).")
@click.option("--notices", is_flag=True, help="With --format github: information as ::notice.")
@click.option(
    "--standard",
    "standard_name",
    type=click.Choice(["wres", "wdes"]),
    help="Check only this standard's inputs (default: every input file present).",
)
@QUIET
def validate(
    folders: tuple[Path, ...],
    fmt: str,
    strict: bool,
    notices: bool,
    standard_name: str | None,
    quiet: bool,
) -> None:
    """Check WRES data folders against the input contract.

    FOLDERS are data folders, or parents of year folders (2023/, 2024/ ...).
    """
    from wres_cli import present
    from wres_cli.pipeline import check, data_folders, input_files

    expanded = data_folders(list(folders))
    with _progress(len(input_files(expanded)), "reading", quiet or fmt != "text") as bar:
        read = functools.partial(check, overrides=None, on_file=lambda _: bar.update(1))
        results = [read(folder, standard=standard_name).result for folder in expanded]
    click.echo(present.validation(results, fmt, notices))
    sys.exit(max(int(r.exit_code_strict if strict else r.exit_code) for r in results))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--write", is_flag=True, help="Regenerate the shipped schemas/*.schema.json.")
@click.option("--check", is_flag=True, help="Exit 1 when the shipped schema files are stale.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Schema folder for --write/--check (default: the shipped schemas/).",
)
def schema(fmt: str, write: bool, check: bool, directory: Path | None) -> None:
    """Show the input contract: every file, column, type, alias and rule."""
    from wres_cli.schema.jsonschema import command

    said, code = command(fmt, write, check, directory)
    click.echo(said, nl=False)
    sys.exit(int(code))


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--seed",
    default=2025,
    show_default=True,
    type=click.IntRange(min=0),
    help="Same seed, same files.",
)
@click.option(
    "--staff",
    default=8000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Staff per organisation.",
)
@click.option(
    "--organisations",
    default=1,
    show_default=True,
    type=click.IntRange(1, 1040),
    help=">1 writes a multi-org extract.",
)
@click.option(
    "--years", default="2023,2024,2025", show_default=True, help="Comma-separated reporting years."
)
@click.option(
    "--style",
    type=click.Choice(["simple", "esr"]),
    default="simple",
    show_default=True,
    help="esr: the files as ESR, ER and OLM write them (one row per assignment, "
    "no ethnicity in disciplinary/training).",
)
@click.option("--force", is_flag=True, help="Write into OUT_DIR even if it is not empty.")
def sample(
    out_dir: Path, seed: int, staff: int, organisations: int, years: str, style: str, force: bool
) -> None:
    """Write a fictional trust's data folders (one per year) into OUT_DIR (new or empty)."""
    from wres_cli.sample import check_out_dir, parse_years, write_sample

    year_list = parse_years(years)
    check_out_dir(out_dir, force=force)
    folders = write_sample(
        out_dir, seed=seed, staff=staff, organisations=organisations, years=year_list, style=style
    )
    for folder in folders:
        click.echo(_shown(f"wrote {folder}"))


@main.command("import-survey")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "code", metavar="CODE", help="The organisation's org_id (ODS code).")
@click.option("--all", "every", is_flag=True, help="Every organisation: a multi-organisation file.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write (atomically), e.g. DIR/staff_survey.csv; - for standard output.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_survey(workbook: Path, code: str | None, every: bool, output: Path, force: bool) -> None:
    """Write staff_survey.csv (indicators 5-8) from the NHS Staff Survey benchmark
    WORKBOOK: its latest year only, blanks as suppressed, with the survey year and the
    workbook's SHA-256 recorded."""
    from wres_cli.survey_import import import_survey as write

    said = write(workbook, output, code, every=every, force=force)
    click.echo(_shown(said), err=True)


@main.command()
@click.argument("folders", nargs=-1, required=True, type=FOLDER)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="compare.html, compare.pdf or compare.json (written atomically).",
)
@click.option(
    "--peers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of organisation_code,peer_group: one funnel per peer group.",
)
@click.option(
    "--peer-column",
    metavar="COLUMN",
    help="The peer groups' column: of the --peers file (default peer_group; "
    "benchmark_group in a staff_survey file), or without --peers of the extract's "
    "workforce file (e.g. trust_type): one group per value, one value per organisation.",
)
@click.option("--unadjusted", is_flag=True, help="Limits without the overdispersion adjustment.")
@STANDARD
@analysis_options
def compare(
    folders: tuple[Path, ...],
    output: Path,
    peers: Path | None,
    peer_column: str | None,
    unadjusted: bool,
    standard_name: str,
    options: Overrides,
) -> None:
    """Compare the organisations of a multi-organisation extract: a funnel plot per
    indicator (and of each ratio's change since last year), outliers named, no ranking."""
    from wres_cli.report import publish_comparison

    said = publish_comparison(
        list(folders), output, options, standard_name, peers, not unadjusted, peer_column
    )
    click.echo(_shown(said), err=True)


@main.command()
@click.argument("folders", nargs=-1, required=True, type=FOLDER)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "xlsx"]),
    help="json is the public contract; csv a tidy long table; xlsx one sheet per indicator. "
    "Default: from the -o suffix (.json, .csv, .xlsx), else text.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@STANDARD
@analysis_options
@QUIET
def analyse(
    folders: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    standard_name: str,
    options: Overrides,
    quiet: bool,
) -> None:
    """Compute a standard's indicators (the WRES's nine by default) for data folders (or
    parents of year folders)."""
    from wres_cli import export, pipeline

    fmt, inputs = _output_format(fmt, output), pipeline.data_folders(list(folders))
    with _progress(
        len(pipeline.input_files(inputs, standard_name)), "reading", quiet or output is None
    ) as bar:
        analysis = pipeline.analyse(list(folders), options, lambda _: bar.update(1), standard_name)
    content = export.FORMATS[fmt](analysis)
    if output is None:
        click.echo(content.decode("utf-8-sig"), nl=False)
    else:
        export.write_output(output, content, inputs)
        click.echo(_shown(f"wrote {output}"), err=True)


def _report_format(fmt: str | None, output: Path, per_organisation: bool) -> Literal["html", "pdf"]:
    """HTML or PDF, from --format or the suffix; refused where it cannot be written."""
    fmt = fmt or ("html" if per_organisation else output.suffix.lower().lstrip("."))
    if fmt not in ("html", "pdf"):
        raise click.BadParameter("use a .html or .pdf file, or --format", param_hint="-o")
    if per_organisation and not output.is_dir():
        raise OutputError(f"{output}: not a folder (create it, or drop --per-organisation)")
    return "pdf" if fmt == "pdf" else "html"


_SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".txt": "text"}


def _output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output's suffix names; a format that
    contradicts the suffix (CSV into report.xlsx) is refused, never written."""
    implied = _SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    if output is not None and fmt is not None and implied is not None and fmt != implied:
        raise click.BadParameter(
            f"{output} is a {output.suffix} file but --format is {fmt}", param_hint="-o"
        )
    chosen = fmt or implied or "text"
    if chosen == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE.xlsx")
    return chosen


@main.command()
@click.argument("folders", nargs=-1, required=True, type=FOLDER)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="report.html or report.pdf; with --per-organisation, a folder.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "pdf"]), help="Default: from the suffix."
)
@click.option(
    "--per-organisation",
    is_flag=True,
    help="Multi-organisation extract: one report per organisation into the -o folder "
    "(each shows where its organisation sits among them).",
)
@click.option(
    "--peers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="compare.json from `wres compare`: each indicator shows where this organisation sits.",
)
@STANDARD
@analysis_options
@QUIET
def report(
    folders: tuple[Path, ...],
    output: Path,
    fmt: str | None,
    per_organisation: bool,
    peers: Path | None,
    standard_name: str,
    options: Overrides,
    quiet: bool,
) -> None:
    """Write the board report (HTML or PDF) for one organisation's data folder(s).

    Give a parent of year folders (or several year folders) to show last year beside this.
    """
    from wres_cli import pipeline
    from wres_cli.report import publish

    kind = _report_format(fmt, output, per_organisation)
    files = len(pipeline.input_files(pipeline.data_folders(list(folders)), standard_name))
    with _progress(files + 1, "reading, then writing", quiet) as bar:
        steps = _Steps(bar, files)
        said = publish(
            list(folders), output, kind, per_organisation, options, steps, standard_name, peers
        )
    click.echo(_shown(said), err=True)


def _progress(total: int, label: str, quiet: bool) -> Any:
    """A progress bar on stderr, only when stderr is a terminal and not --quiet; its
    ``step(total)`` advances it by one, learning the total on the first call."""
    import contextlib

    if quiet or not sys.stderr.isatty():
        return contextlib.nullcontext(_NoBar())
    return _Bar(click.progressbar(length=max(total, 1), label=label, file=sys.stderr))


class _Bar:
    """click's progress bar, whose length may be learned when the work starts."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def __enter__(self) -> _Bar:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)

    def update(self, n: int) -> None:
        self.bar.update(n)

    def step(self, total: int) -> None:
        self.bar.length = total
        self.bar.update(1)


class _Steps:
    """What ``publish`` reports, as one bar: each file read, then each report written."""

    def __init__(self, bar: Any, files: int) -> None:
        self.bar, self.files = bar, files

    def file(self, path: Path) -> None:
        del path
        self.bar.update(1)

    def report(self, total: int) -> None:
        self.bar.step(self.files + total)


class _NoBar:
    """Stands in for the progress bar when none is shown."""

    def update(self, n: int) -> None:
        del n

    def step(self, total: int) -> None:
        del total
