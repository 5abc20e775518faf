"""The workbook a workforce lead hands on: the report's own tables in Excel, with numbers
as numbers.

Built from the same presentation model as the HTML and PDF (``context.build``, without
charts), so the workbook and the report show the same tables: a summary sheet like the
report's, one sheet per indicator with its tables (bands down, groups across), a
data-quality sheet with the exclusions ledger, and the tidy long table for pivots. Counts
are written as numbers formatted ``#,##0``, percentages as fractions formatted ``0.0%``,
ratios ``0.00``, percentage points and scores to 1 dp; widths fit, headers are frozen and
the summary and the long table have filters. In publication mode (``--suppress-below``)
the sheets are suppressed as the report is and the long table, which holds every count,
is left out.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from wres_cli.pipeline import Analysis
from wres_cli.view import Cell, Table

FORMATS = {
    "count": {"num_format": "#,##0"},
    "percent": {"num_format": "0.0%"},
    "ratio": {"num_format": "0.00"},
    "pp": {"num_format": '+0.0" pp";-0.0" pp";0.0" pp"'},
    "score": {"num_format": "0.0"},
}
"""Excel number formats of each kind of number (display rounding as the report's)."""
SUMMARY_COLUMNS = (
    "Organisation",
    "Code",
    "Year",
    "#",
    "Indicator",
    "This year",
    "Last year",
    "Change",
    "Verdict",
    "Assessment",
    "National",
    "Finding",
)


def write(analysis: Analysis, handle: IO[bytes]) -> None:
    """The workbook of ``analysis`` to ``handle`` (deterministic bytes)."""
    import xlsxwriter

    from wres_cli.tidy import neutralise, tidy_rows

    workbook = xlsxwriter.Workbook(
        handle, {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
    )
    workbook.set_properties({"created": dt.datetime(2000, 1, 1)})
    try:
        _Book(workbook, analysis, neutralise).fill(None if analysis.suppress_below else tidy_rows)
        workbook.close()
    finally:
        workbook.fileclosed = True  # a failed close (disk full) must not retry at exit


class _Book:
    """One workbook being filled: its formats and sheets."""

    def __init__(self, workbook: Any, analysis: Analysis, neutralise: Any) -> None:
        self.workbook, self.analysis, self.neutralise = workbook, analysis, neutralise
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 12})
        self.header = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True})
        self.number = {k: workbook.add_format(v) for k, v in FORMATS.items()}

    def text(self, sheet: Any, row: int, col: int, value: str, style: Any = None) -> None:
        sheet.write_string(row, col, self.neutralise(value), style)

    def fill(self, tidy: Any) -> None:
        from wres_cli.report import context

        standard = self.analysis.standard
        contexts = [
            (doc, context.build(self.analysis, doc, draw=False)) for doc in self.analysis.documents
        ]
        self._summary(contexts)
        for indicator in standard.indicators:
            sheet = self.workbook.add_worksheet(f"{standard.item} {indicator.key}"[:31])
            row = 0
            for doc, ctx in contexts:
                section = next(s for s in ctx.sections if s.number == indicator.key)
                self.text(
                    sheet, row, 0, f"{ctx.organisation} {doc.reporting_year or ''}", self.title
                )
                self.text(
                    sheet,
                    row + 1,
                    0,
                    f"{standard.item} {indicator.key}: {indicator.title}",
                    self.bold,
                )
                row += 2
                if section.status:
                    self.text(sheet, row, 0, f"This {indicator.noun} is {section.status}.")
                    row += 2
                    continue
                for sentence in section.sentences:
                    self.text(sheet, row, 0, sentence)
                    row += 1
                row += 1
                for table in section.tables:
                    row = self._table(sheet, row, table) + 1
            sheet.freeze_panes(0, 1)
            sheet.set_column(0, 0, 34)
            sheet.set_column(1, 12, 14)
        self._quality(contexts)
        if tidy is not None:
            self._tidy(tidy)

    def _table(self, sheet: Any, row: int, table: Table) -> int:
        """A report table at ``row``: caption, headers, rows; the next free row."""
        self.text(sheet, row, 0, table.caption, self.bold)
        for j, column in enumerate(table.columns):
            self.text(sheet, row + 1, j, column, self.header)
        for i, cells in enumerate(table.rows, start=row + 2):
            for j, cell in enumerate(cells):
                self._cell(sheet, i, j, cell)
        return row + 2 + len(table.rows)

    def _cell(self, sheet: Any, row: int, col: int, cell: Cell) -> None:
        if cell.value is None:
            self.text(sheet, row, col, cell.text, self.bold if cell.header else None)
            return
        value = cell.value / 100 if cell.kind == "percent" else cell.value
        sheet.write_number(row, col, value, self.number.get(cell.kind))

    def _summary(self, contexts: list[tuple[Any, Any]]) -> None:
        sheet = self.workbook.add_worksheet("Summary")
        for j, column in enumerate(SUMMARY_COLUMNS):
            self.text(sheet, 0, j, column, self.header)
        row = 1
        for doc, ctx in contexts:
            for line in ctx.summary:
                values = (
                    ctx.organisation,
                    ctx.code or "",
                    str(doc.reporting_year or ""),
                    line.number,
                    line.title,
                    line.this_year,
                    line.last_year,
                    line.change,
                    line.verdict,
                    line.assessment,
                    line.national,
                    line.sentence,
                )
                for j, value in enumerate(values):
                    self.text(sheet, row, j, value)
                row += 1
        note = (
            "Publication version: counts are suppressed as in the report, and the long "
            "table (every count) is left out."
            if self.analysis.suppress_below
            else "Unsuppressed: for internal use. The long table holds every figure unrounded."
        )
        self.text(sheet, row + 1, 0, note)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(row - 1, 1), len(SUMMARY_COLUMNS) - 1)
        for j, width in enumerate((34, 8, 6, 6, 44, 11, 11, 13, 20, 28, 13, 80)):
            sheet.set_column(j, j, width)

    def _quality(self, contexts: list[tuple[Any, Any]]) -> None:
        sheet = self.workbook.add_worksheet("Data quality")
        for j, column in enumerate(("Organisation", "Year", "Kind", "What happened")):
            self.text(sheet, 0, j, column, self.header)
        row = 1
        for doc, ctx in contexts:
            lines = [("Declaration rate", ctx.quality.declaration_rate)]
            lines += [("Excluded, merged or looked up", e) for e in ctx.quality.exclusions]
            lines += [("Warning", w) for w in ctx.quality.warnings]
            lines += [("Finding", f) for f in ctx.findings]
            for kind, message in lines:
                for j, value in enumerate(
                    (ctx.organisation, str(doc.reporting_year or ""), kind, message)
                ):
                    self.text(sheet, row, j, value)
                row += 1
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(row - 1, 1), 3)
        for j, width in enumerate((34, 6, 28, 110)):
            sheet.set_column(j, j, width)

    def _tidy(self, tidy: Any) -> None:
        from wres_cli.tidy import TIDY_COLUMNS

        sheet = self.workbook.add_worksheet("Long table")
        for j, column in enumerate(TIDY_COLUMNS):
            self.text(sheet, 0, j, column, self.header)
        rows = list(tidy(self.analysis))
        for i, cells in enumerate(rows, start=1):
            for j, cell in enumerate(cells):
                if isinstance(cell, str):
                    self.text(sheet, i, j, cell)
                elif cell is not None:
                    sheet.write(i, j, cell)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(TIDY_COLUMNS) - 1)
        sheet.autofit()
