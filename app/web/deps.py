"""Web layer: who is asking; routers declare it with ``Annotated`` dependencies.

A token arrives as ``Authorization: Bearer`` (API clients), as the HttpOnly cookie of that
session (browsers) or in a socket's first frame. Whichever way it came, ``signed_in`` is the one
place that turns it into a principal of that session. A cookie rides along on any request the
browser makes, so a state-changing request authenticated by cookie must also come from our own
origin, and an htmx form must also carry the page's CSRF header.

The organiser is either an API client holding the key itself, or a browser whose cookie holds
a sign-in (``services.signins``): the key never sits in a browser's cookie jar.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request
from starlette.requests import HTTPConnection

from app.engine import commands as cmd
from app.engine.events import Recorded
from app.engine.state import SessionState
from app.engine.vocabulary import PRINCIPAL_KINDS, PrincipalKind
from app.lan import room_base
from app.services import sessions, signins
from app.services.commands import handle
from app.services.principals import Who
from app.services.tokens import same_secret
from app.web.runtime import Runtime
from app.web.security import csrf
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


def session_token(connection: HTTPConnection, sid: str) -> str | None:
    """This browser's sign-in to session ``sid``: the token its cookie holds."""
    return connection.cookies.get(session_cookie(sid)) or None


async def signed_in(runtime: Runtime, sid: str, token: str | None) -> Who | None:
    """The principal ``token`` stands for in session ``sid``; None for no token, a revoked or
    unknown one, or one of another session. Every way in (API, page, form, socket) asks here."""
    who = await sessions.authenticate(runtime.ctx, token) if token else None
    return who if who is not None and who.session_id == sid else None


@dataclass(frozen=True)
class Caller:
    """Someone signed in to one session, and the app and request they came through: all that
    a route needs to act in that session, so each route names only what it adds."""

    who: Who
    runtime: Runtime
    request: Request

    @property
    def session_id(self) -> str:
        return self.who.session_id

    async def handle(self, command: cmd.Command) -> tuple[SessionState, list[Recorded]]:
        """The command under the session's lock, in this caller's name."""
        return await handle(self.runtime.ctx, self.who.session_id, command, self.who.actor)


Resolver = Callable[..., Awaitable[Who]]


def _caller(
    resolve: Resolver, kinds: tuple[PrincipalKind, ...]
) -> Callable[..., Awaitable[Caller]]:
    # A default, unlike an annotation (a string here), is evaluated where ``resolve`` is known.
    resolved = Depends(resolve)

    async def check(request: Request, runtime: RuntimeDep, who: Who = resolved) -> Caller:
        if who.kind not in kinds:
            raise HTTPException(403, f"only the {' or the '.join(kinds)} may do this")
        return Caller(who, runtime, request)

    return check


def presented_token(request: Request, sid: str) -> str | None:
    """The token an API request for session ``sid`` carries, in its header or its cookie."""
    return bearer(request) or _from_cookie(request, session_cookie(sid))


async def _api_principal(request: Request, sid: SessionId, runtime: RuntimeDep) -> Who:
    """An API request's principal, by bearer token or by cookie."""
    who = await signed_in(runtime, sid, presented_token(request, sid))
    if who is None:
        raise HTTPException(401, "a valid token for this session is required")
    return who


async def _form_principal(request: Request, sid: SessionId, runtime: RuntimeDep) -> Who:
    """An htmx form's sender: the cookie, our origin and the page's CSRF header, all three."""
    token = session_token(request, sid)
    who = await signed_in(runtime, sid, token)
    if who is None or token is None:
        raise HTTPException(401, "sign in to this session first")
    if not same_origin(request) or not csrf.valid(token, request.headers.get(csrf.HEADER)):
        raise HTTPException(403, "this form did not come from your page")
    return who


def page_viewer(*kinds: PrincipalKind) -> Resolver:
    """A staff page's viewer, by cookie: a page opened without it answers 403 in words."""

    async def check(request: Request, sid: SessionId, runtime: RuntimeDep) -> Who:
        who = await signed_in(runtime, sid, session_token(request, sid))
        if who is None or who.kind not in kinds:
            raise HTTPException(403, "open this from the facilitator's or the observer's page")
        return who

    return check


def _api(*kinds: PrincipalKind) -> Any:
    return Depends(_caller(_api_principal, kinds))


def _form(*kinds: PrincipalKind) -> Any:
    return Depends(_caller(_form_principal, kinds))


AnyoneCall = Annotated[Caller, _api(*PRINCIPAL_KINDS)]
FacilitatorCall = Annotated[Caller, _api("facilitator")]
StaffCall = Annotated[Caller, _api("facilitator", "observer")]
PlayerCall = Annotated[Caller, _api("player")]
PlayerOrFacilitatorCall = Annotated[Caller, _api("player", "facilitator")]
AnyoneForm = Annotated[Caller, _form(*PRINCIPAL_KINDS)]
StaffForm = Annotated[Caller, _form("facilitator", "observer")]
FacilitatorForm = Annotated[Caller, _form("facilitator")]
StaffPage = Annotated[Who, Depends(page_viewer("facilitator", "observer"))]
FacilitatorPage = Annotated[Who, Depends(page_viewer("facilitator"))]


async def signed_in_organiser(request: Request, runtime: Runtime) -> bool:
    """Whether this browser's organiser sign-in cookie is valid now (pages and forms)."""
    signin = _from_cookie(request, organiser_cookie())
    return signin is not None and await signins.valid(runtime.ctx, signin, runtime.organiser_key)


async def organiser(request: Request, runtime: RuntimeDep) -> None:
    """The key as bearer (curl), or this browser's organiser sign-in cookie."""
    key = bearer(request)
    if key is not None:
        if same_secret(key, runtime.organiser_key):
            return
        raise HTTPException(401, "the organiser key is required")
    if not await signed_in_organiser(request, runtime):
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
