"""The WRES machine and terminal outputs on the committed sample, pinned byte for byte.

JSON (the public contract), the text table, the tidy CSV and the XLSX workbook of
`wres analyse` on sample_data/ (three years: results and trend) and on the realistic
export set: any change to a number, a label or an order shows up here. Rewrite with
`pytest --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wres_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SOURCES = {
    "sample": ROOT / "sample_data",
    "real_exports": ROOT / "tests" / "data" / "real_exports" / "clean",
}
FORMATS = ("json", "text", "csv", "xlsx")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_analyse_output_is_unchanged(
    source: str, fmt: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    out = tmp_path / f"out.{ {'text': 'txt'}.get(fmt, fmt) }"
    result = CliRunner().invoke(
        main, ["analyse", str(SOURCES[source]), "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    actual = out.read_bytes()
    golden = GOLDEN / f"{source}_analysis.{out.suffix.lstrip('.')}"
    if request.config.getoption("--update-golden"):
        golden.write_bytes(actual)
    assert golden.is_file(), "run pytest --update-golden and review tests/golden/"
    assert actual == golden.read_bytes()
