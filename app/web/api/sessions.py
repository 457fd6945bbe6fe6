"""Web layer: opening a session (organiser) and joining one (anyone with the code)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from app.services import sessions
from app.web.deps import OrganiserDep, RuntimeDep, bearer, public_base, session_cookie
from app.web.schemas import CreateSession, JoinRequest
from app.web.security.cookies import set_signin

router = APIRouter(prefix="/api", tags=["sessions"])


@router.post("/sessions", status_code=201, dependencies=[OrganiserDep])
async def create_session(
    body: CreateSession, request: Request, runtime: RuntimeDep
) -> dict[str, Any]:
    """Open a session. The two URLs are capability links: the token travels in the fragment,
    which browsers never send to a server, so it stays out of every access log."""
    spec = runtime.ctx.content.scenarios.get(body.scenario_id)
    if spec is None:
        raise HTTPException(404, f"no scenario {body.scenario_id!r}")
    language = body.language or spec.languages[0]
    if language not in spec.languages:
        raise HTTPException(
            422, f"scenario {spec.id!r} is available in {', '.join(spec.languages)}"
        )
    opened = await sessions.open_session(runtime.ctx, spec.id, language, body.timezone)
    base = public_base(request, runtime)
    return {
        "id": opened.id,
        "join_code": opened.join_code,
        "facilitator_token": opened.facilitator_token,
        "observer_token": opened.observer_token,
        "facilitator_url": f"{base}/enter#{opened.facilitator_token}",
        "observer_url": f"{base}/enter#{opened.observer_token}",
        "join_url": f"{base}/join?code={opened.join_code}",
        "seat_codes": opened.seat_codes,
        "timezone": body.timezone,
    }


@router.post("/join", status_code=201)
async def join(
    body: JoinRequest, request: Request, response: Response, runtime: RuntimeDep
) -> dict[str, Any]:
    """Join with the code, or with a seat card's code to sit straight in that role's duo.
    Joining again under the same name with this session's player token (header or cookie) gives
    back the same player, so a reload or a double submit never makes a second one; under
    another name it is refused, because silently becoming the first player would hand a
    newcomer someone else's seat: leave first (``POST /api/sessions/{sid}/leave``)."""
    door = await sessions.door(runtime.ctx, body.join_code)
    session_id = door.session_id
    held = bearer(request) or request.cookies.get(session_cookie(session_id))
    current = await sessions.seated(runtime.ctx, session_id, held) if held else None
    if current is not None:
        if " ".join(body.name.split()) != current.name:
            raise HTTPException(
                409,
                f"this browser is already in the session as {current.name!r}: continue as "
                f"that player, or leave first (POST /api/sessions/{session_id}/leave)",
            )
        response.status_code = 200
        return {"session_id": session_id, "player_id": current.id, "token": held}
    joined = await sessions.join(runtime.ctx, session_id, body.name, door.role_id)
    set_signin(response, session_cookie(joined.session_id), joined.token, runtime.settings)
    return {"session_id": joined.session_id, "player_id": joined.player_id, "token": joined.token}
