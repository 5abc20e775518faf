"""Where the shipped ``schemas/``, ``templates/`` and ``reference/`` folders are.

In a wheel they live inside the package (``wres_cli/_data``); in a source checkout they
are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The shipped folder ``name`` (``schemas``, ``templates`` or ``reference``)."""
    shipped = _PACKAGE / "_data" / name
    return shipped if shipped.is_dir() else _PACKAGE.parent / name
