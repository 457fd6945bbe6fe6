"""Database layer: engines for SQLite (the default) and PostgreSQL.

SQLite gets WAL, a busy timeout and two engines over one file: writers begin with BEGIN
IMMEDIATE so that two writers queue at the start instead of failing at commit, while readers
keep WAL's concurrent snapshots. PostgreSQL needs only one engine; writers lock the session row.

The SQLite file holds observer notes about named trainees, so it is created readable by its
owner only (SQLite gives its -wal and -shm files the database file's mode), and
``secure_delete`` overwrites what a deletion frees instead of leaving it in free pages.

A move is shown only after its commit returns, so the commit must survive a power cut:
``synchronous=FULL`` syncs the WAL at every commit (NORMAL syncs it only at checkpoints, and a
power cut could take back the last moves that players already saw). FULL is the default;
``CL_SQLITE_SYNCHRONOUS=NORMAL`` trades that for speed (bench/README.md has the cost).

A failed statement's error would quote its parameters (join and seat codes, token hashes) into
whatever log reports it: ``hide_parameters`` leaves them out.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import create_engine

BUSY_TIMEOUT_MS = 15_000
SCRUB_WAIT_MS = 2_000
OWNER_ONLY = 0o600
Synchronous = Literal["FULL", "NORMAL"]
log = logging.getLogger(__name__)


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

    def scrub(self) -> None:
        """SQLite, after a deletion: leave no copy of what was deleted anywhere in the files.
        ``secure_delete`` zeroes deleted rows, but a copy that an earlier page split left in a
        page's unused space survives it; VACUUM rewrites every page from the live rows only,
        and the TRUNCATE checkpoint then empties the WAL that held the old pages. Writers wait
        meanwhile (0.16 s for 18 MB, 0.55 s for 72 MB on two cores), so deletions come in
        batches. The checkpoint also waits for readers of older snapshots, but at most
        ``SCRUB_WAIT_MS``: if one is slower, SQLite's own checkpoints overwrite the WAL later."""
        if self.dialect != "sqlite":
            return
        with self.writing():
            connection = self.write.raw_connection()
            cursor = connection.cursor()
            try:
                cursor.execute("VACUUM")
                cursor.execute(f"PRAGMA busy_timeout={SCRUB_WAIT_MS}")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:  # the rows are gone and zeroed; stray copies wait for the next
                log.warning("VACUUM after a deletion failed; the next one retries", exc_info=True)
            finally:
                cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                connection.close()

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


def _sqlite_engine(url: str, immediate: bool, synchronous: Synchronous) -> Engine:
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 15}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _owner_only(database: Path) -> None:
    """Create the database file with mode 0600 before SQLite opens it (an existing one is
    narrowed to it), so the -wal and -shm files SQLite makes beside it get that mode too; a
    folder made here for it is the owner's only as well."""
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY))
    for path in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
        try:
            if path.exists() and path.stat().st_mode & 0o777 != OWNER_ONLY:
                path.chmod(OWNER_ONLY)
        except PermissionError:
            log.warning("%s is readable by others and not ours to change (chmod 600 it)", path)


def connect(url: str, synchronous: Synchronous = "FULL") -> Engines:
    if synchronous not in get_args(Synchronous):  # it goes into a PRAGMA as text
        raise ValueError(f"synchronous must be FULL or NORMAL, not {synchronous!r}")
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _owner_only(Path(parsed.database))
        return Engines(
            _sqlite_engine(url, False, synchronous),
            _sqlite_engine(url, True, synchronous),
            "sqlite",
            threading.Lock(),
        )
    engine = create_engine(
        url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True
    )
    return Engines(engine, engine, parsed.get_backend_name())
