"""Hostile input, round two (issue 10): one black-box regression test per cause.

Every test starts from ``wres sample OUT --staff 200 --years 2025`` (a multi-organisation
extract for the batch cases), copied into ``tmp_path`` and changed in one way, and runs
the CLI: in-process through click's ``CliRunner`` where that is enough, as a real process
where one is needed (a FIFO that could block, a signal, a reader that could abort, a
resource limit). A real process is always ``python -m wres_cli`` with this interpreter
and the inherited environment, run from a temporary folder, so ``PYTHONPATH`` picks the
code under test::

    cd /tmp/wres-old && PYTHONPATH=/tmp/wres-old /work/main/.venv/bin/python -m pytest \\
        /work/main/tests/test_hostile.py -p no:cacheprovider

On code before the fix the /dev/null case replaces /dev/null by a file (the fixture
``dev_null_kept`` puts it back): run such code in a private /dev (``unshare -m`` with a
tmpfs on /dev). The section headings give the issue's point (1-11). A test marked
``xfail(strict=True, reason="BUG: ...")`` is a hole still open: it fails today and must
pass once fixed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import resource
import shutil
import signal
import stat
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner, Result

from wres_cli.cli import main

IS_ROOT = os.geteuid() == 0
SHEET = "xl/worksheets/sheet1.xml"
SURVEY = "staff_survey.xlsx"
CRASH_MARKS = ("Traceback", "panicked", "backtrace", "internal error")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters that must never leave the tool raw (C0 but tab and newline, DEL, C1, bidi)."""


# --------------------------------------------------------------------------- running wres


def invoke(*args: object) -> Result:
    """One in-process run; never a traceback."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def wres(
    *args: object, cwd: Path, timeout: float = 60, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """``wres`` as a real process (``python -m wres_cli``: PYTHONPATH chooses the code)."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "wres_cli", *(str(a) for a in args)],
        cwd=cwd,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )


def _cap_memory() -> None:  # pragma: no cover - runs in the child process
    four_gb = 4 << 30
    resource.setrlimit(resource.RLIMIT_AS, (four_gb, four_gb))


def no_crash(output: str) -> None:
    for mark in CRASH_MARKS:
        assert mark not in output, output[-3000:]


def error_line(output: str, name: str, rule: str) -> str:
    """The first error line naming ``name`` with ``rule`` (``first: ...`` lines too)."""
    pattern = re.compile(
        rf"^.*\b{re.escape(name)}(?::\d+)?(?:: column [^\n]*)?: error: .*\[{rule}\]$"
    )
    found = [line for line in output.split("\n") if pattern.match(line)]
    assert found, f"no {rule} error naming {name}:\n{output[-3000:]}"
    return found[0]


def leftovers(folder: Path) -> list[str]:
    """Temporary files of an atomic write left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and "tmp" in p.name)


# --------------------------------------------------------------------------- the sample


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "sample"
    result = invoke("sample", out, "--staff", "200", "--years", "2025")
    assert result.exit_code == 0, result.output
    return out / "2025"


@pytest.fixture(scope="session")
def pristine_multi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile-multi") / "sample"
    result = invoke("sample", out, "--staff", "40", "--organisations", "3", "--years", "2025")
    assert result.exit_code == 0, result.output
    return out / "2025"


@pytest.fixture
def folder(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of the valid sample: ``tmp_path/data/2025``."""
    return Path(shutil.copytree(pristine, tmp_path / "data" / "2025"))


@pytest.fixture
def multi(pristine_multi: Path, tmp_path: Path) -> Path:
    """A fresh copy of a three-organisation extract (codes R0A, R0B, R0C)."""
    return Path(shutil.copytree(pristine_multi, tmp_path / "data" / "2025"))


def read_rows(path: Path) -> tuple[list[list[str]], str]:
    raw = path.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "cp1252", raw.decode("cp1252")
    return list(csv.reader(io.StringIO(text, newline=""))), encoding


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def edit_column(path: Path, header: str, change: Callable[[list[str]], str]) -> None:
    """Every cell below ``header`` replaced by ``change(row)``."""
    rows, encoding = read_rows(path)
    index = rows[0].index(header)
    for row in rows[1:]:
        row[index] = change(row)
    write_rows(path, rows, encoding)


def set_cells(path: Path, header: str, values: dict[int, str]) -> None:
    """Cells below ``header`` set: row index (1 = the first data row, line 2) -> value."""
    rows, encoding = read_rows(path)
    index = rows[0].index(header)
    for i, value in values.items():
        rows[i][index] = value
    write_rows(path, rows, encoding)


def rewrite_xlsx(path: Path, edit: Callable[[str, bytes], bytes]) -> None:
    """The workbook with each part passed through ``edit(name, data)``."""
    source = path.read_bytes()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            new.writestr(info.filename, edit(info.filename, old.read(info)))


