"""Web layer: the shapes of request bodies, checked before anything else runs.

Lengths and fixed choices come from the engine so the API and the rules cannot disagree; every
text a person writes is one of the text types of ``security.texts`` (a maximum length and the
text rule). Unknown fields are refused, so a typo in a field name is a clear 422 rather than a
silently lost value.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.engine.commands import EXTEND_MAX_S, IDENTIFIER_MAX
from app.engine.spec import Logic
from app.engine.vocabulary import AgreementOutcome, NeedVerdict, PhaseAction, ScreenShow
from app.services import zones
from app.web.security.texts import Code, Name, ShortText, ShortTextOrEmpty, Text, TextOrEmpty

Identifier = Annotated[str, StringConstraints(pattern=rf"^[A-Za-z0-9_.-]{{1,{IDENTIFIER_MAX}}}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
LangQuery = Annotated[Language | None, Query(description="Language of texts, e.g. nl or en")]


def time_zone(name: str) -> str:
    """The one check of a session's zone, for the API and the organiser's form alike."""
    if not zones.known(name):
        raise ValueError("must be an IANA time zone name, such as Europe/Amsterdam")
    return name


TimeZone = Annotated[
    str,
    StringConstraints(max_length=zones.NAME_MAX, pattern=zones.NAME_PATTERN),
    AfterValidator(time_zone),
    Field(description="IANA name of the zone the report and exports show times in"),
]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def fields(self) -> dict[str, Any]:
        """The body as its command takes it: a body's fields carry the names of its command's
        fields, so one rule turns any of them into its command; lists become the tuples a
        frozen command holds."""
        return {k: tuple(v) if isinstance(v, list) else v for k, v in self.model_dump().items()}


class CreateSession(Body):
    scenario_id: Identifier
    language: Language | None = None
    timezone: TimeZone = zones.DEFAULT_TIMEZONE


class JoinRequest(Body):
    join_code: Code
    name: Name


class SeatRequest(Body):
    role_id: Identifier


class PhaseRequest(Body):
    action: PhaseAction
    from_phase: Identifier | None = None
    seconds: Annotated[int, Field(ge=1, le=EXTEND_MAX_S)] | None = None


class CollisionRequest(Body):
    roles: Annotated[list[Identifier], Field(min_length=2, max_length=12)]
    logic: Logic
    note: TextOrEmpty = ""
    starred: bool = False
    designed_id: Identifier | None = None


class NoteRequest(Body):
    text: Text


class AgreementRequest(Body):
    what: ShortText
    who: ShortText
    when: ShortText
    monitor: ShortTextOrEmpty = ""
    fallback: ShortTextOrEmpty = ""
    review: ShortTextOrEmpty = ""


class ReflectionRequest(Body):
    question_id: Identifier | None = None
    text: Text


class MessageRequest(Body):
    text: ShortText
    role_id: Identifier | None = None


class VerdictRequest(Body):
    verdict: NeedVerdict
    comment: ShortTextOrEmpty = ""


class ScreenRequest(Body):
    show: ScreenShow
    question_id: Identifier | None = None


class CollisionEditRequest(Body):
    """Only the fields given change; ``designed_id: null`` clears the match."""

    roles: Annotated[list[Identifier], Field(min_length=2, max_length=12)] | None = None
    logic: Logic | None = None
    note: TextOrEmpty | None = None
    starred: bool | None = None
    designed_id: Identifier | None = None


class OutcomeRequest(Body):
    outcome: AgreementOutcome


class JoiningRequest(Body):
    open: bool
