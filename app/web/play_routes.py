"""Web layer: the player's page and the htmx forms on it.

Forms post with the sign-in cookie, so each one also needs our origin and the page's CSRF
header. A form answers with the regions it changed, rendered from the same blocks as the page,
so the writer sees the result even before the live socket brings it to the others.
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.engine import commands as cmd
from app.engine import views
from app.services import queries, sessions
from app.services.commands import handle
from app.services.sessions import Who
from app.web import csrf
from app.web.blocks import render_blocks
from app.web.deps import RuntimeDep, SessionId, session_cookie
from app.web.i18n import LANGUAGE_COOKIE, LANGUAGES, chosen_language, translator
from app.web.origins import same_origin
from app.web.page_context import context
from app.web.runtime import Runtime
from app.web.templating import pages

router = APIRouter(include_in_schema=False)
TEXT = Annotated[str, Form(max_length=cmd.TEXT_MAX)]
SHORT = Annotated[str, Form(max_length=cmd.SHORT_TEXT_MAX)]


async def form_principal(request: Request, sid: SessionId, runtime: RuntimeDep) -> Who:
    token = request.cookies.get(session_cookie(sid))
    who = await sessions.authenticate(runtime.ctx, token) if token else None
    if who is None or who.session_id != sid or token is None:
        raise HTTPException(401, "sign in to this session first")
    if not same_origin(request) or not csrf.valid(token, request.headers.get(csrf.HEADER)):
        raise HTTPException(403, "this form did not come from your page")
    return who


FormWho = Annotated[Who, Depends(form_principal)]


async def regions(
    request: Request, runtime: Runtime, who: Who, names: tuple[str, ...]
) -> HTMLResponse:
    state = await queries.state(runtime.ctx, who.session_id)
    audience = views.audience_of(state, queries.viewer_kind(who), who.player_id)
    if audience is None:
        raise HTTPException(404, "you are no longer in this session")
    language = chosen_language(request, state.language)
    page = context(state, audience, language, translator(language), time.time())
    return HTMLResponse(render_blocks(pages.env, "play.html", names, page))


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
    who_does: Annotated[str, Form(alias="who", max_length=cmd.SHORT_TEXT_MAX)],
    when: SHORT,
    monitor: SHORT = "",
    fallback: SHORT = "",
    review: SHORT = "",
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
    question_id: Annotated[str | None, Form(max_length=80)] = None,
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
    response.set_cookie(
        LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="lax", httponly=True, path="/"
    )
    return response
