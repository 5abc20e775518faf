"""Prepare the checked frames for counting: exclusions, people, lookups; every one counted.

ESR writes one row per assignment, HR case logs hold grievances beside disciplinaries,
ER trackers and OLM exports carry an employee number and no ethnicity. This stage turns
those shapes into what the indicators count (one row per person in post, formal
disciplinary cases, events with an ethnic group; for the WDES, capability cases on the
chosen grounds with a disability group), and each thing it drops, merges, looks
up or falls back on becomes an issue with its count: together they are the exclusions
ledger (``ValidationResult.exclusions``) shown by ``validate``, in the JSON and in the
report's appendix. Nothing here changes a number silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import polars as pl

from wres_cli import bands, disability, ethnicity
from wres_cli.issues import Issue
from wres_cli.load import Loaded, Table
from wres_cli.schema.models import Options
from wres_cli.schema.spec import LINE, ORG, person_keys
from wres_cli.validate import (
    Checked,
    FileSummary,
    Validated,
    ValidationResult,
    mask,
    sharing_a_hash,
)

EXCLUDED = "_excluded"
EVENT_FILES = ("disciplinary", "training")
"""The WRES event files; ``capability`` (WDES) is prepared like them, without ethnicity."""


def prepare(checked: Checked) -> Validated:
    """The analysis frames of a checked folder, and the result with every issue."""
    loaded = checked.loaded
    issues = list(checked.issues)
    frames = dict(checked.frames)
    options = loaded.config.options
    people: pl.DataFrame | None = None
    if _has_errors(issues):  # nothing will be counted: exclusions would only add noise
        return _validated(loaded, issues, frames)
    if "workforce" in frames:
        table = loaded.tables["workforce"]
        rows = _exclude_categories(table, frames["workforce"], options, issues)
        frames["workforce"], people = _people(table, rows, issues)
    for kind in list(frames):
        frame, table = frames[kind], loaded.tables[kind]
        if kind in EVENT_FILES:
            frame = _formal_cases(table, frame, issues) if kind == "disciplinary" else frame
            frame = _dated(table, frame, loaded, issues)
            if people is not None and (matched := _matched(frame, people)) is not None:
                frame = _drop_excluded_people(table, matched, issues)
                frame = _with_ethnicity(table, frame, issues)
                if options.events_of_staff_in_post_only:
                    frame = _staff_in_post(table, frame, frames["workforce"], issues)
        elif kind == "capability":
            frame = _capability_grounds(table, frame, options, issues)
            frame = _dated(table, frame, loaded, issues)
            if people is not None and (matched := _matched(frame, people)) is not None:
                frame = _drop_excluded_people(table, matched, issues)
                frame = _with_disability(table, frame, issues)
                if options.events_of_staff_in_post_only:
                    frame = _staff_in_post(table, frame, frames["workforce"], issues)
        elif kind == "recruitment":
            frame = _dated(table, frame, loaded, issues)
        elif kind == "board":
            frame = _in_post(table, frame, loaded, issues)
            if "left_date" in frame.columns and loaded.reporting_year is None:
                issues.append(
                    Issue(
                        "no-reporting-year",
                        table.label,
                        "reporting year unknown, so members' Date Left was not checked: "
                        "everyone listed is counted",
                    )
                )
        elif kind in ("staff_survey", "wdes_survey"):
            frame = _survey_scale(table, frame, options, issues)
            _survey_year(table, frame, loaded, issues)
        if "ethnic_group" in frame.columns:
            _unknown_share(table, frame, options, issues)
        frames[kind] = frame
    return _validated(loaded, issues, frames)


def _validated(loaded: Loaded, issues: list[Issue], frames: dict[str, pl.DataFrame]) -> Validated:
    summaries = tuple(
        FileSummary(
            kind=t.kind,
            path=str(t.path),
            encoding=t.encoding,
            rows=t.rows_read,
            used_rows=frames[k].height,
            columns=t.headers,
            ignored_columns=t.ignored,
        )
        for k, t in loaded.tables.items()
    )
    result = ValidationResult(str(loaded.folder), tuple(issues), summaries)
    return Validated(
        result,
        frames if result.valid else {},
        loaded.reporting_year,
        loaded.config,
        loaded.narrative,
    )


def _counted(table: Table, rows: pl.DataFrame, rule: str, message: str, column: str) -> Issue:
    """One issue standing for ``rows`` (non-empty): their count, the first one's line, and
    the column it is about, as the file names it."""
    return Issue(
        rule,
        table.label,
        message,
        line=int(rows.select(pl.col(LINE).min()).item()),
        column=table.headers[column],
        column_letter=table.letters[column],
        count=rows.height,
    )


def _people_count(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _has_errors(issues: list[Issue]) -> bool:
    return any(i.severity.value == "error" for i in issues)


def category_matcher(categories: tuple[str, ...]) -> str | None:
    """One regular expression matching any of the categories as a word, any case:
    'Bank' matches 'Bank', 'Bank Staff' and 'Bank - Casual' but not 'Embankment'."""
    words = [re.escape(" ".join(c.split())).replace(r"\ ", r"\s+") for c in categories if c]
    return rf"(?i)(^|[^0-9A-Za-z])({'|'.join(words)})($|[^0-9A-Za-z])" if words else None


def _exclude_categories(
    table: Table, frame: pl.DataFrame, options: Options, issues: list[Issue]
) -> pl.DataFrame:
    """Mark (not yet drop) the assignment rows of excluded categories, counting each."""
    if "assignment_category" not in frame.columns:
        issues.append(
            Issue(
                "no-assignment-category",
                table.label,
                "no assignment category column, so nothing was excluded: Bank staff, if the "
                "file holds any, are counted in every indicator",
                line=table.header_line,
            )
        )
        return frame.with_columns(pl.lit(False).alias(EXCLUDED))
    pattern = category_matcher(options.exclude_assignment_categories)
    if pattern is None:
        return frame.with_columns(pl.lit(False).alias(EXCLUDED))
    drop = pl.col("assignment_category").str.contains(pattern).fill_null(False)
    frame = frame.with_columns(drop.alias(EXCLUDED))
    counts = (
        frame.filter(pl.col(EXCLUDED))
        .group_by("assignment_category", maintain_order=True)
        .agg(pl.len(), pl.col(LINE).min())
    )
    for category, n, first in counts.iter_rows():
        issues.append(
            Issue(
                "excluded-assignment-category",
                table.label,
                f'{n} assignment row(s) with category "{mask(category)}" excluded from every '
                "indicator (exclude_assignment_categories)",
                line=first,
                column=table.headers["assignment_category"],
                column_letter=table.letters["assignment_category"],
                value=mask(category),
                count=n,
            )
        )
    return frame


def _people(
    table: Table, rows: pl.DataFrame, issues: list[Issue]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One row per person in post (headcount), and every person with whether all their
    assignments are excluded, their ethnic group and (when the workforce records it) their
    disability group, for the event files' lookups.

    A person's band, cluster and ethnicity come from their primary assignment, else from
    their highest band (warned, counted)."""
    rank = {band: i for i, band in enumerate(bands.BAND_ORDER)}
    keys = person_keys(rows.columns)
    rows = rows.with_columns(
        pl.col("band").replace_strict(rank, default=-1, return_dtype=pl.Int64).alias("_rank")
    )
    groups = [g for g in ("ethnic_group", "disability_group") if g in rows.columns]
    # A person of one row is that row: only the rows whose keys' hash repeats (every row of
    # a person of several, perhaps a few more) are grouped and windowed, never all 1.6 M
    # people of the ESR-style extract (its peak 1,648 -> 1,611 MiB, medians of four runs).
    repeated = sharing_a_hash(rows, keys)
    if not repeated.height:  # one row per person (no assignment rows): the fast path
        everyone = rows.select(*keys, EXCLUDED, *groups)
        chosen = rows.filter(~pl.col(EXCLUDED)).drop("_rank", EXCLUDED)
        return chosen, everyone
    everyone = pl.concat(
        [
            rows.filter(~pl.col(LINE).is_in(repeated[LINE].implode())).select(
                *keys, EXCLUDED, *groups
            ),
            repeated.group_by(keys).agg(
                pl.col(EXCLUDED).all().alias(EXCLUDED),
                *(pl.col(group).sort_by(EXCLUDED, LINE).first().alias(group) for group in groups),
            ),
        ]
    )
    primary = pl.col("primary_assignment") if "primary_assignment" in rows.columns else None
    flagged = primary.fill_null(False) if primary is not None else pl.lit(False)
    # the kept rows of people of several, narrowed to what choosing among them reads
    several = (
        repeated.filter(~pl.col(EXCLUDED))
        .select(*keys, LINE, "_rank", flagged.alias("_primary"))
        .with_columns(
            pl.len().over(keys).alias("_n"),
            pl.col("_primary").sum().over(keys).alias("_flags"),
        )
        .filter(pl.col("_n") > 1)
    )
    n_several = several.select(pl.struct(keys).n_unique()).item() if several.height else 0
    if n_several:
        message = (
            f"{_people_count(n_several)} held several assignments ({several.height} rows): "
            "each is counted once"
        )
        issue = _counted(table, several, "several-assignments", message, "staff_id")
        issues.append(replace(issue, count=n_several))
        unflagged = several.filter(pl.col("_flags") != 1)
        n_unflagged = unflagged.select(pl.struct(keys).n_unique()).item() if unflagged.height else 0
        if n_unflagged:
            how = "several" if primary is not None else "no"
            message = (
                f"{_people_count(n_unflagged)} with several assignments had no single primary "
                f"assignment (none or {how} flagged): band and cluster taken from their "
                "highest band"
            )
            column = "primary_assignment" if primary is not None else "staff_id"
            issue = _counted(table, unflagged, "no-primary-assignment", message, column)
            issues.append(replace(issue, count=n_unflagged))
    # the line of each chosen row of a person of several: only the ranking columns are
    # sorted (the whole frame was sorted twice: 150 MB of the ESR-style extract's peak),
    # then the rows are picked in the file's order; a person of one row keeps it
    picked = (
        several.select(
            *keys,
            LINE,
            pl.when(pl.col("_flags") == 1).then(~pl.col("_primary")).otherwise(False).alias("_a"),
            (-pl.col("_rank")).alias("_b"),
        )
        .sort("_a", "_b", LINE)
        .unique(keys, keep="first", maintain_order=False)
    )
    one = ~pl.col(LINE).is_in(several[LINE].implode())
    chosen = rows.filter(
        ~pl.col(EXCLUDED) & (one | pl.col(LINE).is_in(picked[LINE].implode()))
    ).drop("_rank", EXCLUDED)
    return chosen, everyone


