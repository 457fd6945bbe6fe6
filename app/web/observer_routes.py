"""Web layer: the htmx forms on the observer's console: log, star, edit and delete collisions.

The facilitator may use them too; both answer with the console's own regions.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response

from app.engine import commands as cmd
from app.services import queries
from app.services.commands import handle
from app.services.principals import Who
from app.web.deps import RuntimeDep
from app.web.forms import FormWho, regions
from app.web.schemas import Identifier
from app.web.security.texts import TextOrEmpty

router = APIRouter(include_in_schema=False)
ID = Annotated[Identifier, Form()]
LOGIC = Annotated[str, Form(pattern="^(professional|network|organisational)$")]
ROLES = Annotated[list[Identifier], Form(max_length=12)]
NOTE = Annotated[TextOrEmpty, Form()]
REGIONS = ("timeline", "checklist")


async def staff_form(who: FormWho) -> Who:
    if who.kind not in ("observer", "facilitator"):
        raise HTTPException(403, "only the observer and the facilitator log collisions")
    return who


StaffForm = Annotated[Who, Depends(staff_form)]


async def _answer(request: Request, runtime: RuntimeDep, who: Who) -> Response:
    names = REGIONS if who.kind == "observer" else ("collisions",)
    return await regions(request, runtime, who, names)


@router.post("/s/{sid}/o/collision")
async def log_collision(
    request: Request,
    who: StaffForm,
    runtime: RuntimeDep,
    logic: LOGIC,
    roles: ROLES,
    note: NOTE = "",
    starred: Annotated[bool, Form()] = False,
    designed_id: Annotated[str, Form(max_length=cmd.IDENTIFIER_MAX)] = "",
) -> Response:
    command = cmd.LogCollision(tuple(roles), logic, note, starred, designed_id or None)
    await handle(runtime.ctx, who.session_id, command, who.actor)
    return await _answer(request, runtime, who)


@router.post("/s/{sid}/o/star")
async def toggle_star(
    request: Request, who: StaffForm, runtime: RuntimeDep, collision_id: ID
) -> Response:
    state = await queries.state(runtime.ctx, who.session_id)
    current = next((c for c in state.collisions if c.id == collision_id), None)
    if current is None:
        raise HTTPException(404, "no such collision")
    command = cmd.EditCollision(collision_id, starred=not current.starred)
    await handle(runtime.ctx, who.session_id, command, who.actor)
    return await _answer(request, runtime, who)


@router.post("/s/{sid}/o/edit")
async def edit(
    request: Request,
    who: StaffForm,
    runtime: RuntimeDep,
    collision_id: ID,
    logic: LOGIC,
    roles: ROLES,
    note: NOTE = "",
) -> Response:
    command = cmd.EditCollision(collision_id, roles=tuple(roles), logic=logic, note=note)
    await handle(runtime.ctx, who.session_id, command, who.actor)
    return await _answer(request, runtime, who)


@router.post("/s/{sid}/o/delete")
async def delete(
    request: Request, who: StaffForm, runtime: RuntimeDep, collision_id: ID
) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.DeleteCollision(collision_id), who.actor)
    return await _answer(request, runtime, who)
