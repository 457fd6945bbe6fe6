"""The first schema: sessions, principals, the event log and due timers.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "game_session",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("scenario_id", sa.String(80), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("join_code", sa.String(16), nullable=False, unique=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("archived_at", sa.Float(), nullable=True),
    )
    op.create_table(
        "principal",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("session_id", sa.String(40), sa.ForeignKey("game_session.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("player_id", sa.String(16), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_principal_session_id", "principal", ["session_id"])
    op.create_table(
        "event",
        sa.Column("session_id", sa.String(40), sa.ForeignKey("game_session.id"), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("actor", sa.String(24), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
    )
    op.create_table(
        "due_timer",
        sa.Column("session_id", sa.String(40), sa.ForeignKey("game_session.id"), primary_key=True),
        sa.Column("due_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_due_timer_due_at", "due_timer", ["due_at"])


def downgrade() -> None:
    op.drop_index("ix_due_timer_due_at", table_name="due_timer")
    op.drop_table("due_timer")
    op.drop_table("event")
    op.drop_index("ix_principal_session_id", table_name="principal")
    op.drop_table("principal")
    op.drop_table("game_session")
