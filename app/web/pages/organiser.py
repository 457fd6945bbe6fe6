"""Web layer: the organiser's pages: signing in and out, the session list, opening, reopening,
archiving, deleting.

The browser signs in with the organiser key (from the link's fragment or typed into the form)
and gets a sign-in cookie that expires and can be signed out (``services.signins``), never the
key itself. Every form here also needs our origin, so a foreign page cannot make an organiser's
browser delete a session, nor sign it in or out.
"""

from __future__ import annotations

from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.services import organiser as organising
from app.services import sessions, signins, zones
from app.services.tokens import same_secret
from app.web.api.auth import sign_in_organiser
from app.web.deps import (
    PublicBase,
    RuntimeDep,
    SessionId,
    organiser_cookie,
    session_cookie,
    signed_in_organiser,
)
from app.web.i18n import N_
from app.web.rendering import render_page
from app.web.schemas import Identifier, Language, TimeZone
from app.web.security.cookies import clear_signin, set_signin
from app.web.security.origins import same_origin

router = APIRouter(include_in_schema=False)
KEY_FORM_MAX = 1000
"""A pasted organiser link is accepted too; the key is what follows its '#'."""


async def organiser_form(request: Request, runtime: RuntimeDep) -> None:
    if not same_origin(request) or not await signed_in_organiser(request, runtime):
        raise HTTPException(403, "sign in with the organiser link first")


OrganiserForm = Depends(organiser_form)


def _same_origin_form(request: Request) -> None:
    if not same_origin(request):
        raise HTTPException(403, "this form did not come from this site")


SameOriginForm = Depends(_same_origin_form)


def _signin_page(
    request: Request, status: int = 200, notice: str | None = None, problem: str | None = None
) -> HTMLResponse:
    hours = signins.SIGNIN_TTL_S // 3600
    return render_page(
        request,
        "signin.html",
        status=status,
        heading=N_("Organiser"),
        key_form=True,
        notice=notice,
        problem=problem,
        hours=hours,
    )


@router.post("/organiser/signin", dependencies=[SameOriginForm])
async def sign_in(
    request: Request, runtime: RuntimeDep, key: Annotated[str, Form(max_length=KEY_FORM_MAX)]
) -> Response:
    typed = key.rpartition("#")[2].strip()
    if not typed or not same_secret(typed, runtime.organiser_key):
        return _signin_page(request, 401, problem=N_("That is not the organiser key."))
    response = RedirectResponse("/organiser", status_code=303)
    await sign_in_organiser(response, runtime)
    return response


@router.post("/organiser/signout", dependencies=[SameOriginForm])
async def sign_out(request: Request, runtime: RuntimeDep) -> Response:
    """End this browser's sign-in on the server, then drop its cookie."""
    signin = request.cookies.get(organiser_cookie())
    if signin is not None:
        await signins.sign_out(runtime.ctx, signin, runtime.organiser_key)
    response = RedirectResponse("/organiser?signed_out=1", status_code=303)
    clear_signin(response, organiser_cookie(), runtime.settings)
    return response


@router.get("/organiser")
async def organiser(
    request: Request, runtime: RuntimeDep, signed_out: bool = False
) -> HTMLResponse:
    if not await signed_in_organiser(request, runtime):
        return _signin_page(request, notice=N_("You are signed out.") if signed_out else None)
    scenarios = runtime.ctx.content.scenarios
    listed = await organising.sessions(runtime.ctx)
    return render_page(
        request,
        "organiser.html",
        scenarios=list(scenarios.values()),
        sessions=listed,
        titles={k: v.title for k, v in scenarios.items()},
        zones=await to_thread.run_sync(zones.names),
        default_zone=zones.DEFAULT_TIMEZONE,
    )


@router.post("/organiser/sessions", dependencies=[OrganiserForm])
async def open_session(
    request: Request,
    runtime: RuntimeDep,
    base: PublicBase,
    scenario_id: Annotated[Identifier, Form()],
    language: Annotated[Language, Form()],
    timezone: Annotated[TimeZone, Form()] = zones.DEFAULT_TIMEZONE,
) -> HTMLResponse:
    """Open a session and show its links once: only hashes of the tokens are kept."""
    spec = runtime.ctx.content.scenarios.get(scenario_id)
    if spec is None or language not in spec.languages:
        raise HTTPException(422, "choose an installed scenario and one of its languages")
    opened = await sessions.open_session(runtime.ctx, spec.id, language, timezone)
    response = render_page(
        request,
        "opened.html",
        status=201,
        opened=opened,
        base=base,
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
    return RedirectResponse("/organiser", status_code=303)
