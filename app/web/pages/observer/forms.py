"""Web layer: the htmx forms for logging collisions: log, star, edit and delete.

The observer's page and the facilitator's panel both use them; each answers with the regions
of the page it came from.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from app.engine import commands as cmd
from app.engine.spec import Logic
from app.web.deps import StaffForm
from app.web.pages.registry import act
from app.web.schemas import CollisionRequest, Identifier
from app.web.security.texts import TextOrEmpty

router = APIRouter(include_in_schema=False)
ID = Annotated[Identifier, Form()]
LOGIC = Annotated[Logic, Form()]
ROLES = Annotated[list[Identifier], Form(max_length=12)]
NOTE = Annotated[TextOrEmpty, Form()]


@router.post("/s/{sid}/o/collision")
async def log_collision(sender: StaffForm, body: Annotated[CollisionRequest, Form()]) -> Response:
    return await act(sender, cmd.LogCollision(**body.fields()))


@router.post("/s/{sid}/o/star")
async def toggle_star(sender: StaffForm, collision_id: ID) -> Response:
    return await act(sender, cmd.ToggleStar(collision_id))


@router.post("/s/{sid}/o/edit")
async def edit(
    sender: StaffForm,
    collision_id: ID,
    logic: LOGIC,
    roles: ROLES,
    note: NOTE = "",
) -> Response:
    command = cmd.EditCollision(collision_id, roles=tuple(roles), logic=logic, note=note)
    return await act(sender, command)


@router.post("/s/{sid}/o/delete")
async def delete(sender: StaffForm, collision_id: ID) -> Response:
    return await act(sender, cmd.DeleteCollision(collision_id))
