"""Web layer: the facilitator's messages and the players' raised hands."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.engine import commands as cmd
from app.web.api.records import record_answer
from app.web.deps import FacilitatorCall, PlayerCall, PlayerOrFacilitatorCall
from app.web.schemas import Identifier, MessageRequest

router = APIRouter(prefix="/api/sessions/{sid}", tags=["contact"])


@router.post("/messages", status_code=201)
async def send_message(body: MessageRequest, caller: FacilitatorCall) -> dict[str, Any]:
    """To everyone, or to one role's duo with ``role_id``."""
    return await record_answer(caller, cmd.SendMessage(**body.fields()))


@router.post("/hands", status_code=201)
async def raise_hand(caller: PlayerCall) -> dict[str, Any]:
    """Raise your hand; raising it again changes nothing."""
    await caller.handle(cmd.RaiseHand())
    return {"player_id": caller.who.player_id, "raised": True}


@router.delete("/hands/{player_id}")
async def lower_hand(player_id: Identifier, caller: PlayerOrFacilitatorCall) -> dict[str, Any]:
    """The facilitator answers a hand; a player may lower only their own."""
    await caller.handle(cmd.LowerHand(player_id))
    return {"player_id": player_id, "raised": False}
