"""``wres.toml``: parsed and checked, every problem located by its line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pydantic

from wres_cli.issues import Issue
from wres_cli.load.files import _read_small
from wres_cli.schema.models import FILE_MODELS, WresToml
from wres_cli.schema.spec import column_specs, normalise_header


def _read_config(folder: Path, issues: list[Issue]) -> tuple[WresToml, str]:
    """wres.toml as a model, and its text (for line numbers); defaults when absent or bad."""
    path = folder / "wres.toml"
    read = _read_small(path, issues)
    if read is None:
        return WresToml(), ""
    text = ""
    raw = read
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        issues.append(
            Issue(
                "config-syntax",
                path.name,
                f"byte 0x{raw[err.start]:02X} is not UTF-8; save wres.toml as UTF-8",
                line=raw.count(b"\n", 0, err.start) + 1,
            )
        )
        return WresToml(), ""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as err:
        if isinstance(err, RecursionError):
            err = tomllib.TOMLDecodeError("nested too deeply")
        where = re.search(r"line (\d+), column (\d+)", str(err))
        issues.append(
            Issue(
                "config-syntax",
                path.name,
                f"not valid TOML: {str(err).split(' (at')[0]}",
                line=int(where.group(1)) if where else None,
                column=f"character {where.group(2)}" if where else None,
            )
        )
        return WresToml(), text
    try:
        config = WresToml.model_validate(data)
    except pydantic.ValidationError as err:
        seen: set[tuple[str | int, ...]] = set()
        for e in err.errors():
            # a union (a file name or a table) reports each branch: name the key once
            loc = tuple(
                p for p in e["loc"] if not (isinstance(p, str) and ("[" in p or p[:1].isupper()))
            )
            if loc in seen:
                continue
            seen.add(loc)
            key = ".".join(str(p) for p in loc)
            issues.append(
                Issue(
                    "config-invalid",
                    path.name,
                    f"{key}: {e['msg']}",
                    line=_toml_line(text, loc),
                    value=str(e["input"])[:80],
                )
            )
        return WresToml(), text
    for kind, mapping in config.columns.items():
        known = [s.name for s in column_specs(FILE_MODELS[kind])]
        for key in sorted(set(mapping) - set(known)):
            issues.append(
                Issue(
                    "config-invalid",
                    path.name,
                    f"[columns.{kind}] {key}: no such column; columns are {', '.join(known)}",
                    line=_toml_line(text, ("columns", kind, key)),
                    value=key,
                )
            )
        by_header: dict[str, list[str]] = {}
        for key, header in mapping.items():
            by_header.setdefault(normalise_header(header), []).append(key)
        for keys in by_header.values():
            if len(keys) > 1:
                issues.append(
                    Issue(
                        "config-invalid",
                        path.name,
                        f"[columns.{kind}] {' and '.join(keys)} are both mapped to "
                        f'"{mapping[keys[0]]}": one header can be one column only',
                        line=_toml_line(text, ("columns", kind, keys[1])),
                        value=mapping[keys[1]],
                    )
                )
    for kind, columns in config.values.items():
        known = [s.name for s in column_specs(FILE_MODELS[kind])]
        for key in sorted(set(columns) - set(known)):
            issues.append(
                Issue(
                    "config-invalid",
                    path.name,
                    f"[values.{kind}.{key}]: no such column; columns are {', '.join(known)}",
                    line=_toml_line(text, ("values", kind, key)),
                    value=key,
                )
            )
    return config, text


def _toml_line(text: str, loc: tuple[str | int, ...]) -> int | None:
    """Line of the key a validation error points at (``options.x``: ``x =`` under ``[options]``)."""
    keys = [k for k in loc if isinstance(k, str) and k != "[key]"]
    table: list[str] = []
    best: tuple[int, int] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            table = _toml_key(stripped.strip("[]"))
            path = table
        elif match := re.match(r"\s*([^=#\[]+?)\s*=", line):
            path = [*table, *_toml_key(match.group(1))]
        else:
            continue
        if path == keys[: len(path)] and (best is None or len(path) > best[0]):
            best = (len(path), number)
    return best[1] if best else None


def _toml_key(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in dotted.split(".")]
