"""Headers: the header row among title rows, each canonical column matched to a header
(``[columns]`` mappings first, then aliases), look-alikes and ``[values]`` mappings."""

from __future__ import annotations

import difflib
import re

import polars as pl

from wres_cli.issues import Issue
from wres_cli.load.table import _Request, column_letter
from wres_cli.schema.spec import ColumnSpec, column_specs, normalise_header

HEADER_SCAN_ROWS = 30


def _mapped_values(
    file: str,
    frame: pl.DataFrame,
    request: _Request,
    headers: list[str],
    positions: dict[str, int],
    issues: list[Issue],
) -> pl.DataFrame:
    """Apply ``[values.<file>.<column>]``: a cell as written (case and spaces ignored)
    becomes the value the tool reads; every replacement is counted."""
    for column, table in request.values.items():
        if column not in frame.columns:
            continue
        keys = {" ".join(k.split()).casefold(): v for k, v in table.items()}
        folded = pl.col(column).str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
        hit = folded.is_in(list(keys))
        n = int(frame.select(hit.sum()).item() or 0)
        frame = frame.with_columns(
            pl.when(hit)
            .then(folded.replace_strict(keys, default=None, return_dtype=pl.String))
            .otherwise(pl.col(column))
            .alias(column)
        )
        issues.append(
            Issue(
                "value-mapped",
                file,
                f"{n} cell(s) read through [values.{request.model.file_name}.{column}] "
                f"({len(keys)} mapping(s))",
                column=headers[positions[column]],
                column_letter=column_letter(positions[column]),
                count=n,
            )
        )
    return frame


def _lookalikes(
    file: str,
    headers: list[str],
    header_line: int,
    positions: dict[str, int],
    request: _Request,
) -> list[Issue]:
    """An optional column that is absent while a header that looks like it is present:
    warn, naming the fall-back the tool takes and the wres.toml line that would map it."""
    used = set(positions.values())
    found = []
    for name, fallback in request.model.fallbacks.items():
        if name in positions:
            continue
        pattern = re.compile(fallback.looks_like)
        for i, header in enumerate(headers):
            if i in used or not header or not pattern.search(normalise_header(header)):
                continue
            used.add(i)  # a header looks like one column at most (the first fallback listed)
            found.append(
                Issue(
                    "unmatched-optional-column",
                    file,
                    f'"{header}" looks like {name} but is not a known header, so '
                    f"{fallback.consequence}; if it is {name}, add to wres.toml: "
                    f'[columns.{request.model.file_name}] {name} = "{header}"',
                    line=header_line,
                    column=header,
                    column_letter=column_letter(i),
                )
            )
            break
    return found


def _find_header(grid: pl.DataFrame, specs: tuple[ColumnSpec, ...], mapping: dict[str, str]) -> int:
    """Index of the row with the most known headers among the first rows (title rows skipped)."""
    known = {normalise_header(a) for s in specs for a in s.aliases}
    known |= {normalise_header(h) for h in mapping.values()}
    best, best_score = 0, 0
    for index, row in enumerate(grid.head(HEADER_SCAN_ROWS).iter_rows()):
        score = sum(1 for v in row if v is not None and normalise_header(str(v)) in known)
        if score > best_score:
            best, best_score = index, score
    return best


