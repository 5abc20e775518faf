"""Reading a rendered report as a reader does, for the tests: its text, and its summary
table's rows (a helper of the tests, not of wres_cli: it knows only HTML)."""

from __future__ import annotations

import html
import re


def plain_text(page: str) -> str:
    """The page's text: the stylesheet out, tags out, entities decoded, spaces folded."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def summary_rows(page: str) -> dict[str, list[str]]:
    """The summary table's rows by indicator key, each cell's text."""
    table = page[page.index('<table class="summary-table">') :]
    table = table[: table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)
        ]
        rows[cells[0]] = cells
    return rows
