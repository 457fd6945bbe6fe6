"""Services layer: the organiser's browser sign-ins, kept server-side so the key never is.

Signing in with the key mints a random token for the browser's cookie and keeps only its
HMAC-SHA-256 under the organiser key, so a copy of the database opens nothing and changing the
key (after it leaked, say) ends every sign-in at once. Each expires ``SIGNIN_TTL_S`` after
signing in, however busy the browser is meanwhile (no sliding renewal), so a cookie left behind
on a shared laptop opens the organiser's page for one training day at most. Signing out deletes
the row, which ends the sign-in on every worker at once: each check asks the database, and
organiser pages are rare. Expired rows are purged whenever someone signs in.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from anyio import to_thread
from sqlmodel import Session, col, delete, select

from app.db.tables import OrganiserSignin
from app.services import tokens
from app.services.context import ServiceContext

SIGNIN_TTL_S = 12 * 3600
TOKEN_MAX = 200
"""Longer cookie values are not ours; refuse them before hashing."""


@dataclass(frozen=True)
class Signin:
    token: str
    expires_at: float


def _digest(token: str, key: str) -> str:
    return hmac.new(key.encode("utf-8"), token.encode("utf-8"), hashlib.sha256).hexdigest()


def _sign_in(ctx: ServiceContext, key: str) -> Signin:
    now = ctx.clock()
    signin = Signin(tokens.new_token(), now + SIGNIN_TTL_S)
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        db.exec(delete(OrganiserSignin).where(col(OrganiserSignin.expires_at) <= now))
        db.add(
            OrganiserSignin(
                token_hash=_digest(signin.token, key),
                created_at=now,
                expires_at=signin.expires_at,
            )
        )
        db.commit()
    return signin


async def sign_in(ctx: ServiceContext, key: str) -> Signin:
    """A new sign-in; the caller has checked that ``key`` is the organiser key."""
    return await to_thread.run_sync(_sign_in, ctx, key)


def _valid(ctx: ServiceContext, token_hash: str) -> bool:
    query = select(OrganiserSignin.token_hash).where(
        OrganiserSignin.token_hash == token_hash, OrganiserSignin.expires_at > ctx.clock()
    )
    with Session(ctx.engines.read) as db:
        return db.exec(query).first() is not None


async def valid(ctx: ServiceContext, token: str, key: str) -> bool:
    """Whether ``token`` is a live sign-in made under the current organiser ``key``."""
    if not token or len(token) > TOKEN_MAX:
        return False
    return await to_thread.run_sync(_valid, ctx, _digest(token, key))


def _sign_out(ctx: ServiceContext, token_hash: str) -> None:
    with ctx.engines.writing(), Session(ctx.engines.write) as db:
        db.exec(delete(OrganiserSignin).where(col(OrganiserSignin.token_hash) == token_hash))
        db.commit()


async def sign_out(ctx: ServiceContext, token: str, key: str) -> None:
    """End this sign-in; an unknown or expired token is already signed out."""
    if token and len(token) <= TOKEN_MAX:
        await to_thread.run_sync(_sign_out, ctx, _digest(token, key))
