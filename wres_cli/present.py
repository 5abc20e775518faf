"""Validation results as terminal text, JSON, or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

from wres_cli.validate import Issue, Severity, ValidationResult

SHOWN_PER_RULE = 5


def text(results: Sequence[ValidationResult]) -> str:
    """Readable summary: per file and rule, the first rows and a count of the rest."""
    out: list[str] = []
    for result in results:
        status = "valid" if result.valid else "INVALID"
        out.append(
            f"{result.folder}: {status} — {len(result.errors)} error(s), "
            f"{len(result.warnings)} warning(s)"
        )
        for summary in result.files:
            out.append(
                f"  {summary.kind:<13} {summary.path.rsplit('/', 1)[-1]:<22} "
                f"{summary.rows:>9,} rows read, {summary.used_rows:>9,} used ({summary.encoding})"
            )
        for severity in Severity:
            issues = [i for i in result.issues if i.severity is severity]
            if not issues:
                continue
            out.append(f"  {severity.value}s:")
            key = lambda i: (i.file, i.rule, i.column or "")  # noqa: E731
            for _, group in groupby(sorted(issues, key=key), key=key):
                items = list(group)
                out += [f"    {i.one_line()}" for i in items[:SHOWN_PER_RULE]]
                rest = items[SHOWN_PER_RULE:]
                if rest:
                    rows = sum(i.count for i in rest)
                    out.append(f"    ... and {rows} more row(s) like this [{items[0].rule}]")
    return "\n".join(out)


def as_json(results: Sequence[ValidationResult]) -> str:
    """Every issue; one object for one folder, a list for several."""
    docs = [r.to_dict() for r in results]
    return json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, ensure_ascii=False)


def github(results: Sequence[ValidationResult]) -> str:
    """``::error file=…,line=…,title=…::message`` lines for GitHub Actions."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for result in results:
        for issue in result.issues:
            props = [f"file={_escape_property(_path(result, issue))}"]
            if issue.line is not None:
                props.append(f"line={issue.line}")
            props.append(f"title={_escape_property(issue.rule)}")
            message = (
                issue.message if not issue.column else f'column "{issue.column}": {issue.message}'
            )
            lines.append(f"::{level[issue.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines)


def _path(result: ValidationResult, issue: Issue) -> str:
    return f"{result.folder.rstrip('/')}/{issue.file}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
