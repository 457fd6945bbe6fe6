"""Database layer: the SQLModel tables.

The event log is the source of truth; ``game_session.last_seq`` doubles as the row that
serialises writers to one session (locked with FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on
SQLite). Tokens are stored only as SHA-256 hashes, so a copy of the database opens no session.
"""

from __future__ import annotations

from sqlalchemy import Index, Text
from sqlmodel import Column, Field, SQLModel


class GameSession(SQLModel, table=True):
    __tablename__ = "game_session"

    id: str = Field(primary_key=True, max_length=40)
    scenario_id: str = Field(max_length=80)
    language: str = Field(max_length=8)
    join_code: str = Field(max_length=16, unique=True)
    created_at: float
    last_seq: int = 0
    archived_at: float | None = None


class Principal(SQLModel, table=True):
    __tablename__ = "principal"

    token_hash: str = Field(primary_key=True, max_length=64)
    session_id: str = Field(foreign_key="game_session.id", index=True, max_length=40)
    kind: str = Field(max_length=16)
    player_id: str | None = Field(default=None, max_length=16)
    created_at: float


class EventRow(SQLModel, table=True):
    __tablename__ = "event"

    session_id: str = Field(foreign_key="game_session.id", primary_key=True, max_length=40)
    seq: int = Field(primary_key=True)
    type: str = Field(max_length=40)
    at: float
    actor: str = Field(max_length=24)
    data: str = Field(sa_column=Column(Text, nullable=False))


class DueTimer(SQLModel, table=True):
    """When a session's next timed inject falls due; the scheduler's only index."""

    __tablename__ = "due_timer"
    __table_args__ = (Index("ix_due_timer_due_at", "due_at"),)

    session_id: str = Field(foreign_key="game_session.id", primary_key=True, max_length=40)
    due_at: float


class SeatCode(SQLModel, table=True):
    """A seat card's code: its own random secret per role, so that knowing the join code (which
    every player sees) seats nobody in a chosen duo. Stored as typed, like the join code,
    because the facilitator prints the cards again whenever needed."""

    __tablename__ = "seat_code"

    code: str = Field(primary_key=True, max_length=24)
    session_id: str = Field(foreign_key="game_session.id", index=True, max_length=40)
    role_id: str = Field(max_length=80)


class OrganiserSignin(SQLModel, table=True):
    """A browser signed in with the organiser key: the cookie holds a random token whose hash is
    kept here with an expiry, never the key itself, so signing out or expiring ends it."""

    __tablename__ = "organiser_signin"

    token_hash: str = Field(primary_key=True, max_length=64)
    created_at: float
    expires_at: float = Field(index=True)
