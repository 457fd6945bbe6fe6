"""Services layer: ending tokens and sessions everywhere at once.

A worker keeps principals and states in memory, so deleting rows is not enough: every worker must
drop what it remembers and close the sockets that rely on it. This worker forgets at once; the
others hear it through ``ctx.forget``, which the web layer wires to the hub's broadcast.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.services.context import ServiceContext


def forget_locally(
    ctx: ServiceContext, session_id: str, token_hashes: Sequence[str] | None
) -> None:
    if token_hashes is None:
        ctx.states.forget(session_id)
        ctx.principals.forget_session(session_id)
        return
    for token_hash in token_hashes:
        ctx.principals.forget(token_hash)


async def forget(
    ctx: ServiceContext, session_id: str, token_hashes: Sequence[str] | None = None
) -> None:
    """Call after the commit that deleted the rows: ``token_hashes`` None means the session."""
    forget_locally(ctx, session_id, token_hashes)
    if ctx.forget is not None:
        await ctx.forget(session_id, token_hashes)
