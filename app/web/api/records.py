"""Web layer: what people write down: collisions, duo notes, agreements and reflections."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.engine import commands as cmd
from app.engine import shapes
from app.services.commands import handle
from app.services.principals import Who
from app.web.deps import (
    FacilitatorDep,
    PlayerDep,
    PlayerOrFacilitatorDep,
    RuntimeDep,
    SessionId,
    StaffDep,
)
from app.web.runtime import Runtime
from app.web.schemas import (
    AgreementRequest,
    CollisionEditRequest,
    CollisionRequest,
    Identifier,
    NoteRequest,
    OutcomeRequest,
    ReflectionRequest,
)

router = APIRouter(prefix="/api/sessions/{sid}", tags=["records"])


async def record_answer(
    runtime: Runtime, sid: str, command: cmd.Command, who: Who
) -> dict[str, Any]:
    """Run the command and answer with the record it wrote, in the shape the socket sends."""
    _state, records = await handle(runtime.ctx, sid, command, who.actor)
    return shapes.record_from_event(records[0].event, records[0].at)


@router.post("/collisions", status_code=201)
async def log_collision(
    sid: SessionId, body: CollisionRequest, who: StaffDep, runtime: RuntimeDep
) -> dict[str, Any]:
    command = cmd.LogCollision(
        roles=tuple(body.roles),
        logic=body.logic,
        note=body.note,
        starred=body.starred,
        designed_id=body.designed_id,
    )
    return await record_answer(runtime, sid, command, who)


@router.patch("/collisions/{collision_id}")
async def edit_collision(
    sid: SessionId,
    collision_id: Identifier,
    body: CollisionEditRequest,
    who: StaffDep,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """Correct a logged collision; the edit is an event too, so the first version stays in
    the log."""
    command = cmd.EditCollision(
        collision_id=collision_id,
        roles=tuple(body.roles) if body.roles is not None else None,
        logic=body.logic,
        note=body.note,
        starred=body.starred,
        designed_id=body.designed_id,
        clear_designed="designed_id" in body.model_fields_set and body.designed_id is None,
    )
    state, _ = await handle(runtime.ctx, sid, command, who.actor)
    edited = next(c for c in state.collisions if c.id == collision_id)
    return {**shapes.record(edited)}


@router.delete("/collisions/{collision_id}")
async def delete_collision(
    sid: SessionId, collision_id: Identifier, who: StaffDep, runtime: RuntimeDep
) -> dict[str, Any]:
    await handle(runtime.ctx, sid, cmd.DeleteCollision(collision_id), who.actor)
    return {"id": collision_id, "deleted": True}


@router.put("/agreements/{agreement_id}/outcome")
async def review_agreement(
    sid: SessionId,
    agreement_id: Identifier,
    body: OutcomeRequest,
    who: FacilitatorDep,
    runtime: RuntimeDep,
) -> dict[str, Any]:
    """After the mayor: was this agreement kept, changed or dropped?"""
    await handle(runtime.ctx, sid, cmd.ReviewAgreement(agreement_id, body.outcome), who.actor)
    return {"id": agreement_id, "outcome": body.outcome}


@router.post("/notes", status_code=201)
async def add_note(
    sid: SessionId, body: NoteRequest, who: PlayerDep, runtime: RuntimeDep
) -> dict[str, Any]:
    """A duo note: only the two (or three) players of the writer's role ever see it."""
    return await record_answer(runtime, sid, cmd.AddNote(body.text), who)


@router.post("/agreements", status_code=201)
async def add_agreement(
    sid: SessionId, body: AgreementRequest, who: PlayerOrFacilitatorDep, runtime: RuntimeDep
) -> dict[str, Any]:
    command = cmd.AddAgreement(
        what=body.what,
        who=body.who,
        when=body.when,
        monitor=body.monitor,
        fallback=body.fallback,
        review=body.review,
    )
    return await record_answer(runtime, sid, command, who)


@router.post("/reflections", status_code=201)
async def add_reflection(
    sid: SessionId, body: ReflectionRequest, who: PlayerDep, runtime: RuntimeDep
) -> dict[str, Any]:
    return await record_answer(runtime, sid, cmd.AddReflection(body.text, body.question_id), who)
