"""Files longer than one block are split by Polars from disk (``delimited._read_large``);
every other file, and every large one it cannot take, is read whole. The two must give
the same cells, line numbers and issues: each case here is loaded both ways (the whole
reader forced by raising the block size past the file) and compared, on files shaped as
exports write them, with the thing that matters placed after the first block."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres_cli.load import delimited, load_folder

HEADER = "Employee Number,Ethnic Origin,Pay Band,Clinical Status,Assignment Category"
ROW = "{n},A White - British,Band 5,Clinical,Permanent"
ROWS = 40_000  # about 1.7 MB: longer than one block (1 MB)


def folder_with(tmp_path: Path, body: bytes) -> Path:
    folder = tmp_path / "2025"
    folder.mkdir()
    (folder / "wres.toml").write_text("reporting_year = 2025\n", encoding="utf-8")
    (folder / "workforce.csv").write_bytes(body)
    return folder


def rows(start: int = 0, count: int = ROWS) -> list[str]:
    return [ROW.format(n=10_000_000 + i) for i in range(start, start + count)]


def both_ways(
    folder: Path, monkeypatch: pytest.MonkeyPatch, *, polars_reads: bool
) -> tuple[object, object]:
    """(tables and issues read as large, the same read whole); ``polars_reads``: whether
    the large read is Polars' from disk (else it handed the file to the whole reader)."""
    size = (folder / "workforce.csv").stat().st_size
    assert size > delimited.BLOCK
    whole_reads: list[Path] = []
    read_whole = delimited._read_whole

    def spy(path: Path, *args: object) -> object:
        whole_reads.append(path)
        return read_whole(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(delimited, "_read_whole", spy)

    def seen() -> tuple[object, ...]:
        loaded = load_folder(folder)
        table = loaded.tables.get("workforce")
        cells = None if table is None else (table.frame.to_dicts(), table.encoding)
        return cells, [i.to_dict() for i in loaded.issues]

    large = seen()
    assert bool(whole_reads) is not polars_reads
    monkeypatch.setattr(delimited, "BLOCK", size + 1)
    return large, seen()


def test_plain_lf_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "\n".join([HEADER, *rows()]) + "\n"
    large, whole = both_ways(folder_with(tmp_path, body.encode()), monkeypatch, polars_reads=True)
    assert large == whole
    assert len(large[0][0]) == ROWS  # type: ignore[index]


def test_bom_crlf_title_rows_and_a_quoted_cell_over_two_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An ESR-like report: BOM, two title rows, CRLF, and (past the first block) a quoted
    # cell holding a CRLF, which the whole reader makes LF.
    lines = ["Workforce report,,,,", "Run 01/04/2025,,,,", HEADER, *rows()]
    lines.append('10999999,A White - British,"Band\r\n5",Clinical,Permanent')
    body = b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"
    large, whole = both_ways(folder_with(tmp_path, body), monkeypatch, polars_reads=True)
    assert large == whole
    cells, issues = large  # type: ignore[misc]
    assert cells[1] == "utf-8-sig"
    assert cells[0][-1]["pay_band"] == "Band\n5"
    assert any(i["rule"] == "header-row" and i["line"] == 3 for i in issues)


def test_windows_1252_after_the_first_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "\n".join(
        [HEADER, *rows(), "10999999,A White - Irish caf\xe9,Band 5,Clinical,Permanent"]
    )
    folder = folder_with(tmp_path, body.encode("cp1252"))
    large, whole = both_ways(folder, monkeypatch, polars_reads=False)
    assert large == whole
    cells, issues = large  # type: ignore[misc]
    assert cells[1] == "cp1252"
    assert any(i["rule"] == "encoding" for i in issues)


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        ('10999999,"A White - British,Band 5,Clinical,Permanent', "malformed-csv"),
        ("10999999,A White\x00 - British,Band 5,Clinical,Permanent", "not-a-table"),
        ("10999999,A White - British,Band 5,Clinical,Permanent,extra,more", "malformed-csv"),
    ],
    ids=["unclosed-quote", "control-byte", "too-many-fields"],
)
def test_a_problem_after_the_first_block_is_located_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: str, code: str
) -> None:
    body = "\n".join([HEADER, *rows(), bad, *rows(ROWS, 10)]) + "\n"
    folder = folder_with(tmp_path, body.encode())
    large, whole = both_ways(folder, monkeypatch, polars_reads=False)
    assert large == whole
    issue = next(i for i in large[1] if i["rule"] == code)  # type: ignore[index]
    assert issue["line"] == ROWS + 2, issue


