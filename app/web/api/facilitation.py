"""Web layer: the facilitator's own moves: removing a player, the mayor's verdict, the screen."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.engine import commands as cmd
from app.web.deps import FacilitatorCall
from app.web.schemas import Identifier, ScreenRequest, VerdictRequest

router = APIRouter(prefix="/api/sessions/{sid}", tags=["facilitation"])


@router.delete("/players/{player_id}")
async def remove_player(player_id: Identifier, caller: FacilitatorCall) -> dict[str, Any]:
    """Take a player out of the game; their laptop is told to leave and their link stops."""
    await caller.handle(cmd.RemovePlayer(player_id))
    return {"player_id": player_id, "removed": True}


@router.put("/verdicts/{need_id}")
async def record_verdict(
    need_id: Identifier, body: VerdictRequest, caller: FacilitatorCall
) -> dict[str, Any]:
    """The mayor's verdict on one need (met, partly, not_met); it goes into the debrief.
    The answer is the verdict as recorded (its comment tidied as the engine keeps it)."""
    state, _ = await caller.handle(cmd.RecordVerdict(need_id, body.verdict, body.comment))
    recorded = state.verdict(need_id)
    assert recorded is not None, "the engine records a verdict or refuses the command"
    return {"need_id": need_id, "verdict": recorded.verdict, "comment": recorded.comment}


@router.put("/screen")
async def show_on_screen(body: ScreenRequest, caller: FacilitatorCall) -> dict[str, Any]:
    """What the projector shows: phase, join, agreements, starred collisions or a question."""
    await caller.handle(cmd.ShowOnScreen(body.show, body.question_id))
    return {"show": body.show, "question_id": body.question_id}
