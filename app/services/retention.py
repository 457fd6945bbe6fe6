"""Services layer: forgetting sessions after ``CL_RETENTION_DAYS`` without an event.

Observer notes are about named trainees, so a record should not outlive its use. A session whose
log has been still for that long is deleted whatever its phase: a finished or archived one, and
one abandoned mid-game too, which would otherwise be kept for ever. A session that moves again
between the look and the deletion is spared.
"""

from __future__ import annotations

import logging

from anyio import to_thread
from sqlmodel import Session, func, select

from app.db.tables import EventRow
from app.services.context import ServiceContext
from app.services.organiser import delete_all

log = logging.getLogger(__name__)
DAY_S = 24 * 3600


def _still_since(ctx: ServiceContext, cutoff: float) -> list[tuple[str, int]]:
    """Every session's id and last seq whose last event came before ``cutoff`` (every session
    has at least one: it is opened with ``session.created``)."""
    query = (
        select(EventRow.session_id, func.max(EventRow.seq))
        .group_by(EventRow.session_id)
        .having(func.max(EventRow.at) < cutoff)
    )
    with Session(ctx.engines.read) as db:
        return [(session_id, seq) for session_id, seq in db.exec(query)]


async def purge(ctx: ServiceContext, days: int) -> list[str]:
    """Delete every session whose last event is more than ``days`` days old."""
    still = await to_thread.run_sync(_still_since, ctx, ctx.clock() - days * DAY_S)
    deleted = await delete_all(ctx, dict(still))
    for session_id in deleted:
        log.info("deleted session %s: no event for %s days (CL_RETENTION_DAYS)", session_id, days)
    return deleted
