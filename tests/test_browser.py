"""The HTML report in a real headless Chromium (tests/browser/check.js, puppeteer-core
and axe-core): no sideways page scroll on a 390 px phone nor at 1280 px, 16 px body
text, a <main> landmark, a contents list whose links all land, alt text that does not
repeat the caption, and no axe-core WCAG 2.2 AA violation. Skipped, saying why, only
where Chromium or the npm packages are absent (.ci/run installs both)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from wres_cli.pipeline import analyse
from wres_cli.report import render

ROOT = Path(__file__).resolve().parent.parent
HARNESS = Path(__file__).parent / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.skipif(
        not (HARNESS / "node_modules" / "puppeteer-core").is_dir() or shutil.which("node") is None,
        reason="node or the npm packages are missing (cd tests/browser && npm ci)",
    ),
]


def _check(html: bytes, tmp: Path) -> dict[str, Any]:
    page = tmp / "report.html"
    page.write_bytes(html)
    shots = tmp / "shots"
    shots.mkdir()
    done = subprocess.run(
        ["node", str(HARNESS / "check.js"), str(page), str(shots), str(CHROMIUM)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, Any] = json.loads(done.stdout)
    assert (shots / "report-390.png").stat().st_size > 10_000  # something was drawn
    return found


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = {}
    for name, folder, standard in (
        ("wres", ROOT / "sample_data", "wres"),
        ("wdes", ROOT / "sample_data", "wdes"),
        ("real", ROOT / "tests" / "data" / "real_exports" / "clean", "wres"),
    ):
        html = render(analyse([folder], standard_name=standard), "html")
        out[name] = _check(html, tmp_path_factory.mktemp(name))
    return out


@pytest.mark.parametrize("report", ["wres", "wdes", "real"])
@pytest.mark.parametrize("width", ["390", "1280"])
def test_no_sideways_page_scroll(checked: dict[str, Any], report: str, width: str) -> None:
    seen = checked[report][width]
    assert seen["scrollWidth"] <= seen["clientWidth"], seen["wide"]
    assert seen["wide"] == []


@pytest.mark.parametrize("report", ["wres", "wdes", "real"])
@pytest.mark.parametrize("width", ["390", "1280"])
def test_axe_finds_no_wcag_22_aa_violation(
    checked: dict[str, Any], report: str, width: str
) -> None:
    assert checked[report][width]["violations"] == []


@pytest.mark.parametrize("report", ["wres", "wdes"])
def test_landmarks_text_size_and_contents(checked: dict[str, Any], report: str) -> None:
    seen = checked[report]["390"]
    assert seen["main"] == 1
    assert seen["bodyFont"] == "16px"
    assert seen["paragraphFont"] == "16px"
    assert len(seen["links"]) >= 12  # summary, every indicator, the appendices
    assert seen["missing"] == []


@pytest.mark.parametrize("report", ["wres", "wdes"])
def test_alt_text_does_not_repeat_the_caption(checked: dict[str, Any], report: str) -> None:
    figures = checked[report]["1280"]["figures"]
    assert figures
    for figure in figures:
        assert figure["alt"] and figure["caption"]
        assert figure["alt"].strip() != figure["caption"].strip()


def test_the_comparison_page_on_a_phone_and_a_desktop(tmp_path: Path) -> None:
    """``wres compare``'s HTML: the same checks as the report's, at both widths."""
    from wres_cli.comparison import compare
    from wres_cli.report import comparison
    from wres_cli.sample import write_sample

    write_sample(tmp_path / "extract", seed=5, staff=300, organisations=8, years=(2024, 2025))
    html = comparison.render(compare([tmp_path / "extract"]), "html")
    seen = _check(html, tmp_path)
    for width in ("390", "1280"):
        page = seen[width]
        assert page["scrollWidth"] <= page["clientWidth"] and page["wide"] == []
        assert page["violations"] == []
        assert page["main"] == 1 and page["missing"] == [] and page["bodyFont"] == "16px"
        assert len(page["figures"]) >= 9
