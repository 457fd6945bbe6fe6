"""Services layer: opening a session, joining it, and knowing who holds a token.

A session opens with its log, its facilitator and its observer in one transaction; a player
joins with their token row in the same transaction as ``player.joined``, so a player can never
exist without a way back in, nor a token without its player.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from anyio import to_thread
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.db import repository as repo
from app.db.tables import GameSession, SeatCode
from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.decide import create
from app.engine.state import Player, SessionState
from app.services import queries, tokens
from app.services.commands import handle
from app.services.context import ServiceContext
from app.services.principals import Who, principal_kind


@dataclass(frozen=True)
class Opened:
    id: str
    join_code: str
    facilitator_token: str
    observer_token: str
    seat_codes: dict[str, str]
    """Each role's seat card code, by role id."""


@dataclass(frozen=True)
class Joined:
    session_id: str
    player_id: str
    token: str


class NoSuchCode(LookupError):
    """No open session has this join code."""


def _open(
    ctx: ServiceContext, scenario_id: str, language: str, timezone: str
) -> tuple[Opened, list[ev.Recorded]]:
    spec = ctx.content.scenarios[scenario_id]
    for _attempt in range(8):
        now = ctx.clock()
        seats = {role_id: tokens.new_seat_code() for role_id in spec.role_ids}
        opened = Opened(
            tokens.new_id(),
            tokens.new_join_code(),
            tokens.new_token(),
            tokens.new_token(),
            seats,
        )
        state, records = create(
            spec, opened.id, language, now, opened.join_code, tuple(seats.values()), timezone
        )
        row = GameSession(
            id=opened.id,
            scenario_id=spec.id,
            language=language,
            join_code=opened.join_code,
            created_at=now,
        )
        try:
            with ctx.engines.writing(), Session(ctx.engines.write) as db:
                db.add(row)
                db.flush()
                repo.append(db, row, records, "organiser")
                db.add_all(
                    SeatCode(code=c, session_id=opened.id, role_id=r) for r, c in seats.items()
                )
                db.add(tokens.principal(opened.id, "facilitator", opened.facilitator_token, now))
                db.add(tokens.principal(opened.id, "observer", opened.observer_token, now))
                db.commit()
        except IntegrityError:
            continue  # a code was taken meanwhile; draw new ones
        ctx.states.put(state)
        return opened, records
    raise RuntimeError("could not find a free join code")


async def open_session(
    ctx: ServiceContext, scenario_id: str, language: str, timezone: str = ev.DEFAULT_TIMEZONE
) -> Opened:
    """``timezone``: an IANA name the caller has checked (``zones.known``)."""
    opened, records = await to_thread.run_sync(_open, ctx, scenario_id, language, timezone)
    await ctx.publish(opened.id, records)
    return opened


@dataclass(frozen=True)
class Door:
    """Where a code leads: a session, and for a seat card also the role's seat."""

    session_id: str
    role_id: str | None = None


def _find_code(ctx: ServiceContext, typed: str) -> Door:
    """A join code leads to the session; a seat code (longer, its own secret) to one seat."""
    code = tokens.normalise_join_code(typed)
    role_id: str | None = None
    with Session(ctx.engines.read) as db:
        if len(code) == tokens.SEAT_CODE_LENGTH:
            seat = db.get(SeatCode, code)
            row = repo.get_session(db, seat.session_id) if seat else None
            role_id = seat.role_id if seat else None
        elif len(code) == tokens.JOIN_CODE_LENGTH:
            row = repo.session_by_join_code(db, code)
        else:
            row = None
    if row is None:
        raise NoSuchCode(typed)  # an archived session's code still leads there, to a clear 409
    return Door(row.id, role_id)


async def join(
    ctx: ServiceContext, session_id: str, name: str, role_id: str | None = None
) -> Joined:
    """Add a player to the session found by ``door``; a seat card's role seats them at once."""
    token = tokens.new_token()

    def keep_token(db: Session, state: SessionState, records: Sequence[ev.Recorded]) -> None:
        joined = records[0].event
        assert isinstance(joined, ev.PlayerJoined)
        db.add(tokens.principal(session_id, "player", token, records[0].at, joined.player_id))

    _state, records = await handle(
        ctx, session_id, cmd.Join(name, role_id), cmd.GUEST_ACTOR, keep_token
    )
    joined = records[0].event
    assert isinstance(joined, ev.PlayerJoined)
    return Joined(session_id, joined.player_id, token)


def _who(ctx: ServiceContext, token_hash: str) -> Who | None:
    with Session(ctx.engines.read) as db:
        found = repo.principal(db, token_hash)
    if found is None:
        return None
    who = Who(found.session_id, principal_kind(found.kind), found.player_id)
    ctx.principals.put(token_hash, who)
    return who


async def authenticate(ctx: ServiceContext, token: str) -> Who | None:
    if not token or len(token) > 200:
        return None
    token_hash = tokens.hash_token(token)
    known = ctx.principals.get(token_hash)
    if known is not None:
        return known
    return await to_thread.run_sync(_who, ctx, token_hash)


async def seated(ctx: ServiceContext, session_id: str, token: str) -> Player | None:
    """The player this token holds a seat for in ``session_id``, if it is still in play."""
    who = await authenticate(ctx, token)
    if who is None or who.session_id != session_id or who.kind != "player":
        return None
    state = await queries.state(ctx, session_id)
    return state.player(who.player_id or "")


async def door(ctx: ServiceContext, code: str) -> Door:
    """Where a join code or a seat card's code leads."""
    return await to_thread.run_sync(_find_code, ctx, code)
