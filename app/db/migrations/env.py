"""Database layer: Alembic's entry point; it always runs on a connection the app hands it."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import app.db.tables  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through 'colliding-logics migrate' or app.db.migrate")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
