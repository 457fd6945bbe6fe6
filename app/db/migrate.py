"""Database layer: bring any database to the newest schema with Alembic, at start-up or by hand.

The Alembic scripts ship inside the package, so an installed server migrates from any working
directory. On PostgreSQL an advisory lock lets several workers start at once safely.
``schema_status`` tells, without changing anything, whether a database is behind the code
(``colliding-logics migrate --check``, and a restore that brings an older backup).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import text

from app.db.connect import Engines

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK_KEY = 7_311_977  # any constant; it names our migration lock among PostgreSQL's


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@contextmanager
def _sqlite_lock(engines: Engines) -> Iterator[None]:
    """Several workers on one host share the SQLite file; one of them migrates at a time."""
    database = engines.write.url.database
    if engines.dialect != "sqlite" or not database or database == ":memory:":
        yield
        return
    with Path(f"{database}.migrate-lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade(engines: Engines, revision: str = "head") -> None:
    config = alembic_config()
    with _sqlite_lock(engines), engines.write.connect() as connection:
        if engines.dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
        finally:
            if engines.dialect == "postgresql":
                # A failed migration leaves the transaction aborted, and an aborted transaction
                # refuses even the unlock: without this rollback the lock would stay held by a
                # pooled connection and every later start would wait for it forever.
                connection.rollback()
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
                connection.commit()


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    """The database's revision; None for a database no migration has run on."""
    newest: str

    @property
    def current_name(self) -> str:
        return self.current or "none"

    @property
    def is_current(self) -> bool:
        return self.current == self.newest

    @property
    def is_known(self) -> bool:
        """False for a revision this version does not ship: a newer version wrote it."""
        return self.current is None or known_revision(self.current)


def newest_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships its migrations"
    return head


def known_revision(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def schema_status(engines: Engines) -> SchemaStatus:
    with engines.read.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return SchemaStatus(current, newest_revision())
