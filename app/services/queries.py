"""Services layer: read-only questions about a session, answered from a read transaction.

Every answer goes through ``engine.views`` or ``engine.debrief``; this module only fetches.
"""

from __future__ import annotations

from collections.abc import Collection

from anyio import to_thread
from sqlmodel import Session

from app.db import repository as repo
from app.engine import debrief as engine_debrief
from app.engine import snapshot as pictures
from app.engine import views
from app.engine.commands import NotFound
from app.engine.debrief import Debrief
from app.engine.snapshot import Me, Snapshot
from app.engine.state import SessionState
from app.services.context import ServiceContext
from app.services.principals import Who


def _state(ctx: ServiceContext, session_id: str) -> SessionState:
    with Session(ctx.engines.read) as db:
        return ctx.states.load(db, session_id)


async def state(ctx: ServiceContext, session_id: str) -> SessionState:
    return await to_thread.run_sync(_state, ctx, session_id)


def me(who: Who, state: SessionState) -> Me:
    mine: Me = {"kind": who.kind}
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
) -> Snapshot:
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


def _debrief(ctx: ServiceContext, session_id: str, language: str | None) -> Debrief:
    with Session(ctx.engines.read) as db:
        current = ctx.states.load(db, session_id)
        log = repo.events_after(db, session_id, upto=current.seq)
    return engine_debrief.debrief(current, log, language or current.language)


async def debrief(ctx: ServiceContext, session_id: str, language: str | None) -> Debrief:
    return await to_thread.run_sync(_debrief, ctx, session_id, language)
