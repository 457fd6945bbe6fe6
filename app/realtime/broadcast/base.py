"""Realtime layer: the broadcast backend interface, and delivery to this worker's subscribers.

A backend moves short text messages between the workers that serve one session. It may lose
messages (Redis pub/sub and LISTEN/NOTIFY both do while a listener reconnects): the database
stays the source of truth and the hub fills any gap from the log, so no backend has to be
reliable, only fast. Each worker holds one listening connection however many sessions it
serves; ``LocalDelivery`` hands what arrives to the local subscribers of its channel, and
``UpstreamDelivery`` adds the task that reads that connection and rebuilds it when it drops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import ClassVar, Protocol

log = logging.getLogger(__name__)


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


class UpstreamDelivery(LocalDelivery, ABC):
    """A backend fed by a server of its own: one task reads it for as long as it is connected.

    A dropped connection must not end the reader, or the worker would go deaf for good; it waits
    a moment and lets the backend rebuild what it had (connections, subscriptions), and the hub
    fills from the log whatever passed meanwhile.
    """

    name: ClassVar[str]
    dropped: ClassVar[tuple[type[Exception], ...]]
    """The errors that mean the connection went away, rather than a fault in this code."""

    def __init__(self) -> None:
        super().__init__()
        self._reader: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        await self._open()
        self._reader = asyncio.create_task(self._read(), name=f"{self.name}-broadcast-reader")

    async def disconnect(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self._close()

    async def _read(self) -> None:
        while True:
            try:
                await self._receive()
            except self.dropped as problem:
                log.warning("%s broadcast connection lost (%s); reconnecting", self.name, problem)
                await asyncio.sleep(0.5)
                await self._recover()

    @abstractmethod
    async def _open(self) -> None:
        """Open the connections; ``connect`` starts reading once they are up."""

    @abstractmethod
    async def _close(self) -> None:
        """Close the connections, once the reader has stopped."""

    @abstractmethod
    async def _receive(self) -> None:
        """Wait briefly for messages and deliver what came; the reader calls it again and again."""

    @abstractmethod
    async def _recover(self) -> None:
        """Rebuild after a drop, so that every channel with local subscribers is heard again."""


async def _drain(queue: asyncio.Queue[str]) -> AsyncIterator[str]:
    while True:
        yield await queue.get()
