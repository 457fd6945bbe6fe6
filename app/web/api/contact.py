"""Web layer: the facilitator's messages and the players' raised hands."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.engine import commands as cmd
from app.services.commands import handle
from app.web.api.records import record_answer
from app.web.deps import FacilitatorDep, PlayerDep, PlayerOrFacilitatorDep, RuntimeDep, SessionId
from app.web.schemas import Identifier, MessageRequest

router = APIRouter(prefix="/api/sessions/{sid}", tags=["contact"])


@router.post("/messages", status_code=201)
async def send_message(
    sid: SessionId, body: MessageRequest, who: FacilitatorDep, runtime: RuntimeDep
) -> dict[str, Any]:
    """To everyone, or to one role's duo with ``role_id``."""
    return await record_answer(runtime, sid, cmd.SendMessage(body.text, body.role_id), who)


@router.post("/hands", status_code=201)
async def raise_hand(sid: SessionId, who: PlayerDep, runtime: RuntimeDep) -> dict[str, Any]:
    """Raise your hand; raising it again changes nothing."""
    await handle(runtime.ctx, sid, cmd.RaiseHand(), who.actor)
    return {"player_id": who.player_id, "raised": True}


@router.delete("/hands/{player_id}")
async def lower_hand(
    sid: SessionId, player_id: Identifier, who: PlayerOrFacilitatorDep, runtime: RuntimeDep
) -> dict[str, Any]:
    """The facilitator answers a hand; a player may lower only their own."""
    await handle(runtime.ctx, sid, cmd.LowerHand(player_id), who.actor)
    return {"player_id": player_id, "raised": False}
