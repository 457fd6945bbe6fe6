"""Services layer: text that every export format can hold, and that a spreadsheet keeps as text.

The log may hold anything a player once typed (old sessions predate the input checks), so the
exports never trust it:

- A lone surrogate cannot be encoded as UTF-8, and XML (so XLSX) cannot hold most C0 control
  characters nor U+FFFE/U+FFFF. Each is replaced by U+FFFD (the replacement character, shown
  as a question mark in a diamond), so a reader sees that something stood there instead of
  losing it without a trace, and one odd character never makes an export fail.
- A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
  some read a tab or carriage return before one of them the same way: an agreement
  ``=HYPERLINK("http://…"&A1,"klik")`` would become a live link that sends the sheet away.
  Such a cell gets a leading apostrophe, as OWASP advises against CSV injection. What the
  reader then sees is the apostrophe followed by exactly what was typed: ``'=HYPERLINK(…)``,
  ``'-1`` for a "-1" typed as text (some programs take a CSV's leading apostrophe as their own
  text marker and hide it; an XLSX cell always shows it). Only text is touched: the numbers
  and booleans the server writes (seq, round, starred) stay numbers.
- A cell holds at most 32,767 characters in Excel (openpyxl cuts silently); a longer text
  ends in "…" so the cut shows. The JSON and CSV exports keep the whole text.
"""

from __future__ import annotations

import re

Cell = str | int | float
"""What a spreadsheet cell gets: text, or a number (``bool`` is one) the server wrote."""

REPLACEMENT = "\ufffd"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
CELL_MAX = 32_767
CUT_MARK = "\u2026"

_UNENCODABLE = re.compile("[\ud800-\udfff]")
_NOT_IN_A_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def encodable(text: str) -> str:
    """``text`` with every lone surrogate replaced, so it encodes as UTF-8."""
    return _UNENCODABLE.sub(REPLACEMENT, text)


def cell_text(text: str) -> str:
    """``text`` as a CSV or XLSX cell may hold it: visible replacements, never a formula."""
    text = _NOT_IN_A_CELL.sub(REPLACEMENT, text)
    return NEUTRALISER + text if text.startswith(FORMULA_STARTS) else text


def cell(value: object) -> Cell:
    """A table value as a cell: numbers (and booleans) as they are, None as an empty cell,
    anything else as safe text."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return cell_text(str(value))


def sheet_cell(value: object) -> Cell:
    """``cell(value)`` for XLSX: a carriage return becomes the line break that XML reads it
    as anyway, and a text too long for a cell is cut visibly."""
    value = cell(value)
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(value) > CELL_MAX:
        return value[: CELL_MAX - len(CUT_MARK)] + CUT_MARK
    return value
