"""Database layer: SQLModel tables, connections, the repository and Alembic migrations."""
