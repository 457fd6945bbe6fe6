"""Services layer: fires timed injects through the same path as a facilitator's click.

Due moments live in the database (``due_timer``), so a restart or another worker picks them up.
Several workers may try the same timer at once; the session lock and the engine's rule that a
document is released only once make exactly one of them succeed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from anyio import to_thread
from sqlmodel import Session

from app.db import repository as repo
from app.engine import commands as cmd
from app.services.commands import SessionArchived, handle
from app.services.context import ServiceContext
from app.services.states import UnknownSession

log = logging.getLogger(__name__)
POLL_S = 1.0


def _due(ctx: ServiceContext, now: float) -> tuple[list[str], float | None]:
    with Session(ctx.engines.read) as db:
        return repo.due_sessions(db, now), repo.next_due_at(db)


async def fire_due(ctx: ServiceContext) -> int:
    """Fire every timer that is due now; returns how many sessions were handled."""
    due, _next = await to_thread.run_sync(_due, ctx, ctx.clock())
    for session_id in due:
        try:
            await handle(ctx, session_id, cmd.FireTimers(), cmd.SYSTEM_ACTOR)
        except (UnknownSession, SessionArchived):  # deleted or archived since we looked
            continue
        except Exception:
            log.exception("timed injects of session %s could not fire", session_id)
    return len(due)


async def run(ctx: ServiceContext, stop: asyncio.Event) -> None:
    """Poll at most once a second, sooner when a timer falls due before that."""
    while not stop.is_set():
        try:
            await fire_due(ctx)
            _due_now, next_at = await to_thread.run_sync(_due, ctx, ctx.clock())
        except Exception:
            log.exception("scheduler pass failed; trying again")
            next_at = None
        wait = POLL_S if next_at is None else min(POLL_S, max(0.0, next_at - ctx.clock()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=max(wait, 0.05))
