"""Services layer: read-only questions about a session, answered from a read transaction.

Every answer goes through ``engine.views`` or ``engine.debrief``; this module only fetches.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection
from typing import Any

from anyio import to_thread
from sqlmodel import Session

from app.db import repository as repo
from app.engine import debrief as engine_debrief
from app.engine import shapes, views
from app.engine import snapshot as pictures
from app.engine.commands import NotFound
from app.engine.spec import pick
from app.engine.state import SessionState
from app.services.context import ServiceContext
from app.services.sessions import Who

COLLISION_COLUMNS = (
    "session_id",
    "collision_id",
    "at",
    "phase_id",
    "round",
    "logic",
    "roles",
    "note",
    "starred",
    "designed_id",
    "by",
)


def _state(ctx: ServiceContext, session_id: str) -> SessionState:
    with Session(ctx.engines.read) as db:
        return ctx.states.load(db, session_id)


async def state(ctx: ServiceContext, session_id: str) -> SessionState:
    return await to_thread.run_sync(_state, ctx, session_id)


def me(who: Who, state: SessionState) -> dict[str, Any]:
    mine: dict[str, Any] = {"kind": who.kind}
    if who.kind == "player":
        player = state.player(who.player_id or "")
        mine |= {
            "player_id": who.player_id,
            "role_id": player.role_id if player else None,
            "name": player.name if player else None,
        }
    return mine


async def snapshot(
    ctx: ServiceContext, who: Who, language: str | None, online: Collection[str]
) -> dict[str, Any]:
    current = await state(ctx, who.session_id)
    audience = views.audience_of(current, viewer_kind(who), who.player_id)
    if audience is None:
        raise NotFound("you are no longer in this session")
    return pictures.snapshot(
        current, audience, me(who, current), language or current.language, online
    )


def viewer_kind(who: Who) -> views.ViewerKind:
    if who.kind == "facilitator":
        return "facilitator"
    return "observer" if who.kind == "observer" else "player"


def _debrief(ctx: ServiceContext, session_id: str, language: str | None) -> dict[str, Any]:
    with Session(ctx.engines.read) as db:
        current = ctx.states.load(db, session_id)
        log = repo.events_after(db, session_id, upto=current.seq)
    return engine_debrief.debrief(current, log, language or current.language)


async def debrief(ctx: ServiceContext, session_id: str, language: str | None) -> dict[str, Any]:
    return await to_thread.run_sync(_debrief, ctx, session_id, language)


def _export(ctx: ServiceContext, session_id: str) -> dict[str, Any]:
    with Session(ctx.engines.read) as db:
        current = ctx.states.load(db, session_id)
        rows = [r for r in repo.event_rows(db, session_id) if r.seq <= current.seq]
        log = repo.events_after(db, session_id, upto=current.seq)
    language = current.language
    staff = views.Audience("facilitator")
    return {
        "session": {
            "id": session_id,
            "scenario_id": current.spec.id,
            "language": language,
            "scenario_title": pick(current.spec.title, language),
        },
        "events": [
            {
                "seq": r.seq,
                "type": r.type,
                "at": shapes.iso(r.at),
                "actor": r.actor,
                "data": json.loads(r.data),
            }
            for r in rows
        ],
        "state": pictures.snapshot(current, staff, {"kind": "facilitator"}, language),
        "debrief": engine_debrief.debrief(current, log, language),
    }


async def export_json(ctx: ServiceContext, session_id: str) -> dict[str, Any]:
    return await to_thread.run_sync(_export, ctx, session_id)


async def export_collisions_csv(ctx: ServiceContext, session_id: str) -> str:
    current = await state(ctx, session_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLLISION_COLUMNS)
    for c in current.collisions:
        writer.writerow(
            [
                session_id,
                c.id,
                shapes.iso(c.at),
                c.phase_id,
                c.round,
                c.logic,
                ";".join(c.roles),
                c.note,
                c.starred,
                c.designed_id or "",
                c.by,
            ]
        )
    return out.getvalue()
