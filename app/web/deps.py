"""Web layer: dependencies that parse who is asking; routers declare them with ``Annotated``.

A token arrives as ``Authorization: Bearer`` (API clients) or as the HttpOnly cookie of that
session (browsers). A cookie rides along on any request the browser makes, so a state-changing
request authenticated by cookie must also come from our own origin.

The organiser is either an API client holding the key itself, or a browser whose cookie holds
a sign-in (``services.signins``): the key never sits in a browser's cookie jar.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from starlette.requests import HTTPConnection

from app.lan import room_base
from app.services import sessions, signins
from app.services.principals import Who
from app.services.tokens import same_secret
from app.web.runtime import Runtime
from app.web.security.cookies import cookie_name
from app.web.security.origins import same_origin

SESSION_COOKIE_PREFIX = "cl_s_"
SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,40}$"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_cookie(session_id: str) -> str:
    """The sign-in cookie for one session: ``cl_s_<sid>``, ``__Host-cl_s_<sid>`` behind HTTPS."""
    return cookie_name(SESSION_COOKIE_PREFIX + session_id)


def organiser_cookie() -> str:
    """The organiser's sign-in cookie: ``cl_organiser``, ``__Host-cl_organiser`` behind HTTPS."""
    return cookie_name("cl_organiser")


def get_runtime(connection: HTTPConnection) -> Runtime:
    runtime: Runtime = connection.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SessionId = Annotated[str, Path(pattern=SESSION_ID_PATTERN, description="The session's id")]


def bearer(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _from_cookie(request: Request, cookie: str) -> str | None:
    token = request.cookies.get(cookie)
    if token and request.method not in _SAFE_METHODS and not same_origin(request):
        raise HTTPException(403, "cross-site request refused")
    return token


def presented_token(request: Request, sid: str) -> str | None:
    """The token this request for session ``sid`` carries, in its header or its cookie."""
    return bearer(request) or _from_cookie(request, session_cookie(sid))


async def current_principal(request: Request, sid: SessionId, runtime: RuntimeDep) -> Who:
    token = presented_token(request, sid)
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
    """The key as bearer (curl), or this browser's organiser sign-in cookie."""
    key = bearer(request)
    if key is not None:
        if same_secret(key, runtime.organiser_key):
            return
        raise HTTPException(401, "the organiser key is required")
    signin = _from_cookie(request, organiser_cookie())
    if signin is None or not await signins.valid(runtime.ctx, signin, runtime.organiser_key):
        raise HTTPException(401, "the organiser key is required")


OrganiserDep = Depends(organiser)


def public_base(request: Request, runtime: RuntimeDep) -> str:
    """Where people reach this server, for the links and QR codes we hand out:
    ``CL_PUBLIC_URL``, else the address this request came to; but a request to this machine's
    loopback (the game leader on the server's own laptop) gets its LAN address instead, while
    the server listens beyond the loopback, since those links are for the rest of the room."""
    settings = runtime.settings
    return (settings.public_url or room_base(str(request.base_url), settings.host)).rstrip("/")


PublicBase = Annotated[str, Depends(public_base)]
