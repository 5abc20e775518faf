"""Allow ``python -m wres_cli``."""

from wres_cli.cli import run

run()
