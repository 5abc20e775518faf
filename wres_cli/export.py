"""Machine outputs of an analysis (tidy CSV, XLSX, JSON) and the atomic file writer.

Values stay unrounded. Text cells that a spreadsheet would run as a formula are
neutralised with a leading apostrophe.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wres_cli.errors import OutputError, UsageError

if TYPE_CHECKING:
    from wres_cli.pipeline import Analysis

TIDY_COLUMNS = (
    "organisation",
    "organisation_code",
    "reporting_year",
    "indicator",
    "part",
    "group",
    "measure",
    "numerator",
    "denominator",
    "value",
    "note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell starting like a formula gets a leading apostrophe (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def tidy_rows(analysis: Analysis) -> Iterator[tuple[Any, ...]]:
    """The long table: one row per organisation, year, indicator, part, group and measure."""
    from wres_cli.schema.output import (
        BandRow,
        BoardRepresentation,
        Overall,
        RelativeLikelihood,
        Representation,
        Survey,
    )

    for doc in analysis.documents:
        head = (doc.organisation.name, doc.organisation.code, doc.reporting_year)
        for number in range(1, 10):
            result = getattr(doc.indicators, f"i{number}")
            ind = str(number)

            def row(*cells: Any, ind: str = ind, head: tuple[Any, ...] = head) -> tuple[Any, ...]:
                return (*head, ind, *cells)

            if isinstance(result, Representation):
                parts: list[tuple[str, BandRow | Overall]] = [
                    (f"{r.cluster}: {r.band}", r) for r in result.rows
                ]
                for part, r in [*parts, ("all staff", result.overall)]:
                    for group in ("white", "bme", "unknown"):
                        share = getattr(r, group)
                        yield row(
                            part, _g(group), "percent", share.count, r.total, share.percent, None
                        )
            elif isinstance(result, RelativeLikelihood):
                for group in ("white", "bme", "unknown"):
                    lk = getattr(result, group)
                    yield row(
                        "",
                        _g(group),
                        "likelihood",
                        lk.numerator,
                        lk.denominator,
                        lk.likelihood,
                        None,
                    )
                note = result.reason or result.assessment
                yield row(
                    "", "", "relative_likelihood", None, None, result.relative_likelihood, note
                )
                if result.ci95 is not None:
                    yield row("", "", "ci95_low", None, None, result.ci95[0], result.ci_method)
                    yield row("", "", "ci95_high", None, None, result.ci95[1], result.ci_method)
            elif isinstance(result, Survey):
                for group in ("white", "bme"):
                    part = getattr(result, group)
                    if part is not None:
                        yield row(
                            "", _g(group), "percent", None, part.respondents, part.percent, None
                        )
                yield row(
                    "", "", "difference_pp", None, None, result.difference_pp, "BME minus White"
                )
            elif isinstance(result, BoardRepresentation):
                yield row(
                    "workforce", "BME", "percent", None, None, result.workforce_bme_percent, None
                )
                for name in ("total", "voting", "executive", "non_executive"):
                    subset = getattr(result.board, name)
                    for group in ("white", "bme", "unknown"):
                        share = getattr(subset, group)
                        yield row(
                            name,
                            _g(group),
                            "percent",
                            share.count,
                            subset.total,
                            share.percent,
                            None,
                        )
                    yield row(
                        name,
                        "",
                        "difference_pp",
                        None,
                        None,
                        subset.difference_pp,
                        "board BME % minus workforce BME %",
                    )
            else:
                yield row("", "", "status", None, None, None, f"{result.status}: {result.reason}")


def _g(group: str) -> str:
    return {"white": "White", "bme": "BME", "unknown": "Unknown"}[group]


def to_csv(analysis: Analysis) -> bytes:
    """The tidy table as UTF-8 CSV (with BOM, so Excel shows names correctly)."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TIDY_COLUMNS)
    for cells in tidy_rows(analysis):
        writer.writerow([neutralise(c) for c in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(analysis: Analysis, handle: IO[bytes]) -> None:
    """One sheet per indicator, for analysts who live in Excel."""
    import xlsxwriter

    from wres_cli.indicators.definitions import ALL

    rows = list(tidy_rows(analysis))
    workbook = xlsxwriter.Workbook(
        handle, {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    )
    bold = workbook.add_format({"bold": True})
    for definition in ALL:
        sheet = workbook.add_worksheet(f"Indicator {definition.number}")
        sheet.write_row(0, 0, TIDY_COLUMNS, bold)
        mine = [r for r in rows if r[3] == definition.number]
        for i, cells in enumerate(mine, start=1):
            for j, cell in enumerate(cells):
                if isinstance(cell, str):
                    sheet.write_string(i, j, neutralise(cell))
                elif cell is not None:
                    sheet.write(i, j, cell)
        sheet.freeze_panes(1, 0)
        sheet.autofit()
    workbook.close()


def write_atomic(path: Path, write: Callable[[IO[bytes]], None], inputs: Iterable[Path]) -> None:
    """Write via a temporary file in the same folder, then rename: never a half-written file.

    ``inputs`` are the data folders read (year folders, not their parent): no file in
    them is ever written over."""
    target = path.resolve()
    for folder in inputs:
        for existing in folder.resolve().iterdir():
            if existing == target:
                raise UsageError(f"{path}: refusing to write over an input file")
    if not target.parent.is_dir():
        raise OutputError(f"{path}: cannot write, folder {target.parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(f"{path}: cannot write ({err.strerror})") from err
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        Path(tmp).chmod(0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        Path(tmp).replace(target)
    except OSError as err:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise OutputError(f"{path}: cannot write ({err.strerror})") from err
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
