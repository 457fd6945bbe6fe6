"""Realtime layer: the broadcast backend interface, and delivery to this worker's subscribers.

A backend moves short text messages between the workers that serve one session. It may lose
messages (Redis pub/sub and LISTEN/NOTIFY both do while a listener reconnects): the database
stays the source of truth and the hub fills any gap from the log, so no backend has to be
reliable, only fast. Each worker holds one listening connection however many sessions it
serves; ``LocalDelivery`` hands what arrives to the local subscribers of its channel.
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


class LocalDelivery:
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

    def deliver(self, channel: str, message: str) -> None:
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
