"""Web layer: the facilitator's moves (seats, phases, injects) and every principal's state."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine import phases, shapes
from app.engine.shapes import InjectView
from app.services import queries
from app.services.commands import handle
from app.web.deps import FacilitatorDep, PlayerDep, RuntimeDep, SessionId, WhoDep, session_cookie
from app.web.schemas import Identifier, JoiningRequest, LangQuery, PhaseRequest, SeatRequest
from app.web.security.cookies import clear_signin

router = APIRouter(prefix="/api/sessions/{sid}", tags=["play"])


@router.get("/state")
async def state(
    sid: SessionId, who: WhoDep, runtime: RuntimeDep, lang: LangQuery = None
) -> dict[str, Any]:
    """Everything this principal may see now; ``seq`` is where to resume the event socket."""
    online = runtime.hub.online(sid)
    view = await queries.snapshot(runtime.ctx, who, lang, online)
    return {**view, "now": shapes.iso(runtime.ctx.clock())}


@router.put("/joining")
async def joining(
    sid: SessionId, body: JoiningRequest, who: FacilitatorDep, runtime: RuntimeDep
) -> dict[str, Any]:
    """Close joining once the room is seated (no code seats anyone then), or reopen it."""
    new_state, _ = await handle(runtime.ctx, sid, cmd.SetJoining(body.open), who.actor)
    return {"open": new_state.joining_open}


@router.post("/leave")
async def leave(
    sid: SessionId, who: PlayerDep, runtime: RuntimeDep, response: Response
) -> dict[str, Any]:
    """The player leaves: their seat frees up and their token stops working at once."""
    await handle(runtime.ctx, sid, cmd.Leave(), who.actor)
    clear_signin(response, session_cookie(sid), runtime.settings)
    return {"player_id": who.player_id, "left": True}


@router.post("/seats/auto")
async def auto_seat(sid: SessionId, who: FacilitatorDep, runtime: RuntimeDep) -> dict[str, Any]:
    new_state, _ = await handle(runtime.ctx, sid, cmd.AutoSeat(), who.actor)
    return {"seats": [{"player_id": p.id, "role_id": p.role_id} for p in new_state.players]}


@router.put("/seats/{player_id}")
async def move_seat(
    sid: SessionId,
    body: SeatRequest,
    who: FacilitatorDep,
    runtime: RuntimeDep,
    player_id: Identifier,
) -> dict[str, Any]:
    await handle(runtime.ctx, sid, cmd.AssignSeat(player_id, body.role_id), who.actor)
    return {"player_id": player_id, "role_id": body.role_id}


@router.post("/phase")
async def change_phase(
    sid: SessionId, body: PhaseRequest, who: FacilitatorDep, runtime: RuntimeDep
) -> dict[str, Any]:
    """Move or time the game. ``from_phase`` makes a double click harmless: the second one
    names a phase that is no longer current and gets a 409."""
    command = phases.phase_command(body.action, body.from_phase, body.seconds)
    new_state, _ = await handle(runtime.ctx, sid, command, who.actor)
    return {"phase": shapes.phase(new_state.spec, new_state.timer, new_state.language)}


@router.get("/injects", response_model=None)
async def injects(sid: SessionId, who: FacilitatorDep, runtime: RuntimeDep) -> list[InjectView]:
    """Every inject of the scenario: out yet, and when a timed one falls due."""
    current = await queries.state(runtime.ctx, sid)
    documents = (d for d in current.spec.documents if d.is_inject)
    return [shapes.inject(current, d, current.language) for d in documents]


@router.post("/injects/{document_id}")
async def release_inject(
    sid: SessionId,
    who: FacilitatorDep,
    runtime: RuntimeDep,
    document_id: Identifier,
) -> dict[str, Any]:
    """Release now; a second call finds it released and changes nothing."""
    _, records = await handle(runtime.ctx, sid, cmd.ReleaseInject(document_id), who.actor)
    return {
        "id": document_id,
        "released": True,
        "new": any(isinstance(r.event, ev.DocumentReleased) for r in records),
    }
