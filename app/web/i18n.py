"""Web layer: the interface language, Dutch first with English beside it.

UI strings live in gettext catalogs (``app/locale/<lang>/LC_MESSAGES/messages.po``), never in
templates. The catalogs are read with Babel and compiled in memory when first used, so no
compiled ``.mo`` file has to be built or kept in step with its source.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from starlette.requests import HTTPConnection

from app.web.security.cookies import cookie_name

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LANGUAGE_COOKIE = "cl_lang"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; it is translated where it is shown."""
    return message


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def translations(language: str) -> gettext.NullTranslations:
    path = catalog_path(language)
    if language not in LANGUAGES or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translator(language: str) -> Callable[[str], str]:
    return translations(language).gettext


def chosen_language(connection: HTTPConnection, fallback: str | None = None) -> str:
    """The reader's own choice (a cookie) wins; then the session's language; then Dutch."""
    chosen = connection.cookies.get(cookie_name(LANGUAGE_COOKIE))
    if chosen in LANGUAGES:
        return str(chosen)
    return fallback if fallback in LANGUAGES else DEFAULT_LANGUAGE
