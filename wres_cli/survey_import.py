"""``wres import-survey``: the staff_survey input (indicators 5-8) from the NHS Staff
Survey benchmark workbook, for one organisation or for every one it holds.

Trusts otherwise type these sixteen numbers into a sheet by hand. The file written is the
ordinary staff_survey input (``schema.models.StaffSurvey``), plus what a reader of the
report needs to trust it: the survey year and the workbook's name and SHA-256 on every
row (carried to the JSON and the report), and why a blank group has no figure
(``suppressed``), never a 0. Only the workbook's latest year is written: its earlier
years are re-weighted to the latest survey, so mixing them with another workbook's would
compare figures made two ways.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

from wres_cli.errors import UsageError
from wres_cli.export import STDOUT, write_output
from wres_cli.load.benchmark import Benchmark, Organisation, read_benchmark
from wres_cli.schema.spec import normalise_header
from wres_cli.tidy import neutralise
from wres_cli.validate import ORGANISATION_CODE

COLUMNS = (
    "indicator",
    "ethnic_group",
    "respondents",
    "percent",
    "suppressed",
    "survey_year",
    "source_file",
    "source_sha256",
    "benchmark_group",
)


def import_survey(
    workbook: Path, output: Path, code: str | None, *, every: bool, force: bool
) -> str:
    """Write ``output`` (atomically) from ``workbook`` for the organisation ``code``, or
    for every organisation (``every``: a multi-organisation file); what was written, in
    words. Refuses an existing ``output`` without ``force``, as ``wres sample`` refuses a
    folder in use."""
    if (code is None) == (not every):
        raise UsageError("give --org CODE for one organisation, or --all for every one")
    _check_output(workbook, output, force)
    benchmark = read_benchmark(workbook)
    codes = list(benchmark.rows) if every else [_chosen(benchmark, code or "")]
    if every:
        _check_codes(benchmark)
    organisations = [benchmark.organisation(c) for c in codes]
    write_output(output, staff_survey_csv(benchmark, organisations, every), [])
    return _said(benchmark, organisations, output, every)


def staff_survey_csv(
    benchmark: Benchmark, organisations: list[Organisation], with_code: bool
) -> bytes:
    """The staff_survey input: one row per organisation, indicator and group, in that
    order; UTF-8 with a BOM (Excel shows the names right), text cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((("organisation_code",) if with_code else ()) + COLUMNS)
    for org in organisations:
        for result in org.results:
            cells = (
                result.indicator,
                result.group,
                "" if result.respondents is None else result.respondents,
                result.percent or "",
                result.suppressed or "",
                benchmark.vintage,
                benchmark.path.name,
                benchmark.sha256,
                org.sheet,
            )
            writer.writerow([neutralise(c) for c in ((org.code,) if with_code else ()) + cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _chosen(benchmark: Benchmark, code: str) -> str:
    """The organisation asked for, or a usage error saying what the workbook holds."""
    found = benchmark.find(code)
    if found is not None:
        return found
    near = sorted(difflib.get_close_matches(code.strip().upper(), list(benchmark.rows), n=3))
    hint = f" (did you mean {' or '.join(near)}?)" if near else ""
    raise UsageError(
        f'{benchmark.path.name}: no organisation "{code}" (org_id){hint}; the workbook '
        f"holds {len(benchmark.rows)} organisation(s) on {len(benchmark.sheets)} "
        f"benchmark-group sheet(s): {', '.join(benchmark.sheets)}"
    )


def _check_codes(benchmark: Benchmark) -> None:
    """With --all, every org_id becomes an organisation_code: each must be one."""
    for code, (sheet, row) in benchmark.rows.items():
        if not re.fullmatch(ORGANISATION_CODE, code):
            raise UsageError(
                f'{benchmark.path.name}: org_id "{code}" (sheet "{sheet}", row {row + 1}) '
                "is not an ODS code (letters and digits, such as R9Z): it cannot be an "
                "organisation_code; import the organisations one by one with --org"
            )


def _check_output(workbook: Path, output: Path, force: bool) -> None:
    """A .csv (or - for standard output), never the workbook, and no existing file
    replaced without --force."""
    if output == STDOUT:
        return
    if output.suffix.lower() != ".csv":
        raise UsageError(f"{output}: the survey file is CSV; name it staff_survey.csv")
    if output.resolve() == workbook.resolve():
        raise UsageError(f"{output}: refusing to write over the workbook")
    if output.exists() and not force:
        raise UsageError(f"{output} exists (use --force to replace it)")


def _said(
    benchmark: Benchmark, organisations: list[Organisation], output: Path, every: bool
) -> str:
    """What was written, the vintage (and the years left out), and what to watch for."""
    suppressed = sum(r.suppressed is not None for o in organisations for r in o.results)
    if every:
        who = f"{len(organisations)} organisations (an organisation_code column)"
    else:
        org = organisations[0]
        who = f"{org.code} {org.name} (sheet {org.sheet})".replace("  ", " ")
    lines = [
        f"wrote {'standard output' if output == STDOUT else output}: indicators 5-8 of "
        f"{who} from the {benchmark.vintage} NHS Staff Survey, {benchmark.path.name} "
        f"(SHA-256 {benchmark.sha256})",
    ]
    if benchmark.earlier:
        years = ", ".join(str(y) for y in benchmark.earlier)
        lines.append(
            f"only the {benchmark.vintage} values were written; the workbook's {years} "
            f"columns are re-weighted to the {benchmark.vintage} survey and were not read"
        )
    if suppressed:
        lines.append(
            f"{suppressed} group result(s) blank in the workbook written as suppressed (never as 0)"
        )
    if output != STDOUT:
        lines += _notes(output)
    return "\n".join(lines)


def _notes(output: Path) -> list[str]:
    """What would stop the folder reading the new file: another staff survey file beside
    it (two files of one input are refused), or a name wres does not read by itself."""
    notes = []
    others = sorted(
        p.name
        for p in output.resolve().parent.iterdir()
        if normalise_header(p.stem) == "staffsurvey"
        and p.suffix.lower() in (".csv", ".xlsx")
        and p.name != output.name
    )
    if others:
        notes.append(
            f"note: the folder also holds {', '.join(others)}: remove it, or wres will "
            "refuse the folder (two staff survey files)"
        )
    if normalise_header(output.stem) != "staffsurvey":
        notes.append(
            "note: name it staff_survey.csv, or map it in wres.toml: "
            f'[files] staff_survey = "{output.name}"'
        )
    return notes
