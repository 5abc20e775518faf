"""Classify: the raw values that name a group or a band, turned into the columns the
measures count by (a pipeline step between ``validate`` and ``prepare``).

Validation parses and checks what each file says; this step decides what it means:
``ethnic_group`` from the ethnic origin (Census 2021 codes and labels, group labels,
placeholders), ``disability_group`` from the disability answer, and, in the workforce,
``band`` (an indicator 1 row) from the pay band or grade and ``cluster`` (clinical or
non-clinical). Each value is classified once however many rows carry it; every value it
could not place is an issue with its count and first line (never a silent Unknown), and
a pay band it cannot place is an error. The text as read is dropped here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import polars as pl

from wres_cli import bands, disability, ethnicity
from wres_cli.issues import Issue
from wres_cli.limits import MAX_VALUES_SHOWN
from wres_cli.load import Table
from wres_cli.schema.compile import CellCheck
from wres_cli.schema.spec import LINE, ORG
from wres_cli.validate import DETAIL, RAW, Checked, mapped, mask, row_issues

__all__ = ["Classified", "classify", "classify_table"]


@dataclass(frozen=True)
class Classified:
    """One table classified: its frame with the group and band columns in place of the
    values they were read from, and the issues of values that could not be placed."""

    frame: pl.DataFrame
    issues: tuple[Issue, ...]


def classify(checked: Checked, done: Mapping[str, Classified] | None = None) -> Checked:
    """The checked frames with their group and band columns in place of the values they
    were read from (no later stage reads those, and they are the largest strings), and
    the issues of values that could not be placed after the earlier ones.

    ``done`` are the tables already classified one by one as they were checked (the
    pipeline does so as each file is read, so that a file's text is let go before the
    next is read): only the organisation codes, which span the files, remain."""
    issues = list(checked.issues)
    frames: dict[str, pl.DataFrame] = {}
    for kind, frame in checked.frames.items():
        one = done[kind] if done is not None else classify_table(checked.loaded.tables[kind], frame)
        issues += one.issues
        frames[kind] = one.frame
    return replace(checked, issues=tuple(issues), frames=_coded(frames))


def classify_table(table: Table, frame: pl.DataFrame) -> Classified:
    """One checked table's groups and bands (``classify`` for one table)."""
    issues: list[Issue] = []
    read: list[str] = []  # the values classified: their groups are carried on instead
    if RAW + "ethnic_origin" in frame.columns:
        frame = _with_ethnic_group(table, frame, issues)
        read.append("ethnic_origin")
    if RAW + "disability" in frame.columns:
        frame = _with_disability_group(table, frame, issues)
        read.append("disability")
    if table.kind == "workforce":
        frame = _with_band(frame)
        issues += _band_issues(table, frame)
        read += ["pay_band", "grade"]
    frame = frame.select(pl.exclude(f"^{RAW}.*$")).drop(read, strict=False)
    return Classified(frame, tuple(issues))


