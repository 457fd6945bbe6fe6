"""Realtime layer: one authenticated socket: catch up (replay from ``after``, or a fresh
picture for a page), then stream live.

The socket is attached to the hub before the log is read, so an event committed in between
arrives both ways and is sent once; from then on the socket only forwards what the hub queued.
It holds no game logic. A page sends nothing on its socket and an API client only its first
frame (read before this), so anything else the client sends closes the socket: reading it costs
no more than noticing the client has gone.
"""

from __future__ import annotations

import asyncio
import contextlib

from anyio import to_thread
from sqlmodel import Session
from starlette.types import Message
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from app.db import repository as repo
from app.engine import events as ev
from app.engine import views
from app.realtime.channel import Channel
from app.realtime.connection import (
    GONE,
    MAX_FRAME_BYTES,
    TOO_BIG,
    UNEXPECTED,
    Connection,
    Scene,
)
from app.realtime.hub import Hub


def oversized(message: Message) -> bool:
    """Whether a received frame is over ``MAX_FRAME_BYTES`` (the ASGI server refuses most such
    frames before they reach the app; this catches the rest, e.g. behind another server)."""
    text, data = message.get("text"), message.get("bytes")
    if text is not None:
        return len(text) > MAX_FRAME_BYTES or len(text.encode("utf-8")) > MAX_FRAME_BYTES
    return data is not None and len(data) > MAX_FRAME_BYTES


def _backlog(hub: Hub, session_id: str, after: int) -> list[ev.Recorded]:
    with Session(hub.ctx.engines.read) as db:
        return repo.events_after(db, session_id, after)


async def close_quietly(socket: WebSocket, code: int) -> None:
    """Close with ``code``, unless the client has already gone."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        await socket.close(code)


async def _catch_up(hub: Hub, channel: Channel, connection: Connection) -> None:
    """Bring a new socket up to now: a fresh picture if it wants one, else the missed events."""
    state = channel.state
    assert state is not None
    audience = views.audience_of(state, connection.kind, connection.player_id)
    if audience is None:
        connection.kick(GONE)
        return
    scene = Scene(state, audience, connection.language, channel.online())
    if connection.greet is not None:
        connection.last_seq = state.seq
        for greeting in connection.greet(scene):
            await connection.send(greeting)
        return
    backlog = await to_thread.run_sync(_backlog, hub, connection.session_id, connection.last_seq)
    for record in backlog:
        if connection.closed:
            return
        if record.seq <= connection.last_seq:
            continue
        payload = connection.render(scene, record)
        connection.last_seq = record.seq
        if payload is not None:
            await connection.send(payload)


async def _pump(connection: Connection) -> None:
    """Send what the hub queued until the connection is closed."""
    while (item := await connection.next()) is not None:
        seq, payload = item
        if connection.fresh(seq) and payload is not None:
            await connection.send(payload)


async def _listen(socket: WebSocket, connection: Connection) -> None:
    """Wait until the client goes away, or sends something: then close it with 1009 or 1008."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        message = await socket.receive()
        if message["type"] == "websocket.receive":
            connection.kick(TOO_BIG if oversized(message) else UNEXPECTED)
            return
    connection.kick(1000)


async def serve(hub: Hub, socket: WebSocket, connection: Connection) -> None:
    """One task per socket listens; the socket's own coroutine sends."""
    channel = await hub.attach(connection)
    listener = asyncio.create_task(_listen(socket, connection))
    try:
        if not connection.closed:
            await _catch_up(hub, channel, connection)
        with contextlib.suppress(Exception):
            await _pump(connection)
        if connection.closed and socket.client_state is not WebSocketState.DISCONNECTED:
            await close_quietly(socket, connection.close_code)
    finally:
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await listener
        await hub.detach(connection)
