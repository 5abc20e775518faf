"""PDF/UA structure of a table that runs over a page break: one Table element with its
caption, its header row read once (repeated on later pages as a drawn artifact), every
data cell naming header cells that exist, and every piece of tagged content owned by an
element. Read back with pypdf, independently of the code that writes it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, NameObject

from wres_cli.cli import main

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "2025"
ACTIONS = 90


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample trust with a 90-row action plan (two or three pages of one table)."""
    folder = tmp_path_factory.mktemp("plan") / "2025"
    shutil.copytree(SAMPLE, folder)
    with (folder / "actions.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Action", "Indicator", "Owner", "Due Date", "Status"])
        for i in range(1, ACTIONS + 1):
            out.writerow([f"Action {i}: review and report", (i % 9) + 1, "Director", "", ""])
    pdf, page = folder.parent / "r.pdf", folder.parent / "r.html"
    for out_path in (pdf, page):
        result = CliRunner().invoke(main, ["report", str(folder), "-o", str(out_path)])
        assert result.exit_code == 0, result.output
    return pdf, page.read_text(encoding="utf-8")


def elements(node: Any, kind: str | None = None) -> list[DictionaryObject]:
    """Structure elements under ``node`` (of one kind, if given), in document order."""
    found: list[DictionaryObject] = []

    def walk(item: Any) -> None:
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, ArrayObject):
            for child in item:
                walk(child)
        elif isinstance(item, DictionaryObject) and item.get("/Type") == "/StructElem":
            if kind is None or item.get("/S") == kind:
                found.append(item)
            walk(item.get("/K", ArrayObject()))

    walk(node.get("/K", ArrayObject()))
    return found


def kinds(element: DictionaryObject) -> list[str]:
    kids = element["/K"]
    return [str(k.get_object()["/S"]) for k in kids if hasattr(k, "get_object")]


def test_a_split_table_is_one_table_with_its_caption(long_plan: tuple[Path, str]) -> None:
    pdf, page = long_plan
    reader = pypdf.PdfReader(pdf)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    tables = elements(root, "/Table")
    assert len(tables) == page.count("<table")  # one Table element per HTML table
    for table in tables:
        assert kinds(table)[0] == "/Caption"
        assert kinds(table).count("/THead") == 1

    def body_rows(table: DictionaryObject) -> list[DictionaryObject]:
        return [r for body in elements(table, "/TBody") for r in elements(body, "/TR")]

    rows = max((body_rows(t) for t in tables), key=len)  # the action plan's
    assert len(rows) == ACTIONS
    pages = {r["/Pg"].get_object().indirect_reference.idnum for r in rows}
    assert len(pages) >= 2  # it did run over a page break


def test_repeated_header_rows_are_drawn_but_not_read(long_plan: tuple[Path, str]) -> None:
    pdf, _ = long_plan
    reader = pypdf.PdfReader(pdf)
    pagination = 0
    texts = []
    for number, pdf_page in enumerate(reader.pages):
        for operands, operator in ContentStream(pdf_page.get_contents(), reader).operations:
            if operator == b"BDC" and operands[0] == NameObject("/Artifact"):
                properties = operands[1]
                pagination += properties.get("/Type") == "/Pagination"
        if "Action 90:" in pdf_page.extract_text() or "Action 45:" in pdf_page.extract_text():
            texts.append((number, pdf_page.extract_text()))
    assert pagination > 0
    # The header is still drawn on the continuation page.
    assert any("Owner" in text for _, text in texts)


def test_every_cell_names_headers_that_exist(long_plan: tuple[Path, str]) -> None:
    pdf, _ = long_plan
    root = pypdf.PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]
    ids = {str(th["/ID"]) for th in elements(root, "/TH") if "/ID" in th}
    cells = elements(root, "/TD")
    named = [str(h) for td in cells for h in td.get("/A", {}).get_object().get("/Headers", [])]
    assert cells and named
    assert set(named) <= ids


def test_every_tagged_content_item_has_its_element(long_plan: tuple[Path, str]) -> None:
    """Each MCID on a page is the ParentTree's entry for it, an element that lists it."""
    pdf, _ = long_plan
    reader = pypdf.PdfReader(pdf)
    nums = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"].get_object()["/Nums"]
    tree = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    checked = 0
    for pdf_page in reader.pages:
        entries = tree[int(pdf_page["/StructParents"])]
        for operands, operator in ContentStream(pdf_page.get_contents(), reader).operations:
            if operator != b"BDC" or "/MCID" not in operands[1]:
                continue
            mcid = int(operands[1]["/MCID"])
            owner = entries[mcid].get_object()
            kids = owner["/K"]
            assert mcid in [int(k) for k in kids if isinstance(k, int)], (mcid, owner)
            checked += 1
    assert checked > 1000
