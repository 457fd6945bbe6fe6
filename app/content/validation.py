"""Content layer: pydantic validation turned into author-facing problems.

Pydantic already gathers every structural error of one object; this module only translates its
error locations into the dotted field paths of ``Problem`` and softens its wording, so that a
wrong type in ``documents[2].audience`` reads the same as any check the loader makes itself.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from app.content.problems import ProblemLog, field_path

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (not part of the format)",
}


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    message = detail["msg"]
    if kind.endswith("_type"):
        found = type(detail["input"]).__name__
        message += f" (found {'nothing' if found == 'NoneType' else found})"
    return message


def validate(
    model: type[M], data: object, log: ProblemLog, file: str, prefix: str = ""
) -> M | None:
    """Return the validated model, or None after logging every error it had."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            location, message = list(detail["loc"]), _message(detail)
            if location and location[-1] == "[key]":  # pydantic's marker for a bad mapping key
                location.pop()
                message = f"as a key: {message}"
            log.add(file, field_path(prefix, *location), message)
        return None
