"""Realtime layer: the broadcast backend interface, local routing, and the in-process backend.

A backend moves short text messages between the workers that serve one session. It may lose
messages (Redis pub/sub and LISTEN/NOTIFY both do while a listener reconnects): the database
stays the source of truth and the hub fills any gap from the log, so no backend has to be
reliable, only fast. Each worker holds one listening connection however many sessions it
serves; ``Router`` spreads what arrives over the local subscribers.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol


class BroadcastBackend(Protocol):
    max_message_bytes: int

    async def connect(self) -> None: ...

    async def disconnect(self) -> None: ...

    async def publish(self, channel: str, message: str) -> None: ...

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[AsyncIterator[str]]: ...


class Router:
    """Local subscribers per channel; subclasses start and stop listening upstream.

    Starting or stopping to listen runs shielded: a subscriber torn down halfway (its task
    cancelled, again and again as anyio's cancel scopes do) must not interrupt a LISTEN or an
    UNLISTEN, which would leave the one connection every session shares in a broken state.
    """

    max_message_bytes = 1 << 20

    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue[str]]] = {}

    async def _listen(self, channel: str) -> None:
        """Start receiving ``channel`` from upstream; called for its first local subscriber."""

    async def _unlisten(self, channel: str) -> None:
        """Stop receiving ``channel``; called when its last local subscriber leaves."""

    def route(self, channel: str, message: str) -> None:
        for queue in self._subscribers.get(channel, ()):
            queue.put_nowait(message)

    @property
    def channels(self) -> list[str]:
        return list(self._subscribers)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[AsyncIterator[str]]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        first = channel not in self._subscribers
        self._subscribers.setdefault(channel, set()).add(queue)
        try:
            if first:
                await asyncio.shield(self._listen(channel))
            yield _drain(queue)
        finally:
            listeners = self._subscribers.get(channel)
            if listeners is not None:
                listeners.discard(queue)
                if not listeners:
                    del self._subscribers[channel]
                    await asyncio.shield(self._unlisten(channel))


async def _drain(queue: asyncio.Queue[str]) -> AsyncIterator[str]:
    while True:
        yield await queue.get()


class MemoryBackend(Router):
    """One process: a message goes straight to the local subscribers."""

    async def connect(self) -> None:
        return None

    async def disconnect(self) -> None:
        self._subscribers.clear()

    async def publish(self, channel: str, message: str) -> None:
        self.route(channel, message)


def backend_for(url: str) -> BroadcastBackend:
    """Choose the backend named by ``CL_BROADCAST_URL``."""
    scheme = url.split("://", 1)[0].lower()
    if scheme == "memory":
        return MemoryBackend()
    if scheme in ("redis", "rediss"):
        from app.realtime.redis_backend import RedisBackend

        return RedisBackend(url)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        from app.realtime.postgres_backend import PostgresBackend

        return PostgresBackend(url)
    raise ValueError(
        f"CL_BROADCAST_URL: unknown scheme {scheme!r}; use memory://, redis:// or postgresql://"
    )
