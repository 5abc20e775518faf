"""Results for the terminal: validation as text, JSON or GitHub annotations; analysis as text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from wres_cli.escape import printable
from wres_cli.issues import Issue, Severity
from wres_cli.validate import ValidationResult

if TYPE_CHECKING:
    from wres_cli.indicators.definitions import LikelihoodDefinition
    from wres_cli.numbers import MaskedRow, Suppression
    from wres_cli.pipeline import Analysis
    from wres_cli.schema.output import GroupShare, Trend

from wres_cli.schema.output import (
    BoardRepresentation,
    NotCalculable,
    NotProvided,
    RelativeLikelihood,
    Representation,
    Survey,
)

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
    return f"{result.folder.rstrip('/')}/{issue.file}"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def analysis_text(analysis: Analysis) -> str:
    """The readable terminal table: one block per indicator, 100 columns wide at most."""
    from wres_cli.indicators.definitions import ALL, LikelihoodDefinition
    from wres_cli.numbers import Suppression

    hide = Suppression(analysis.suppress_below)
    out: list[str] = []
    for doc in analysis.documents:
        name = printable(doc.organisation.name or doc.organisation.code or "Organisation", 100)
        code = (
            f" ({doc.organisation.code})" if doc.organisation.code and doc.organisation.name else ""
        )
        out += ["=" * 100, f"{name}{code} - WRES {doc.reporting_year or ''}".rstrip(), "=" * 100]
        out.append(
            "Display values rounded (ratios 2 dp, % 1 dp). "
            "Unknown ethnicity is shown, never in a ratio."
        )
        if hide.active():
            out.append(
                f"Publication mode: counts below {hide.below} shown as {hide.mark}; "
                "* = hidden so that a small count cannot be worked out."
            )
        for definition in ALL:
            result = doc.indicators[definition.number]
            out += ["", f"Indicator {definition.number}  {definition.title}"]
            if isinstance(result, NotProvided | NotCalculable):
                out.append(f"  {result.status}: {result.reason}")
            elif isinstance(result, Representation):
                out += _representation(result, hide)
            elif isinstance(result, RelativeLikelihood):
                assert isinstance(definition, LikelihoodDefinition)
                out += _likelihood(result, definition, hide)
            elif isinstance(result, Survey):
                out += _survey(result)
            elif isinstance(result, BoardRepresentation):
                out += _board(result, hide)
        warnings = doc.validation.warnings
        if warnings:
            out += ["", f"Warnings ({len(warnings)}):"]
            out += [f"  {w.file}: {w.message}" for w in warnings]
        out.append("")
    return "\n".join(out)


def _group_cells(shares: list[GroupShare], masked: MaskedRow) -> str:
    from wres_cli.numbers import pct

    cells = [
        f"{masked.cells[i]:>6} {('suppressed' if i in masked.hidden else pct(s.percent)):>10}"
        for i, s in enumerate(shares)
    ]
    return " ".join(cells) + f" {masked.total:>8}"


def _representation(result: Representation, hide: Suppression) -> list[str]:
    from wres_cli.numbers import mask_representation

    masked, overall = mask_representation(result, hide)
    groups = "".join(f"{g:>17}" for g in ("White", "BME", "Unknown"))
    lines = [f"  {'band':<30}{groups}{'Total':>9}"]
    cluster = ""
    for row, shown in zip(result.rows, masked, strict=True):
        if row.cluster != cluster:
            cluster = row.cluster
            lines.append(f"  {cluster.capitalize()} staff")
        shares = [row.white, row.bme, row.unknown]
        lines.append(f"    {row.band:<28}{_group_cells(shares, shown)}")
    o = result.overall
    lines.append(f"  {'All staff':<30}{_group_cells([o.white, o.bme, o.unknown], overall)}")
    lines += _trend(result.trend, {"bme_percent": "BME %", "unknown_percent": "Unknown %"})
    return lines


def _likelihood(
    result: RelativeLikelihood, definition: LikelihoodDefinition, hide: Suppression
) -> list[str]:
    from wres_cli.numbers import pct, ratio

    top, ref = definition.top.value, definition.ref.value
    lines = [
        f"  RL = likelihood({top}) / likelihood({ref}); above 1 means BME "
        f"{'staff' if definition.subject == 'staff' else definition.subject} fare worse",
        f"  {'group':<10}{definition.short_numerator:>14}{definition.short_denominator:>14}"
        f"{'likelihood':>12}",
    ]
    for label, part in (("White", result.white), ("BME", result.bme), ("Unknown", result.unknown)):
        num, den = hide.row([part.numerator])[0], hide.row([part.denominator])[0]
        like = hide.derived(
            pct(None if part.likelihood is None else 100 * part.likelihood),
            part.numerator,
            part.denominator,
        )
        lines.append(f"  {label:<10}{num:>14}{den:>14}{like:>12}")
    counts = (
        result.white.numerator,
        result.white.denominator,
        result.bme.numerator,
        result.bme.denominator,
    )
    if result.relative_likelihood is None:
        lines.append(f"  Relative likelihood: not calculable ({result.reason})")
    else:
        value = hide.derived(ratio(result.relative_likelihood), *counts)
        ci = ""
        if result.ci95 and value != "suppressed":
            method = "Katz log" if result.ci_method == "katz-log" else "Miettinen-Nurminen score"
            sig = "significant" if result.significant else "not significant"
            ci = (
                f" (95% CI {ratio(result.ci95[0])} to {ratio(result.ci95[1])}, {method}, "
                f"{sig}; project addition)"
            )
        lines.append(f"  Relative likelihood {value}{ci}")
        lines.append(
            f"  Assessment: {result.assessment} (NHS England non-adverse range 0.80 to 1.25)"
        )
    if result.window_years == 2:
        lines.append("  Two-year rolling average: this year and last year pooled.")
    if hide.derived("shown", *counts) == "shown":
        lines += _trend(
            result.trend, {"relative_likelihood": "relative likelihood"}, ratio_values=True
        )
    return lines


def _survey(result: Survey) -> list[str]:
    from wres_cli.numbers import pct, pp

    lines = [f"  {'group':<10}{'respondents':>14}{'percent':>10}"]
    for label, part in (("White", result.white), ("BME", result.bme)):
        if part is None:
            lines.append(f"  {label:<10}{'not provided':>24}")
        else:
            lines.append(f"  {label:<10}{part.respondents:>14,}{pct(part.percent):>10}")
    lines.append(f"  Difference (BME minus White): {pp(result.difference_pp)}")
    lines += _trend(result.trend, {"white_percent": "White %", "bme_percent": "BME %"})
    return lines


def _board(result: BoardRepresentation, hide: Suppression) -> list[str]:
    from wres_cli.numbers import mask_board, pct, pp

    groups = "".join(f"{g:>17}" for g in ("White", "BME", "Unknown"))
    lines = [
        f"  Workforce BME: {pct(result.workforce_bme_percent)}",
        f"  {'board':<19}{groups}{'Total':>9}{'vs workforce':>14}",
    ]
    masked = mask_board(result, hide)
    for name in ("total", "voting", "executive", "non_executive"):
        subset = getattr(result.board, name)
        cells = _group_cells([subset.white, subset.bme, subset.unknown], masked[name])
        diff = "suppressed" if 1 in masked[name].hidden else pp(subset.difference_pp)
        label = name.replace("_", "-") + (" (headline)" if name == "voting" else "")
        lines.append(f"  {label:<19}{cells}{diff:>14}")
        if name == "voting" and diff == "suppressed":
            result = result.model_copy(update={"trend": None})
    lines += _trend(
        result.trend, {"voting_difference_pp": "voting members vs workforce"}, pp_values=True
    )
    return lines


def _trend(
    trend: Trend | None,
    labels: dict[str, str],
    *,
    ratio_values: bool = False,
    pp_values: bool = False,
) -> list[str]:
    """'Last year (2024): ...; change ...' for the headline values."""
    from wres_cli.numbers import pct, pp, ratio

    if trend is None:
        return []
    parts = []
    for key, label in labels.items():
        before, change = trend.previous.get(key), trend.change.get(key)
        if ratio_values:
            parts.append(f"{label} {ratio(before)} (change {_signed(change, 2)})")
        elif pp_values:
            parts.append(f"{label} {pp(before)} (change {pp(change)})")
        else:
            parts.append(f"{label} {pct(before)} (change {pp(change)})")
    return [f"  Last year ({trend.reporting_year}): " + "; ".join(parts)]


def _signed(value: float | None, places: int) -> str:
    from wres_cli.numbers import DASH
    from wres_cli.stats import round_half_away

    return DASH if value is None else f"{round_half_away(value, places):+.{places}f}"
