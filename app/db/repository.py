"""Database layer: reading and writing rows; it never commits, the caller's transaction does.

Appending events and moving ``last_seq`` happen in the caller's transaction, so a change and
its events are stored together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import insert
from sqlmodel import Session, col, delete, select

from app.db.tables import DueTimer, EventRow, GameSession, Principal, SeatCode
from app.engine import events as ev


def lock_session(db: Session, session_id: str) -> GameSession | None:
    """Fetch a session's row for writing; on PostgreSQL this waits for the row lock."""
    query = select(GameSession).where(GameSession.id == session_id).with_for_update()
    return db.exec(query).first()


def get_session(db: Session, session_id: str) -> GameSession | None:
    return db.get(GameSession, session_id)


def session_by_join_code(db: Session, join_code: str) -> GameSession | None:
    return db.exec(select(GameSession).where(GameSession.join_code == join_code)).first()


def append(db: Session, row: GameSession, records: Sequence[ev.Recorded], actor: str) -> None:
    """One multi-row INSERT for the events and the session's new ``last_seq``: commands run
    many times a second, so this path avoids the ORM's per-object bookkeeping."""
    rows: list[dict[str, object]] = []
    for record in records:
        if record.seq != row.last_seq + len(rows) + 1:
            raise ValueError(f"seq {record.seq} does not follow {row.last_seq + len(rows)}")
        rows.append(
            {
                "session_id": row.id,
                "seq": record.seq,
                "type": record.event.type,
                "at": record.at,
                "actor": actor,
                "data": json.dumps(ev.encode(record.event), ensure_ascii=False),
            }
        )
    if not rows:
        return
    db.execute(insert(EventRow), rows)
    row.last_seq = records[-1].seq
    db.add(row)


def events_after(
    db: Session, session_id: str, after: int = 0, upto: int | None = None
) -> list[ev.Recorded]:
    query = select(EventRow).where(EventRow.session_id == session_id, EventRow.seq > after)
    if upto is not None:
        query = query.where(EventRow.seq <= upto)
    rows = db.exec(query.order_by(col(EventRow.seq)))
    return [ev.Recorded(r.seq, r.at, ev.decode(r.type, json.loads(r.data))) for r in rows]


def event_rows(db: Session, session_id: str) -> list[EventRow]:
    query = select(EventRow).where(EventRow.session_id == session_id)
    return list(db.exec(query.order_by(col(EventRow.seq))))


def last_seq(db: Session, session_id: str) -> int:
    row = db.get(GameSession, session_id)
    return row.last_seq if row else 0


def principal(db: Session, token_hash: str) -> Principal | None:
    return db.get(Principal, token_hash)


def revoke_players(db: Session, session_id: str, player_ids: set[str]) -> list[str]:
    """Delete the tokens of players who left or were removed; returns their hashes, so that
    every worker can forget them once the transaction is committed."""
    if not player_ids:
        return []
    query = select(Principal).where(
        Principal.session_id == session_id, col(Principal.player_id).in_(player_ids)
    )
    rows = list(db.exec(query))
    for row in rows:
        db.delete(row)
    return [row.token_hash for row in rows]


def set_due(db: Session, session_id: str, due_at: float | None) -> None:
    existing = db.get(DueTimer, session_id)
    if due_at is None:
        if existing is not None:
            db.delete(existing)
        return
    if existing is None:
        db.add(DueTimer(session_id=session_id, due_at=due_at))
    elif existing.due_at != due_at:
        existing.due_at = due_at
        db.add(existing)


def due_sessions(db: Session, now: float, limit: int = 100) -> list[str]:
    query = select(DueTimer.session_id).where(DueTimer.due_at <= now)
    return list(db.exec(query.order_by(col(DueTimer.due_at)).limit(limit)))


def next_due_at(db: Session) -> float | None:
    query = select(DueTimer.due_at).order_by(col(DueTimer.due_at)).limit(1)
    return db.exec(query).first()


def delete_session(db: Session, session_id: str) -> None:
    for table in (DueTimer, EventRow, Principal, SeatCode):
        db.exec(delete(table).where(col(table.session_id) == session_id))
    db.exec(delete(GameSession).where(col(GameSession.id) == session_id))
