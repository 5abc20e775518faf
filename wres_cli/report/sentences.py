"""Plain-English sentences for the board report, one or two per indicator.

They use display rounding, name the orientation explicitly ("White applicants were 1.45
times as likely as BME applicants ..."), and never print a ratio with a % sign.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wres_cli.measures.likelihood import RelativeLikelihood as LikelihoodMeasure
    from wres_cli.standards import Axis
from wres_cli.numbers import pct, ratio
from wres_cli.schema.output import (
    BoardRepresentation,
    RelativeLikelihood,
    Representation,
    Survey,
)
from wres_cli.stats import NON_ADVERSE, round_half_away

RANGE = f"NHS England's non-adverse range is {NON_ADVERSE[0]:.2f} to {NON_ADVERSE[1]:.2f}."
SENIOR = ("Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM")


def representation(result: Representation) -> list[str]:
    """Overall BME share and the gap between Bands 1-7 and senior bands."""
    o = result.overall
    out = [
        f"BME staff make up {pct(o.bme.percent)} of the workforce ({o.bme.count:,} of "
        f"{o.total:,} staff); {pct(o.unknown.percent)} have not stated their ethnicity."
    ]
    junior = [r for r in result.rows if r.band.startswith("Band ") and r.band not in SENIOR]
    senior = [r for r in result.rows if r.band in SENIOR]
    j_total, s_total = sum(r.total for r in junior), sum(r.total for r in senior)
    if j_total and s_total:
        j = 100 * sum(r.bme.count for r in junior) / j_total
        s = 100 * sum(r.bme.count for r in senior) / s_total
        out.append(
            f"BME staff hold {pct(j)} of Agenda for Change posts in Bands 1 to 7 and {pct(s)} "
            "of posts at Band 8a and above (including VSM)."
        )
    return out


def likelihood(result: RelativeLikelihood, definition: LikelihoodMeasure, axis: Axis) -> list[str]:
    """'White applicants were 1.45 times as likely as BME applicants to ...' and the range."""
    top, ref = axis.group(definition.top).label, axis.group(definition.ref).label
    who = definition.subject
    if result.relative_likelihood is None:
        return [
            f"The relative likelihood cannot be calculated this year: {result.reason}.",
            RANGE,
        ]
    value = ratio(result.relative_likelihood)
    ci = ""
    if result.ci95 is not None:
        ci = f" (95% confidence interval {ratio(result.ci95[0])} to {ratio(result.ci95[1])})"
    window = " over the two years pooled" if result.window_years == 2 else ""
    out = [
        f"{top} {who} were {value} times as likely as {ref} {who} to {definition.outcome}"
        f"{window}{ci}.",
        RANGE,
    ]
    if result.significant is False:
        out.append(
            "The 95% confidence interval includes 1.00: with numbers this size the difference "
            "could be due to chance."
        )
    if result.assessment == "above range":
        out.append(f"The ratio is above that range, which is adverse to BME {who}.")
    elif result.assessment == "below range":
        out.append(f"The ratio is below that range, which is adverse to White {who}.")
    else:
        out.append("The ratio is within that range.")
    return out


def survey(result: Survey, phrase: str) -> list[str]:
    """'28.9% of BME staff and 25.4% of White staff ...' and the gap in points."""
    if result.white is None or result.bme is None or result.difference_pp is None:
        return ["The survey results for one of the two groups were not provided."]
    gap = round_half_away(abs(result.difference_pp), 1)
    if gap == 0:
        compare = "the same for both groups"
    else:
        compare = (
            f"{gap:.1f} percentage points {'higher' if result.difference_pp > 0 else 'lower'} "
            "for BME staff"
        )
    return [
        f"{pct(result.bme.percent)} of BME staff and {pct(result.white.percent)} of White staff "
        f"{phrase} ({compare})."
    ]


def board(result: BoardRepresentation) -> list[str]:
    """Voting membership against the workforce, in percentage points."""
    voting = result.board.voting
    if voting.bme_percent is None or voting.difference_pp is None:
        return ["The board has no voting members listed."]
    gap = round_half_away(abs(voting.difference_pp), 1)
    direction = "lower" if voting.difference_pp < 0 else "higher"
    return [
        f"BME members make up {pct(voting.bme_percent)} of the voting members of the board, "
        f"against {pct(result.workforce_bme_percent)} of the workforce: {gap:.1f} percentage "
        f"points {direction}.",
        "A negative difference means the board is less diverse than the workforce.",
    ]
