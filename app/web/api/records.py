"""Web layer: what people write down: collisions, duo notes, agreements and reflections."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.engine import commands as cmd
from app.engine import shapes
from app.web.deps import Caller, FacilitatorCall, PlayerCall, PlayerOrFacilitatorCall, StaffCall
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


async def record_answer(caller: Caller, command: cmd.Command) -> dict[str, Any]:
    """Run the command and answer with the record it wrote, in the shape the socket sends."""
    _state, records = await caller.handle(command)
    return shapes.record_from_event(records[0].event, records[0].at)


@router.post("/collisions", status_code=201)
async def log_collision(body: CollisionRequest, caller: StaffCall) -> dict[str, Any]:
    return await record_answer(caller, cmd.LogCollision(**body.fields()))


@router.patch("/collisions/{collision_id}")
async def edit_collision(
    collision_id: Identifier, body: CollisionEditRequest, caller: StaffCall
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
    state, _ = await caller.handle(command)
    edited = next(c for c in state.collisions if c.id == collision_id)
    return {**shapes.record(edited)}


@router.delete("/collisions/{collision_id}")
async def delete_collision(collision_id: Identifier, caller: StaffCall) -> dict[str, Any]:
    await caller.handle(cmd.DeleteCollision(collision_id))
    return {"id": collision_id, "deleted": True}


@router.post("/notes", status_code=201)
async def add_note(body: NoteRequest, caller: PlayerCall) -> dict[str, Any]:
    """A duo note: only the two (or three) players of the writer's role ever see it."""
    return await record_answer(caller, cmd.AddNote(body.text))


@router.post("/agreements", status_code=201)
async def add_agreement(body: AgreementRequest, caller: PlayerOrFacilitatorCall) -> dict[str, Any]:
    return await record_answer(caller, cmd.AddAgreement(**body.fields()))


@router.put("/agreements/{agreement_id}/outcome")
async def review_agreement(
    agreement_id: Identifier, body: OutcomeRequest, caller: FacilitatorCall
) -> dict[str, Any]:
    """After the mayor: was this agreement kept, changed or dropped? The answer is the outcome
    as the session now records it."""
    state, _ = await caller.handle(cmd.ReviewAgreement(agreement_id, body.outcome))
    reviewed = next(a for a in state.agreements if a.id == agreement_id)
    return {"id": reviewed.id, "outcome": reviewed.outcome}


@router.post("/reflections", status_code=201)
async def add_reflection(body: ReflectionRequest, caller: PlayerCall) -> dict[str, Any]:
    return await record_answer(caller, cmd.AddReflection(**body.fields()))