def _match_columns(
    file: str,
    headers: list[str],
    header_line: int,
    request: _Request,
    issues: list[Issue],
) -> dict[str, int] | None:
    """Canonical column -> position: wres.toml mappings first (a mapped header is taken
    from whichever column would otherwise claim it by alias), then known aliases."""
    specs, mapping = column_specs(request.model), request.mapping
    keys = [normalise_header(h) for h in headers]
    positions: dict[str, int] = {}
    ambiguous: set[str] = set()
    ok = True
    for spec in specs:
        if spec.name not in mapping:
            continue
        wanted = normalise_header(mapping[spec.name])
        hits = [i for i, k in enumerate(keys) if k and k == wanted]
        if not hits:
            ok = False
            issues.append(
                Issue(
                    "mapped-header-missing",
                    "wres.toml",
                    f'[columns.{request.model.file_name}] {spec.name} = "{mapping[spec.name]}": '
                    f"no such header in {file} (its headers are on line {header_line})",
                    line=request.line("columns", request.model.file_name, spec.name),
                    value=mapping[spec.name],
                )
            )
        elif len(hits) > 1:
            ok = False
            issues.append(_duplicate_column(file, headers, header_line, spec, hits))
        else:
            positions[spec.name] = hits[0]
    taken = set(positions.values())
    for spec in specs:
        if spec.name in mapping:
            continue
        wanted_list = [normalise_header(a) for a in spec.aliases]
        hits = [i for i, k in enumerate(keys) if k and k in wanted_list and i not in taken]
        if hits:
            # an ESR export has Employee Number and Employee No: the alias listed first
            # wins (the other is reported as not used); only the same header twice is ambiguous
            best = min(wanted_list.index(keys[i]) for i in hits)
            hits = [i for i in hits if wanted_list.index(keys[i]) == best]
        if len(hits) > 1:
            ok = False
            ambiguous.add(spec.name)
            issues.append(_duplicate_column(file, headers, header_line, spec, hits))
        elif hits:
            positions[spec.name] = hits[0]
            taken.add(hits[0])
        elif spec.required:
            ok = False
            issues.append(_missing_column(file, headers, header_line, spec, request))
    if len(set(positions.values())) < len(positions):
        ok = False  # two [columns] keys on one header: config-invalid already says so
    for group in request.model.one_of:
        if not any(name in positions or name in ambiguous for name in group):
            ok = False
            names = " or ".join(group)
            issues.append(
                Issue(
                    "missing-column",
                    file,
                    f"needs a {names} column; none found (known headers: "
                    + ", ".join(a for s in specs if s.name in group for a in s.aliases[1:3])
                    + f"); map one in wres.toml: [columns.{request.model.file_name}] "
                    f'{group[0]} = "Your Header"',
                    line=header_line,
                    column=group[0],
                )
            )
    return positions if ok else None


def _duplicate_column(
    file: str, headers: list[str], header_line: int, spec: ColumnSpec, hits: list[int]
) -> Issue:
    both = " and ".join(f'"{headers[i]}" ({column_letter(i)})' for i in hits)
    return Issue(
        "duplicate-column",
        file,
        f"{both} both map to column {spec.name}; rename or remove one",
        line=header_line,
        column=headers[hits[1]],
        column_letter=column_letter(hits[1]),
    )


def _missing_column(
    file: str, headers: list[str], header_line: int, spec: ColumnSpec, request: _Request
) -> Issue:
    kind = request.model.file_name
    never = request.model.not_from.get(spec.name)
    if never is not None:
        lookalike = next(
            (h for h in headers if h and re.search(never.looks_like, normalise_header(h))), None
        )
        if lookalike is not None:
            return Issue(
                "missing-column",
                file,
                f'required column {spec.name} not found; "{lookalike}" is not used for it: '
                f"{never.consequence}; map it in wres.toml: [columns.{kind}] {spec.name} = "
                '"Your Header"',
                line=header_line,
                column=spec.name,
            )
    candidates = [h for h in headers if h]
    guess = difflib.get_close_matches(
        spec.name.replace("_", " "), candidates, n=1, cutoff=0.5
    ) or difflib.get_close_matches(
        spec.aliases[1] if len(spec.aliases) > 1 else spec.name, candidates, n=1, cutoff=0.5
    )
    example = guess[0] if guess else "Your Header"
    hint = f' (closest header: "{guess[0]}")' if guess else ""
    return Issue(
        "missing-column",
        file,
        f"required column {spec.name} not found{hint}; if it is there under another name, "
        f'add to wres.toml: [columns.{kind}] {spec.name} = "{example}"',
        line=header_line,
        column=spec.name,
    )
