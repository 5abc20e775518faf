"""HTML to PDF with WeasyPrint, in this process or in a printer process of its own.

A one-organisation PDF is mostly WeasyPrint: its import (a third of a second) and its
first page set-up come before any layout. ``Printer`` starts a process that pays for
them while this one analyses the data and draws the charts, then sends it the finished
HTML; the PDF comes back as bytes and this process writes it, as it writes every output.
This module imports nothing of the analysis (no Polars), so the printer starts small.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import TYPE_CHECKING

from wres_cli.errors import INTERRUPTS, OutputError

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess


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
    (an error, Ctrl-C) ends it; it ignores Ctrl-C itself, so that the one line about the
    interrupt is this process's."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # never fork Polars' threads
        self._connection, theirs = context.Pipe()
        self._process: BaseProcess = context.Process(target=_serve, args=(theirs,), daemon=True)
        self._process.start()
        theirs.close()

    @property
    def pid(self) -> int:
        """The printer process's id."""
        return self._process.pid or 0

    def pdf(self, document: str, about: Metadata) -> bytes:
        """``write_pdf(document, about)``, done by the printer process (once)."""
        try:
            self._connection.send((document, about))
            done, value = self._connection.recv()
        except (EOFError, OSError) as err:
            if INTERRUPTS:  # the printer was stopped by the same signal as this process
                raise KeyboardInterrupt from err
            self._process.join(timeout=5)
            raise PrinterFailed(
                "the PDF could not be made: its printer process ended without it (exit code "
                f"{self._process.exitcode}; out of memory?); nothing was written"
            ) from err
        if not done:
            raise value
        pdf: bytes = value
        return pdf

    def close(self) -> None:
        """End the printer process, whatever it is doing."""
        self._connection.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=5)

    def __enter__(self) -> Printer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _serve(connection: Connection) -> None:
    """The printer process: import and warm WeasyPrint, then print the one document it is
    sent (its exception, if any, is sent back to be raised there)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.dup2(2, 1)  # never a byte on standard output, which may be the PDF's (-o -)
    with contextlib.suppress(Exception):  # only a warm-up: the real document will say
        write_pdf(WARM_UP, Metadata("", "", ""))
    try:
        document, about = connection.recv()
    except (EOFError, OSError):
        return  # the report was not needed after all (an error before it was drawn)
    try:
        answer: tuple[bool, object] = (True, write_pdf(document, about))
    except BaseException as err:  # raised again in the process that asked (WeasyPrint's
        answer = (False, err)  # refusal of a URL, FatalURLFetchingError, is a BaseException
    try:
        connection.send(answer)
    except Exception as err:  # an exception that cannot be pickled
        connection.send((False, PrinterFailed(f"{type(err).__name__}: {err}")))
