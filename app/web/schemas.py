"""Web layer: the shapes of request bodies, checked before anything else runs.

Lengths come from the engine's constants so the API and the rules cannot disagree. Unknown
fields are refused, so a typo in a field name is a clear 422 rather than a silently lost value.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.engine.commands import EXTEND_MAX_S, NAME_MAX, SCREEN_SHOWS, SHORT_TEXT_MAX, TEXT_MAX

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,80}$")]
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX)]
ShortText = Annotated[str, StringConstraints(max_length=SHORT_TEXT_MAX)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
LangQuery = Annotated[Language | None, Query(description="Language of texts, e.g. nl or en")]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CreateSession(Body):
    scenario_id: Identifier
    language: Language | None = None


class JoinRequest(Body):
    join_code: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)
    ]


class SeatRequest(Body):
    role_id: Identifier


class PhaseRequest(Body):
    action: Literal["advance", "back", "pause", "resume", "extend"]
    from_phase: Identifier | None = None
    seconds: Annotated[int, Field(ge=1, le=EXTEND_MAX_S)] | None = None


class CollisionRequest(Body):
    roles: Annotated[list[Identifier], Field(min_length=2, max_length=12)]
    logic: Literal["professional", "network", "organisational"]
    note: Text = ""
    starred: bool = False
    designed_id: Identifier | None = None


class NoteRequest(Body):
    text: Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX)]


class AgreementRequest(Body):
    what: Annotated[str, StringConstraints(min_length=1, max_length=SHORT_TEXT_MAX)]
    who: Annotated[str, StringConstraints(min_length=1, max_length=SHORT_TEXT_MAX)]
    when: Annotated[str, StringConstraints(min_length=1, max_length=SHORT_TEXT_MAX)]
    monitor: ShortText = ""
    fallback: ShortText = ""
    review: ShortText = ""


class ReflectionRequest(Body):
    question_id: Identifier | None = None
    text: Annotated[str, StringConstraints(min_length=1, max_length=TEXT_MAX)]


class MessageRequest(Body):
    text: Annotated[str, StringConstraints(min_length=1, max_length=SHORT_TEXT_MAX)]
    role_id: Identifier | None = None


class VerdictRequest(Body):
    verdict: Literal["met", "partly", "not_met"]
    comment: ShortText = ""


class ScreenRequest(Body):
    show: Annotated[str, StringConstraints(pattern=f"^({'|'.join(SCREEN_SHOWS)})$")]
    question_id: Identifier | None = None


class CollisionEditRequest(Body):
    """Only the fields given change; ``designed_id: null`` clears the match."""

    roles: Annotated[list[Identifier], Field(min_length=2, max_length=12)] | None = None
    logic: Literal["professional", "network", "organisational"] | None = None
    note: Text | None = None
    starred: bool | None = None
    designed_id: Identifier | None = None


class OutcomeRequest(Body):
    outcome: Literal["kept", "changed", "dropped"]
