"""Web layer: the way in: joining, sign-in links, the language toggle, and a session's page.

``/s/{sid}`` opens the live page of whoever the browser is signed in as (a duo's page, the
facilitator's panel, the observer's page). Pages use the same services and the same
``engine.views`` snapshot as the JSON API, so a page can never show more than the API would
give the same person.
"""

from __future__ import annotations

import contextlib
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from app.engine import commands as cmd
from app.engine import seating, views
from app.resources import shipped
from app.services import queries, sessions
from app.services.commands import SessionArchived, handle
from app.web.deps import RuntimeDep, SessionId, session_cookie, session_token, signed_in
from app.web.i18n import LANGUAGE_COOKIE, LANGUAGES, N_, chosen_language
from app.web.pages.live import seen
from app.web.pages.registry import LIVE_PAGES
from app.web.rendering import render_page
from app.web.security import csrf
from app.web.security.cookies import clear_signin, set_preference, set_signin
from app.web.security.origins import same_origin

router = APIRouter(include_in_schema=False)


@router.get("/")
async def home(request: Request) -> Response:
    return RedirectResponse("/join", status_code=303)


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    """Browsers ask for this on every page that names no icon, JSON answers included."""
    return FileResponse(shipped("static") / "favicon.svg", media_type="image/svg+xml")


@router.get("/docs")
async def api_docs(request: Request) -> HTMLResponse:
    """The API reference, from the vendored Swagger UI, so it works without internet."""
    return render_page(request, "api_docs.html")


@router.get("/enter")
async def enter(request: Request) -> HTMLResponse:
    return render_page(request, "signin.html", heading=N_("Opening your session"))


@router.get("/join")
async def join_form(request: Request, code: str = "") -> HTMLResponse:
    return render_page(request, "join.html", code=code[:32], name="", problem=None)


_REFUSALS: dict[type[cmd.CommandRejected], str] = {
    seating.JoiningClosed: N_("Joining is closed. Ask the game leader to open it."),
    seating.SessionFull: N_("This session is full. Ask the game leader."),
    seating.RoleFull: N_(
        "This seat card's role already has all its players. Ask the game leader for a seat."
    ),
    SessionArchived: N_("This session is archived: nobody can join it any more."),
}


@router.post("/join")
async def join(
    request: Request,
    runtime: RuntimeDep,
    join_code: Annotated[str, Form(max_length=32)],
    name: Annotated[str, Form(max_length=60)],
    choice: Annotated[Literal["", "continue"], Form()] = "",
) -> Response:
    """Join from the form. A browser that already holds a seat in this session is asked first
    whether it is still that player: on a shared classroom laptop the next trainee must not
    silently take over the last one's seat, brief and notes."""

    def again(status: int, problem: str, **more: object) -> HTMLResponse:
        return render_page(
            request, "join.html", status=status, code=join_code, name=name, problem=problem, **more
        )

    try:
        door = await sessions.door(runtime.ctx, join_code)
    except sessions.NoSuchCode:
        return again(404, N_("No session has this code. Check the code on the screen."))
    session_id = door.session_id
    held = session_token(request, session_id)
    if held is not None and await signed_in(runtime, session_id, held) is not None:
        current = await sessions.seated(runtime.ctx, session_id, held)
        if current is None or choice == "continue":
            return RedirectResponse(f"/s/{session_id}", status_code=303)
        return again(409, "", held=current, session_id=session_id)
    if not name.strip():
        return again(422, N_("Please fill in your name."))
    try:
        joined = await sessions.join(runtime.ctx, session_id, name, door.role_id)
    except cmd.Invalid:
        return again(422, N_("Your name holds a character that cannot be shown. Type it again."))
    except cmd.CommandRejected as refused:
        status = 403 if refused.reason == "forbidden" else 409
        return again(status, _REFUSALS.get(type(refused), N_("This session has ended.")))
    response = RedirectResponse(f"/s/{session_id}", status_code=303)
    set_signin(response, session_cookie(session_id), joined.token, runtime.settings)
    return response


@router.post("/s/{sid}/leave")
async def leave(request: Request, sid: SessionId, runtime: RuntimeDep) -> Response:
    """The button "I am someone else": the seat's player leaves, this browser forgets them
    (cookie and typed drafts), and the join form is ready for the person now at the laptop."""
    if not same_origin(request):
        raise HTTPException(403, "this form did not come from your page")
    who = await signed_in(runtime, sid, session_token(request, sid))
    if who is not None and who.kind == "player":
        with contextlib.suppress(cmd.CommandRejected):  # archived: this laptop forgets all the same
            await handle(runtime.ctx, sid, cmd.Leave(), who.actor)
    state = await queries.state(runtime.ctx, sid)
    response = render_page(
        request,
        "join.html",
        code=state.join_code,
        name="",
        problem=None,
        forget_drafts=f"cl:{sid}:",
    )
    clear_signin(response, session_cookie(sid), runtime.settings)
    return response


@router.get("/s/{sid}")
async def session_page(request: Request, sid: SessionId, runtime: RuntimeDep) -> HTMLResponse:
    token = session_token(request, sid)
    who = await signed_in(runtime, sid, token)
    if who is None or token is None:
        return render_page(request, "signed_out.html", status=401)
    state = await queries.state(runtime.ctx, sid)
    kind = queries.viewer_kind(who)
    audience = views.audience_of(state, kind, who.player_id)
    if audience is None:
        return render_page(request, "signed_out.html", status=401)
    page = LIVE_PAGES[kind]
    language = chosen_language(request, state.language)
    online = runtime.hub.online(sid)
    me = queries.me(who, state)
    context = page.build(seen(state, audience, language, runtime.ctx.clock(), online, me))
    return render_page(
        request, page.template, **context, csrf=csrf.token_for(token), here=request.url.path
    )


@router.get("/lang/{language}")
async def choose_language(language: str, next: str = "/") -> Response:
    """Remember the reader's language; only a path on this server may follow."""
    if language not in LANGUAGES:
        raise HTTPException(404, "unknown language")
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    set_preference(response, LANGUAGE_COOKIE, language, max_age_s=365 * 24 * 3600)
    return response
