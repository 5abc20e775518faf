"""Allow ``python -m wres_cli``."""

from wres_cli.entry import run

run()
