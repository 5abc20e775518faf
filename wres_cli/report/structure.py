"""Repairs to the PDF structure tree WeasyPrint writes, for PDF/UA (a WeasyPrint finisher).

WeasyPrint builds the tree page by page, from each page's boxes. Two things a screen
reader needs are then missing, and both are fixed here, on the ``pydyf`` objects, before
the file is written:

* A table header cell (TH) has no Scope. One under THead heads its column, one under
  TBody its row.
* A table that runs over a page break becomes one Table element per page: the reader
  announces a new table with no caption, whose first row repeats the header. Here the
  continuations' rows join the first Table (which has the caption), the repeated header
  rows become pagination artifacts (drawn, not read), and the continuation cells' Headers
  name the first Table's column headers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Object = Any
"""A pydyf object (Dictionary, Array or Stream): pydyf has no type hints."""


def finish(document: Any, pdf: Any) -> None:
    """The finisher: ``write_pdf(..., finisher=finish)``."""
    tree = _Tree(pdf)
    _whole_tables(tree, _tables_by_source(document, tree))
    _header_scopes(tree)


class _Tree:
    """The objects of the PDF by number, and the structure elements' links."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.objects: dict[int, Object] = {
            obj.number: obj for obj in pdf.objects if getattr(obj, "number", None)
        }

    def get(self, reference: object) -> Object | None:
        """The object a reference (``b'12 0 R'``) names; None for anything else."""
        if isinstance(reference, bytes):
            reference = reference.decode()
        if not isinstance(reference, str) or not reference.endswith(" R"):
            return None
        return self.objects.get(int(reference.split()[0]))

    def kids(self, element: Object) -> Iterator[Object]:
        """The structure elements directly under ``element`` (not its marked content)."""
        for kid in element.get("K", ()):
            found = self.get(kid)
            if isinstance(found, dict) and found.get("Type") == "/StructElem":
                yield found

    def marked(self, element: Object) -> Iterator[int]:
        """Every marked-content id under ``element``, at any depth."""
        for kid in element.get("K", ()):
            if isinstance(kid, int):
                yield kid
        for kid in self.kids(element):
            yield from self.marked(kid)

    def parent_tree(self) -> Object:
        root: Object = self.get(self.pdf.catalog["StructTreeRoot"])
        return self.get(root["ParentTree"])


def _tables_by_source(document: Any, tree: _Tree) -> list[list[Object]]:
    """The Table elements of each HTML table, in page order.

    The tree is built page by page, in box order, so on each page the k-th table wrapper
    box is the k-th Table element; the box knows its HTML table. Where the two counts
    differ on a page (never seen), nothing on it is merged.
    """
    elements: dict[object, list[Object]] = {}
    root: Object = tree.get(tree.pdf.catalog["StructTreeRoot"])
    for table in _walk(tree, tree.get(root["K"][0])):
        elements.setdefault(table["Pg"], []).append(table)
    groups: dict[int, list[Object]] = {}
    for number, page in enumerate(document.pages):
        sources = [box.element for box in _boxes(page._page_box) if box.is_table_wrapper]
        tables = elements.get(tree.pdf.page_references[number], [])
        if len(sources) != len(tables):
            continue
        for source, table in zip(sources, tables, strict=True):
            groups.setdefault(id(source), []).append(table)
    return list(groups.values())


