"""Realtime layer: PostgreSQL LISTEN/NOTIFY behind the backend interface.

NOTIFY payloads must stay under 8,000 bytes, so the hub sends only which session moved and up
to which seq when its message is large; every worker then reads the events from the database.
One listening connection per worker serves every session; the reader gives up its lock every
few tenths of a second so that LISTEN and UNLISTEN can get through.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import psycopg
from psycopg import sql

from app.db.connect import normalise_url
from app.realtime.broadcast.base import UpstreamDelivery

log = logging.getLogger(__name__)
NOTIFY_LIMIT = 7900


def _dsn(url: str) -> str:
    return normalise_url(url).replace("postgresql+psycopg://", "postgresql://", 1)


class PostgresBackend(UpstreamDelivery):
    name = "postgres"
    dropped = (psycopg.OperationalError,)
    max_message_bytes = NOTIFY_LIMIT

    def __init__(self, url: str) -> None:
        super().__init__()
        self._dsn = _dsn(url)
        self._listener: psycopg.AsyncConnection[object] | None = None
        self._sender: psycopg.AsyncConnection[object] | None = None
        self._lock = asyncio.Lock()

    async def _open(self) -> None:
        self._listener = await psycopg.AsyncConnection.connect(self._dsn, autocommit=True)
        self._sender = await psycopg.AsyncConnection.connect(self._dsn, autocommit=True)

    async def _close(self) -> None:
        for connection in (self._listener, self._sender):
            if connection is not None:
                await connection.close()

    async def publish(self, channel: str, message: str) -> None:
        if len(message.encode("utf-8")) > NOTIFY_LIMIT:
            raise ValueError("NOTIFY payload too large; send a pointer instead")
        assert self._sender is not None, "connect() first"
        await self._sender.execute("SELECT pg_notify(%s, %s)", (channel, message))

    async def _listen(self, channel: str) -> None:
        assert self._listener is not None, "connect() first"
        async with self._lock:
            try:
                await self._listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            except psycopg.OperationalError as problem:  # the reader reconnects, listens again
                log.warning("could not LISTEN to %s yet (%s)", channel, problem)

    async def _unlisten(self, channel: str) -> None:
        if self._listener is None or self._listener.closed:
            return
        async with self._lock:
            with contextlib.suppress(psycopg.Error):
                await self._listener.execute(sql.SQL("UNLISTEN {}").format(sql.Identifier(channel)))

    async def _receive(self) -> None:
        assert self._listener is not None
        async with self._lock:
            async for notice in self._listener.notifies(timeout=0.2):
                self.deliver(notice.channel, notice.payload)
        await asyncio.sleep(0.01)

    async def _recover(self) -> None:
        with contextlib.suppress(psycopg.Error):
            await self._open()
            for channel in self.channels:
                await self._listen(channel)
