"""Web layer: the event socket: check the origin, read the first frame, authenticate, stream.

The token travels in the first frame (or the cookie), never in the URL, which servers log.
A bad token closes with 4401 before any event is sent. The first frame must come within
``FIRST_FRAME_TIMEOUT_S`` and fit in ``MAX_FRAME_BYTES``, so a socket that never says who it is
holds nothing for long; every later frame closes the socket (see ``stream``).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketDisconnect

from app.realtime import stream
from app.realtime.connection import BAD_ORIGIN, BAD_REQUEST, BAD_TOKEN, TOO_BIG, Connection
from app.realtime.fanout import json_frame
from app.services import queries
from app.services.tokens import hash_token
from app.web.deps import SessionId, get_runtime, session_token, signed_in
from app.web.security.origins import socket_origin_ok

router = APIRouter(tags=["events"])
FIRST_FRAME_TIMEOUT_S = 5.0


def _hello(raw: str) -> dict[str, Any] | None:
    try:
        hello = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(hello, dict):
        return None
    after, token, lang = hello.get("after", 0), hello.get("token"), hello.get("lang")
    if not isinstance(after, int) or isinstance(after, bool) or after < 0:
        return None
    if token is not None and not isinstance(token, str):
        return None
    if lang is not None and not (isinstance(lang, str) and len(lang) == 2):
        return None
    return {"after": after, "token": token, "lang": lang}


async def _first_frame(socket: WebSocket) -> str | int | None:
    """The first frame's text, or the code to close with, or None if the client has gone (an
    ASGI server with ``ws_max_size`` has closed it itself over a frame too large)."""
    try:
        message = await asyncio.wait_for(socket.receive(), FIRST_FRAME_TIMEOUT_S)
    except TimeoutError:
        return BAD_REQUEST
    except (WebSocketDisconnect, RuntimeError):
        return None
    if message["type"] != "websocket.receive":
        return None
    if stream.oversized(message):
        return TOO_BIG
    text = message.get("text")
    return BAD_REQUEST if text is None else text


@router.websocket("/api/sessions/{sid}/events")
async def events(socket: WebSocket, sid: SessionId) -> None:
    if not socket_origin_ok(socket):
        await socket.close(BAD_ORIGIN)
        return
    runtime = get_runtime(socket)
    await socket.accept()
    raw = await _first_frame(socket)
    if raw is None:
        return
    hello = _hello(raw) if isinstance(raw, str) else None
    if hello is None:
        await stream.close_quietly(socket, raw if isinstance(raw, int) else BAD_REQUEST)
        return
    token: str = hello["token"] or session_token(socket, sid) or ""
    who = await signed_in(runtime, sid, token)
    if who is None:
        await stream.close_quietly(socket, BAD_TOKEN)
        return
    current = await queries.state(runtime.ctx, sid)
    language = hello["lang"] if hello["lang"] in current.spec.languages else current.language
    connection = Connection(
        session_id=sid,
        kind=queries.viewer_kind(who),
        player_id=who.player_id,
        language=language,
        last_seq=hello["after"],
        send=socket.send_text,
        render=json_frame,
        token_hash=hash_token(token),
    )
    await stream.serve(runtime.hub, socket, connection)
