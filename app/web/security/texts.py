"""Web layer: the engine's text rule as pydantic types, for every JSON field and form field a
person can fill in.

Checking at the edge answers a refused character with a 422 whose ``loc`` names the field as
the client sent it, before any command runs; the engine checks its records again with the same
rule. Every type carries its maximum length, so no text field is declared without one.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from app.engine import commands as cmd
from app.engine.texts import normalised, refusal


def text_rule(single_line: bool) -> AfterValidator:
    """The rule as a pydantic validator: the text normalised, or a ``text_refused`` error."""

    def check(value: str) -> str:
        text = normalised(value)
        problem = refusal(text, single_line)
        if problem is not None:
            raise PydanticCustomError(
                "text_refused", "must not contain {problem}", {"problem": problem}
            )
        return text

    return AfterValidator(check)


_LINE = text_rule(single_line=True)
_LINES = text_rule(single_line=False)

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=cmd.NAME_MAX), _LINE
]
"""A person's name (or pseudonym): one line, at most ``NAME_MAX`` characters."""
Code = Annotated[str, StringConstraints(min_length=1, max_length=cmd.CODE_MAX), _LINE]
"""A join or seat code as typed."""
Text = Annotated[str, StringConstraints(min_length=1, max_length=cmd.TEXT_MAX), _LINES]
"""A note or a reflection."""
TextOrEmpty = Annotated[str, StringConstraints(max_length=cmd.TEXT_MAX), _LINES]
"""A collision's note."""
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=cmd.SHORT_TEXT_MAX), _LINES]
"""A message, or one of an agreement's required fields."""
ShortTextOrEmpty = Annotated[str, StringConstraints(max_length=cmd.SHORT_TEXT_MAX), _LINES]
"""An agreement's optional field, the mayor's comment."""