def _walk(tree: _Tree, element: Object) -> Iterator[Object]:
    """Table elements under ``element``, in document order."""
    for kid in tree.kids(element):
        if kid["S"] == "/Table":
            yield kid
        else:
            yield from _walk(tree, kid)


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def _whole_tables(tree: _Tree, tables: list[list[Object]]) -> None:
    """Each continuation's groups join the first part: a caption or header the first part
    lacks moves there; a repeated header becomes an artifact; body rows join its body."""
    for first, *continuations in tables:
        for part in continuations:
            headers = _column_header_ids(tree, first)
            cells = list(_cells(tree, part))
            renamed: dict[str, Object] = {}
            for group in list(tree.kids(part)):
                bodies = [k for k in tree.kids(first) if k["S"] == "/TBody"]
                if group["S"] == "/THead" and headers:
                    renamed |= _to_artifact(tree, group, headers)
                elif group["S"] == "/TBody" and bodies:
                    for row in list(tree.kids(group)):
                        _move(row, bodies[-1])
                else:
                    _move(group, first)
            for cell in cells:
                _rename_headers(cell, renamed)
            holder = tree.get(part["P"])
            if holder is not None:
                holder["K"][:] = [k for k in holder["K"] if tree.get(k) is not part]


def _move(element: Object, parent: Object) -> None:
    element["P"] = parent.reference
    parent["K"].append(element.reference)


def _column_header_ids(tree: _Tree, table: Object) -> dict[int, Object]:
    """The ID of each column's first header cell in the table, by column. WeasyPrint names
    them ``'<table>-<row>-<column>'``, as pydyf Strings."""
    found: dict[int, Object] = {}
    for group in tree.kids(table):
        if group["S"] != "/THead":
            continue
        for row in tree.kids(group):
            for cell in tree.kids(row):
                if "ID" in cell:
                    found.setdefault(_column(cell["ID"]), cell["ID"])
    return found


def _column(identifier: Object) -> int:
    return int(str(identifier.string).rsplit("-", 1)[1])


def _to_artifact(tree: _Tree, group: Object, headers: dict[int, Object]) -> dict[str, Object]:
    """A repeated header row becomes a pagination artifact in its page's content stream and
    leaves the tree; returns its cells' IDs mapped to the first Table's column header IDs."""
    renamed: dict[str, Object] = {}
    for row in tree.kids(group):
        for cell in tree.kids(row):
            if "ID" in cell and _column(cell["ID"]) in headers:
                renamed[str(cell["ID"].string)] = headers[_column(cell["ID"])]
    page = tree.get(group["Pg"])
    stream = tree.get(page["Contents"]) if page is not None else None
    ids = set(tree.marked(group))
    if page is not None and stream is not None and ids:
        _artifact_stream(stream.stream, ids)
        numbers = tree.parent_tree()["Nums"]
        entries = numbers[numbers.index(page["StructParents"]) + 1]
        for mcid in ids:
            entries[mcid] = "null"
    return renamed


def _artifact_stream(stream: list[object], ids: set[int]) -> None:
    """``/TH <</MCID n>> BDC`` becomes ``/Artifact <</Type /Pagination>> BDC`` for each
    id: the content stays drawn and is no longer tagged content."""
    for i, item in enumerate(stream):
        if isinstance(item, dict) and item.get("MCID") in ids and i > 0:
            stream[i - 1] = "/Artifact"
            del item["MCID"]
            item["Type"] = "/Pagination"


def _cells(tree: _Tree, element: Object) -> Iterator[Object]:
    for kid in tree.kids(element):
        if kid["S"] in ("/TD", "/TH"):
            yield kid
        else:
            yield from _cells(tree, kid)


def _rename_headers(cell: Object, renamed: dict[str, Object]) -> None:
    attributes = cell.get("A")
    if isinstance(attributes, dict) and "Headers" in attributes:
        headers = attributes["Headers"]
        headers[:] = [renamed.get(str(h.string), h) for h in headers]


def _header_scopes(tree: _Tree) -> None:
    """Every TH gets its Scope: Column under THead, Row otherwise."""
    for obj in tree.pdf.objects:
        if not isinstance(obj, dict) or obj.get("S") != "/TH":
            continue
        row = tree.get(obj.get("P"))
        group = tree.get(row.get("P")) if row is not None else None
        scope = "/Column" if group is not None and group.get("S") == "/THead" else "/Row"
        attributes = obj.get("A")
        if isinstance(attributes, dict):
            attributes["Scope"] = scope
