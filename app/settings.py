"""Configuration layer: every setting comes from ``CL_``-prefixed environment variables.

Settings are built once by the CLI (or a test) and handed to ``create_app``; nothing reads the
environment behind the application's back, so two apps in one test run can differ.

Nothing depends on the working directory: a service started from anywhere finds the same data.
The secrets may instead sit in files named by ``CL_<NAME>_FILE`` (Docker and systemd secrets).
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from app.secret_files import ENV_PREFIX, SecretFiles, SettingsProblem

METRICS_TOKEN_MIN = 24
_HOST = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?")


def default_data_dir() -> Path:
    """``/var/lib/colliding-logics`` for root, else ``$XDG_DATA_HOME/colliding-logics``, else
    ``~/.local/share/colliding-logics``: the same folder from wherever the server starts."""
    if getattr(os, "geteuid", lambda: -1)() == 0:
        return Path("/var/lib/colliding-logics")
    xdg = os.environ.get("XDG_DATA_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "colliding-logics"
    try:
        return Path.home() / ".local" / "share" / "colliding-logics"
    except RuntimeError:  # no HOME and no entry in the user database
        raise SettingsProblem(
            ["error: CL_DATA_DIR is unset and this user has no home folder: set CL_DATA_DIR"]
        ) from None


def public_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the address people use, or None: it must be
    ``http(s)://host[:port][/path]``, with nothing after the path."""
    parts = urlsplit(url)
    try:
        host, port = parts.hostname or "", parts.port
    except ValueError:  # a port that is not a number from 0 to 65535
        host, port = "", None
    if (
        parts.scheme not in ("http", "https")
        or not (_HOST.fullmatch(host) or _is_address(host))
        or port == 0
        or "@" in parts.netloc
        or "?" in url
        or "#" in url
    ):
        shown = "" if "@" in url else f", not {url!r}"  # no password in a log
        return f"must look like https://host[:port][/path]{shown}"
    return None


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", env_ignore_empty=True)
    """An empty variable (``CL_DATA_DIR=`` in a unit file) means the default, never ``.``."""

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
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where SQLite and the generated key live (see default_data_dir).",
    )
    public_url: str | None = Field(
        default=None,
        description="The address people use to reach the server (for links); defaults to "
        "the address of each request, or this machine's LAN address for a request to its "
        "loopback.",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Where serve listens (serve --host overrides it): 0.0.0.0 for every "
        "network interface, 127.0.0.1 for this machine only.",
    )
    port: int = Field(
        default=8000, ge=1, le=65535, description="The port serve listens on (serve --port)."
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
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="How serve writes its log on stderr: text (time, level, logger, message on "
        "one line) or json (one JSON object per line).",
    )
    metrics: bool = Field(
        default=False,
        description="Serve /metrics in the Prometheus text format: to the loopback only, or "
        "to anyone with CL_METRICS_TOKEN when that is set.",
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="With CL_METRICS=true: /metrics then needs 'Authorization: Bearer <token>' "
        "from every address, the loopback included.",
    )

    @field_validator("metrics_token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < METRICS_TOKEN_MIN:
            raise ValueError(f"must be at least {METRICS_TOKEN_MIN} characters long")
        return value

    @field_validator("public_url")
    @classmethod
    def _an_address(cls, value: str | None) -> str | None:
        if not value:
            return None
        problem = public_url_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value.rstrip("/")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """A secret file outranks an empty variable; a variable set beside it is a problem."""
        return init_settings, SecretFiles(settings_cls), env_settings

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'colliding-logics.db').resolve()}"
