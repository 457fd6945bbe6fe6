"""Content layer: the building blocks shared by the role and scenario file formats.

Every model is strict and forbids unknown fields: YAML written by hand should fail loudly on a
misspelt key or a number typed as text, rather than be coerced into something the author did
not mean. A *text* is a mapping from language code to string (``{nl: ..., en: ...}``); which
languages it must hold is decided by the scenario, not here, so roles stay reusable.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, StringConstraints

SLUG_PATTERN = r"^[a-z0-9-]+$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""Ids appear in file names and URLs, so they are lower-case letters, digits and hyphens."""

LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
TextField = dict[str, str]


class StrictModel(BaseModel):
    """Base for every file-format model; lists the fields that hold a text."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ()

    def texts(self) -> Iterator[tuple[str, TextField]]:
        """Yield ``(field path, text)`` for every text, nested ones included."""
        for name in self.TEXT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, StrictModel):
                for path, text in value.texts():
                    yield f"{name}.{path}", text
            else:
                yield name, value
