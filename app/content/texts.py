"""Content layer: checks that every text is present, non-empty, in every language it needs.

A session runs in one language, and a blank in that language would show a player nothing, so a
missing or empty translation is a problem at load time rather than a surprise during a game.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from app.content.base_format import LANGUAGE_PATTERN
from app.content.problems import ProblemLog, field_path


def check_text(
    text: Mapping[str, str], languages: Sequence[str], log: ProblemLog, file: str, path: str
) -> None:
    """A scenario text: exactly the scenario's languages, none of them blank."""
    for language in languages:
        value = text.get(language)
        if value is None:
            log.add(file, field_path(path, language), "missing translation")
        elif not value.strip():
            log.add(file, field_path(path, language), "text is empty")
    for language in text:
        if language not in languages:
            listed = ", ".join(languages)
            log.add(file, field_path(path, language), f"not one of the languages ({listed})")


def check_texts(
    texts: Iterable[tuple[str, Mapping[str, str]]],
    languages: Sequence[str],
    log: ProblemLog,
    file: str,
    prefix: str = "",
) -> None:
    for path, text in texts:
        check_text(text, languages, log, file, field_path(prefix, path))


def check_free_text(text: Mapping[str, str], log: ProblemLog, file: str, path: str) -> None:
    """A role text: any well-formed languages, at least one, none of them blank."""
    if not text:
        log.add(file, path, "text has no language at all")
    for language, value in text.items():
        if not re.fullmatch(LANGUAGE_PATTERN, language):
            log.add(file, field_path(path, language), "not a language code such as nl or en")
        elif not value.strip():
            log.add(file, field_path(path, language), "text is empty")


def check_coverage(
    text: Mapping[str, str],
    languages: Sequence[str],
    log: ProblemLog,
    file: str,
    path: str,
    needed_by: str,
) -> None:
    """A role text used by a scenario must exist in each of that scenario's languages."""
    for language in languages:
        if language not in text:
            log.add(file, field_path(path, language), f"missing translation needed by {needed_by}")
