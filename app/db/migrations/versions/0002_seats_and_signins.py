"""Seat codes with their own secrets, and organiser sign-ins kept server-side.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "seat_code",
        sa.Column("code", sa.String(24), primary_key=True),
        sa.Column("session_id", sa.String(40), sa.ForeignKey("game_session.id"), nullable=False),
        sa.Column("role_id", sa.String(80), nullable=False),
    )
    op.create_index("ix_seat_code_session_id", "seat_code", ["session_id"])
    op.create_table(
        "organiser_signin",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_organiser_signin_expires_at", "organiser_signin", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_organiser_signin_expires_at", table_name="organiser_signin")
    op.drop_table("organiser_signin")
    op.drop_index("ix_seat_code_session_id", table_name="seat_code")
    op.drop_table("seat_code")
