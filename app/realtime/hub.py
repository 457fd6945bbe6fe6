"""Realtime layer: the hub, fanning committed events out to the sockets of every worker.

The hub keeps one ``Channel`` per session this worker holds sockets on; each hears the events
that ``EventPublisher`` sends through the broadcast backend from any worker. Besides the
sessions' channels, every worker listens from start-up to one control channel, on which
``forget`` tells them all that tokens or a whole session are gone: a worker may hold sockets and
cached principals for a session without ever having had a socket on it, so the news cannot wait
for a session's own channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from anyio import to_thread
from sqlmodel import Session

from app.db import repository as repo
from app.realtime.broadcast import BroadcastBackend
from app.realtime.channel import Channel
from app.realtime.connection import GONE, REPLACED, RESTARTING, SOCKETS_PER_PRINCIPAL, Connection
from app.realtime.presence import HEARTBEAT_S
from app.services import forgetting
from app.services.context import ServiceContext

log = logging.getLogger(__name__)
CONTROL = "cl-control"
"""Not a session's channel: those are ``cl.<id>``."""
HASHES_PER_MESSAGE = 64
"""Token hashes per control message, well under PostgreSQL's NOTIFY limit."""


class Hub:
    def __init__(self, ctx: ServiceContext, backend: BroadcastBackend) -> None:
        self.ctx = ctx
        self.backend = backend
        self.worker = secrets.token_hex(6)
        self._channels: dict[str, Channel] = {}
        self._control: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Listen to the control channel; returns once this worker is sure to hear it."""
        listening = asyncio.Event()
        self._control = asyncio.create_task(self._listen(listening), name="hub-control")
        self._control.add_done_callback(lambda _task: listening.set())
        await listening.wait()
        if self._control.done():
            self._control.result()  # could not subscribe: the start-up fails, and says why

    async def forget(self, session_id: str, token_hashes: Sequence[str] | None) -> None:
        """Those tokens (None: the whole session) are gone: this worker closes their sockets at
        once, and every other one drops them from its caches and closes theirs."""
        self._close(session_id, token_hashes)
        batches: list[list[str] | None] = [None]
        if token_hashes is not None:
            hashes = list(token_hashes)
            step = HASHES_PER_MESSAGE
            batches = [hashes[i : i + step] for i in range(0, len(hashes), step)]
        for batch in batches:
            message = {"forget": session_id, "tokens": batch, "worker": self.worker}
            try:
                await self.backend.publish(CONTROL, json.dumps(message))
            except Exception:  # another worker may accept a cached token until it evicts it
                log.exception("could not tell the other workers to forget %s", session_id)

    async def _listen(self, listening: asyncio.Event) -> None:
        async with self.backend.subscribe(CONTROL) as messages:
            listening.set()
            async for message in messages:
                try:
                    self._heard(json.loads(message))
                except Exception:
                    log.exception("ignored a malformed control message")

    def _heard(self, message: dict[str, Any]) -> None:
        if message.get("worker") == self.worker:
            return  # this worker acted before it told the others
        session_id, tokens = str(message["forget"]), message["tokens"]
        hashes = None if tokens is None else [str(t) for t in tokens]
        forgetting.forget_locally(self.ctx, session_id, hashes)
        self._close(session_id, hashes)

    def _close(self, session_id: str, token_hashes: Collection[str] | None) -> None:
        channel = self._channels.get(session_id)
        for connection in list(channel.connections) if channel else ():
            if token_hashes is None or connection.token_hash in token_hashes:
                connection.kick(GONE)

    async def attach(self, connection: Connection) -> Channel:
        channel = self._channels.get(connection.session_id)
        if channel is None or channel.failed is not None:
            channel = Channel(self.ctx, self.backend, self.worker, connection.session_id)
            self._channels[connection.session_id] = channel
        await channel.ready.wait()
        if channel.failed is not None:
            raise RuntimeError("the live channel for this session is unavailable")
        channel.connections[connection] = None
        if connection.token_hash and not await to_thread.run_sync(
            self._valid, connection.token_hash
        ):
            connection.kick(GONE)  # revoked after it was authenticated, before ``forget`` saw it
        _make_room(channel, connection)
        if connection.player_id is not None:
            channel.presence_changed()
            await channel.announce()
        return channel

    def _valid(self, token_hash: str) -> bool:
        with Session(self.ctx.engines.read) as db:
            return repo.principal(db, token_hash) is not None

    async def detach(self, connection: Connection) -> None:
        channel = self._channels.get(connection.session_id)
        if channel is None:
            return
        channel.connections.pop(connection, None)
        if connection.player_id is not None:
            await channel.announce()
            if channel.connections:
                channel.presence_changed()
        if not channel.connections:
            del self._channels[connection.session_id]
            channel.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await channel.task

    def online(self, session_id: str) -> frozenset[str]:
        channel = self._channels.get(session_id)
        return channel.online() if channel else frozenset()

    def census(self) -> tuple[int, Counter[tuple[str, str]]]:
        """For ``/metrics``: the sessions this worker holds a channel for, and its open sockets
        by viewer kind and by client (``page`` for a live page, ``api`` for an event socket)."""
        sockets: Counter[tuple[str, str]] = Counter(
            (c.kind, "page" if c.greet is not None else "api")
            for channel in self._channels.values()
            for c in channel.connections
            if not c.closed
        )
        return len(self._channels), sockets

    async def keep_presence(self, stop: asyncio.Event) -> None:
        """Renew this worker's announcements, and forget workers that went silent."""
        while not stop.is_set():
            for channel in list(self._channels.values()):
                if channel.presence.expire():
                    channel.presence_changed()
                if any(c.player_id for c in channel.connections):
                    await channel.announce()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=HEARTBEAT_S)

    def kick_all(self, code: int = RESTARTING) -> None:
        for channel in self._channels.values():
            for connection in channel.connections:
                connection.kick(code)

    async def close(self) -> None:
        self.kick_all()
        tasks = [channel.task for channel in self._channels.values()]
        for task in [*tasks, *([self._control] if self._control else [])]:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._channels.clear()


def _make_room(channel: Channel, connection: Connection) -> None:
    """A principal keeps at most ``SOCKETS_PER_PRINCIPAL`` sockets on a worker: its oldest
    gives way to the newest, with a code browsers do not reconnect on, so two tabs never
    take turns pushing each other out."""
    if connection.token_hash is None or connection.closed:
        return
    mine = [
        c for c in channel.connections if c.token_hash == connection.token_hash and not c.closed
    ]
    for oldest in mine[: max(0, len(mine) - SOCKETS_PER_PRINCIPAL)]:
        oldest.kick(REPLACED)
