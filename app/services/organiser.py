"""Services layer: what the organiser does with whole sessions: list, reopen, archive, delete.

The organiser's key opens every session as facilitator: reopening mints a fresh facilitator
token for this browser, because the first one was only ever shown once and is stored hashed.
Archiving keeps the record readable but refuses every change (see ``commands.transact``) and
stops its timers. Deleting removes the session with all its data, its log, its tokens, its
seat codes and its timers, and then makes every worker forget it; ``delete`` is the one place
that does so, for the organiser and for retention alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from anyio import to_thread
from sqlmodel import Session, col, func, select

from app.db import repository as repo
from app.db.tables import EventRow, GameSession, Principal
from app.engine import phases
from app.services import forgetting, tokens
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
    last_activity_at: float
    """When the last event happened: retention counts from here."""


def _list(ctx: ServiceContext, only: str | None = None) -> list[Listed]:
    with Session(ctx.engines.read) as db:
        sessions = select(GameSession).order_by(col(GameSession.created_at).desc())
        # A player who leaves or is removed loses their token row, so the rows are the players.
        players = select(Principal.session_id, func.count(func.distinct(Principal.player_id)))
        players = players.where(Principal.kind == "player")
        activity = select(EventRow.session_id, func.max(EventRow.seq), func.max(EventRow.at))
        if only is not None:
            sessions = sessions.where(GameSession.id == only)
            players = players.where(Principal.session_id == only)
            activity = activity.where(EventRow.session_id == only)
        rows = db.exec(sessions).all()
        joined = dict(db.exec(players.group_by(Principal.session_id)).all())
        last = {s: (seq, at) for s, seq, at in db.exec(activity.group_by(EventRow.session_id))}
    return [
        Listed(
            r.id,
            r.scenario_id,
            r.language,
            r.join_code,
            r.created_at,
            r.archived_at is not None,
            joined.get(r.id, 0),
            last.get(r.id, (0, r.created_at))[0],
            last.get(r.id, (0, r.created_at))[1],
        )
        for r in rows
    ]


async def sessions(ctx: ServiceContext) -> list[Listed]:
    """Every session, the newest first."""
    return await to_thread.run_sync(_list, ctx)


async def session(ctx: ServiceContext, session_id: str) -> Listed:
    """One session as the list shows it."""
    found = await to_thread.run_sync(_list, ctx, session_id)
    if not found:
        raise UnknownSession(session_id)
    return found[0]


def _reopen(ctx: ServiceContext, session_id: str) -> str:
    token = tokens.new_token()
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        if repo.get_session(db, session_id) is None:
            raise UnknownSession(session_id)
        db.add(tokens.principal(session_id, "facilitator", token, ctx.clock()))
        db.commit()
    return token


async def reopen(ctx: ServiceContext, session_id: str) -> str:
    """A new facilitator token for ``session_id`` (an archived one too: to read and export)."""
    return await to_thread.run_sync(_reopen, ctx, session_id)


def _archive(ctx: ServiceContext, session_id: str, archived: bool) -> None:
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        row = repo.lock_session(db, session_id)
        if row is None:
            raise UnknownSession(session_id)
        if (row.archived_at is not None) == archived:
            return
        # The scheduler must not keep firing at a session that refuses every change; an
        # unarchived one picks its timers up again (an overdue case update comes out at once).
        due = None if archived else phases.next_due(ctx.states.load(db, session_id, row.last_seq))
        repo.set_due(db, session_id, due)
        row.archived_at = ctx.clock() if archived else None
        db.add(row)
        db.commit()


async def archive(ctx: ServiceContext, session_id: str, archived: bool = True) -> None:
    """Archive (or, with ``archived=False``, unarchive) a session; archiving twice is harmless."""
    await to_thread.run_sync(_archive, ctx, session_id, archived)


def _delete_rows(ctx: ServiceContext, session_id: str, unmoved_since: int | None) -> bool:
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        row = repo.lock_session(db, session_id)
        if row is None or (unmoved_since is not None and row.last_seq != unmoved_since):
            return False
        repo.delete_session(db, session_id)
        db.commit()
    return True


async def delete_all(ctx: ServiceContext, doomed: Mapping[str, int | None]) -> list[str]:
    """Delete each session with its log, tokens, seat codes and timers (when a seq is given,
    only if its log still ends there), have every worker forget it, and then overwrite what
    the deletions left on disk, once for the lot; answers the sessions deleted."""
    deleted = [
        session_id
        for session_id, unmoved_since in doomed.items()
        if await to_thread.run_sync(_delete_rows, ctx, session_id, unmoved_since)
    ]
    for session_id in deleted:
        await forgetting.forget(ctx, session_id)
    if deleted:
        await to_thread.run_sync(ctx.engines.scrub)
    return deleted


async def delete(ctx: ServiceContext, session_id: str) -> None:
    """Delete one session and all its data (see ``delete_all``)."""
    if not await delete_all(ctx, {session_id: None}):
        raise UnknownSession(session_id)
