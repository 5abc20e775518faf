"""Every limit the tool enforces on its input, in one place (docs/errors.md, "Limits").

Real exports stay far inside each one; a file beyond them is broken or hostile, and is
refused with a documented rule code before it can exhaust memory or time.
"""

from __future__ import annotations

MAX_COLUMNS = 2_000
"""Columns on a CSV's first line (`too-many-columns`): real exports carry dozens."""
MEMORY_FACTOR = 4
"""Text read into Polars takes a few times its size on disk, with room to validate
(`file-too-large` when size x this exceeds the memory available)."""
MAX_LINE_BYTES = 4 << 20
"""One CSV line (a record's bytes between newlines): a real row is a few kilobytes; a
field of gigabytes would be read whole into memory (`line-too-long`)."""
MAX_SHEET_CELLS = 60_000_000
"""Rows x columns of the area a sheet spans (`bad-workbook`): the reader allocates it."""
MAX_WORKBOOK_PART_BYTES = 1 << 30
"""Uncompressed size of any one part of a workbook (a sheet's XML, shared strings), and
of all parts together x2 (`bad-workbook`): a zip bomb inflates 8 MB to gigabytes."""
SCAN_LIMIT = 64_000_000
"""Sheet XML up to this size is scanned for cell formats and error cells."""
MAX_NARRATIVE_BYTES = 200_000
"""``narrative.md``: a foreword of a few pages (`narrative-too-long`)."""
MAX_NAME_LENGTH = 200
"""``organisation`` in wres.toml: the longest NHS organisation name is under 100."""
MAX_TEXT_LENGTH = 2_000
"""A text cell (an action, an identifier, a category, a label): `text-too-long`; the
report lays out every action, and a 100,000-character cell would keep it busy."""
MAX_ROW_ISSUES = 10_000
"""Issues per rule and column; the rows beyond are counted in one more issue."""
MAX_VALUES_SHOWN = 5
"""Distinct unrecognised values named per file and column on the terminal; the rest
are counted in one more issue (values that look like identifiers are masked)."""
