"""Realtime layer: Redis pub/sub behind the backend interface, one channel per session.

One pub/sub connection per worker carries every session it serves. When Redis drops the
connection the reader reconnects and subscribes again; what was published meanwhile is lost
here and recovered by the hub from the event log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from app.realtime.broadcast.base import LocalDelivery

log = logging.getLogger(__name__)


class RedisBackend(LocalDelivery):
    def __init__(self, url: str) -> None:
        super().__init__()
        self._url = url
        self._redis: Redis | None = None
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        self._redis = Redis.from_url(self._url, decode_responses=True)
        await self._redis.ping()
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._reader = asyncio.create_task(self._read(), name="redis-broadcast-reader")

    async def disconnect(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
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
            with contextlib.suppress(RedisError, OSError):
                await self._pubsub.unsubscribe(channel)

    async def _read(self) -> None:
        assert self._pubsub is not None
        while True:
            try:
                if not self._pubsub.subscribed:
                    await asyncio.sleep(0.05)
                    continue
                message = await self._pubsub.get_message(timeout=1.0)
                if message and message.get("type") == "message":
                    self.deliver(str(message["channel"]), str(message["data"]))
            except (RedisError, OSError) as problem:
                log.warning("redis broadcast connection lost (%s); reconnecting", problem)
                await asyncio.sleep(0.5)
                with contextlib.suppress(RedisError, OSError):
                    if self.channels:
                        await self._pubsub.subscribe(*self.channels)