WORKFORCE = "_workforce_"
"""The prefix of what an event row takes from its person in the workforce: ``_excluded``
(null when the person is not there) and each group the workforce records."""


def _matched(frame: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame | None:
    """``frame`` with its person's workforce columns beside each row (``WORKFORCE`` + name),
    None when the files are keyed differently (an error validation has reported).

    One join of the keys alone, for every lookup the event file needs (excluded people,
    ethnicity, disability): the frame's other columns are not copied, and on the 2.9 M
    national training rows one join replaces the three (semi, anti, left) it took before."""
    keys = person_keys(people.columns)
    if (ORG in frame.columns and ORG not in keys) or any(k not in frame.columns for k in keys):
        return None
    taken = [c for c in people.columns if c not in keys]
    lookup = people.select(*keys, *(pl.col(c).alias(WORKFORCE + c) for c in taken))
    # streamed: joined at once, the 2.9 M training rows raised the peak by 430 MB; by 230
    joined = (
        frame.lazy()
        .select(keys)
        .join(lookup.lazy(), on=keys, how="left", maintain_order="left")
        .drop(keys)
        .collect(engine="streaming")
    )
    return frame.with_columns(joined)


def _persons(frame: pl.DataFrame) -> int:
    """How many people the (non-empty) rows of an event file name."""
    keys = person_keys(frame.columns)
    return int(frame.select(pl.struct(keys).n_unique()).item())


def _drop_excluded_people(table: Table, frame: pl.DataFrame, issues: list[Issue]) -> pl.DataFrame:
    """Events of a person whose every assignment is excluded (Bank only) are dropped."""
    out = pl.col(WORKFORCE + EXCLUDED).fill_null(False)
    dropped = frame.filter(out)
    if dropped.height:
        message = (
            f"{dropped.height} row(s) of {_people_count(_persons(dropped))} whose "
            "assignments are all excluded (e.g. Bank only) dropped: Bank is excluded from "
            "every indicator"
        )
        issues.append(_counted(table, dropped, "excluded-person-events", message, "staff_id"))
        frame = frame.filter(~out)
    return frame


def _looked_up(
    table: Table,
    frame: pl.DataFrame,
    group: str,
    noun: str,
    what: str,
    unknown: str,
    issues: list[Issue],
) -> pl.DataFrame:
    """``frame`` with column ``group`` taken from the workforce's people, by staff_id: the
    rows that took it and those of people not found (Unknown) counted."""
    found = pl.col(WORKFORCE + EXCLUDED).is_not_null()
    n_found = int(frame.select(found.sum()).item())
    issues.append(
        Issue(
            f"{noun}-from-workforce",
            table.label,
            f"no {noun} column: {n_found} row(s) took the {what} of the same staff_id in the "
            "workforce file",
            column=table.headers["staff_id"],
            column_letter=table.letters["staff_id"],
            count=n_found,
        )
    )
    missing = frame.filter(~found)
    if missing.height:
        message = (
            f"{missing.height} row(s) of {_people_count(_persons(missing))} not in "
            f"the workforce file (leavers?): {noun} counted as Unknown"
        )
        issues.append(_counted(table, missing, f"{noun}-not-found", message, "staff_id"))
    return _unmatched(frame.with_columns(pl.col(WORKFORCE + group).fill_null(unknown).alias(group)))


def _unmatched(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` without the columns ``_matched`` added."""
    return frame.select(c for c in frame.columns if not c.startswith(WORKFORCE))


def _with_ethnicity(table: Table, frame: pl.DataFrame, issues: list[Issue]) -> pl.DataFrame:
    """An event file without ethnicity takes the workforce's, by staff_id (people not found
    are Unknown, counted); one with its own keeps it, and disagreements are warned."""
    if "ethnic_group" not in frame.columns:
        unknown = ethnicity.Group.UNKNOWN.value
        args = ("ethnic_group", "ethnicity", "ethnic group", unknown, issues)
        return _looked_up(table, frame, *args)
    theirs = pl.col(WORKFORCE + "ethnic_group")
    differ = frame.filter(theirs.is_not_null() & (theirs != pl.col("ethnic_group")))
    if differ.height:
        message = (
            f"{differ.height} row(s) give an ethnic group that differs from the "
            "workforce file's for the same staff_id; this file's own is used"
        )
        issues.append(_counted(table, differ, "ethnicity-disagrees", message, "ethnic_origin"))
    return _unmatched(frame)


def _with_disability(table: Table, frame: pl.DataFrame, issues: list[Issue]) -> pl.DataFrame:
    """A file without a disability column takes the workforce's, by staff_id (people not
    found, or a workforce without the column, are Unknown, counted)."""
    if "disability_group" in frame.columns:
        return _unmatched(frame)
    unknown = disability.Group.UNKNOWN.value
    if WORKFORCE + "disability_group" not in frame.columns:
        if frame.height:
            issues.append(
                Issue(
                    "disability-not-found",
                    table.label,
                    f"no disability column here or in the workforce file: {frame.height} "
                    "row(s) counted as Unknown",
                    column=table.headers["staff_id"],
                    column_letter=table.letters["staff_id"],
                    count=frame.height,
                )
            )
        return _unmatched(frame.with_columns(pl.lit(unknown).alias("disability_group")))
    args = ("disability_group", "disability", "disability", unknown, issues)
    return _looked_up(table, frame, *args)


ILL_HEALTH = re.compile(r"(?i)ill[\s-]*health|sickness|health")
"""Capability grounds that are ill health: 'Ill health', 'Ill-health', 'Sickness',
'Health'. Any other value (Performance, blank) is a capability case on performance."""


def _capability_grounds(
    table: Table, frame: pl.DataFrame, options: Options, issues: list[Issue]
) -> pl.DataFrame:
    """With ``capability_grounds = "performance"`` (the default) ill-health capability
    cases are excluded, counted per value; with "all" every case counts."""
    if "grounds" not in frame.columns or options.capability_grounds == "all":
        return frame
    ill = pl.col("grounds").fill_null("").str.contains(ILL_HEALTH.pattern)
    counts = (
        frame.filter(ill).group_by("grounds", maintain_order=True).agg(pl.len(), pl.col(LINE).min())
    )
    for grounds, n, first in counts.iter_rows():
        issues.append(
            Issue(
                "excluded-capability-grounds",
                table.label,
                f'{n} capability case(s) on grounds "{mask(grounds)}" excluded: only '
                'performance cases count (capability_grounds = "performance"; set it to '
                '"all" to count ill-health cases too)',
                line=first,
                column=table.headers["grounds"],
                column_letter=table.letters["grounds"],
                value=mask(grounds),
                count=n,
            )
        )
    return frame.filter(~ill)


def _staff_in_post(
    table: Table, frame: pl.DataFrame, staff: pl.DataFrame, issues: list[Issue]
) -> pl.DataFrame:
    """With ``events_of_staff_in_post_only``: events of people not in post are dropped."""
    keys = person_keys(frame.columns, staff.columns)
    dropped = frame.join(staff.select(keys).unique(), on=keys, how="anti")
    if dropped.height:
        message = (
            f"{dropped.height} row(s) of staff not in the workforce file at the snapshot "
            "dropped (events_of_staff_in_post_only)"
        )
        issues.append(_counted(table, dropped, "excluded-not-in-post", message, "staff_id"))
        frame = frame.join(staff.select(keys).unique(), on=keys, how="semi")
    return frame


_DISCIPLINARY = re.compile(r"(?i)disciplin|conduct")
"""Case types that are disciplinary cases: 'Disciplinary', 'Conduct', 'Misconduct'."""


def _formal_cases(table: Table, frame: pl.DataFrame, issues: list[Issue]) -> pl.DataFrame:
    """Only formal disciplinary cases enter indicator 3: the rest of a case log is
    excluded, counted by case type, and informal cases counted apart."""
    if "case_type" in frame.columns:
        other = ~pl.col("case_type").fill_null("").str.contains(_DISCIPLINARY.pattern)
        counts = (
            frame.filter(other)
            .group_by("case_type", maintain_order=True)
            .agg(pl.len(), pl.col(LINE).min())
        )
        for case_type, n, first in counts.iter_rows():
            shown = "(blank)" if case_type is None else f'"{mask(case_type)}"'
            issues.append(
                Issue(
                    "excluded-case-type",
                    table.label,
                    f"{n} case(s) of type {shown} excluded: only disciplinary cases count "
                    "(map other names in wres.toml [values.disciplinary.case_type])",
                    line=first,
                    column=table.headers["case_type"],
                    column_letter=table.letters["case_type"],
                    value=None if case_type is None else mask(case_type),
                    count=n,
                )
            )
        frame = frame.filter(~other)
    if "formal" in frame.columns:
        informal = pl.col("formal").not_().fill_null(False)
        dropped = frame.filter(informal)
        if dropped.height:
            message = f"{dropped.height} informal case(s) excluded: only formal cases count"
            issues.append(_counted(table, dropped, "excluded-informal", message, "formal"))
            frame = frame.filter(~informal)
    return frame


def _dated(table: Table, frame: pl.DataFrame, loaded: Loaded, issues: list[Issue]) -> pl.DataFrame:
    """Rows dated outside the reporting year are excluded; undated rows are kept and
    counted (they cannot be checked)."""
    if "date" not in frame.columns:
        return frame
    year = loaded.reporting_year
    undated = frame.filter(pl.col("date").is_null())
    if undated.height:
        message = (
            f"{undated.height} row(s) have no date: kept, but they could not be checked "
            "against the reporting year"
        )
        issues.append(_counted(table, undated, "blank-date", message, "date"))
    if year is None:
        issues.append(
            Issue(
                "no-reporting-year",
                table.label,
                "reporting year unknown (set reporting_year in wres.toml or name the "
                "folder by year), so dates were not checked",
            )
        )
        return frame
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    outside = pl.col("date").is_not_null() & ~pl.col("date").is_between(start, end)
    dropped = frame.filter(outside)
    if dropped.height:
        message = (
            f"{dropped.height} row(s) dated outside 1 April {year - 1} to 31 March {year} excluded"
        )
        issues.append(_counted(table, dropped, "outside-reporting-year", message, "date"))
        frame = frame.filter(~outside)
    return frame


def _in_post(
    table: Table, frame: pl.DataFrame, loaded: Loaded, issues: list[Issue]
) -> pl.DataFrame:
    """Board members who left before the snapshot (31 March) are not on the board."""
    year = loaded.reporting_year
    if "left_date" not in frame.columns or year is None:
        return frame
    left = pl.col("left_date").is_not_null() & (pl.col("left_date") < dt.date(year, 3, 31))
    dropped = frame.filter(left)
    if dropped.height:
        message = f"{dropped.height} member(s) who left before 31 March {year} excluded"
        issues.append(_counted(table, dropped, "left-board", message, "left_date"))
        frame = frame.filter(~left)
    return frame


def _survey_scale(
    table: Table, frame: pl.DataFrame, options: Options, issues: list[Issue]
) -> pl.DataFrame:
    """Percentages as 0-100. A file whose every percent is at most 1 holds fractions (a
    percentage format lost on export): refused unless ``survey_percent_as_fraction``."""
    if "percent" not in frame.columns or options.survey_percent_as_fraction:
        return frame  # the loader read the fractions as percentages
    given = frame.filter(pl.col("percent").is_not_null())
    if given.height and given.select((pl.col("percent") <= 1).all()).item():
        nonzero = given.filter(pl.col("percent") > 0)
        if nonzero.height:
            message = (
                "every percent is at most 1, so these look like fractions (0.241 for 24.1%): "
                "write percentages, keep the cells' percentage format, or set "
                "survey_percent_as_fraction = true under [options] in wres.toml"
            )
            rule = "percent-looks-like-fraction"
            issues.append(_counted(table, given, rule, message, "percent"))
    return frame


def _survey_year(table: Table, frame: pl.DataFrame, loaded: Loaded, issues: list[Issue]) -> None:
    """The WRES of year Y reports the NHS Staff Survey of Y-1 (its autumn): figures a file
    records as another survey's are warned, since the report labels them Y-1's."""
    year = loaded.reporting_year
    if "survey_year" not in frame.columns or year is None:
        return
    other = frame.filter(pl.col("survey_year").is_not_null() & (pl.col("survey_year") != year - 1))
    if other.height:
        message = (
            f"the figures are from the {other['survey_year'][0]} NHS Staff Survey, but the "
            f"{year} report uses the {year - 1} survey: import that year's benchmark workbook, "
            "or check reporting_year"
        )
        issues.append(_counted(table, other, "survey-year-mismatch", message, "survey_year"))


def _unknown_share(
    table: Table, frame: pl.DataFrame, options: Options, issues: list[Issue]
) -> None:
    if not frame.height:
        return
    unknown = int((frame["ethnic_group"] == ethnicity.Group.UNKNOWN).sum())
    share = 100 * unknown / frame.height
    if share > options.unknown_ethnicity_warning_percent:
        issues.append(
            Issue(
                "high-unknown-ethnicity",
                table.label,
                f"{share:.1f}% of rows ({unknown} of {frame.height}) have Unknown ethnicity "
                f"(warning above {options.unknown_ethnicity_warning_percent:g}%)",
                column=table.headers.get("ethnic_origin", table.headers.get("staff_id")),
                count=unknown,
            )
        )
