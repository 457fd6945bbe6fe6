"""Web layer: who is looking at a page, from the session's sign-in cookie."""

from __future__ import annotations

from fastapi import HTTPException, Request

from app.services import sessions
from app.services.principals import Who
from app.web.deps import session_cookie
from app.web.runtime import Runtime


async def page_principal(request: Request, sid: str, runtime: Runtime, *kinds: str) -> Who:
    """The cookie's principal if it is one of ``kinds``; pages for staff answer 403 to others."""
    token = request.cookies.get(session_cookie(sid))
    who = await sessions.authenticate(runtime.ctx, token) if token else None
    if who is None or who.session_id != sid or who.kind not in kinds:
        raise HTTPException(403, "open this from the facilitator's or the observer's page")
    return who
