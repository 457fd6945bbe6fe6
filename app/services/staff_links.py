"""Services layer: re-issuing the observer's link and revoking the other facilitator links.

A staff link is a capability token: whoever holds it is the observer or a facilitator. A link
sent to the wrong person, or a panel left open on a borrowed laptop, is ended here. The rows go
in one transaction under the session's row lock (so it never interleaves with a command), and
only after the commit is every worker told to forget the old hashes and close the sockets that
used them, so an old link stops working everywhere at once and cannot come back from a cache.
"""

from __future__ import annotations

from anyio import to_thread
from sqlmodel import Session, select

from app.db import repository as repo
from app.db.tables import Principal
from app.services import forgetting, tokens
from app.services.context import ServiceContext
from app.services.states import UnknownSession


def _revoke(db: Session, session_id: str, kind: str, keep: str | None = None) -> list[str]:
    query = select(Principal).where(Principal.session_id == session_id, Principal.kind == kind)
    rows = [row for row in db.exec(query) if row.token_hash != keep]
    for row in rows:
        db.delete(row)
    return [row.token_hash for row in rows]


def _reissue_observer(ctx: ServiceContext, session_id: str) -> tuple[str, list[str]]:
    token = tokens.new_token()
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        if repo.lock_session(db, session_id) is None:
            raise UnknownSession(session_id)
        revoked = _revoke(db, session_id, "observer")
        db.add(tokens.principal(session_id, "observer", token, ctx.clock()))
        db.commit()
    return token, revoked


async def reissue_observer(ctx: ServiceContext, session_id: str) -> str:
    """A new observer token; every earlier observer token of the session stops working."""
    token, revoked = await to_thread.run_sync(_reissue_observer, ctx, session_id)
    await forgetting.forget(ctx, session_id, revoked)
    return token


def _revoke_facilitators(ctx: ServiceContext, session_id: str, keep: str) -> list[str]:
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        if repo.lock_session(db, session_id) is None:
            raise UnknownSession(session_id)
        revoked = _revoke(db, session_id, "facilitator", keep)
        db.commit()
    return revoked


async def revoke_other_facilitators(ctx: ServiceContext, session_id: str, kept_token: str) -> int:
    """End every facilitator token of the session but ``kept_token``; how many ended."""
    keep = tokens.hash_token(kept_token)
    revoked = await to_thread.run_sync(_revoke_facilitators, ctx, session_id, keep)
    await forgetting.forget(ctx, session_id, revoked)
    return len(revoked)
