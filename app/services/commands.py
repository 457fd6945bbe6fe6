"""Services layer: one transaction per command: lock, load, decide, append, commit, publish.

The database work runs in a worker thread (the drivers are synchronous), and publishing happens
only after the commit returned, so nobody ever hears of an event that could still roll back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from anyio import to_thread
from sqlmodel import Session

from app.db import repository as repo
from app.engine import commands as cmd
from app.engine import phases
from app.engine.decide import run
from app.engine.events import Recorded
from app.engine.state import SessionState
from app.services.context import ServiceContext
from app.services.states import UnknownSession

AfterDecide = Callable[[Session, SessionState, Sequence[Recorded]], None]


def actor_label(actor: cmd.Actor) -> str:
    return f"player:{actor.player_id}" if actor.kind == "player" else actor.kind


def transact(
    ctx: ServiceContext,
    session_id: str,
    command: cmd.Command,
    actor: cmd.Actor,
    after: AfterDecide | None = None,
) -> tuple[SessionState, list[Recorded]]:
    """Run one command in one write transaction; ``after`` may add rows to the same transaction."""
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        row = repo.lock_session(db, session_id)
        if row is None:
            raise UnknownSession(session_id)
        state = ctx.states.load(db, session_id, row.last_seq)
        new_state, records = run(state, command, actor, ctx.clock())
        if records:
            repo.append(db, row, records, actor_label(actor))
        due = phases.next_due(new_state)
        if due != phases.next_due(state) or isinstance(command, cmd.FireTimers):
            repo.set_due(db, session_id, due)
        if after is not None:
            after(db, new_state, records)
        db.commit()
    ctx.states.put(new_state)
    return new_state, records


async def handle(
    ctx: ServiceContext,
    session_id: str,
    command: cmd.Command,
    actor: cmd.Actor,
    after: AfterDecide | None = None,
) -> tuple[SessionState, list[Recorded]]:
    state, records = await to_thread.run_sync(transact, ctx, session_id, command, actor, after)
    if records:
        await ctx.publish(session_id, records)
    return state, records
