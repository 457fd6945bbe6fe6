"""Web layer: the server-rendered pages: sign-in links, the organiser's page, joining, a session.

Pages use the same services and the same ``engine.views`` snapshot as the JSON API, so a page
can never show more than the API would give the same person.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from app.engine import views
from app.resources import shipped
from app.services import queries, sessions
from app.services.tokens import same_secret
from app.web import csrf
from app.web.cookies import set_signin
from app.web.deps import ORGANISER_COOKIE, RuntimeDep, SessionId, session_cookie
from app.web.i18n import N_, chosen_language, translator
from app.web.origins import same_origin
from app.web.page_context import context
from app.web.runtime import Runtime
from app.web.schemas import Identifier, Language
from app.web.templating import pages

router = APIRouter(include_in_schema=False)


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Every page speaks the reader's language and knows where it is (for the toggle)."""
    language = context.get("lang") or chosen_language(request)
    context = {"lang": language, "_": translator(language), "here": request.url.path} | context
    return pages.TemplateResponse(request, template, context, status_code=status)


def _is_organiser(request: Request, runtime: Runtime) -> bool:
    key = request.cookies.get(ORGANISER_COOKIE)
    return key is not None and same_secret(key, runtime.organiser_key)


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
    return _render(request, "api_docs.html")


@router.get("/enter")
async def enter(request: Request) -> HTMLResponse:
    return _render(request, "signin.html", heading=N_("Opening your session"))


@router.get("/organiser")
async def organiser(request: Request, runtime: RuntimeDep) -> HTMLResponse:
    if not _is_organiser(request, runtime):
        return _render(request, "signin.html", heading=N_("Organiser"))
    return _render(
        request, "organiser.html", scenarios=list(runtime.ctx.content.scenarios.values())
    )


@router.post("/organiser/sessions")
async def open_session(
    request: Request,
    runtime: RuntimeDep,
    scenario_id: Annotated[Identifier, Form()],
    language: Annotated[Language, Form()],
) -> HTMLResponse:
    """Open a session and show its links once: only hashes of the tokens are kept."""
    if not _is_organiser(request, runtime) or not same_origin(request):
        raise HTTPException(403, "sign in with the organiser link first")
    spec = runtime.ctx.content.scenarios.get(scenario_id)
    if spec is None or language not in spec.languages:
        raise HTTPException(422, "choose an installed scenario and one of its languages")
    opened = await sessions.open_session(runtime.ctx, spec.id, language)
    base = (runtime.settings.public_url or str(request.base_url)).rstrip("/")
    response = _render(
        request, "opened.html", status=201, opened=opened, base=base, spec=spec, lang=language
    )
    set_signin(response, session_cookie(opened.id), opened.facilitator_token, runtime.settings)
    return response


@router.get("/join")
async def join_form(request: Request, code: str = "") -> HTMLResponse:
    return _render(request, "join.html", code=code[:32], name="", problem=None)


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
        return _render(
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
        return _render(
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
    if who is None or who.session_id != sid:
        return _render(request, "signed_out.html", status=401)
    if who.kind == "player" and token is not None:
        return await _player_page(request, runtime, who, token)
    view = await queries.snapshot(runtime.ctx, who, None, runtime.hub.online(sid))
    roles = {r["id"]: r for r in view["roles"]}
    return _render(
        request, "session.html", view=view, roles=roles, who=who, lang=view["session"]["language"]
    )


async def _player_page(
    request: Request, runtime: Runtime, who: sessions.Who, token: str
) -> HTMLResponse:
    state = await queries.state(runtime.ctx, who.session_id)
    audience = views.audience_of(state, "player", who.player_id)
    if audience is None:
        return _render(request, "signed_out.html", status=401)
    language = chosen_language(request, state.language)
    page = context(
        state, audience, language, translator(language), time.time(), queries.me(who, state)
    )
    page |= {"csrf": csrf.token_for(token), "here": request.url.path}
    return _render(request, "play.html", **page)
