"""Ethnic category to WRES group (White / BME / Unknown), as wres-spec.md section 2.

Classification runs once per distinct recorded value, not per row: an export of a
million rows holds a few dozen distinct labels.

The order of the tests matters and is the point of this module: placeholders first
(``NA``, ``No``, ``NK`` look like codes and are not), then a national code with its
label (the code decides; a label that says otherwise is a counted conflict), then
group labels, Census 2021 labels and plain labels.
"""

from __future__ import annotations

import re
from enum import StrEnum

import polars as pl


class Group(StrEnum):
    """The three groups every WRES output shows side by side."""

    WHITE = "White"
    BME = "BME"
    UNKNOWN = "Unknown"


GROUP_TYPE = pl.Enum([g.value for g in Group])
"""The groups as a Polars type: a byte a row, where the text was sixteen."""


class Note(StrEnum):
    """What a reading says beyond its group: each non-OK note is warned with its count."""

    OK = "ok"
    UNRECOGNISED = "unrecognised"
    """Not a category the tool knows: counted as Unknown."""
    LOOKUP_TEXT = "lookup-text"
    """The text ``#N/A`` (a spreadsheet lookup pasted as values): counted as Unknown."""
    CONFLICT = "conflict"
    """A national code whose label names another group: the code decides."""


GROUPS = (Group.WHITE, Group.BME, Group.UNKNOWN)

_CODE_GROUP = {
    **dict.fromkeys("ABC", Group.WHITE),
    **dict.fromkeys("DEFGHJKLMNPRS", Group.BME),
    **dict.fromkeys("ZX", Group.UNKNOWN),
}
ESR_SUBCODES = frozenset(
    ["C2", "C3", *(f"C{c}" for c in "ABCDEFGHJKLMNPQRSTUVWXY")]
    + [f"G{c}" for c in "ABCDEF"]
    + [f"L{c}" for c in "ABCDEFGHJK"]
    + [f"P{c}" for c in "ABCDE"]
    + [f"S{c}" for c in "ABCDE"]
)
"""Two-character local sub-codes (NHS Data Dictionary / ESR) accepted without a label."""

PLACEHOLDERS = frozenset(
    [
        "na",
        "n/a",
        "n.a.",
        "nk",
        "ns",
        "nr",
        "nd",
        "dk",
        "no",
        "none",
        "null",
        "nil",
        "-",
        "--",
        "?",
        "not known",
        "unknown",
        "not stated",
        "not recorded",
        "not declared",
        "not given",
        "not disclosed",
        "not specified",
        "declined",
        "refused",
        "no response",
        "prefer not to say",
        "unspecified",
    ]
)
"""Cells meaning 'not known': Unknown, never read as a code (``NA`` is not code N)."""
_LOOKUP_TEXT = frozenset(["#n/a", "#ref!", "#value!", "#name?", "#null!", "#div/0!", "#num!"])

# A national code (one letter, maybe a sub-code letter or digit) and what follows it.
_CODE = re.compile(r"^([A-Z])([A-Z0-9]?)(?:$|[\s\-\u2013:]+(.*)$)")
_NOT_KNOWN = re.compile(
    r"^(99|not ?stated|not ?known|unknown|not ?declared|not ?recorded|prefer ?not|declined|"
    r"refused|not ?given|not ?disclosed|do ?not ?wish|i ?do ?not ?wish|no ?response|"
    r"unspecified$)"
)
_GROUP_LABEL = {
    "bme": Group.BME,
    "bame": Group.BME,
    "ethnic minority": Group.BME,
    "ethnic minorities": Group.BME,
    "minority ethnic": Group.BME,
    "black and minority ethnic": Group.BME,
    "black, asian and minority ethnic": Group.BME,
    "white": Group.WHITE,
    "other white": Group.WHITE,
}
_MIXED = re.compile(r"^(mixed|multiple|white ?(and|&) ?(black|asian))")
_WHITE = re.compile(
    r"^(white|british|english|scottish|welsh|cornish|irish|northern ?irish|gypsy|roma\b|"
    r"traveller|irish ?traveller|polish|any ?other ?white|other ?white)"
)
_BME = re.compile(
    r"^(asian|black|chinese|indian|pakistani|bangladeshi|caribbean|african|arab|"
    r"any ?other ?(ethnic|mixed|asian|black)|other ?ethnic|other ?mixed|other ?asian|"
    r"other ?black)"
)


def read(value: str | None) -> tuple[Group, Note]:
    """Group of one recorded value, and what to warn about it.

    Blank is Unknown and OK (it is not a data-entry error to report by value).
    """
    if value is None or not value.strip():
        return Group.UNKNOWN, Note.OK
    text = " ".join(value.split())
    words = text.casefold()
    if words in _LOOKUP_TEXT:
        return Group.UNKNOWN, Note.LOOKUP_TEXT
    if words in PLACEHOLDERS or _NOT_KNOWN.match(words):
        return Group.UNKNOWN, Note.OK
    if words in _GROUP_LABEL:
        return _GROUP_LABEL[words], Note.OK
    code = _CODE.match(text.upper())
    if code:
        letter, sub, label = code.group(1), code.group(2), code.group(3)
        group = _CODE_GROUP.get(letter)
        known = not sub or label or letter + sub in ESR_SUBCODES or letter + sub == "99"
        if group is not None and known:
            said = _label_group(text[code.start(3) :].casefold()) if label else None
            if said is not None and said is not group and group is not Group.UNKNOWN:
                return group, Note.CONFLICT
            return group, Note.OK
        if group is not None or sub:
            said = _label_group(words)
            return (said, Note.OK) if said else (Group.UNKNOWN, Note.UNRECOGNISED)
    said = _label_group(words)
    return (said, Note.OK) if said else (Group.UNKNOWN, Note.UNRECOGNISED)


def _label_group(words: str) -> Group | None:
    """Group a plain or Census 2021 label names ('White: Irish', 'Arab'), or None."""
    words = words.strip(" -:\u2013")
    if _NOT_KNOWN.match(words) or words in PLACEHOLDERS:
        return Group.UNKNOWN
    if words in _GROUP_LABEL:
        return _GROUP_LABEL[words]
    for pattern, group in ((_MIXED, Group.BME), (_WHITE, Group.WHITE), (_BME, Group.BME)):
        if pattern.match(words):
            return group
    return None


def classify(value: str | None) -> tuple[Group, bool]:
    """Group of one recorded value and whether it was recognised."""
    group, note = read(value)
    return group, note not in (Note.UNRECOGNISED, Note.LOOKUP_TEXT)


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


def lookalike_hint(value: str) -> str:
    """A note for a value holding letters that only look Latin (a Cyrillic capital A,
    U+0410, in 'A White - British'): such a value is never guessed, but the reason is
    named."""
    import unicodedata

    scripts = sorted(
        {
            unicodedata.name(c, "").split(" ")[0]
            for c in value
            if c.isalpha()
            and not c.isascii()
            and unicodedata.name(c, "").startswith(("CYRILLIC", "GREEK", "ARMENIAN", "FULLWIDTH"))
        }
    )
    if not scripts:
        return ""
    return (
        f" (it contains {' and '.join(s.title() for s in scripts)} letters that look like "
        "Latin ones: retype the value)"
    )
