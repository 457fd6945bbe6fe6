"""Web layer: the organiser's moves on whole sessions over the API: list, archive, delete.

The same moves as the organiser page, for scripts and for an organiser who keeps no browser
signed in; they need the organiser key (``Authorization: Bearer``) like opening a session.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Response

from app.services import organiser as organising
from app.web.deps import OrganiserDep, RuntimeDep, SessionId
from app.web.schemas import Body

router = APIRouter(prefix="/api/sessions", tags=["organiser"], dependencies=[OrganiserDep])


class ArchiveRequest(Body):
    archived: bool = True


@router.get("")
async def list_sessions(runtime: RuntimeDep) -> list[dict[str, Any]]:
    """Every session, the newest first: players counts those still in the game, events the
    length of its log, ``last_activity_at`` (Unix seconds) when its last event happened."""
    return [asdict(listed) for listed in await organising.sessions(runtime.ctx)]


@router.post("/{sid}/archive")
async def archive(
    sid: SessionId, runtime: RuntimeDep, body: ArchiveRequest | None = None
) -> dict[str, Any]:
    """Archive a session: it stays readable and exportable but refuses every change (409) and
    every join. ``{"archived": false}`` unarchives it, so it can be played again."""
    await organising.archive(runtime.ctx, sid, body.archived if body else True)
    return asdict(await organising.session(runtime.ctx, sid))


@router.delete("/{sid}", status_code=204)
async def delete_session(sid: SessionId, runtime: RuntimeDep) -> Response:
    """Delete a session with all its data: its log, tokens, seat codes and timers. Its links and
    join code stop working at once and every socket on it is closed (4404)."""
    await organising.delete(runtime.ctx, sid)
    return Response(status_code=204)
