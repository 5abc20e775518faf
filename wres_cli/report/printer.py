"""HTML to PDF with WeasyPrint, in this process or in a printer process of its own.

A one-organisation PDF is mostly WeasyPrint: its import (a third of a second) and its
first page set-up come before any layout. ``Printer`` starts a process that pays for
them while this one analyses the data and draws the charts, then sends it the finished
HTML; the PDF comes back as bytes and this process writes it, as it writes every output.
This module imports nothing of the analysis (no Polars), so the printer starts small.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from wres_cli.errors import INTERRUPTS, OutputError


@dataclass(frozen=True)
class Metadata:
    """What the PDF says of itself (title, author, generator), as plain strings."""

    title: str
    author: str
    generator: str


def write_pdf(document: str, about: Metadata) -> bytes:
    """HTML to a tagged PDF (PDF/UA-1) with WeasyPrint; no date in it, so the same HTML
    gives the same bytes."""
    import logging

    import weasyprint
    from weasyprint.urls import URLFetcher

    from wres_cli.report import structure

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    # Charts are data URIs; anything else would be a fetch from outside: refused.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    rendered = weasyprint.HTML(string=document, url_fetcher=fetcher).render()
    rendered.metadata.title = about.title
    rendered.metadata.authors = [about.author]
    rendered.metadata.generator = about.generator
    rendered.metadata.created = None
    rendered.metadata.modified = None
    rendered.metadata.lang = "en-GB"
    output: bytes = rendered.write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=False, finisher=structure.finish
    )
    return output


WARM_UP = "<p>a <b>b</b> <i>c</i></p><svg width='8' height='8'><text>d</text></svg>"
"""A page laid out and drawn before the report arrives: it sets up fonts and the
stylesheets WeasyPrint keeps (about 0.1 s of the first render)."""


class PrinterFailed(OutputError):
    """The printer process ended without sending the PDF back (killed, out of memory):
    nothing is written, exit 4 as for any output that could not be made."""


class Printer:
    """A process that prints one PDF: started with ``with Printer() as printer`` before
    the report is drawn, given the HTML by ``printer.pdf``. Leaving the ``with`` block
    (an error, Ctrl-C, SIGTERM) ends it.

    It is a plain child process (``subprocess``, not ``multiprocessing``, whose start-up
    an interrupt can cut in half, leaving the child to print a traceback), in a process
    group of its own, so that a Ctrl-C at the terminal reaches this process alone and the
    one line about the interrupt is this one's. It reads the document on its standard
    input and answers on its standard output: a pipe to this process, never the user's
    standard output, which may be the PDF's (``-o -``). It imports the same wres_cli as
    this process (its folder first on the path), never one in the current folder."""

    def __init__(self) -> None:
        import subprocess
        import sys

        home = str(Path(__file__).resolve().parents[2])  # the folder holding wres_cli
        command = [sys.executable, "-P", "-c", _SERVE.format(home=home)]
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            process_group=0,
        )

    @property
    def pid(self) -> int:
        """The printer process's id."""
        return self._process.pid

    def pdf(self, document: str, about: Metadata) -> bytes:
        """``write_pdf(document, about)``, done by the printer process (once)."""
        request = pickle.dumps((document, about))
        try:
            answer, said = self._process.communicate(request)
        except OSError as err:  # a broken pipe: the printer has gone
            answer, said = b"", str(err).encode()
        if INTERRUPTS:  # a signal came while waiting: the printer is ended on leaving
            raise KeyboardInterrupt
        try:
            done, value = pickle.loads(answer)
        except Exception as err:  # nothing came back: the process died
            last = said.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise PrinterFailed(
                "the PDF could not be made: its printer process ended without it (exit code "
                f"{self._process.wait()}; out of memory?){': ' if last[0] else ''}{last[0]}; "
                "nothing was written"
            ) from err
        if not done:
            raise value
        pdf: bytes = value
        return pdf

    def close(self) -> None:
        """End the printer process, whatever it is doing."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._process.stdout, self._process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def __enter__(self) -> Printer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


_SERVE = (
    "import sys; sys.path.insert(0, {home!r}); from wres_cli.report.printer import serve; serve()"
)
"""The printer process's program (``python -P -c``: no current folder on its path)."""


@contextlib.contextmanager
def started(wanted: bool) -> Iterator[Printer | None]:
    """A printer process when ``wanted`` (a PDF is to be made), ended on leaving; None
    when not wanted, or when no process can be started here (a limit on processes, a
    sandbox): then the PDF is printed in this process, as before, only later."""
    if not wanted:
        yield None
        return
    try:
        printer = Printer()
    except OSError:
        yield None
        return
    with printer:
        yield printer


def serve() -> None:
    """The printer process: import and warm WeasyPrint, then print the one document it
    is sent on standard input; the PDF, or the exception to raise in the process that
    asked, goes back on standard output. Nothing here prints a traceback: a request that
    never comes (the command ended first) is the end of the work."""
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print goes to stderr
    with contextlib.suppress(Exception):  # only a warm-up: the real document will say
        write_pdf(WARM_UP, Metadata("", "", ""))
    request = sys.stdin.buffer.read()
    if not request:
        return
    try:
        document, about = pickle.loads(request)
        answer: tuple[bool, object] = (True, write_pdf(document, about))
    except BaseException as err:  # raised again in the process that asked (WeasyPrint's
        answer = (False, err)  # refusal of a URL, FatalURLFetchingError, is a BaseException
    try:
        reply = pickle.dumps(answer)
    except Exception as err:  # an exception that cannot be pickled
        reply = pickle.dumps((False, PrinterFailed(f"{type(err).__name__}: {err}")))
    with contextlib.suppress(OSError), channel:
        channel.write(reply)