def set_toml(folder: Path, key: str, literal: str) -> None:
    """``key = literal`` in wres.toml, in place of the sample's line."""
    path = folder / "wres.toml"
    text, count = re.subn(rf"(?m)^{key} = .*$", lambda _: f"{key} = {literal}", path.read_text())
    assert count == 1, text
    path.write_text(text, encoding="utf-8")


# =========================================================================== 1. traversal


def recode(folder: Path, codes: dict[str, str]) -> None:
    """Organisation codes replaced in every file of a multi-organisation extract."""
    for path in folder.glob("*.csv"):
        rows, encoding = read_rows(path)
        index = rows[0].index("Organisation Code")
        for row in rows[1:]:
            row[index] = codes.get(row[index], row[index])
        write_rows(path, rows, encoding)
    strings = {f"<t>{a}</t>".encode(): f"<t>{escape(b)}</t>".encode() for a, b in codes.items()}

    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/sharedStrings.xml":
            for old, new in strings.items():
                data = data.replace(old, new)
        return data

    rewrite_xlsx(folder / SURVEY, edit)


def test_batch_codes_that_are_paths_are_refused(multi: Path, tmp_path: Path) -> None:
    """1. ``../../x`` and absolute paths as codes: bad-organisation-code, exit 1, nothing
    written anywhere (the report that used to be overwritten is intact)."""
    outside = tmp_path / "abs"
    outside.mkdir()
    recode(multi, {"R0A": "../../x", "R0B": "/abs/path", "R0C": str(outside / "path")})
    out = tmp_path / "a" / "b" / "out"
    out.mkdir(parents=True)
    overwritten = tmp_path / "a" / "x.html"  # where ../../x.html lands
    overwritten.write_text("an existing report")

    result = invoke("report", multi, "--per-organisation", "-o", out)
    assert result.exit_code == 1, result.output
    assert "[bad-organisation-code]" in result.output
    validated = invoke("validate", multi)
    assert validated.exit_code == 1
    error_line(validated.output, "workforce.csv", "bad-organisation-code")
    for code in ("../../x", "/abs/path"):
        assert f'(value "{code}")' in validated.output, validated.output
    assert overwritten.read_text() == "an existing report"
    assert list(out.iterdir()) == []
    assert list(outside.iterdir()) == []
    assert not Path("/abs/path.html").exists()


def test_write_batch_never_writes_outside_its_folder(tmp_path: Path) -> None:
    """1/9. The batch writer itself, given such codes: the others are written, nothing
    outside the folder, then one OutputError names every code it could not write."""
    from wres_cli.errors import OutputError
    from wres_cli.export import write_batch

    out = tmp_path / "a" / "b" / "out"
    out.mkdir(parents=True)
    overwritten = tmp_path / "a" / "x.html"
    overwritten.write_text("an existing report")
    outside = tmp_path / "abs"
    outside.mkdir()
    long_code = "R" * 300  # too long for a file name
    reports = [
        ("R9Z", b"first"),
        ("../../x", b"up"),
        ("/abs/path", b"root"),
        (str(outside / "path"), b"absolute"),
        (long_code, b"long"),
        ("RXX01", b"last"),
    ]
    with pytest.raises(OutputError) as caught:
        write_batch(out, iter(reports), "html", [])
    assert sorted(p.name for p in out.iterdir()) == ["R9Z.html", "RXX01.html"]
    assert (out / "R9Z.html").read_bytes() == b"first"
    assert (out / "RXX01.html").read_bytes() == b"last"
    assert overwritten.read_text() == "an existing report"
    assert list(outside.iterdir()) == []
    assert not Path("/abs/path.html").exists()
    message = str(caught.value)
    for code in ("../../x", "/abs/path", str(outside / "path"), long_code[:40]):
        assert code in message, message


def test_batch_never_follows_a_link_out_of_its_folder(multi: Path, tmp_path: Path) -> None:
    """1. Links planted in the -o folder under the reports' names never lead a report
    outside it (either the link is replaced or the report refused): the rest is written."""
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    victim = outside / "victim.html"
    victim.write_text("an existing report")
    (out / "R0A.html").symlink_to(victim)
    (out / "R0B.html").symlink_to(outside / "new.html")  # dangling: would create it
    result = invoke("report", multi, "--per-organisation", "-o", out)
    assert victim.read_text() == "an existing report"
    assert sorted(p.name for p in outside.iterdir()) == ["victim.html"]
    assert result.exit_code in (0, 4), result.output
    assert (out / "R0C.html").is_file()


# =========================================================================== 2. devices


@pytest.fixture
def dev_null_kept() -> Iterator[None]:
    """Should a regression replace /dev/null by a file, put the device back."""
    yield
    null = Path("/dev/null")
    if IS_ROOT and not stat.S_ISCHR(null.stat().st_mode):
        null.unlink()
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        null.chmod(0o666)


