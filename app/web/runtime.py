"""Web layer: everything one running app holds, built in its lifespan and kept on ``app.state``.

There are no module-level globals: two apps in one test process keep separate runtimes.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from app.realtime.hub import Hub
from app.services.context import ServiceContext
from app.settings import Settings

log = logging.getLogger(__name__)
KEY_FILE = "organiser.key"


@dataclass
class Runtime:
    settings: Settings
    ctx: ServiceContext
    hub: Hub
    organiser_key: str
    stop: asyncio.Event = field(default_factory=asyncio.Event)


def organiser_key(settings: Settings) -> str:
    """The configured key, or the one generated on first start and kept in the data dir."""
    if settings.organiser_key is not None and settings.organiser_key.get_secret_value():
        return settings.organiser_key.get_secret_value()
    path: Path = settings.data_dir / KEY_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(24)
    path.touch(mode=0o600)
    path.write_text(key + "\n", encoding="utf-8")
    log.info("generated a new organiser key in %s", path)
    return key
