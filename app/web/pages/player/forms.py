"""Web layer: the htmx forms on the player's page: notes, agreements, reflections, the hand.

Agreements can also be written down by the facilitator from the panel; the answer is always
the regions of the page the form came from.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.engine import commands as cmd
from app.web.deps import FormWho, RuntimeDep
from app.web.pages.registry import act
from app.web.security.texts import ShortText, ShortTextOrEmpty, Text

router = APIRouter(include_in_schema=False)
TEXT = Annotated[Text, Form()]
SHORT = Annotated[ShortText, Form()]
OPTIONAL_SHORT = Annotated[ShortTextOrEmpty, Form()]


@router.post("/s/{sid}/notes")
async def add_note(request: Request, who: FormWho, runtime: RuntimeDep, text: TEXT) -> Response:
    return await act(request, runtime, who, cmd.AddNote(text))


@router.post("/s/{sid}/agreements")
async def add_agreement(
    request: Request,
    who: FormWho,
    runtime: RuntimeDep,
    what: SHORT,
    who_does: Annotated[ShortText, Form(alias="who")],
    when: SHORT,
    monitor: OPTIONAL_SHORT = "",
    fallback: OPTIONAL_SHORT = "",
    review: OPTIONAL_SHORT = "",
) -> Response:
    command = cmd.AddAgreement(what, who_does, when, monitor, fallback, review)
    return await act(request, runtime, who, command)


@router.post("/s/{sid}/reflections")
async def add_reflection(
    request: Request,
    who: FormWho,
    runtime: RuntimeDep,
    text: TEXT,
    question_id: Annotated[str | None, Form(max_length=cmd.IDENTIFIER_MAX)] = None,
) -> Response:
    return await act(request, runtime, who, cmd.AddReflection(text, question_id))


@router.post("/s/{sid}/hand")
async def hand(
    request: Request,
    who: FormWho,
    runtime: RuntimeDep,
    raise_: Annotated[str, Form(alias="raise", pattern="^[01]$")] = "1",
) -> Response:
    command: cmd.Command = cmd.RaiseHand() if raise_ == "1" else cmd.LowerHand()
    return await act(request, runtime, who, command)