@pytest.mark.skipif(not IS_ROOT, reason="making and checking device nodes needs root")
@pytest.mark.parametrize(
    ("command", "where"),
    [("analyse", "own node"), ("analyse", "/dev/null"), ("report", "/dev/null")],
)
def test_output_onto_a_device_is_refused(
    folder: Path, tmp_path: Path, command: str, where: str, dev_null_kept: None
) -> None:
    """2. ``-o /dev/null`` (or any character device): exit 4, and the device is still one."""
    del dev_null_kept
    device = Path("/dev/null") if where == "/dev/null" else tmp_path / "null"
    if where == "own node":
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    before = device.stat()
    fmt = "json" if command == "analyse" else "html"
    result = invoke(command, folder, "--format", fmt, "-o", device)
    after = device.stat()
    assert stat.S_ISCHR(after.st_mode), f"{device} was replaced by a regular file"
    assert after.st_rdev == before.st_rdev
    assert result.exit_code == 4, result.output
    assert "not a regular file" in result.output
    assert not [p for p in device.parent.glob(f".{device.name}.*") if p.name.endswith(".tmp")]


def test_dash_is_standard_output(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2. ``-o -`` writes to standard output, never a file named '-'."""
    monkeypatch.chdir(tmp_path)
    analysed = invoke("analyse", folder, "--format", "json", "-o", "-")
    assert analysed.exit_code == 0, analysed.output
    assert json.loads(analysed.stdout)["indicators"]
    reported = invoke("report", folder, "--format", "html", "-o", "-")
    assert reported.exit_code == 0, reported.output
    assert reported.stdout.lstrip().lower().startswith("<!doctype html>")
    assert not (tmp_path / "-").exists()


# =========================================================================== 3. special inputs


def _dir(path: Path) -> None:
    path.mkdir()


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "gone.csv")


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _proc(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


SPECIAL_INPUTS = [
    pytest.param("training.csv", _dir, id="folder-training.csv"),
    pytest.param("training.csv", _dangling, id="dangling-link-training.csv"),
    pytest.param("training.csv", _loop, id="link-loop-training.csv"),
    pytest.param("training.csv", os.mkfifo, id="fifo-training.csv"),
    pytest.param("wres.toml", os.mkfifo, id="fifo-wres.toml"),
    pytest.param("narrative.md", os.mkfifo, id="fifo-narrative.md"),
    pytest.param("training.csv", _proc("/proc/self/status"), id="link-proc-self-status"),
    pytest.param(
        "training.csv",
        _proc("/proc/kmsg"),
        id="link-proc-kmsg",
        marks=pytest.mark.skipif(not Path("/proc/kmsg").exists(), reason="no /proc/kmsg"),
    ),
]


@pytest.mark.parametrize(("name", "make"), SPECIAL_INPUTS)
def test_input_that_is_no_regular_file_is_an_error(
    folder: Path, tmp_path: Path, name: str, make: Callable[[Path], None]
) -> None:
    """3. A folder, broken or looping link, FIFO or /proc link in place of an input: exit 3
    naming it (file-unreadable), never "not provided", never a hang (each run a process
    with a timeout: opening a FIFO would block forever)."""
    (folder / name).unlink()
    make(folder / name)
    for command in ("validate", "analyse"):
        proc = wres(command, folder, cwd=tmp_path, timeout=60)
        output = proc.stdout + proc.stderr
        no_crash(output)
        assert proc.returncode == 3, f"wres {command}: exit {proc.returncode}\n{output}"
        error_line(output, name, "file-unreadable")
        assert "not provided" not in output


def test_old_excel_file_is_named(folder: Path) -> None:
    """3. ``staff_survey.xls`` is refused as the old Excel format, never skipped."""
    (folder / SURVEY).unlink()
    (folder / "staff_survey.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0junk" * 200)
    for command in ("validate", "analyse"):
        result = invoke(command, folder)
        assert result.exit_code == 3, result.output
        line = error_line(result.output, "staff_survey.xls", "unsupported-format")
        assert "old Excel" in line and ".xlsx" in line
        assert "not provided" not in result.output


# =========================================================================== 4. privacy


def test_employee_numbers_in_the_ethnicity_column_never_reach_the_report(
    folder: Path, tmp_path: Path
) -> None:
    """4. An ethnicity column pasted over with employee numbers: the report holds none of
    them; the terminal names at most 5 values, masked (and the JSON none either)."""
    numbers: set[str] = set()

    def paste(row: list[str]) -> str:
        numbers.add(row[0])
        return row[0]

    rows, _ = read_rows(folder / "workforce.csv")
    assert rows[0][0] == "Employee Number"
    edit_column(folder / "workforce.csv", "Ethnic Origin", paste)
    assert len(numbers) > 100 and all(re.fullmatch(r"\d{8}", n) for n in numbers)

    def leaked(text: str) -> set[str]:
        return set(re.findall(r"(?<![\d.])\d{8}(?![\d.])", text)) & numbers

    html = tmp_path / "r.html"
    reported = invoke("report", folder, "-o", html)
    assert reported.exit_code == 0, reported.output
    assert leaked(html.read_text(encoding="utf-8")) == set()

    validated = invoke("validate", folder)
    assert validated.exit_code == 0, validated.output
    assert leaked(validated.output) == set()
    named = re.findall(r'\(value "([^"]*)"\) \[unrecognised-ethnicity\]', validated.output)
    assert 1 <= len(named) <= 5, validated.output
    as_json = invoke("validate", folder, "--format", "json")
    assert leaked(as_json.stdout) == set()


# =========================================================================== 5. resource limits


FAR_CELL = b'<row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row></sheetData>'


def _far(cell: bytes) -> Callable[[bytes], bytes]:
    return lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>")


def _prefixed(xml: bytes) -> bytes:
    """The sheet as the OpenXML SDK writes it (every element ``x:``-prefixed), far cell."""
    xml = xml.replace(b'<worksheet xmlns="', b'<worksheet xmlns:x="')
    xml = re.sub(rb"<(/?)(?!\?)(\w+)([ >/])", rb"<\1x:\2\3", xml)
    return xml.replace(
        b"</x:sheetData>",
        b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row></x:sheetData>',
    )


def _padded(xml: bytes) -> bytes:
    """A sheet over 64 MB of XML (whitespace between rows) with the far cell at its end."""
    return _far(FAR_CELL)(xml).replace(b"<sheetData>", b"<sheetData>" + b" " * (65 << 20))


FAR_CELLS = [
    pytest.param(_far(FAR_CELL), id="s-before-r"),
    pytest.param(
        _far(b"<row r='1048576'><c s='0' r='XFD1048576'><v>1</v></c></row>"),
        id="single-quotes",
    ),
    pytest.param(
        _far(b'<row r="1048576"><c r = "XFD1048576"><v>1</v></c></row>'),
        id="spaces-around-equals",
    ),
    pytest.param(
        _prefixed,
        id="x-prefixed-elements",
    ),
    pytest.param(
        _far(b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>'),
        id="lower-case-reference",
    ),
    pytest.param(
        _padded,
        id="sheet-over-64MB",
    ),
]


@pytest.mark.parametrize("edit", FAR_CELLS)
def test_far_cell_in_any_spelling_is_a_bad_workbook(
    folder: Path, tmp_path: Path, edit: Callable[[bytes], bytes]
) -> None:
    """5. One cell at XFD1048576, however the XML spells it: bad-workbook (exit 3), never an
    abort (a real process, its memory capped, as the fuzz suite's crash regressions)."""
    rewrite_xlsx(folder / SURVEY, lambda name, data: edit(data) if name == SHEET else data)
    proc = wres("validate", folder, cwd=tmp_path, preexec_fn=_cap_memory)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 3, f"exit {proc.returncode}\n{output[:3000]}"
    no_crash(output)
    error_line(output, SURVEY, "bad-workbook")


ZIP_BOMB_PART = (1 << 30) + (16 << 20)
"""Uncompressed bytes of the bomb's sheet: just over the 1 GB limit."""


@pytest.fixture(scope="session")
def zip_bomb(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's workbook with a sheet XML of 1.07 GB (whitespace), a few MB zipped;
    written in chunks so memory stays small."""
    path = tmp_path_factory.mktemp("bomb") / SURVEY
    chunk = b" " * (16 << 20)
    with (
        zipfile.ZipFile(pristine / SURVEY) as old,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new,
    ):
        for info in old.infolist():
            data = old.read(info)
            if info.filename != SHEET:
                new.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData>")
            with new.open(SHEET, "w", force_zip64=True) as handle:
                handle.write(head + b"<sheetData>")
                for _ in range(ZIP_BOMB_PART // len(chunk)):
                    handle.write(chunk)
                handle.write(tail)
    assert path.stat().st_size < 20 << 20
    return path


def lie_about_size(raw: bytes, name: str, size: int) -> bytes:
    """The zip with ``name``'s uncompressed size declared as ``size`` (in the central
    directory and, where it is a plain 32-bit field, the local header)."""
    data = bytearray(raw)
    encoded = name.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == encoded:
            assert struct.unpack_from("<I", data, at + 24)[0] != 0xFFFFFFFF
            struct.pack_into("<I", data, at + 24, size)
            offset = struct.unpack_from("<I", data, at + 42)[0]
            if struct.unpack_from("<I", data, offset + 22)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, offset + 22, size)
            return bytes(data)
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{name} not in the zip")


def test_zip_bomb_is_refused_quickly(folder: Path, tmp_path: Path, zip_bomb: Path) -> None:
    """5. A sheet that inflates past 1 GB: bad-workbook (exit 3) at once, no panic."""
    shutil.copyfile(zip_bomb, folder / SURVEY)
    started = time.monotonic()
    proc = wres("validate", folder, cwd=tmp_path, preexec_fn=_cap_memory)
    elapsed = time.monotonic() - started
    output = proc.stdout + proc.stderr
    assert proc.returncode == 3, f"exit {proc.returncode}\n{output[:3000]}"
    no_crash(output)
    assert "zip bomb" in error_line(output, SURVEY, "bad-workbook")
    assert elapsed < 20, f"{elapsed:.0f} s"


def test_zip_bomb_that_lies_about_its_size_is_refused(
    folder: Path, tmp_path: Path, zip_bomb: Path
) -> None:
    """5. The same bomb, its headers declaring the sheet 3,000 bytes: still bad-workbook."""
    (folder / SURVEY).write_bytes(lie_about_size(zip_bomb.read_bytes(), SHEET, 3000))
    proc = wres("validate", folder, cwd=tmp_path, preexec_fn=_cap_memory)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 3, f"exit {proc.returncode}\n{output[:3000]}"
    no_crash(output)
    error_line(output, SURVEY, "bad-workbook")


@pytest.mark.parametrize(
    "megabytes",
    [
        pytest.param(
            5,
            id="5MB",
        ),
        pytest.param(9, id="9MB"),
    ],
)
def test_huge_field_is_a_line_too_long(folder: Path, megabytes: int) -> None:
    """5. One field of several MB in a CSV: line-too-long (exit 3) on its line (8), never
    read whole (a 2 GB field passed the memory guard and met the OOM killer)."""
    set_cells(folder / "workforce.csv", "Org L3", {7: "x" * (megabytes * 1_000_000)})
    result = invoke("validate", folder)
    assert result.exit_code == 3, result.output[-2000:]
    assert ":8: error:" in error_line(result.output, "workforce.csv", "line-too-long")


def test_huge_organisation_name_is_refused_quickly(folder: Path, tmp_path: Path) -> None:
    """5. A 100,000-character organisation name: config-invalid (exit 1) before any PDF."""
    set_toml(folder, "organisation", '"' + "Northshire " * 10_000 + '"')
    started = time.monotonic()
    proc = wres("report", folder, "-o", tmp_path / "r.pdf", cwd=tmp_path, timeout=60)
    elapsed = time.monotonic() - started
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output[-2000:]
    assert "organisation" in error_line(output, "wres.toml", "config-invalid")
    assert elapsed < 20, f"{elapsed:.0f} s"
    assert not (tmp_path / "r.pdf").exists()
    assert len(output) < 5_000, "the name is cut in messages"


def test_huge_text_cell_is_refused(folder: Path) -> None:
    """5. A 100,000-character action (which kept the PDF busy): text-too-long, exit 1."""
    set_cells(folder / "actions.csv", "Action", {1: "x" * 100_000})
    result = invoke("validate", folder)
    assert result.exit_code == 1, result.output[-2000:]
    error_line(result.output, "actions.csv", "text-too-long")


# =========================================================================== 6. injection


EVIL_NAME = "North\x1b]0;pwned\x07\x1b[2J\x9b31m Trust\x00 \u202eevil\u2066"
"""An organisation name that sets the terminal title, clears the screen (ESC and the
8-bit CSI), carries a NUL and reverses the text after it (U+202E, U+2066)."""


def _evil(folder: Path) -> None:
    set_toml(folder, "organisation", json.dumps(EVIL_NAME))  # \\u escapes are TOML too


def test_control_and_bidi_characters_never_leave_raw(folder: Path, tmp_path: Path) -> None:
    """6. ESC, BEL, CSI, NUL, U+202E in the organisation name: escaped in the terminal
    text, the CSV, the XLSX and the HTML report."""
    _evil(folder)
    text = invoke("analyse", folder)
    assert text.exit_code == 0, text.output
    assert "North" in text.stdout
    assert UNSAFE.findall(text.stdout) == []

    for suffix in ("csv", "xlsx", "html"):
        target = tmp_path / f"x.{suffix}"
        command = "report" if suffix == "html" else "analyse"
        result = invoke(command, folder, "-o", target)
        assert result.exit_code == 0, result.output
        if suffix == "xlsx":
            with zipfile.ZipFile(target) as book:
                content = b"".join(book.read(n) for n in book.namelist() if n.endswith(".xml"))
            written = content.decode("utf-8")
            assert not re.search(r"_x00[01][0-9A-Fa-f]_", written), "an escaped control cell"
        else:
            written = target.read_text(encoding="utf-8")
        assert "North" in written, suffix
        assert UNSAFE.findall(written) == [], suffix


def test_control_and_bidi_characters_never_reach_the_pdf(folder: Path, tmp_path: Path) -> None:
    """6. The same name in the PDF report: its text holds no raw control or bidi character."""
    import pypdf

    _evil(folder)
    target = tmp_path / "r.pdf"
    result = invoke("report", folder, "-o", target)
    assert result.exit_code == 0, result.output
    text = "".join(page.extract_text() for page in pypdf.PdfReader(target).pages[:2])
    assert sorted(set(UNSAFE.findall(text))) == []
    assert "North" in text


def test_control_and_bidi_characters_in_cells_are_escaped_on_the_terminal(folder: Path) -> None:
    """6. The same characters in a staff file's cell: validate's text and github lines show
    them escaped."""
    value = "Qx\u202e hsitirB\u2066 \x9b2J"
    set_cells(folder / "workforce.csv", "Ethnic Origin", {2: value})
    for fmt in ("text", "github"):
        result = invoke("validate", folder, "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "Qx\\u202e hsitirB\\u2066 \\x9b2J" in result.output, fmt
        assert UNSAFE.findall(result.output) == [], fmt


def test_json_on_the_terminal_carries_no_raw_controls(folder: Path) -> None:
    """6. ``analyse --format json`` and ``validate --format json`` print to the terminal:
    the name and the cell value are \\u-escaped there (the JSON still reads the same)."""
    _evil(folder)
    value = "Qx\u202e hsitirB\u2066 \x9b2J"
    set_cells(folder / "workforce.csv", "Ethnic Origin", {2: value})
    analysed = invoke("analyse", folder, "--format", "json")
    assert analysed.exit_code == 0, analysed.output
    assert json.loads(analysed.stdout)["organisation"]["name"] == EVIL_NAME
    validated = invoke("validate", folder, "--format", "json")
    assert UNSAFE.findall(analysed.stdout) == []
    assert UNSAFE.findall(validated.stdout) == []


def test_folder_name_with_controls_is_escaped_on_the_terminal(
    pristine: Path, tmp_path: Path
) -> None:
    """6. A folder named with ESC, BEL and U+202E (an unpacked archive's): every line that
    names it shows them escaped."""
    folder = Path(shutil.copytree(pristine, tmp_path / "x\x1b]0;T\x07\u202e" / "2025"))
    outputs = [
        invoke("validate", folder).output,
        invoke("validate", folder, "--format", "github").output,
        invoke("analyse", folder, "-o", folder.parent / "a.json").output,
    ]
    for output in outputs:
        assert "wres:" in output or "2025" in output or "wrote" in output
        assert UNSAFE.findall(output) == [], output[:500]


# =========================================================================== 7. exit 70


def test_two_canonical_columns_on_one_header(folder: Path) -> None:
    """7. Two ``[columns]`` keys mapped to one header: config-invalid (exit 1), not 70."""
    with (folder / "wres.toml").open("a") as toml:
        toml.write('\n[columns.workforce]\nstaff_id = "Employee Number"\n')
        toml.write('ethnic_origin = "Employee Number"\n')
    for command in ("validate", "analyse"):
        result = invoke(command, folder)
        assert result.exit_code == 1, result.output
        assert "Employee Number" in error_line(result.output, "wres.toml", "config-invalid")


@pytest.mark.skipif(
    not IS_ROOT or shutil.which("setpriv") is None,
    reason="needs root and setpriv to drop the capability that reads any file",
)
@pytest.mark.parametrize("name", ["wres.toml", "narrative.md"])
def test_unreadable_settings_file_is_exit_3(folder: Path, tmp_path: Path, name: str) -> None:
    """7. ``wres.toml`` / ``narrative.md`` without read permission: file-unreadable, exit 3
    (run without CAP_DAC_OVERRIDE, so that root is refused as a user would be)."""
    (folder / name).chmod(0)
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    proc = subprocess.run(
        [*drop, sys.executable, "-m", "wres_cli", "validate", str(folder)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 3, output[-2000:]
    no_crash(output)
    assert "permission denied" in error_line(output, name, "file-unreadable")


@pytest.mark.parametrize(
    "option", [["--organisations", "5000"], ["--staff", "0"]], ids=["5000-organisations", "staff-0"]
)
def test_sample_options_out_of_range_are_usage_errors(tmp_path: Path, option: list[str]) -> None:
    """7. ``wres sample --organisations 5000`` / ``--staff 0``: exit 2, nothing written."""
    result = invoke("sample", tmp_path / "out", *option, "--years", "2025")
    assert result.exit_code == 2, result.output
    assert option[0] in result.output
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def _small_files() -> None:  # pragma: no cover - runs in the child process
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_xlsx_onto_a_full_disk_is_exit_4_without_traceback(folder: Path, tmp_path: Path) -> None:
    """7. ``--format xlsx`` when the disk fills (files capped at 4 KB): exit 4, one line,
    no traceback after it, nothing left."""
    out = tmp_path / "out"
    out.mkdir()
    proc = wres(
        "analyse", folder, "--format", "xlsx", "-o", out / "a.xlsx",
        cwd=tmp_path, preexec_fn=_small_files,
    )  # fmt: skip
    assert proc.returncode == 4, proc.stderr
    no_crash(proc.stdout + proc.stderr)
    assert "Exception ignored" not in proc.stderr, proc.stderr
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    "args", [["analyse"], ["analyse", "--format", "json", "-o", "-"]], ids=["text", "dash"]
)
def test_closed_standard_output_is_no_internal_error(
    folder: Path, tmp_path: Path, args: list[str]
) -> None:
    """7. Standard output closed by its reader: a failure (the output was not delivered),
    but no internal error and no traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = wres(args[0], folder, *args[1:], cwd=tmp_path, stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert "internal error" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode not in (0, 70), proc.stderr


def test_sample_onto_a_full_disk_is_exit_4(tmp_path: Path) -> None:
    """7. ``wres sample`` when the disk fills: an output error (exit 4), no internal error."""
    proc = wres(
        "sample", tmp_path / "out", "--staff", "200", "--years", "2025",
        cwd=tmp_path, preexec_fn=_small_files,
    )  # fmt: skip
    no_crash(proc.stdout + proc.stderr)
    assert proc.returncode == 4, proc.stderr


# =========================================================================== 8. interrupts


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_interrupted_report_exits_130_and_leaves_nothing(
    folder: Path, tmp_path: Path, signum: int
) -> None:
    """8. SIGTERM (or Ctrl-C) a second after ``wres report -o out.pdf`` starts: exit 130,
    no out.pdf, no ``.out.pdf.*.tmp``."""
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wres_cli", "report", str(folder), "-o", str(out / "out.pdf")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(1.0)
        assert proc.poll() is None, "the report finished before the signal: make it slower"
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    assert "Traceback" not in stderr
    if "wrote" in stderr:  # the signal came after the report was complete: it stands
        assert proc.returncode in (0, 130), f"exit {proc.returncode}\n{stderr}"
        assert [p.name for p in out.iterdir()] == ["out.pdf"]
        return
    assert proc.returncode == 130, f"exit {proc.returncode}\n{stderr}"
    assert list(out.iterdir()) == []


def test_an_interrupt_inside_exec_run_code_still_exits_130(folder: Path, tmp_path: Path) -> None:
    """8. A KeyboardInterrupt leaving code run by ``exec`` of a string (the dataclass
    decorator's methods, where a SIGTERM early in start-up lands) marks it unhandled in
    CPython, and ``python -m`` then killed itself with SIGINT after the one line: -2 to
    a parent. Caught and answered, it is exit 130."""
    (tmp_path / "interrupted_main.py").write_text(
        "import sys\n"
        "import wres_cli.pipeline\n"
        "wres_cli.pipeline.analyse = lambda *a, **k: exec('raise KeyboardInterrupt')\n"
        f"sys.argv = ['wres', 'analyse', {str(folder)!r}]\n"
        "from wres_cli import cli\n"
        "cli.run()\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "interrupted_main"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 130, (done.returncode, done.stderr)
    assert done.stderr == "wres: interrupted; no output was left half-written\n"


# =========================================================================== 9. partial batches


def test_batch_writes_every_report_it_can(multi: Path, tmp_path: Path) -> None:
    """9. The first organisation's report cannot be written (a folder stands in its
    place): the other two are written, then exit 4 with a summary naming R0A."""
    out = tmp_path / "out"
    (out / "R0A.html").mkdir(parents=True)
    result = invoke("report", multi, "--per-organisation", "-o", out)
    assert result.exit_code == 4, result.output
    assert sorted(p.name for p in out.iterdir()) == ["R0A.html", "R0B.html", "R0C.html"]
    assert (out / "R0A.html").is_dir()
    for code in ("R0B", "R0C"):
        assert (out / f"{code}.html").read_text(encoding="utf-8").lstrip().startswith("<!")
    summary = result.output.strip().split("\n")[-1]
    assert "R0A" in summary and "R0B" not in summary, summary
    assert leftovers(out) == []


# =========================================================================== 10. messages


def test_workbook_without_its_workbook_part(folder: Path) -> None:
    """10. A zip without ``xl/workbook.xml`` named .xlsx: the message names that part."""
    with zipfile.ZipFile(folder / SURVEY, "w") as book:
        book.writestr("word/document.xml", "<w:document/>")
    result = invoke("validate", folder)
    assert result.exit_code == 3, result.output
    assert "xl/workbook.xml" in error_line(result.output, SURVEY, "bad-workbook")


def test_old_xls_renamed_xlsx(folder: Path) -> None:
    """10. An old .xls (OLE signature) renamed .xlsx: the message says .xls."""
    (folder / SURVEY).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0junk" * 200)
    result = invoke("validate", folder)
    assert result.exit_code == 3, result.output
    assert ".xls " in error_line(result.output, SURVEY, "bad-workbook")
    assert "EOCD" not in result.output


@pytest.mark.parametrize(
    ("first_line", "separator"),
    [("sep=;\n", ";"), ("sep=,\n", ","), ("\ufeffsep=;\r\n", ";"), ("sep=|\n", "|")],
    ids=["semicolon", "comma", "bom-crlf", "pipe"],
)
def test_excel_sep_line_is_read(folder: Path, first_line: str, separator: str) -> None:
    """10. Excel's ``sep=;`` first line names the separator: read as Excel does, the same
    rows and columns as the plain file."""
    before = json.loads(invoke("validate", folder, "--format", "json").stdout)
    path = folder / "workforce.csv"
    rows, _ = read_rows(path)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\n").writerows(rows)
    body = buffer.getvalue()
    if "\r\n" in first_line:
        body = body.replace("\n", "\r\n")
    path.write_bytes((first_line + body).encode("utf-8"))
    result = invoke("validate", folder, "--format", "json")
    assert result.exit_code == 0, result.output
    after = json.loads(result.stdout)

    def workforce(doc: dict[str, Any]) -> tuple[Any, ...]:
        read = next(f for f in doc["files"] if f["kind"] == "workforce")
        return read["rows"], read["used_rows"], read["columns"]

    assert workforce(after) == workforce(before)


def test_utf16_without_bom_is_named(folder: Path) -> None:
    """10. A UTF-16-LE CSV without its byte order mark: undecodable, naming UTF-16."""
    path = folder / "workforce.csv"
    path.write_bytes(path.read_bytes().decode("utf-8-sig").encode("utf-16-le"))
    result = invoke("validate", folder)
    assert result.exit_code == 3, result.output
    assert "UTF-16" in error_line(result.output, "workforce.csv", "undecodable")


def test_cyrillic_lookalike_is_named(folder: Path) -> None:
    """10. A Cyrillic capital A (U+0410) in 'A White - British': the warning says Cyrillic."""
    path = folder / "workforce.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(
        text.replace(",A White - British,Band", ",\u0410 White - British,Band", 1),
        encoding="utf-8-sig",
    )
    result = invoke("validate", folder)
    assert result.exit_code == 0, result.output
    warned = [line for line in result.output.split("\n") if "[unrecognised-ethnicity]" in line]
    assert len(warned) == 1 and "Cyrillic" in warned[0], result.output


def test_reporting_year_as_a_string_is_refused(folder: Path) -> None:
    """10. ``reporting_year = "2025"``: config-invalid naming reporting_year."""
    set_toml(folder, "reporting_year", '"2025"')
    result = invoke("validate", folder)
    assert result.exit_code == 1, result.output
    assert "reporting_year" in error_line(result.output, "wres.toml", "config-invalid")


# =========================================================================== 11. CI contract


def with_a_warning(folder: Path) -> None:
    """The workforce without its assignment category: a warning (no-assignment-category),
    no error."""
    rows, encoding = read_rows(folder / "workforce.csv")
    index = rows[0].index("Assignment Category")
    write_rows(folder / "workforce.csv", [r[:index] + r[index + 1 :] for r in rows], encoding)


def test_strict_fails_on_warnings(folder: Path) -> None:
    """11. Warnings and no error: exit 0, and 1 with ``--strict``."""
    with_a_warning(folder)
    plain = invoke("validate", folder)
    assert plain.exit_code == 0 and "0 error(s)" in plain.output and "warning:" in plain.output
    assert invoke("validate", folder, "--strict").exit_code == 1


def test_github_annotations_carry_column_and_value(folder: Path) -> None:
    """11. ``--format github``: ``col=`` and the offending value, as text mode shows it."""
    set_cells(folder / "workforce.csv", "Clinical Status", {2: "Maybe"})
    result = invoke("validate", folder, "--format", "github")
    assert result.exit_code == 1, result.output
    line = next(x for x in result.output.split("\n") if "title=bad-clinical" in x)
    assert line.startswith(f"::error file={folder}/workforce.csv,line=3,col=4,"), line
    assert '(value "Maybe")' in line


def test_github_notices_only_when_asked(folder: Path) -> None:
    """11. Information lines are no ``::notice`` unless ``--notices``."""
    with_a_warning(folder)
    quiet = invoke("validate", folder, "--format", "github")
    assert quiet.exit_code == 0, quiet.output
    assert "::warning" in quiet.output and "::notice" not in quiet.output
    assert "::notice" in invoke("validate", folder, "--format", "github", "--notices").output


def test_two_year_window_without_last_year_is_usage_error(folder: Path) -> None:
    """11. ``--disciplinary-window-years 2`` and no 2024 folder: exit 2, naming it."""
    for command in ("analyse", "report"):
        extra = ["-o", folder.parent / "r.html"] if command == "report" else []
        result = invoke(command, folder, "--disciplinary-window-years", "2", *extra)
        assert result.exit_code == 2, result.output
        assert "2024" in result.output
