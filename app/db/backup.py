"""Database layer: a consistent copy of a live SQLite database, and putting one back.

Copying the file during a game is unsafe: in WAL mode the newest commits live in the ``-wal``
file, and two files copied a moment apart can disagree. SQLite's online backup copies every page
inside one read transaction, so the copy is the database as it stood after one commit, while the
server goes on writing. The copy is switched to a rollback journal so that it is one
self-contained file, created readable by its owner only like the database itself.

Putting a copy back goes through the same backup API into the target, so a ``-wal`` left by a
killed server is rolled into the target, not replayed over it later. The target must be closed
by every other process: a running server would keep serving what it has cached.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from app.db.connect import BUSY_TIMEOUT_MS, OWNER_ONLY, normalise_url


class InUse(Exception):
    """Another connection has the target database open (a running server)."""


@dataclass(frozen=True)
class Contents:
    """What a database file holds, as far as an operator needs to know."""

    problems: list[str] = field(default_factory=list)
    """``PRAGMA integrity_check``'s findings, or why the file does not open; empty when sound."""
    revision: str | None = None
    sessions: int = 0
    events: int = 0


def database_file(url: str) -> Path | None:
    """The SQLite file a database URL names; None for PostgreSQL or an in-memory database."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 (whatever the umask); it must not exist yet."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY))


def _open(path: Path, mode: str) -> sqlite3.Connection:
    """``mode`` ro or rw: neither creates a missing file."""
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)


def snapshot(database: Path, copy: Path) -> None:
    """Write the live ``database`` as of one commit to the new file ``copy``.

    The whole copy is one backup step (``pages=-1``), so it is never restarted by a writer and
    never mixes two moments; writers carry on in the WAL meanwhile."""
    create_private(copy)
    with closing(sqlite3.connect(copy)) as target:
        with closing(_open(database, "rw")) as source:
            source.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode=DELETE")
    with copy.open("rb") as written:
        os.fsync(written.fileno())


def inspect(path: Path, read_only: bool = True) -> Contents:
    """Check ``path`` with ``PRAGMA integrity_check`` and count what it holds."""
    try:
        with closing(_open(path, "ro" if read_only else "rw")) as connection:
            found = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
            if found != ["ok"]:
                return Contents(found)
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            if not {"alembic_version", "game_session", "event"} <= tables:
                return Contents(["it holds no Colliding Logics tables"])
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            sessions = connection.execute("SELECT count(*) FROM game_session").fetchone()[0]
            events = connection.execute("SELECT count(*) FROM event").fetchone()[0]
    except sqlite3.DatabaseError as problem:
        return Contents([str(problem)])
    return Contents([], revision[0] if revision else None, int(sessions), int(events))


SETTLE_S = 2.0
"""How long a restore waits for the database's lock before it calls the database in use."""


def load(copy: Path, database: Path) -> None:
    """Replace what ``database`` holds by the copy's pages, or raise ``InUse``.

    The target takes SQLite's exclusive lock first and keeps it to the end, so a server that
    still has the database open is found out before anything changes, and none can start
    while the pages are written. The lock is waited for ``SETTLE_S``: a server that has just
    stopped may still be letting go of its files, while a running one holds them for good."""
    with closing(sqlite3.connect(database, timeout=SETTLE_S, isolation_level=None)) as target:
        target.execute("PRAGMA locking_mode=EXCLUSIVE")
        try:
            target.execute("BEGIN EXCLUSIVE")
            target.execute("COMMIT")
        except sqlite3.OperationalError as problem:
            raise InUse(str(problem)) from problem
        with closing(_open(copy, "ro")) as source:
            source.backup(target, pages=-1)
