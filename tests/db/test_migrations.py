"""The Alembic migrations build exactly the schema the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import app.db.tables  # noqa: F401
from app.db.connect import connect
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
