"""Realtime layer: the in-process broadcast backend, for a single worker and for tests."""

from __future__ import annotations

from app.realtime.broadcast.base import LocalDelivery


class MemoryBackend(LocalDelivery):
    """One process: a message goes straight to the local subscribers."""

    async def connect(self) -> None:
        return None

    async def disconnect(self) -> None:
        self._subscribers.clear()

    async def publish(self, channel: str, message: str) -> None:
        self.deliver(channel, message)
