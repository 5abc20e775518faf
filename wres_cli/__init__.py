"""wres-cli: compute the NHS Workforce Race Equality Standard indicators.

The package is importable as a library; ``wres_cli.cli`` is a thin shell over it.
Heavy modules (polars, pydantic) are imported by the modules that need them, not here,
so that ``wres --help`` starts fast.
"""

__version__ = "0.1.0"
