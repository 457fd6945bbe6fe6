"""Web layer: the organiser's pages: the session list, opening, reopening, archiving, deleting.

The organiser link signs a browser in with a cookie; every form here also needs our origin, so a
foreign page cannot make an organiser's browser delete a session.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.services import organiser as organising
from app.services import sessions
from app.services.tokens import same_secret
from app.web.deps import ORGANISER_COOKIE, RuntimeDep, SessionId, session_cookie
from app.web.i18n import N_
from app.web.render import render_page
from app.web.runtime import Runtime
from app.web.schemas import Identifier, Language
from app.web.security.cookies import set_signin
from app.web.security.origins import same_origin

router = APIRouter(include_in_schema=False)


def _is_organiser(request: Request, runtime: Runtime) -> bool:
    key = request.cookies.get(ORGANISER_COOKIE)
    return key is not None and same_secret(key, runtime.organiser_key)


async def organiser_form(request: Request, runtime: RuntimeDep) -> None:
    if not _is_organiser(request, runtime) or not same_origin(request):
        raise HTTPException(403, "sign in with the organiser link first")


OrganiserForm = Depends(organiser_form)


def _base(request: Request, runtime: Runtime) -> str:
    return (runtime.settings.public_url or str(request.base_url)).rstrip("/")


@router.get("/organiser")
async def organiser(request: Request, runtime: RuntimeDep) -> HTMLResponse:
    if not _is_organiser(request, runtime):
        return render_page(request, "signin.html", heading=N_("Organiser"))
    scenarios = runtime.ctx.content.scenarios
    listed = await organising.sessions(runtime.ctx)
    return render_page(
        request,
        "organiser.html",
        scenarios=list(scenarios.values()),
        sessions=listed,
        titles={k: v.title for k, v in scenarios.items()},
    )


@router.post("/organiser/sessions", dependencies=[OrganiserForm])
async def open_session(
    request: Request,
    runtime: RuntimeDep,
    scenario_id: Annotated[Identifier, Form()],
    language: Annotated[Language, Form()],
) -> HTMLResponse:
    """Open a session and show its links once: only hashes of the tokens are kept."""
    spec = runtime.ctx.content.scenarios.get(scenario_id)
    if spec is None or language not in spec.languages:
        raise HTTPException(422, "choose an installed scenario and one of its languages")
    opened = await sessions.open_session(runtime.ctx, spec.id, language)
    response = render_page(
        request,
        "opened.html",
        status=201,
        opened=opened,
        base=_base(request, runtime),
        spec=spec,
        lang=language,
    )
    set_signin(response, session_cookie(opened.id), opened.facilitator_token, runtime.settings)
    return response


@router.post("/organiser/sessions/{sid}/open", dependencies=[OrganiserForm])
async def reopen(sid: SessionId, runtime: RuntimeDep) -> Response:
    """Open an existing session's panel in this browser."""
    token = await organising.reopen(runtime.ctx, sid)
    response = RedirectResponse(f"/s/{sid}", status_code=303)
    set_signin(response, session_cookie(sid), token, runtime.settings)
    return response


@router.post("/organiser/sessions/{sid}/archive", dependencies=[OrganiserForm])
async def archive(
    sid: SessionId, runtime: RuntimeDep, archived: Annotated[bool, Form()] = True
) -> Response:
    await organising.archive(runtime.ctx, sid, archived)
    return RedirectResponse("/organiser", status_code=303)


@router.post("/organiser/sessions/{sid}/delete", dependencies=[OrganiserForm])
async def delete(
    sid: SessionId, runtime: RuntimeDep, confirm: Annotated[str, Form(max_length=16)] = ""
) -> Response:
    """Delete a session and all its data; the form must carry the session's join code."""
    listed = {s.id: s for s in await organising.sessions(runtime.ctx)}
    if sid not in listed:
        raise HTTPException(404, "no such session")
    if confirm.strip().upper() != listed[sid].join_code:
        raise HTTPException(422, "type the session's join code to confirm deleting it")
    await organising.delete(runtime.ctx, sid)
    runtime.hub.close_session(sid)
    return RedirectResponse("/organiser", status_code=303)
