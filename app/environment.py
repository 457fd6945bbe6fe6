"""Command line: the environment read into settings, every mistake in it as one plain line.

pydantic-settings ignores a variable it does not know, so a misspelt ``CL_DATABSE_URL`` would
leave the server on SQLite without a word; and its own errors are tracebacks. Here both become
lines naming the variable, with the closest known name for a misspelling.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping

from pydantic import ValidationError
from pydantic_settings import SettingsError

from app.secret_files import ENV_PREFIX, FROM_FILE, SettingsProblem, variable
from app.settings import Settings

FOREIGN = frozenset({"CL_SITE_ADDRESS", "CL_SCREENSHOT_DIR"})
"""``CL_`` names this project uses outside the server: the compose example's site address and
the browser tests' screenshots; ``CL_TEST_…`` belongs to the test suite."""
_SECRET = frozenset(FROM_FILE)
_PARSE = re.compile(r'field "(\w+)"')


def known_variables() -> set[str]:
    names = {variable(field) for field in Settings.model_fields}
    return names | {variable(field) + "_FILE" for field in FROM_FILE}


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One line per ``CL_`` variable that no setting reads, with the closest known name."""
    known = sorted(known_variables())
    lines = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper in known or upper in FOREIGN:
            continue
        if upper.startswith(ENV_PREFIX + "TEST_"):
            continue
        close = difflib.get_close_matches(upper, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        lines.append(f"error: {name} is not a setting of this server{hint}")
    return lines


def _validation_lines(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        message = item["msg"].removeprefix("Value error, ")
        got = (
            "" if field in _SECRET or item["type"] == "value_error" else f" (got {item['input']!r})"
        )
        lines.append(f"error: {variable(field)}: {message[:1].lower()}{message[1:]}{got}")
    return lines


def load() -> tuple[Settings | None, list[str]]:
    """The settings the server would run with, or the lines saying why there are none; an
    unknown variable is a problem either way."""
    problems = unknown_variables(os.environ)
    try:
        return Settings(), problems
    except SettingsProblem as failure:
        problems += failure.problems
    except ValidationError as failure:
        problems += _validation_lines(failure)
    except SettingsError as failure:  # a list that is not JSON
        found = _PARSE.search(str(failure))
        name = variable(found.group(1)) if found else "a CL_ variable"
        problems.append(f'error: {name}: not valid JSON (a list is written ["…", "…"])')
    return None, problems
