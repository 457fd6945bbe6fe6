"""Realtime layer: Redis pub/sub behind the backend interface, one channel per session.

One pub/sub connection per worker carries every session it serves. When Redis drops the
connection the reader reconnects and subscribes again; what was published meanwhile is lost
here and recovered by the hub from the event log.
"""

from __future__ import annotations

import asyncio
import contextlib

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from app.realtime.broadcast.base import UpstreamDelivery


class RedisBackend(UpstreamDelivery):
    name = "redis"
    dropped = (RedisError, OSError)

    def __init__(self, url: str) -> None:
        super().__init__()
        self._url = url
        self._redis: Redis | None = None
        self._pubsub: PubSub | None = None

    async def _open(self) -> None:
        self._redis = Redis.from_url(self._url, decode_responses=True)
        await self._redis.ping()
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)

    async def _close(self) -> None:
        if self._pubsub is not None:
            await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        if self._redis is not None:
            await self._redis.aclose()

    async def publish(self, channel: str, message: str) -> None:
        assert self._redis is not None, "connect() first"
        await self._redis.publish(channel, message)

    async def _listen(self, channel: str) -> None:
        assert self._pubsub is not None, "connect() first"
        await self._pubsub.subscribe(channel)

    async def _unlisten(self, channel: str) -> None:
        if self._pubsub is not None:
            with contextlib.suppress(*self.dropped):
                await self._pubsub.unsubscribe(channel)

    async def _receive(self) -> None:
        assert self._pubsub is not None
        if not self._pubsub.subscribed:
            await asyncio.sleep(0.05)
            return
        message = await self._pubsub.get_message(timeout=1.0)
        if message and message.get("type") == "message":
            self.deliver(str(message["channel"]), str(message["data"]))

    async def _recover(self) -> None:
        assert self._pubsub is not None
        with contextlib.suppress(*self.dropped):
            if self.channels:
                await self._pubsub.subscribe(*self.channels)
