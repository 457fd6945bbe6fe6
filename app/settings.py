"""Configuration layer: every setting comes from ``CL_``-prefixed environment variables.

Settings are built once by the CLI (or a test) and handed to ``create_app``; nothing reads the
environment behind the application's back, so two apps in one test run can differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CL_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; empty means SQLite in the data dir. "
        "postgresql://user@host:5432/db selects PostgreSQL.",
    )
    broadcast_url: str = Field(
        default="memory://",
        description="Fan-out backend: memory:// (one process), redis://host:port/db or "
        "postgresql://... (LISTEN/NOTIFY).",
    )
    organiser_key: SecretStr | None = Field(
        default=None,
        description="The organiser's key; when unset, one is generated once and kept in the "
        "data dir.",
    )
    data_dir: Path = Field(default=Path("var"), description="Where SQLite and the key live.")
    public_url: str | None = Field(
        default=None,
        description="The address people use to reach the server (for links); defaults to "
        "the address of each request.",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Extra origins allowed to open the event socket; the server's own origin "
        "is always allowed.",
    )
    content_dir: Path | None = Field(
        default=None,
        description="A folder with scenarios/ and roles/ to use instead of the shipped content.",
    )
    max_body_bytes: int = Field(default=256 * 1024, description="Largest request body accepted.")
    retention_days: int | None = Field(
        default=None,
        ge=1,
        description="Delete every session that has had no event for this many days, whatever "
        "its phase; empty keeps them until the organiser deletes them.",
    )
    secure_cookies: bool = Field(
        default=False, description="Mark cookies Secure; turn on when served over HTTPS."
    )
    sqlite_synchronous: Literal["FULL", "NORMAL"] = Field(
        default="FULL",
        description="SQLite only: FULL stores every move durably (against a power cut) before "
        "it is shown; NORMAL is faster, but a power cut can lose the last moves players saw.",
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'colliding-logics.db').resolve()}"
