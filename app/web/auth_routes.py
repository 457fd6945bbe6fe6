"""Web layer: trading a capability token or the organiser key for an HttpOnly cookie."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from app.services import sessions
from app.services.tokens import same_secret
from app.web.deps import ORGANISER_COOKIE, RuntimeDep, bearer, session_cookie
from app.web.security.cookies import set_signin

router = APIRouter(tags=["auth"])


@router.post("/api/auth/signin")
async def signin(request: Request, response: Response, runtime: RuntimeDep) -> dict[str, str]:
    """Answer where the token leads, and sign this browser in there with a cookie."""
    token = bearer(request)
    if token is None:
        raise HTTPException(401, "send the token as 'Authorization: Bearer …'")
    if same_secret(token, runtime.organiser_key):
        set_signin(response, ORGANISER_COOKIE, token, runtime.settings)
        return {"kind": "organiser", "redirect": "/organiser"}
    who = await sessions.authenticate(runtime.ctx, token)
    if who is None:
        raise HTTPException(401, "this link is not valid")
    set_signin(response, session_cookie(who.session_id), token, runtime.settings)
    return {"kind": who.kind, "session_id": who.session_id, "redirect": f"/s/{who.session_id}"}
