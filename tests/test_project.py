"""Project-level guarantees: schemas current, docs complete, lint and types clean, fast help."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wres_cli.issues import RULES
from wres_cli.schema import jsonschema

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_shipped_schemas_are_current() -> None:
    stale = jsonschema.stale(ROOT / "schemas")
    assert not stale, f"run `wres schema --write`; stale: {stale}"


def test_every_rule_code_is_documented() -> None:
    documented = set(
        re.findall(r"^\| `([a-z0-9-]+)` \|", (ROOT / "docs/errors.md").read_text(), re.M)
    )
    assert set(RULES) - documented == set(), "rule codes missing from docs/errors.md"
    assert documented - set(RULES) == set(), "docs/errors.md names rule codes the tool lacks"


def test_changelog_has_unreleased_section() -> None:
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} not installed")
    return found


def test_ruff_clean() -> None:
    run = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    run = subprocess.run(
        [_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_clean() -> None:
    run = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_help_does_not_import_heavy_libraries() -> None:
    """`wres --help` must start fast: polars, pydantic and numpy load inside commands."""
    code = (
        "import sys; from wres_cli.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('polars', 'pydantic', 'numpy', 'fastexcel', 'jinja2') "
        "if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_no_import_cycle() -> None:
    """The modules import one way (load -> validate -> classify -> prepare -> compute ->
    present): no cycle, counting every import, lazy ones in functions and type-only ones
    included."""
    import ast

    package = ROOT / "wres_cli"
    modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
        for p in package.rglob("*.py")
    }

    def imported(path: Path) -> set[str]:
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{a.name}" for a in node.names]
                found |= {n for n in names if n in modules} or {node.module}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        return {m for m in found if m in modules}

    graph = {name: imported(path) - {name} for name, path in modules.items()}
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        trail.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycle = [*trail[trail.index(other) :], other]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other)
        trail.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
