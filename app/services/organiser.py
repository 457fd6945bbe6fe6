"""Services layer: what the organiser does with whole sessions: list, reopen, archive, delete.

The organiser's key opens every session as facilitator: reopening mints a fresh facilitator
token for this browser, because the first one was only ever shown once and is stored hashed.
Deleting removes the session with all its data: its log, its tokens and its timers.
"""

from __future__ import annotations

from dataclasses import dataclass

from anyio import to_thread
from sqlmodel import Session, col, func, select

from app.db import repository as repo
from app.db.tables import EventRow, GameSession, Principal
from app.services import tokens
from app.services.context import ServiceContext
from app.services.states import UnknownSession


@dataclass(frozen=True)
class Listed:
    id: str
    scenario_id: str
    language: str
    join_code: str
    created_at: float
    archived: bool
    players: int
    events: int


def _list(ctx: ServiceContext) -> list[Listed]:
    with Session(ctx.engines.read) as db:
        players = dict(
            db.exec(
                select(Principal.session_id, func.count())
                .where(Principal.kind == "player")
                .group_by(Principal.session_id)
            ).all()
        )
        removed = dict(
            db.exec(
                select(EventRow.session_id, func.count())
                .where(EventRow.type == "player.removed")
                .group_by(EventRow.session_id)
            ).all()
        )
        rows = db.exec(select(GameSession).order_by(col(GameSession.created_at).desc())).all()
        events = dict(
            db.exec(
                select(EventRow.session_id, func.max(EventRow.seq)).group_by(EventRow.session_id)
            ).all()
        )
    return [
        Listed(
            r.id,
            r.scenario_id,
            r.language,
            r.join_code,
            r.created_at,
            r.archived_at is not None,
            players.get(r.id, 0) - removed.get(r.id, 0),
            events.get(r.id, 0),
        )
        for r in rows
    ]


async def sessions(ctx: ServiceContext) -> list[Listed]:
    return await to_thread.run_sync(_list, ctx)


def _reopen(ctx: ServiceContext, session_id: str) -> str:
    token = tokens.new_token()
    with Session(ctx.engines.write) as db:
        if repo.get_session(db, session_id) is None:
            raise UnknownSession(session_id)
        db.add(
            Principal(
                token_hash=tokens.hash_token(token),
                session_id=session_id,
                kind="facilitator",
                created_at=ctx.clock(),
            )
        )
        db.commit()
    return token


async def reopen(ctx: ServiceContext, session_id: str) -> str:
    """A new facilitator token for ``session_id``."""
    return await to_thread.run_sync(_reopen, ctx, session_id)


def _archive(ctx: ServiceContext, session_id: str, archived: bool) -> None:
    with Session(ctx.engines.write) as db:
        row = repo.lock_session(db, session_id)
        if row is None:
            raise UnknownSession(session_id)
        row.archived_at = ctx.clock() if archived else None
        db.add(row)
        db.commit()


async def archive(ctx: ServiceContext, session_id: str, archived: bool = True) -> None:
    """An archived session keeps its record but takes no new players."""
    await to_thread.run_sync(_archive, ctx, session_id, archived)


def _delete(ctx: ServiceContext, session_id: str) -> None:
    with Session(ctx.engines.write) as db:
        if repo.lock_session(db, session_id) is None:
            raise UnknownSession(session_id)
        repo.delete_session(db, session_id)
        db.commit()
    ctx.states.forget(session_id)
    ctx.principals.forget_session(session_id)


async def delete(ctx: ServiceContext, session_id: str) -> None:
    await to_thread.run_sync(_delete, ctx, session_id)
