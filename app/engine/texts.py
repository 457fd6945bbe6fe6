"""Engine layer: the one rule for every text a person can type into the game.

Texts end up on other people's screens, on the projector and in spreadsheets, so a character
that can hide, reorder or break what others read is refused rather than silently dropped: the
writer learns which field to fix. Control characters (other than newline and tab in texts
that may span lines), lone surrogates (which no file or database can store) and the bidi
override and isolate characters (which can make "approve" read as "evorppa") are refused.
Line breaks are unified to ``\\n`` first, because browsers send a textarea's lines as CRLF, and
every accepted text is stored in Unicode NFC, so "é" typed two ways is the same word.
"""

from __future__ import annotations

import unicodedata

from app.engine import commands as cmd

_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_LINE_BREAKS = frozenset("\n\t\u2028\u2029")


def normalised(value: str) -> str:
    """One spelling per text: ``\\n`` for every line break, NFC for every letter."""
    unified = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", unified)


def _what(char: str, single_line: bool) -> str | None:
    code = f"U+{ord(char):04X}"
    if char in _LINE_BREAKS:
        return f"a line break or tab ({code})" if single_line else None
    category = unicodedata.category(char)
    if category == "Cc":
        return f"a control character ({code})"
    if category == "Cs":
        return f"a lone surrogate ({code})"
    if char in _BIDI_CONTROLS:
        return f"a bidi override or isolate character ({code})"
    return None


def refusal(value: str, single_line: bool = False) -> str | None:
    """The first character the rule refuses in ``value``, in words, or None when all is well.

    ``value`` is expected to be ``normalised`` already, so a CR of a CRLF is not refused.
    """
    for char in value:
        if char.isprintable():
            continue
        problem = _what(char, single_line)
        if problem is not None:
            return problem
    return None


def clean_text(value: str, field: str, single_line: bool = False) -> str:
    """``value`` normalised, or ``Invalid`` naming ``field`` and the refused character.

    Single-line texts (names, codes) may not hold a line break or tab either.
    """
    text = normalised(value)
    problem = refusal(text, single_line)
    if problem is not None:
        raise cmd.Invalid(f"{field} must not contain {problem}")
    return text


def field_text(value: str, field: str, limit: int, required: bool = True) -> str:
    """A record's text as stored: clean, without surrounding blanks, present if required and
    at most ``limit`` characters long."""
    text = clean_text(value, field).strip()
    if required and not text:
        raise cmd.Invalid(f"{field} must not be empty")
    if len(text) > limit:
        raise cmd.Invalid(f"{field} must be at most {limit} characters")
    return text
