"""Database layer: engines for SQLite (the default) and PostgreSQL.

SQLite gets WAL, a busy timeout and two engines over one file: writers begin with BEGIN
IMMEDIATE so that two writers queue at the start instead of failing at commit, while readers
keep WAL's concurrent snapshots. PostgreSQL needs only one engine; writers lock the session row.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import create_engine

BUSY_TIMEOUT_MS = 15_000


@dataclass(frozen=True)
class Engines:
    read: Engine
    write: Engine
    dialect: str
    write_lock: threading.Lock | None = None
    """SQLite only: writers of this process take turns here rather than in SQLite's busy
    handler, which sleeps in growing steps and so turns a short wait into a long one."""

    @contextmanager
    def writing(self) -> Iterator[None]:
        if self.write_lock is None:
            yield
            return
        with self.write_lock:
            yield

    def dispose(self) -> None:
        self.read.dispose()
        if self.write is not self.read:
            self.write.dispose()


def normalise_url(url: str) -> str:
    """Accept the plain ``postgresql://`` form people copy from docs; use the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_engine(url: str, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def connect(url: str) -> Engines:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return Engines(
            _sqlite_engine(url, False), _sqlite_engine(url, True), "sqlite", threading.Lock()
        )
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    return Engines(engine, engine, parsed.get_backend_name())