def test_another_control_byte_past_the_first_block_is_a_cell_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Binary content is a NUL anywhere or a control byte in the first block (the issue
    # "National scale": no Python pass over the whole file). A lone BEL further on is
    # read into its cell as it is, not refused (docs/decisions.md).
    bad = "10999999,A White - British,Band\x075,Clinical,Permanent"
    body = "\n".join([HEADER, *rows(), bad]) + "\n"
    folder = folder_with(tmp_path, body.encode())
    monkeypatch.setattr(delimited, "_read_whole", lambda *_: pytest.fail("read whole"))
    table = load_folder(folder).tables["workforce"]
    assert table.frame["pay_band"][-1] == "Band\x075"


@pytest.mark.parametrize(
    "folder",
    ["sample_data/2025", "tests/data/real_exports/clean", "tests/data/cp1252"],
)
def test_checking_a_file_at_a_time_changes_nothing(folder: str) -> None:
    """``pipeline.check`` checks each table as it is read and keeps no text; checking the
    whole folder after loading it gives the same frames and issues, in the same order."""
    from wres_cli.validate import TableCheck, check_table, validate

    path = Path(__file__).resolve().parent.parent / folder
    whole = validate(load_folder(path))
    checks: dict[str, TableCheck] = {}
    loaded = load_folder(path, check=lambda t, y: checks.update({t.kind: check_table(t, y)}))
    assert all(t.frame.height == 0 for t in loaded.tables.values())  # no text kept
    each = validate(loaded, checks)
    assert [i.to_dict() for i in each.issues] == [i.to_dict() for i in whole.issues]
    assert each.frames.keys() == whole.frames.keys()
    assert all(each.frames[k].equals(whole.frames[k]) for k in whole.frames)


@pytest.mark.parametrize(
    "folder",
    [
        "sample_data/2025",
        "tests/data/real_exports/clean",
        "tests/data/real_exports/planted",
        "tests/data/mixed_bands",
        "tests/data/cp1252",
    ],
)
def test_classifying_a_file_at_a_time_changes_nothing(folder: str) -> None:
    """``pipeline.check`` classifies each table as soon as it is checked (its text let go
    before the next file is read); classifying the whole folder after validating it
    gives the same issues, in the same order, and the same frames."""
    from wres_cli.classify import classify
    from wres_cli.pipeline import check
    from wres_cli.prepare import prepare
    from wres_cli.validate import validate

    path = Path(__file__).resolve().parent.parent / folder
    whole = prepare(classify(validate(load_folder(path))))
    each = check(path)
    assert whole.result.issues, "a folder with nothing to say tests little"
    assert [i.to_dict() for i in each.result.issues] == [i.to_dict() for i in whole.result.issues]
    assert each.tables.keys() == whole.tables.keys()
    assert all(each.tables[k].equals(whole.tables[k]) for k in whole.tables)


def test_bom_and_crlf_without_title_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Excel's "CSV UTF-8": a BOM on the header itself, which Polars must not keep.
    body = b"\xef\xbb\xbf" + "\r\n".join([HEADER, *rows()]).encode() + b"\r\n"
    large, whole = both_ways(folder_with(tmp_path, body), monkeypatch, polars_reads=True)
    assert large == whole
    cells, issues = large  # type: ignore[misc]
    assert cells[1] == "utf-8-sig" and len(cells[0]) == ROWS
    assert not any(i["rule"] == "missing-column" for i in issues), issues


@pytest.mark.parametrize(
    ("pad", "padded"),
    [(" ", "space"), ("\t", "tab"), ("\u00a0", "no-break space")],
    ids=["space", "tab", "no-break-space"],
)
def test_padding_past_the_first_block_is_trimmed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pad: str, padded: str
) -> None:
    """The loader tests each cell only for the padding characters whose bytes are in the
    file at all (a tab, a no-break space): a file holding one only past the first block
    is still trimmed there, whichever reader splits it."""
    last = f"10999999,{pad}A White - British{pad},Band 5,{pad}Clinical,Permanent{pad}"
    body = "\n".join([HEADER, *rows(), last]) + "\n"
    large, whole = both_ways(folder_with(tmp_path, body.encode()), monkeypatch, polars_reads=True)
    assert large == whole, padded
    cells, _ = large  # type: ignore[misc]
    row = cells[0][-1]
    assert (row["ethnic_origin"], row["clinical"], row["assignment_category"]) == (
        "A White - British",
        "Clinical",
        "Permanent",
    )
    assert cells[0][0]["ethnic_origin"] == "A White - British"
