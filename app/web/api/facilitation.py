"""Web layer: the facilitator's own moves: removing a player, the mayor's verdict, the screen."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.engine import commands as cmd
from app.services.commands import handle
from app.web.deps import FacilitatorDep, RuntimeDep, SessionId
from app.web.schemas import Identifier, ScreenRequest, VerdictRequest

router = APIRouter(prefix="/api/sessions/{sid}", tags=["facilitation"])


@router.delete("/players/{player_id}")
async def remove_player(
    sid: SessionId, player_id: Identifier, who: FacilitatorDep, runtime: RuntimeDep
) -> dict[str, Any]:
    """Take a player out of the game; their laptop is told to leave and their link stops."""
    await handle(runtime.ctx, sid, cmd.RemovePlayer(player_id), who.actor)
    return {"player_id": player_id, "removed": True}


@router.put("/verdicts/{need_id}")
async def record_verdict(
    sid: SessionId,
    need_id: Identifier,
    body: VerdictRequest,
    who: FacilitatorDep,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """The mayor's verdict on one need (met, partly, not_met); it goes into the debrief."""
    await handle(
        runtime.ctx, sid, cmd.RecordVerdict(need_id, body.verdict, body.comment), who.actor
    )
    return {"need_id": need_id, "verdict": body.verdict, "comment": body.comment.strip()}


@router.put("/screen")
async def show_on_screen(
    sid: SessionId, body: ScreenRequest, who: FacilitatorDep, runtime: RuntimeDep
) -> dict[str, Any]:
    """What the projector shows: phase, join, agreements, starred collisions or a question."""
    await handle(runtime.ctx, sid, cmd.ShowOnScreen(body.show, body.question_id), who.actor)
    return {"show": body.show, "question_id": body.question_id}
