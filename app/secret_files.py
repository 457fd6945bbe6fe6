"""Configuration layer: ``CL_<NAME>_FILE`` names a file holding the value of ``CL_<NAME>``.

Docker and systemd hand secrets to a service as files, so the organiser key, the metrics token
and the two URLs (which carry passwords) need not sit in the environment, where ``ps e`` and
``docker inspect`` show them. A file's one trailing newline is not part of the value; a
variable set beside its file is a mistake, not a choice.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic_settings import PydanticBaseSettingsSource

ENV_PREFIX = "CL_"
FROM_FILE = ("organiser_key", "database_url", "broadcast_url", "metrics_token")
"""The settings that may be read from a file named by ``CL_<NAME>_FILE``."""


class SettingsProblem(ValueError):
    """The environment cannot be read into settings; one plain line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def variable(field: str) -> str:
    """The environment variable of a setting: ``data_dir`` is ``CL_DATA_DIR``."""
    return ENV_PREFIX + field.upper()


def read_secret_files(environ: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The values of the ``CL_<NAME>_FILE`` variables that are set, each file's text without
    one trailing newline, and what is wrong with them."""
    values: dict[str, str] = {}
    problems: list[str] = []
    for field in FROM_FILE:
        name = variable(field) + "_FILE"
        path = environ.get(name)
        if not path:
            continue
        if environ.get(variable(field)):
            problems.append(f"error: {variable(field)} and {name} are both set: keep one")
            continue
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as failure:
            reason = getattr(failure, "strerror", None) or "not UTF-8 text"
            problems.append(f"error: {name}: cannot read {path} ({reason})")
            continue
        value = text.removesuffix("\n").removesuffix("\r")
        if not value.strip():
            problems.append(f"error: {name}: {path} is empty")
            continue
        values[field] = value
    return values, problems


class SecretFiles(PydanticBaseSettingsSource):
    """``CL_<NAME>_FILE`` names a file holding the value of ``CL_<NAME>``."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads them all at once

    def __call__(self) -> dict[str, Any]:
        values, problems = read_secret_files(os.environ)
        if problems:
            raise SettingsProblem(problems)
        return dict(values)
