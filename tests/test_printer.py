"""The PDF printer process: the same bytes as printing here, the document's errors raised
here, a killed printer one line and exit 4, and nothing of it left after an interrupt."""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wres_cli.errors import ExitCode, OutputError
from wres_cli.report.printer import Metadata, Printer, PrinterFailed, write_pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
ABOUT = Metadata("A title", "An author", "wres-cli test")
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    b'<rect width="30" height="10"/><text y="18">7%</text></svg>'
)
DOCUMENT = (
    "<!doctype html><html lang='en-GB'><head><title>t</title></head><body>"
    "<h1>Indicator 2</h1><table><tr><th scope='col'>Group</th><th>Rate</th></tr>"
    "<tr><td>White</td><td>12.5%</td></tr></table>"
    f"<img alt='a chart' src='data:image/svg+xml;base64,{base64.b64encode(SVG).decode()}'>"
    "</body></html>"
)


def test_printer_gives_the_bytes_printed_here() -> None:
    here = write_pdf(DOCUMENT, ABOUT)
    with Printer() as printer:
        there = printer.pdf(DOCUMENT, ABOUT)
    assert there.startswith(b"%PDF-") and there.rstrip().endswith(b"%%EOF")
    assert there == here


def test_printer_raises_what_printing_here_raises() -> None:
    outside = DOCUMENT.replace("data:image/svg+xml;base64,", "http://example.invalid/x?", 1)
    with pytest.raises(BaseException) as here:  # WeasyPrint's FatalURLFetchingError is one
        write_pdf(outside, ABOUT)
    with Printer() as printer, pytest.raises(type(here.value)) as there:
        printer.pdf(outside, ABOUT)
    assert str(there.value) == str(here.value)


def test_a_killed_printer_is_an_output_error() -> None:
    with Printer() as printer:
        os.kill(printer.pid, signal.SIGKILL)
        with pytest.raises(PrinterFailed) as failed:
            printer.pdf(DOCUMENT, ABOUT)
    assert isinstance(failed.value, OutputError)
    assert failed.value.exit_code == ExitCode.OUTPUT
    assert f"exit code -{int(signal.SIGKILL)}" in str(failed.value)
    assert "nothing was written" in str(failed.value)


def test_pdf_on_standard_output_is_the_pdf_alone(tmp_path: Path) -> None:
    """``-o -``: standard output is the PDF's bytes and nothing else (the printer process
    shares it, and writes nothing there)."""
    done = subprocess.run(
        [sys.executable, "-m", "wres_cli", "report", str(SAMPLE), "--format", "pdf", "-o", "-"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.startswith(b"%PDF-"), done.stdout[:80]
    assert done.stdout.rstrip().endswith(b"%%EOF")
    assert not list(tmp_path.iterdir())


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                status = (entry / "status").read_text()
                if f"\nPPid:\t{pid}\n" in status:
                    found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_interrupted_pdf_leaves_no_printer_behind(tmp_path: Path) -> None:
    """SIGTERM while the printer process is up: exit 130, no PDF, and within seconds no
    process the report started is still running."""
    out = tmp_path / "out.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-m", "wres_cli", "report", str(SAMPLE), "-o", str(out)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        children: set[int] = set()
        deadline = time.monotonic() + 20
        while not children and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            children = _children(proc.pid)
        assert children, "no printer process was seen"
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    assert "Traceback" not in stderr
    assert proc.returncode == 130, stderr
    assert not out.exists()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in children if _running(pid)]


def test_no_printer_process_prints_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no process can be started (a limit on processes, a sandbox), the report is
    printed in this process: the same PDF, exit 0."""
    from click.testing import CliRunner

    from wres_cli.cli import main

    started = CliRunner().invoke(main, ["report", str(SAMPLE), "-o", str(tmp_path / "a.pdf")])
    assert started.exit_code == 0, started.output
    real = subprocess.Popen
    asked: list[str] = []

    def refused(command: list[str], **options: object) -> object:
        if "serve()" in command[-1]:  # the printer's program
            asked.append(command[-1])
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real(command, **options)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "Popen", refused)
    here = CliRunner().invoke(main, ["report", str(SAMPLE), "-o", str(tmp_path / "b.pdf")])
    assert here.exit_code == 0, here.output
    assert asked, "the printer was not asked for"
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes()
