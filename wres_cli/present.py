"""Results for the terminal: validation as text, JSON or GitHub annotations; analysis as text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from wres_cli.escape import json_text, printable
from wres_cli.issues import Issue, Severity
from wres_cli.validate import ValidationResult

if TYPE_CHECKING:
    from wres_cli.pipeline import Analysis

SHOWN_PER_RULE = 5


def text(results: Sequence[ValidationResult]) -> str:
    """Readable summary: per file and rule, the first rows and a count of the rest."""
    out: list[str] = []
    for result in results:
        status = "valid" if result.valid else "INVALID"
        out.append(
            f"{printable(result.folder)}: {status} — {len(result.errors)} error(s), "
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
    return json_text(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, ensure_ascii=False))


def validation(results: Sequence[ValidationResult], fmt: str, notices: bool = False) -> str:
    """Validation results in the format asked for: text, json or github."""
    if fmt == "json":
        return as_json(results)
    if fmt == "github":
        return github(results, notices)
    return text(results)


def github(results: Sequence[ValidationResult], notices: bool = False) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` lines for GitHub Actions: errors
    and warnings (information only with ``notices``), with the value as text shows it."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    lines = []
    for result in results:
        for issue in result.issues:
            if issue.severity is Severity.INFO and not notices:
                continue
            props = [f"file={_escape_property(_path(result, issue))}"]
            if issue.line is not None:
                props.append(f"line={issue.line}")
            if issue.column_letter:
                props.append(f"col={_column_number(issue.column_letter)}")
            props.append(f"title={_escape_property(issue.rule)}")
            message = (
                issue.message if not issue.column else f'column "{issue.column}": {issue.message}'
            )
            if issue.value is not None and issue.count == 1:
                message += f' (value "{printable(issue.value, 80)}")'
            text = _escape_data(printable(message, 500))
            lines.append(f"::{level[issue.severity]} {','.join(props)}::{text}")
    return "\n".join(lines)


def _column_number(letters: str) -> int:
    """A -> 1, Z -> 26, AA -> 27: GitHub's col is a number."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char.upper()) - 64
    return number


def _path(result: ValidationResult, issue: Issue) -> str:
    return printable(f"{result.folder.rstrip('/')}/{issue.file}")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def analysis_text(analysis: Analysis) -> str:
    """The readable terminal table: one block per indicator, 100 columns wide at most."""

    standard, hide = analysis.standard, analysis.suppression
    out: list[str] = []
    for doc in analysis.documents:
        name = printable(doc.organisation.name or doc.organisation.code or "Organisation", 100)
        code = (
            f" ({doc.organisation.code})" if doc.organisation.code and doc.organisation.name else ""
        )
        title = f"{name}{code} - {standard.title} {doc.reporting_year or ''}".rstrip()
        out += ["=" * 100, title, "=" * 100]
        out.append(
            "Display values rounded (ratios 2 dp, % 1 dp). "
            f"Unknown {standard.axis.noun} is shown, never in a ratio."
        )
        if hide.active():
            out.append(
                f"Publication mode: counts below {hide.below} shown as {hide.mark}; "
                "* = hidden so that a small count cannot be worked out."
            )
        for indicator in standard.indicators:
            out += ["", f"{standard.item} {indicator.key}  {indicator.title}"]
            result = doc.indicators[indicator.key]
            out += indicator.measure.text(result, indicator, standard.axis, hide)
        warnings = doc.validation.warnings
        if warnings:
            out += ["", f"Warnings ({len(warnings)}):"]
            out += [f"  {w.file}: {w.message}" for w in warnings]
        out.append("")
    return "\n".join(out)
