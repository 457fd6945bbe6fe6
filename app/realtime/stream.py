"""Realtime layer: one authenticated socket: catch up (replay from ``after``, or a fresh
picture for a page), then stream live.

The socket is attached to the hub before the log is read, so an event committed in between
arrives both ways and is sent once; from then on the socket only forwards what the hub queued.
It holds no game logic, and it reads from the client only to notice that it has gone.
"""

from __future__ import annotations

import asyncio
import contextlib

from anyio import to_thread
from sqlmodel import Session
from starlette.websockets import WebSocket, WebSocketDisconnect

from app.db import repository as repo
from app.engine import events as ev
from app.engine import views
from app.realtime.connection import GONE, Connection, Scene
from app.realtime.hub import Channel, Hub


def _backlog(hub: Hub, session_id: str, after: int) -> list[ev.Recorded]:
    with Session(hub.ctx.engines.read) as db:
        return repo.events_after(db, session_id, after)


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
    """Wait until the client goes away; whatever it sends after the first frame is ignored."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while True:
            message = await socket.receive()
            if message["type"] == "websocket.disconnect":
                break
    connection.kick(1000)


async def serve(hub: Hub, socket: WebSocket, connection: Connection) -> None:
    """One task per socket listens; the socket's own coroutine sends."""
    channel = await hub.attach(connection)
    listener = asyncio.create_task(_listen(socket, connection))
    try:
        await _catch_up(hub, channel, connection)
        with contextlib.suppress(Exception):
            await _pump(connection)
        if connection.closed and not listener.done():
            with contextlib.suppress(Exception):
                await socket.close(connection.close_code)
    finally:
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await listener
        await hub.detach(connection)
