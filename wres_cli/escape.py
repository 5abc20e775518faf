"""Text from input made safe wherever it leaves the tool: terminal, CSV, XLSX, HTML, PDF.

An ESC in an organisation name must not drive a terminal, a NUL must not reach a CSV,
and a right-to-left override (U+202E) must not reverse the text around it in a report.
Such characters are shown escaped (``\\x1b``, ``\\u202e``), never passed through.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Marks and embeddings / overrides / isolates that reorder the text around them."""
_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: str) -> str:
    """``text`` with control and bidirectional-control characters escaped (line breaks and
    tabs kept): for files and documents."""
    return _UNSAFE.sub(_escaped, text) if _UNSAFE.search(text) else text


def printable(text: str, limit: int | None = None) -> str:
    """Text for a terminal: every non-printable character escaped (line breaks too), and
    cut to ``limit`` characters."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"... ({len(text):,} characters)"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")
"""What ``json.dumps(ensure_ascii=False)`` and pydantic leave raw (they escape C0 only)."""


def json_text(document: str) -> str:
    """A JSON document with DEL, C1 and bidirectional controls written as ``\\uXXXX``
    escapes: the same JSON value, safe to print (such characters occur only in strings)."""
    if not _JSON_UNSAFE.search(document):
        return document
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", document)
