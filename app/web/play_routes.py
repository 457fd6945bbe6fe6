"""Web layer: the htmx forms on the player's page, and the language toggle every page has.

Agreements can also be written down by the facilitator from the panel; the answer is always
the region of the page the form came from.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from app.engine import commands as cmd
from app.services.commands import handle
from app.web.deps import RuntimeDep
from app.web.forms import FormWho, regions
from app.web.i18n import LANGUAGE_COOKIE, LANGUAGES
from app.web.security.cookies import set_preference
from app.web.security.texts import ShortText, ShortTextOrEmpty, Text

router = APIRouter(include_in_schema=False)
TEXT = Annotated[Text, Form()]
SHORT = Annotated[ShortText, Form()]
OPTIONAL_SHORT = Annotated[ShortTextOrEmpty, Form()]


@router.post("/s/{sid}/notes")
async def add_note(request: Request, who: FormWho, runtime: RuntimeDep, text: TEXT) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.AddNote(text), who.actor)
    return await regions(request, runtime, who, ("notes",))


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
    await handle(runtime.ctx, who.session_id, command, who.actor)
    return await regions(request, runtime, who, ("agreements",))


@router.post("/s/{sid}/reflections")
async def add_reflection(
    request: Request,
    who: FormWho,
    runtime: RuntimeDep,
    text: TEXT,
    question_id: Annotated[str | None, Form(max_length=cmd.IDENTIFIER_MAX)] = None,
) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.AddReflection(text, question_id), who.actor)
    return await regions(request, runtime, who, ("reflections",))


@router.post("/s/{sid}/hand")
async def hand(
    request: Request,
    who: FormWho,
    runtime: RuntimeDep,
    raise_: Annotated[str, Form(alias="raise", pattern="^[01]$")] = "1",
) -> Response:
    command: cmd.Command = cmd.RaiseHand() if raise_ == "1" else cmd.LowerHand()
    await handle(runtime.ctx, who.session_id, command, who.actor)
    return await regions(request, runtime, who, ("messages",))


@router.get("/lang/{language}")
async def choose_language(language: str, next: str = "/") -> Response:
    """Remember the reader's language; only a path on this server may follow."""
    if language not in LANGUAGES:
        raise HTTPException(404, "unknown language")
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    set_preference(response, LANGUAGE_COOKIE, language, max_age_s=365 * 24 * 3600)
    return response
