"""The Alembic migrations build exactly the schema the code declares, on both databases."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

import app.db.tables  # noqa: F401
from app.db.connect import connect
from app.db.migrate import MIGRATION_LOCK_KEY as LOCK
from app.db.migrate import upgrade


def test_migrations_match_the_tables(database_url: str) -> None:
    engines = connect(database_url)
    try:
        upgrade(engines)
        upgrade(engines)  # a second run is a no-op
        with engines.write.connect() as connection:
            context = MigrationContext.configure(connection)
            differences = compare_metadata(context, SQLModel.metadata)
        assert differences == []
    finally:
        engines.dispose()


def _failing_upgrade(config: Config, revision: str) -> None:
    """A migration whose SQL fails half-way, leaving its transaction aborted."""
    connection = config.attributes["connection"]
    connection.execute(text("SELECT * FROM no_such_table"))


def test_a_failed_migration_leaves_the_next_start_free_to_migrate(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start whose migration fails must not keep the migration lock: the next start (or the
    other workers) would otherwise wait for it forever."""
    engines = connect(database_url)
    try:
        with monkeypatch.context() as patched:
            patched.setattr(command, "upgrade", _failing_upgrade)
            with pytest.raises(DBAPIError):
                upgrade(engines)
        other = connect(database_url)  # another worker: another pool, other sessions
        try:
            if other.dialect == "postgresql":
                with other.write.connect() as connection:
                    free = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK})
                    assert free.scalar() is True, "the failed start still holds the lock"
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK})
            upgrade(other)
            with other.write.connect() as connection:
                assert MigrationContext.configure(connection).get_current_revision() is not None
        finally:
            other.dispose()
    finally:
        engines.dispose()
