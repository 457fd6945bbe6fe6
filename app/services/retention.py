"""Services layer: forgetting finished sessions after ``CL_RETENTION_DAYS``.

Observer notes are about named trainees, so a record should not outlive its use. A session
counts as finished when it is archived or has reached its last phase; one still in play is
never deleted, however old.
"""

from __future__ import annotations

import logging

from anyio import to_thread
from sqlmodel import Session, func, select

from app.db.tables import EventRow, GameSession
from app.services.context import ServiceContext
from app.services.organiser import delete
from app.services.states import UnknownSession

log = logging.getLogger(__name__)
DAY_S = 24 * 3600


def _candidates(ctx: ServiceContext, cutoff: float) -> list[str]:
    with Session(ctx.engines.read) as db:
        last = dict(
            db.exec(
                select(EventRow.session_id, func.max(EventRow.at)).group_by(EventRow.session_id)
            ).all()
        )
        rows = db.exec(select(GameSession)).all()
        finished = []
        for row in rows:
            if last.get(row.id, row.created_at) >= cutoff:
                continue
            if row.archived_at is not None:
                finished.append(row.id)
                continue
            try:
                state = ctx.states.load(db, row.id)
            except UnknownSession:
                continue
            if state.phase_index == len(state.spec.phases) - 1:
                finished.append(row.id)
    return finished


async def purge(ctx: ServiceContext, days: int) -> list[str]:
    """Delete every finished session whose last event is more than ``days`` days old."""
    doomed = await to_thread.run_sync(_candidates, ctx, ctx.clock() - days * DAY_S)
    for session_id in doomed:
        try:
            await delete(ctx, session_id)
        except UnknownSession:
            continue
        log.info("deleted finished session %s after %s days (CL_RETENTION_DAYS)", session_id, days)
    return doomed
