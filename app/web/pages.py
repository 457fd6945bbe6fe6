"""Web layer: the server-rendered pages: sign-in links, the organiser's page, joining, a session.

Pages use the same services and the same ``engine.views`` snapshot as the JSON API, so a page
can never show more than the API would give the same person.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from app.engine import views
from app.resources import shipped
from app.services import queries, sessions
from app.services.principals import Who
from app.web.deps import RuntimeDep, SessionId, session_cookie
from app.web.i18n import N_, chosen_language
from app.web.live_pages import LIVE_PAGES, LivePage
from app.web.render import render_page
from app.web.runtime import Runtime
from app.web.security import csrf
from app.web.security.cookies import set_signin

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


@router.post("/join")
async def join(
    request: Request,
    runtime: RuntimeDep,
    join_code: Annotated[str, Form(max_length=32)],
    name: Annotated[str, Form(max_length=60)],
) -> Response:
    """Join from the form; a browser that already has a seat in this session keeps it."""
    try:
        door = await sessions.door(runtime.ctx, join_code)
    except sessions.NoSuchCode:
        return render_page(
            request,
            "join.html",
            status=404,
            code=join_code,
            name=name,
            problem=N_("No session has this code. Check the code on the screen."),
        )
    session_id = door.session_id
    held = request.cookies.get(session_cookie(session_id))
    who = await sessions.authenticate(runtime.ctx, held) if held else None
    if who is not None and who.session_id == session_id:
        return RedirectResponse(f"/s/{session_id}", status_code=303)
    if not name.strip():
        return render_page(
            request,
            "join.html",
            status=422,
            code=join_code,
            name=name,
            problem=N_("Please fill in your name."),
        )
    joined = await sessions.join(runtime.ctx, session_id, name, door.role_id)
    response = RedirectResponse(f"/s/{session_id}", status_code=303)
    set_signin(response, session_cookie(session_id), joined.token, runtime.settings)
    return response


@router.get("/s/{sid}")
async def session_page(request: Request, sid: SessionId, runtime: RuntimeDep) -> HTMLResponse:
    token = request.cookies.get(session_cookie(sid))
    who = await sessions.authenticate(runtime.ctx, token) if token else None
    if who is None or who.session_id != sid or token is None:
        return render_page(request, "signed_out.html", status=401)
    return await _live_page(request, runtime, who, token, LIVE_PAGES[queries.viewer_kind(who)])


async def _live_page(
    request: Request, runtime: Runtime, who: Who, token: str, page: LivePage
) -> HTMLResponse:
    state = await queries.state(runtime.ctx, who.session_id)
    audience = views.audience_of(state, queries.viewer_kind(who), who.player_id)
    if audience is None:
        return render_page(request, "signed_out.html", status=401)
    language = chosen_language(request, state.language)
    online = runtime.hub.online(who.session_id)
    context = page.full(state, audience, language, online, queries.me(who, state))
    context |= {"csrf": csrf.token_for(token), "here": request.url.path}
    return render_page(request, page.template, **context)
