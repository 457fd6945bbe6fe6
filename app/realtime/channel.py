"""Realtime layer: one session as seen by one worker: its state, its sockets, who is online.

Every worker with sockets on a session runs one ``Channel``: it keeps its own copy of the
session's state, fills any gap from the log, and renders each event once per audience before
queueing it. Presence travels on the same channel: a worker announces the players it holds a
socket for, and a channel that starts listening calls the roll at once, so that it does not
have to wait for the others' next heartbeat to know who is online elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from anyio import to_thread
from sqlmodel import Session

from app.db import repository as repo
from app.engine import events as ev
from app.engine.evolve import evolve
from app.engine.state import SessionState
from app.realtime.broadcast import BroadcastBackend
from app.realtime.connection import RESTARTING, Connection
from app.realtime.fanout import fan_out, online, presence_changed
from app.realtime.presence import Presence
from app.realtime.publisher import channel_name, decode
from app.services.context import ServiceContext
from app.services.queries import state as load_state

log = logging.getLogger(__name__)


class Channel:
    def __init__(
        self, ctx: ServiceContext, backend: BroadcastBackend, worker: str, session_id: str
    ) -> None:
        self.ctx = ctx
        self.backend = backend
        self.worker = worker
        self.session_id = session_id
        self.connections: dict[Connection, None] = {}
        """An ordered set: the oldest socket first."""
        self.state: SessionState | None = None
        self.ready = asyncio.Event()
        self.failed: BaseException | None = None
        self.presence = Presence(worker)
        self.task = asyncio.create_task(self._run(), name=f"channel-{session_id}")

    async def _run(self) -> None:
        try:
            async with self.backend.subscribe(channel_name(self.session_id)) as messages:
                await self._send({"roll_call": self.worker})
                self.state = await load_state(self.ctx, self.session_id)
                self.ready.set()
                async for message in messages:
                    await self._receive(json.loads(message))
        except asyncio.CancelledError:
            raise
        except Exception as problem:
            log.exception("channel for session %s stopped", self.session_id)
            self.failed = problem
            self.ready.set()
            for connection in list(self.connections):
                connection.kick(RESTARTING)

    async def _receive(self, message: dict[str, Any]) -> None:
        assert self.state is not None
        if "roll_call" in message:
            if message["roll_call"] != self.worker and online(self.connections):
                await self.announce()
            return
        if "presence" in message:
            present = frozenset(str(p) for p in message["presence"])
            if self.presence.heard(str(message["worker"]), present):
                self.presence_changed()
            return
        upto = int(message["upto"])
        if upto <= self.state.seq:
            return
        records = [r for r in decode(message.get("records", [])) if r.seq > self.state.seq]
        if not records or records[0].seq != self.state.seq + 1:
            records = await to_thread.run_sync(self._read_log, self.state.seq, upto)
        for record in records:
            self.state = evolve(self.state, record)
            fan_out(self.state, record, list(self.connections), self.online())

    def _read_log(self, after: int, upto: int) -> list[ev.Recorded]:
        with Session(self.ctx.engines.read) as db:
            return repo.events_after(db, self.session_id, after, upto)

    def online(self) -> frozenset[str]:
        """Players with a live socket on any worker serving this session."""
        return self.presence.everyone(online(self.connections))

    def presence_changed(self) -> None:
        if self.state is not None:
            presence_changed(self.state, list(self.connections), self.online())

    async def announce(self) -> None:
        """Tell the other workers which players this one holds a socket for."""
        await self._send({"presence": sorted(online(self.connections)), "worker": self.worker})

    async def _send(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):
            await self.backend.publish(channel_name(self.session_id), json.dumps(message))
