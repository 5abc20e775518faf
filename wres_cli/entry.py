"""The console script's first step: catch SIGTERM and Ctrl-C before anything heavy is
imported (click, the CLI), so that a signal while wres starts is exit 130 and one line,
never Python's traceback nor a silent kill. The handler is installed here, not when the
package is imported, so that a program using wres as a library keeps its own."""

from __future__ import annotations

import signal
import sys

from wres_cli.errors import ExitCode, terminate

MESSAGE = "wres: interrupted; no output was left half-written\n"


def run() -> None:
    """``wres``: install the interrupt handler, then start the command line."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(signum, terminate)
    try:
        from wres_cli.cli import run as command_line
    except KeyboardInterrupt:
        sys.stderr.write(MESSAGE)
        sys.exit(int(ExitCode.INTERRUPTED))
    command_line()
