"""Disability as recorded to WDES group (Disabled / Non-disabled / Unknown), as
wdes-spec.md section 1.

Classification runs once per distinct recorded value, not per row, like ``ethnicity``.
The order of the tests is the point: the plain answers first (``No`` and ``N`` are the
answer "no", not the ethnicity placeholders they are in an ethnicity column), then the
placeholders and "not known" phrases (``No response`` is not the answer "no"), then an
answer with words after it (``Yes, limited a lot``, ``No - not disabled``).
"""

from __future__ import annotations

import re
from enum import StrEnum

import polars as pl

from wres_cli.ethnicity import PLACEHOLDERS


class Group(StrEnum):
    """The three groups every WDES output shows side by side."""

    DISABLED = "Disabled"
    NON_DISABLED = "Non-disabled"
    UNKNOWN = "Unknown"


GROUP_TYPE = pl.Enum([g.value for g in Group])
"""The groups as a Polars type: a byte a row, where the text was sixteen."""


class Note(StrEnum):
    """What a reading says beyond its group: an unrecognised value is warned with its count."""

    OK = "ok"
    UNRECOGNISED = "unrecognised"
    """Not an answer the tool knows: counted as Unknown."""


GROUPS = (Group.DISABLED, Group.NON_DISABLED, Group.UNKNOWN)

_ANSWERS = {
    **dict.fromkeys(
        (
            "yes",
            "y",
            "disabled",
            "disability",
            "has a disability",
            "disabled person",
            "yes disabled",
            "true",
            "1",
        ),
        Group.DISABLED,
    ),
    **dict.fromkeys(
        (
            "no",
            "n",
            "not disabled",
            "no disability",
            "non-disabled",
            "non disabled",
            "nondisabled",
            "not a disabled person",
            "no not disabled",
            "false",
            "0",
        ),
        Group.NON_DISABLED,
    ),
}
"""Whole answers (lower case, punctuation other than '-' turned to spaces)."""
_NOT_KNOWN = re.compile(
    r"^(not ?stated|not ?known|unknown|not ?declared|not ?recorded|not ?specified|"
    r"not ?disclosed|not ?given|not ?answered|unspecified|undeclared|prefer ?not|declined|"
    r"refused|do ?not ?wish|i ?do ?not ?wish|don'?t ?wish|i ?would ?prefer ?not|"
    r"no ?response|no ?answer|withheld|not ?applicable)"
)
"""Phrases meaning 'not known': Unknown, and not a data-entry error."""
_LOOKUP_TEXT = frozenset(["#n/a", "#ref!", "#value!", "#name?", "#null!", "#div/0!", "#num!"])
_ANSWER_THEN_WORDS = re.compile(r"^(yes|y|disabled|no|n)(?:\s*[,\-\u2013:;(/]\s*|\s+)(.+)$")
"""'Yes, limited a lot' (Census 2021), 'Y - Yes', 'No - not disabled', 'Yes (physical)'."""


def read(value: str | None) -> tuple[Group, Note]:
    """Group of one recorded value, and whether to warn about it.

    Blank is Unknown and OK (a person who did not answer is not a data-entry error).
    """
    if value is None or not value.strip():
        return Group.UNKNOWN, Note.OK
    words = " ".join(value.split()).casefold()
    if words in _LOOKUP_TEXT:
        return Group.UNKNOWN, Note.UNRECOGNISED
    plain = _plain(words)
    if plain in _ANSWERS:
        return _ANSWERS[plain], Note.OK
    if _not_known(words):
        return Group.UNKNOWN, Note.OK
    then = _ANSWER_THEN_WORDS.match(words)
    if then:
        first, rest = then.group(1), then.group(2)
        said = _ANSWERS[first]
        other = _ANSWERS.get(_plain(rest))
        if (other is not None and other is not said) or _not_known(rest):
            return Group.UNKNOWN, Note.UNRECOGNISED  # 'Yes - No', 'No - prefer not to say'
        return said, Note.OK
    return Group.UNKNOWN, Note.UNRECOGNISED


def _plain(words: str) -> str:
    return " ".join(re.sub(r"[.,:;!?()'\"/]", " ", words).split())


def _not_known(words: str) -> bool:
    return words in PLACEHOLDERS or _plain(words) in PLACEHOLDERS or bool(_NOT_KNOWN.match(words))


def classify(value: str | None) -> tuple[Group, bool]:
    """Group of one recorded value and whether it was recognised."""
    group, note = read(value)
    return group, note is Note.OK


def group_table(values: pl.Series) -> pl.DataFrame:
    """Reading of every distinct value: columns value, group, note."""
    distinct = values.unique(maintain_order=True).to_list()
    readings = [read(v) for v in distinct]
    return pl.DataFrame(
        {
            "value": distinct,
            "group": [g.value for g, _ in readings],
            "note": [n.value for _, n in readings],
        },
        schema={"value": pl.String, "group": pl.String, "note": pl.String},
    )
