"""Web layer: trading a capability token or the organiser key for an HttpOnly cookie.

A session token goes into its session's cookie as it is (it is already a random, revocable
capability). The organiser key does not: the browser gets a fresh sign-in token instead
(``services.signins``), which expires and can be signed out, while the key stays out of
every cookie jar.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from app.services import sessions, signins
from app.services.tokens import same_secret
from app.web.deps import RuntimeDep, bearer, organiser_cookie, session_cookie
from app.web.runtime import Runtime
from app.web.security.cookies import set_signin

router = APIRouter(tags=["auth"])


async def sign_in_organiser(response: Response, runtime: Runtime) -> None:
    """Give this browser a new organiser sign-in; the caller has checked the key."""
    signin = await signins.sign_in(runtime.ctx, runtime.organiser_key)
    set_signin(response, organiser_cookie(), signin.token, runtime.settings, signins.SIGNIN_TTL_S)


@router.post("/api/auth/signin")
async def signin(request: Request, response: Response, runtime: RuntimeDep) -> dict[str, str]:
    """Answer where the token leads, and sign this browser in there with a cookie."""
    token = bearer(request)
    if token is None:
        raise HTTPException(401, "send the token as 'Authorization: Bearer …'")
    if same_secret(token, runtime.organiser_key):
        await sign_in_organiser(response, runtime)
        return {"kind": "organiser", "redirect": "/organiser"}
    who = await sessions.authenticate(runtime.ctx, token)
    if who is None:
        raise HTTPException(401, "this link is not valid")
    set_signin(response, session_cookie(who.session_id), token, runtime.settings)
    return {"kind": who.kind, "session_id": who.session_id, "redirect": f"/s/{who.session_id}"}
