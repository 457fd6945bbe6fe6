"""Web layer: the htmx forms for logging collisions: log, star, edit and delete.

The observer's page and the facilitator's panel both use them; each answers with the regions
of the page it came from.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.engine import commands as cmd
from app.engine.spec import Logic
from app.web.deps import RuntimeDep, StaffForm
from app.web.pages.registry import act
from app.web.schemas import Identifier
from app.web.security.texts import TextOrEmpty

router = APIRouter(include_in_schema=False)
ID = Annotated[Identifier, Form()]
LOGIC = Annotated[Logic, Form()]
ROLES = Annotated[list[Identifier], Form(max_length=12)]
NOTE = Annotated[TextOrEmpty, Form()]


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
    return await act(request, runtime, who, command)


@router.post("/s/{sid}/o/star")
async def toggle_star(
    request: Request, who: StaffForm, runtime: RuntimeDep, collision_id: ID
) -> Response:
    return await act(request, runtime, who, cmd.ToggleStar(collision_id))


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
    return await act(request, runtime, who, command)


@router.post("/s/{sid}/o/delete")
async def delete(
    request: Request, who: StaffForm, runtime: RuntimeDep, collision_id: ID
) -> Response:
    return await act(request, runtime, who, cmd.DeleteCollision(collision_id))
