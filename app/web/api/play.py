"""Web layer: the facilitator's moves (seats, phases, injects) and every principal's state."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine import phases, shapes
from app.engine.shapes import InjectView
from app.engine.state import Player
from app.services import queries
from app.web.deps import AnyoneCall, FacilitatorCall, PlayerCall, session_cookie
from app.web.schemas import Identifier, JoiningRequest, LangQuery, PhaseRequest, SeatRequest
from app.web.security.cookies import clear_signin

router = APIRouter(prefix="/api/sessions/{sid}", tags=["play"])


@router.get("/state")
async def state(caller: AnyoneCall, lang: LangQuery = None) -> dict[str, Any]:
    """Everything this principal may see now; ``seq`` is where to resume the event socket."""
    runtime = caller.runtime
    online = runtime.hub.online(caller.session_id)
    view = await queries.snapshot(runtime.ctx, caller.who, lang, online)
    return {**view, "now": shapes.iso(runtime.ctx.clock())}


@router.put("/joining")
async def joining(body: JoiningRequest, caller: FacilitatorCall) -> dict[str, Any]:
    """Close joining once the room is seated (no code seats anyone then), or reopen it."""
    new_state, _ = await caller.handle(cmd.SetJoining(body.open))
    return {"open": new_state.joining_open}


@router.post("/leave")
async def leave(caller: PlayerCall, response: Response) -> dict[str, Any]:
    """The player leaves: their seat frees up and their token stops working at once."""
    await caller.handle(cmd.Leave())
    clear_signin(response, session_cookie(caller.session_id), caller.runtime.settings)
    return {"player_id": caller.who.player_id, "left": True}


def _seat(player: Player) -> dict[str, str | None]:
    return {"player_id": player.id, "role_id": player.role_id}


@router.post("/seats/auto")
async def auto_seat(caller: FacilitatorCall) -> dict[str, Any]:
    new_state, _ = await caller.handle(cmd.AutoSeat())
    return {"seats": [_seat(p) for p in new_state.players]}


@router.put("/seats/{player_id}")
async def move_seat(
    body: SeatRequest, caller: FacilitatorCall, player_id: Identifier
) -> dict[str, Any]:
    """Seat one player in another duo; the answer is the seat as the session now has it."""
    new_state, _ = await caller.handle(cmd.AssignSeat(player_id, body.role_id))
    seated = new_state.player(player_id)
    assert seated is not None, "the engine seats a player it knows or refuses the command"
    return _seat(seated)


@router.post("/phase")
async def change_phase(body: PhaseRequest, caller: FacilitatorCall) -> dict[str, Any]:
    """Move or time the game. ``from_phase`` makes a double click harmless: the second one
    names a phase that is no longer current and gets a 409."""
    command = phases.phase_command(body.action, body.from_phase, body.seconds)
    new_state, _ = await caller.handle(command)
    return {"phase": shapes.phase(new_state.spec, new_state.timer, new_state.language)}


@router.get("/injects", response_model=None)
async def injects(caller: FacilitatorCall) -> list[InjectView]:
    """Every inject of the scenario: out yet, and when a timed one falls due."""
    current = await queries.state(caller.runtime.ctx, caller.session_id)
    documents = (d for d in current.spec.documents if d.is_inject)
    return [shapes.inject(current, d, current.language) for d in documents]


@router.post("/injects/{document_id}")
async def release_inject(document_id: Identifier, caller: FacilitatorCall) -> dict[str, Any]:
    """Release now; a second call finds it released and changes nothing."""
    _, records = await caller.handle(cmd.ReleaseInject(document_id))
    return {
        "id": document_id,
        "released": True,
        "new": any(isinstance(r.event, ev.DocumentReleased) for r in records),
    }
