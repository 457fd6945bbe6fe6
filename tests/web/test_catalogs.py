"""Translations cannot drift: every UI string in code and templates is in both catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.web.i18n import LANGUAGES, catalog_path, translator

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _used() -> set[str]:
    found = extract_from_dir(
        str(ROOT), METHODS, keywords={"_": None, "N_": None}, options_map=OPTIONS
    )
    return {str(message) for _file, _line, message, _comments, _context in found if message}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_ui_string_is_translated(language: str) -> None:
    with catalog_path(language).open("rb") as source:
        catalog = read_po(source)
    translated = {m.id: m.string for m in catalog if m.id}
    missing = sorted(_used() - set(translated))
    empty = sorted(k for k, v in translated.items() if not v)
    assert not missing, f"add to {language}: {missing}"
    assert not empty, f"translate in {language}: {empty}"
    unused = sorted(set(translated) - _used())
    assert not unused, f"remove from {language}: {unused}"


def test_dutch_is_really_dutch() -> None:
    assert translator("nl")("Raise hand") == "Hand opsteken"
    assert translator("en")("Raise hand") == "Raise hand"
