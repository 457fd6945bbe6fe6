"""Web layer: the htmx forms on the player's page: notes, agreements, reflections, the hand.

Agreements can also be written down by the facilitator from the panel; the answer is always
the regions of the page the form came from.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from app.engine import commands as cmd
from app.web.deps import AnyoneForm
from app.web.pages.registry import act
from app.web.schemas import AgreementRequest, ReflectionRequest
from app.web.security.texts import Text

router = APIRouter(include_in_schema=False)
TEXT = Annotated[Text, Form()]


@router.post("/s/{sid}/notes")
async def add_note(sender: AnyoneForm, text: TEXT) -> Response:
    return await act(sender, cmd.AddNote(text))


@router.post("/s/{sid}/agreements")
async def add_agreement(sender: AnyoneForm, body: Annotated[AgreementRequest, Form()]) -> Response:
    return await act(sender, cmd.AddAgreement(**body.fields()))


@router.post("/s/{sid}/reflections")
async def add_reflection(
    sender: AnyoneForm, body: Annotated[ReflectionRequest, Form()]
) -> Response:
    return await act(sender, cmd.AddReflection(**body.fields()))


@router.post("/s/{sid}/hand")
async def hand(
    sender: AnyoneForm,
    raise_: Annotated[str, Form(alias="raise", pattern="^[01]$")] = "1",
) -> Response:
    command: cmd.Command = cmd.RaiseHand() if raise_ == "1" else cmd.LowerHand()
    return await act(sender, command)
