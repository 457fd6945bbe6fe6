"""Services layer: one transaction per command: lock, load, decide, append, commit, publish.

The database work runs in a worker thread (the drivers are synchronous), and publishing happens
only after the commit returned, so nobody ever hears of an event that could still roll back.
Every change to a session passes here, so this is where an archived session refuses them all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from anyio import to_thread
from sqlmodel import Session

from app.db import repository as repo
from app.engine import commands as cmd
from app.engine import events as ev
from app.engine import phases
from app.engine.decide import run
from app.engine.events import Recorded
from app.engine.state import SessionState
from app.services import forgetting
from app.services.context import ServiceContext
from app.services.states import UnknownSession

AfterDecide = Callable[[Session, SessionState, Sequence[Recorded]], None]


class SessionArchived(cmd.Conflict):
    """The session is archived: it can be read and exported, not changed (409)."""

    def __init__(self) -> None:
        super().__init__(
            "this session is archived: it can be read and exported but not changed; "
            "the organiser can unarchive it"
        )


def actor_label(actor: cmd.Actor) -> str:
    return f"player:{actor.player_id}" if actor.kind == "player" else actor.kind


def _removed(records: Sequence[Recorded]) -> set[str]:
    return {r.event.player_id for r in records if isinstance(r.event, ev.PlayerRemoved)}


def transact(
    ctx: ServiceContext,
    session_id: str,
    command: cmd.Command,
    actor: cmd.Actor,
    after: AfterDecide | None = None,
) -> tuple[SessionState, list[Recorded], list[str]]:
    """Run one command in one write transaction; ``after`` may add rows to the same transaction.
    A player who leaves or is removed loses their token in that same transaction; the hashes
    of the tokens revoked are returned for every worker to forget."""
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        row = repo.lock_session(db, session_id)
        if row is None:
            raise UnknownSession(session_id)
        if row.archived_at is not None:
            raise SessionArchived()
        state = ctx.states.load(db, session_id, row.last_seq)
        new_state, records = run(state, command, actor, ctx.clock())
        if records:
            repo.append(db, row, records, actor_label(actor))
        due = phases.next_due(new_state)
        if due != phases.next_due(state) or isinstance(command, cmd.FireTimers):
            repo.set_due(db, session_id, due)
        if after is not None:
            after(db, new_state, records)
        revoked = repo.revoke_players(db, session_id, _removed(records))
        db.commit()
    ctx.states.put(new_state)
    return new_state, records, revoked


async def handle(
    ctx: ServiceContext,
    session_id: str,
    command: cmd.Command,
    actor: cmd.Actor,
    after: AfterDecide | None = None,
) -> tuple[SessionState, list[Recorded]]:
    """The command's whole path, a refusal's too, is timed for ``/metrics``."""
    started = time.perf_counter()
    try:
        state, records, revoked = await to_thread.run_sync(
            transact, ctx, session_id, command, actor, after
        )
        if revoked:
            await forgetting.forget(ctx, session_id, revoked)
        if records:
            await ctx.publish(session_id, records)
    finally:
        ctx.metrics.command(type(command).__name__, time.perf_counter() - started)
    return state, records
