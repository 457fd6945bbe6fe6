"""Realtime layer: the hub, fanning committed events out to the sockets of every worker.

``publish`` sends a session's new events through the broadcast backend; every worker with
sockets on that session runs one ``Channel``, which keeps its own copy of the session's state,
fills any gap from the log, and renders each event once per audience before queueing it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Sequence
from typing import Any

from anyio import to_thread
from sqlmodel import Session

from app.db import repository as repo
from app.engine import events as ev
from app.engine.evolve import evolve
from app.engine.state import SessionState
from app.realtime.backend import BroadcastBackend
from app.realtime.connection import GONE, RESTARTING, Connection
from app.realtime.fanout import fan_out, online, presence_changed
from app.realtime.presence import HEARTBEAT_S, Presence
from app.services.context import ServiceContext
from app.services.queries import state as load_state

log = logging.getLogger(__name__)


def channel_name(session_id: str) -> str:
    return f"cl.{session_id}"


def _encode(records: Sequence[ev.Recorded]) -> list[dict[str, Any]]:
    return [
        {"seq": r.seq, "at": r.at, "type": r.event.type, "data": ev.encode(r.event)}
        for r in records
    ]


def _decode(items: list[dict[str, Any]]) -> list[ev.Recorded]:
    return [ev.Recorded(i["seq"], i["at"], ev.decode(i["type"], i["data"])) for i in items]


class Channel:
    """One session as seen by one worker."""

    def __init__(self, hub: Hub, session_id: str) -> None:
        self.hub = hub
        self.session_id = session_id
        self.connections: set[Connection] = set()
        self.state: SessionState | None = None
        self.ready = asyncio.Event()
        self.failed: BaseException | None = None
        self.presence = Presence(hub.worker)
        self.task = asyncio.create_task(self._run(), name=f"channel-{session_id}")

    async def _run(self) -> None:
        try:
            async with self.hub.backend.subscribe(channel_name(self.session_id)) as messages:
                self.state = await load_state(self.hub.ctx, self.session_id)
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
        if "presence" in message:
            online = frozenset(str(p) for p in message["presence"])
            if self.presence.heard(str(message["worker"]), online):
                self.presence_changed()
            return
        upto = int(message["upto"])
        if upto <= self.state.seq:
            return
        records = [r for r in _decode(message.get("records", [])) if r.seq > self.state.seq]
        if not records or records[0].seq != self.state.seq + 1:
            records = await to_thread.run_sync(self._read_log, self.state.seq, upto)
        for record in records:
            self.state = evolve(self.state, record)
            fan_out(self.state, record, list(self.connections), self.online())

    def _read_log(self, after: int, upto: int) -> list[ev.Recorded]:
        with Session(self.hub.ctx.engines.read) as db:
            return repo.events_after(db, self.session_id, after, upto)

    def online(self) -> frozenset[str]:
        """Players with a live socket on any worker serving this session."""
        return self.presence.everyone(online(self.connections))

    def presence_changed(self) -> None:
        if self.state is not None:
            presence_changed(self.state, list(self.connections), self.online())

    async def announce(self) -> None:
        """Tell the other workers which players this one holds a socket for."""
        message = {"presence": sorted(online(self.connections)), "worker": self.hub.worker}
        with contextlib.suppress(Exception):
            await self.hub.backend.publish(channel_name(self.session_id), json.dumps(message))


class Hub:
    def __init__(self, ctx: ServiceContext, backend: BroadcastBackend) -> None:
        self.ctx = ctx
        self.backend = backend
        self.worker = secrets.token_hex(6)
        self._channels: dict[str, Channel] = {}

    async def publish(self, session_id: str, records: Sequence[ev.Recorded]) -> None:
        """Tell every worker that ``session_id`` moved; called only after the commit."""
        if not records:
            return
        upto = records[-1].seq
        message = json.dumps({"upto": upto, "records": _encode(records)}, ensure_ascii=False)
        if len(message.encode("utf-8")) > self.backend.max_message_bytes:
            message = json.dumps({"upto": upto})
        try:
            await self.backend.publish(channel_name(session_id), message)
        except Exception:  # the log has it; sockets catch up on their next event or resume
            log.exception("could not broadcast session %s up to seq %s", session_id, upto)

    async def attach(self, connection: Connection) -> Channel:
        channel = self._channels.get(connection.session_id)
        if channel is None or channel.failed is not None:
            channel = Channel(self, connection.session_id)
            self._channels[connection.session_id] = channel
        await channel.ready.wait()
        if channel.failed is not None:
            raise RuntimeError("the live channel for this session is unavailable")
        channel.connections.add(connection)
        if connection.player_id is not None:
            channel.presence_changed()
            await channel.announce()
        return channel

    async def detach(self, connection: Connection) -> None:
        channel = self._channels.get(connection.session_id)
        if channel is None:
            return
        channel.connections.discard(connection)
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

    def close_session(self, session_id: str) -> None:
        """The session is gone (deleted): every socket on it is told to leave."""
        channel = self._channels.get(session_id)
        for connection in list(channel.connections) if channel else ():
            connection.kick(GONE)

    def kick_all(self, code: int = RESTARTING) -> None:
        for channel in self._channels.values():
            for connection in channel.connections:
                connection.kick(code)

    async def close(self) -> None:
        self.kick_all()
        for channel in list(self._channels.values()):
            channel.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await channel.task
        self._channels.clear()
