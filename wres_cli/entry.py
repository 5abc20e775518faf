"""The console script's first step: catch SIGTERM and Ctrl-C before anything heavy is
imported (click, the CLI), so that a signal while wres starts is exit 130 and one line,
never Python's traceback nor a silent kill. The handler is installed here, not when the
package is imported, so that a program using wres as a library keeps its own.

It also tunes Polars' allocator, which reads its settings once, when Polars is first
imported (``ALLOCATOR``)."""

from __future__ import annotations

import os
import signal
import sys

from wres_cli.errors import ExitCode, handled, terminate

MESSAGE = "wres: interrupted; no output was left half-written\n"

ALLOCATOR = "dirty_decay_ms:3000"
"""Polars' allocator (jemalloc) is set by Polars to hand freed memory back to the system
after half a second; a national extract's steps then fault the same memory in again one
after another (1.6 s of system time in a 4.5 s run). Kept three seconds, national
``wres analyse`` is 8% faster and the ESR-style one 9% (five paired runs each), for 60-80
MiB more at the peak (still under the 1.5 GB target). Given only when the user sets no
``_RJEM_MALLOC_CONF`` of their own; Polars appends it to its own settings, so it wins."""


def run() -> None:
    """``wres``: install the interrupt handler, then start the command line."""
    os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR)
    for signum in (signal.SIGTERM, signal.SIGINT):
        if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(signum, terminate)
    try:
        from wres_cli.cli import run as command_line
    except KeyboardInterrupt:
        handled()
        sys.stderr.write(MESSAGE)
        sys.exit(int(ExitCode.INTERRUPTED))
    command_line()
