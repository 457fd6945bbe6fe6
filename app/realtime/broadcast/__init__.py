"""Realtime layer: the broadcast backends, and the choice among them by ``CL_BROADCAST_URL``.

``base`` holds the interface and the delivery to local subscribers that every backend builds
on; ``memory``, ``redis`` and ``postgres`` each move messages one way. The modules depend only
on ``base``, never on this package, and the Redis and PostgreSQL drivers are imported only by
a worker whose URL names them.
"""

from __future__ import annotations

from app.realtime.broadcast.base import BroadcastBackend
from app.realtime.broadcast.memory import MemoryBackend

__all__ = ["BroadcastBackend", "backend_for"]


def backend_for(url: str) -> BroadcastBackend:
    """Choose the backend named by ``CL_BROADCAST_URL``."""
    scheme = url.split("://", 1)[0].lower()
    if scheme == "memory":
        return MemoryBackend()
    if scheme in ("redis", "rediss"):
        from app.realtime.broadcast.redis import RedisBackend

        return RedisBackend(url)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        from app.realtime.broadcast.postgres import PostgresBackend

        return PostgresBackend(url)
    raise ValueError(
        f"CL_BROADCAST_URL: unknown scheme {scheme!r}; use memory://, redis:// or postgresql://"
    )
