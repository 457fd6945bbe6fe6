"""Web layer: dependencies that parse who is asking; routers declare them with ``Annotated``.

A token arrives as ``Authorization: Bearer`` (API clients) or as the HttpOnly cookie of that
session (browsers). A cookie rides along on any request the browser makes, so a state-changing
request authenticated by cookie must also come from our own origin.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from starlette.requests import HTTPConnection

from app.services import sessions
from app.services.principals import Who
from app.services.tokens import same_secret
from app.web.runtime import Runtime
from app.web.security.origins import same_origin

SESSION_COOKIE_PREFIX = "cl_s_"
ORGANISER_COOKIE = "cl_organiser"
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_cookie(session_id: str) -> str:
    return SESSION_COOKIE_PREFIX + session_id


def get_runtime(connection: HTTPConnection) -> Runtime:
    runtime: Runtime = connection.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SessionId = Annotated[str, Path(pattern=SESSION_ID_PATTERN, description="The session's id")]


def bearer(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _cookie_or_bearer(request: Request, cookie: str) -> str | None:
    token = bearer(request)
    if token is not None:
        return token
    token = request.cookies.get(cookie)
    if token and request.method not in _SAFE_METHODS and not same_origin(request):
        raise HTTPException(403, "cross-site request refused")
    return token


async def current_principal(request: Request, sid: SessionId, runtime: RuntimeDep) -> Who:
    token = _cookie_or_bearer(request, session_cookie(sid))
    who = await sessions.authenticate(runtime.ctx, token) if token else None
    if who is None or who.session_id != sid:
        raise HTTPException(401, "a valid token for this session is required")
    return who


WhoDep = Annotated[Who, Depends(current_principal)]


def requires(*kinds: str) -> Callable[[Who], Awaitable[Who]]:
    async def check(who: WhoDep) -> Who:
        if who.kind not in kinds:
            raise HTTPException(403, f"only the {' or the '.join(kinds)} may do this")
        return who

    return check


FacilitatorDep = Annotated[Who, Depends(requires("facilitator"))]
StaffDep = Annotated[Who, Depends(requires("facilitator", "observer"))]
PlayerDep = Annotated[Who, Depends(requires("player"))]
PlayerOrFacilitatorDep = Annotated[Who, Depends(requires("player", "facilitator"))]


async def organiser(request: Request, runtime: RuntimeDep) -> None:
    key = _cookie_or_bearer(request, ORGANISER_COOKIE)
    if key is None or not same_secret(key, runtime.organiser_key):
        raise HTTPException(401, "the organiser key is required")


OrganiserDep = Depends(organiser)