def _coded(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames with their organisation codes as one Polars Enum of the folder's codes
    in order (a 4-byte code a row, where the text took 16; they sort and compare as the
    text did): the largest column left on the national extract's 5 M applications."""
    given = [f[ORG].unique().drop_nulls() for f in frames.values() if ORG in f.columns]
    if not given:
        return frames
    codes = pl.Enum(sorted(set(pl.concat(given).to_list())))
    return {
        k: f.with_columns(pl.col(ORG).cast(codes)) if ORG in f.columns else f
        for k, f in frames.items()
    }


def _band_issues(table: Table, frame: pl.DataFrame) -> list[Issue]:
    found: list[Issue] = []
    for check in _band_checks(frame):
        bad = frame.filter(check.bad.fill_null(False))
        if bad.height:
            if check.detail is not None:
                bad = bad.with_columns(check.detail.alias(DETAIL))
            found += row_issues(table, bad, check)
    return found


def _band_checks(frame: pl.DataFrame) -> list[CellCheck]:
    """A band from pay_band or grade must be recognised; a row needs one of them."""
    given = [RAW + c for c in ("pay_band", "grade") if RAW + c in frame.columns]
    column = "pay_band" if RAW + "pay_band" in frame.columns else "grade"
    any_given = pl.any_horizontal(pl.col(given).is_not_null())
    return [
        CellCheck(
            "unknown-pay-band",
            column if column == "grade" or "grade" not in frame.columns else "pay_band",
            any_given & pl.col("band").is_null(),
            "pay band or grade not recognised (expected e.g. Band 5, 8A, VSM, Consultant)",
        ),
        CellCheck(
            "missing-value",
            column,
            ~any_given,
            "pay band (or grade) must not be blank",
        ),
    ]


_NOTE_ISSUE = {
    ethnicity.Note.UNRECOGNISED: (
        "unrecognised-ethnicity",
        '"{value}" is not a recognised ethnic category: {n} row(s) counted as Unknown',
    ),
    ethnicity.Note.LOOKUP_TEXT: (
        "lookup-error-text",
        '"{value}" (an Excel lookup error pasted as text): {n} row(s) counted as Unknown; '
        "fix the lookup in the source",
    ),
    ethnicity.Note.CONFLICT: (
        "ethnicity-conflict",
        '"{value}": the code and its label name different groups; the code decides ({n} row(s))',
    ),
}


def _with_ethnic_group(table: Table, frame: pl.DataFrame, issues: list[Issue]) -> pl.DataFrame:
    """Add ``ethnic_group``; warn once per unrecognised, #N/A or conflicting value with its
    count and first line."""
    source = RAW + "ethnic_origin"
    lookup = ethnicity.group_table(frame[source].unique().drop_nulls())
    unknown, dtype = ethnicity.Group.UNKNOWN.value, ethnicity.GROUP_TYPE
    groups = mapped(frame, source, lookup["value"], lookup["group"], dtype, unknown)
    frame = frame.with_columns(groups.alias("ethnic_group"))
    # the values with a note are few: their rows are found by value, not by a second
    # mapping of every row (half of this function's time on 5.0 M applications)
    notes = lookup.filter(pl.col("note") != ethnicity.Note.OK.value).select("value", "note")
    noted = (
        frame.filter(pl.col(source).is_in(notes["value"].implode()))
        .group_by(source)
        .agg(pl.len().alias("n"), pl.col(LINE).min().alias("first"))
        .join(notes, left_on=source, right_on="value")
        .select(source, "note", "n", "first")
        .sort("n", "first", descending=[True, False])
    )
    shown: dict[str, int] = {}
    rest: dict[str, tuple[int, int, int]] = {}
    for value, note, n, first in noted.iter_rows():
        rule, message = _NOTE_ISSUE[ethnicity.Note(note)]
        if shown.get(rule, 0) >= MAX_VALUES_SHOWN:  # a few values, then a count of the rest
            kinds, rows, line = rest.get(rule, (0, 0, first))
            rest[rule] = (kinds + 1, rows + n, min(line, first))
            continue
        shown[rule] = shown.get(rule, 0) + 1
        masked = mask(value)
        issues.append(
            Issue(
                rule,
                table.label,
                message.format(value=masked, n=n) + ethnicity.lookalike_hint(value),
                line=first,
                column=table.headers["ethnic_origin"],
                column_letter=table.letters["ethnic_origin"],
                value=masked,
                count=n,
            )
        )
    for rule, (kinds, rows, line) in rest.items():
        issues.append(
            Issue(
                rule,
                table.label,
                f"{kinds} more distinct value(s) like this in {rows} row(s) counted as Unknown",
                line=line,
                column=table.headers["ethnic_origin"],
                column_letter=table.letters["ethnic_origin"],
                count=rows,
            )
        )
    return frame


def _with_disability_group(table: Table, frame: pl.DataFrame, issues: list[Issue]) -> pl.DataFrame:
    """Add ``disability_group``; warn once per unrecognised value with its count and first
    line (a few values, then a count of the rest; identifier-like values masked)."""
    source = RAW + "disability"
    lookup = disability.group_table(frame[source].unique().drop_nulls())
    unknown, dtype = disability.Group.UNKNOWN.value, disability.GROUP_TYPE
    groups = mapped(frame, source, lookup["value"], lookup["group"], dtype, unknown)
    frame = frame.with_columns(groups.alias("disability_group"))
    unrecognised = lookup.filter(pl.col("note") == disability.Note.UNRECOGNISED.value)["value"]
    if unrecognised.is_empty():
        return frame
    noted = (
        frame.filter(pl.col(source).is_in(unrecognised.implode()))
        .group_by(source)
        .agg(pl.len().alias("n"), pl.col(LINE).min().alias("first"))
        .sort("n", "first", descending=[True, False])
    )
    column, letter = table.headers["disability"], table.letters["disability"]
    for value, n, first in noted.head(MAX_VALUES_SHOWN).iter_rows():
        masked = mask(value)
        issues.append(
            Issue(
                "unrecognised-disability",
                table.label,
                f'"{masked}" is not a recognised disability answer (Yes / No, Not Declared '
                f"...): {n} row(s) counted as Unknown" + ethnicity.lookalike_hint(value),
                line=first,
                column=column,
                column_letter=letter,
                value=masked,
                count=n,
            )
        )
    rest = noted.slice(MAX_VALUES_SHOWN)
    if rest.height:
        rows = int(rest["n"].sum())
        issues.append(
            Issue(
                "unrecognised-disability",
                table.label,
                f"{rest.height} more distinct value(s) like this in {rows} row(s) counted as "
                "Unknown",
                line=int(rest["first"].min()),  # type: ignore[arg-type]
                column=column,
                column_letter=letter,
                count=rows,
            )
        )
    return frame


def _with_band(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``band`` (indicator 1 row) and ``cluster``: from pay_band, else from grade (ESR
    writes 'Medical and Dental' as the pay band of a doctor and the grade beside it);
    medical grades are clinical."""
    found = []
    for column in ("pay_band", "grade"):
        source = RAW + column
        if source not in frame.columns:
            continue
        lookup = bands.band_table(frame[source].unique().drop_nulls())
        found.append(
            frame[source].replace_strict(
                lookup["value"], lookup["band"], default=None, return_dtype=pl.String
            )
        )
    frame = frame.with_columns(pl.coalesce(found).alias("band"))
    return frame.with_columns(
        cluster=pl.when(bands.is_medical(pl.col("band")) | pl.col("clinical"))
        .then(pl.lit("clinical"))
        .otherwise(pl.lit("non-clinical"))
    )
