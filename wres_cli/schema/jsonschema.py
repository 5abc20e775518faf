"""JSON Schema documents generated from the models, and the check that the shipped ones are
current (``wres schema --write`` / ``--check``)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from wres_cli.errors import ExitCode
from wres_cli.schema.models import FILE_MODELS, WresToml
from wres_cli.schema.spec import column_specs

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def documents() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema: each input file, ``wres.toml``, and the analysis output."""
    docs: dict[str, dict[str, Any]] = {}
    for kind, model in FILE_MODELS.items():
        schema = model.model_json_schema(mode="validation")
        for spec in column_specs(model):
            schema["properties"][spec.name]["x-header-aliases"] = list(spec.aliases[1:])
        docs[f"{kind}.schema.json"] = {
            "$schema": DRAFT,
            "$id": f"https://wres-cli.invalid/schemas/{kind}.schema.json",
            "x-file-required": model.required,
            "x-unique": list(model.unique),
            "x-row-rules": [{"code": r.code, "message": r.message} for r in model.row_rules],
            **schema,
        }
    from wres_cli.schema.output import AnalysisDocument, AnalysisRun

    docs["analysis.schema.json"] = {
        "$schema": DRAFT,
        "$id": "https://wres-cli.invalid/schemas/analysis.schema.json",
        **AnalysisDocument.model_json_schema(by_alias=True, mode="serialization"),
    }
    docs["analysis-run.schema.json"] = {
        "$schema": DRAFT,
        "$id": "https://wres-cli.invalid/schemas/analysis-run.schema.json",
        **AnalysisRun.model_json_schema(by_alias=True, mode="serialization"),
    }
    from wres_cli.schema.comparison import ComparisonOut

    docs["comparison.schema.json"] = {
        "$schema": DRAFT,
        "$id": "https://wres-cli.invalid/schemas/comparison.schema.json",
        **ComparisonOut.model_json_schema(mode="serialization"),
    }
    docs["wres-toml.schema.json"] = {
        "$schema": DRAFT,
        "$id": "https://wres-cli.invalid/schemas/wres-toml.schema.json",
        **WresToml.model_json_schema(mode="validation"),
    }
    return docs


def dumps(doc: dict[str, Any]) -> str:
    """Stable text for a schema (sorted keys are not used: field order is meaningful)."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def stale(directory: Path) -> list[str]:
    """Names of schema files in ``directory`` that are missing or differ from the models."""
    out = []
    for name, doc in documents().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != dumps(doc):
            out.append(name)
    return out


def write(directory: Path) -> list[Path]:
    """Regenerate every schema file atomically; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, doc in documents().items():
        target = directory / name
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dumps(doc))
        Path(tmp).replace(target)
        written.append(target)
    return written


def command(
    fmt: str, write_files: bool, check: bool, directory: Path | None
) -> tuple[str, ExitCode]:
    """``wres schema``: what to print and the exit code (1 when --check finds stale files)."""
    from wres_cli import resources
    from wres_cli.schema.describe import contract_text

    directory = directory or resources.data_dir("schemas")
    if write_files:
        return "".join(f"wrote {path}\n" for path in write(directory)), ExitCode.OK
    if check:
        found = stale(directory)
        lines = [f"stale or missing: {directory / n} (run: wres schema --write)" for n in found]
        if found:
            return "\n".join(lines) + "\n", ExitCode.INVALID
        return f"{directory}: all schema files are current\n", ExitCode.OK
    if fmt == "json":
        return dumps(documents()), ExitCode.OK
    return contract_text() + "\n", ExitCode.OK
