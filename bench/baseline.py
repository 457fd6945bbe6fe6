"""The reference: a bare Starlette websocket broadcast server, run like the app is run.

It speaks just enough of the app's protocol for the same client code to drive it: a socket per
channel at ``/api/sessions/{sid}/events`` (first frame ``{"token", "after"}``, ignored), and
HTTP routes that broadcast one small JSON frame ``{seq, type, at, data}`` to every socket of the
channel: ``POST .../phase`` (with the app's ``from_phase`` check and 409) and ``POST .../notes``.
No database, no authentication, no rendering: what is left is uvicorn, Starlette and the
sockets, so the app's distance from it is what the app itself costs.

    python -m bench.baseline --port 8001
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

PHASES = 13
FIRST_FRAME_TIMEOUT_S = 15.0
MAX_CLIENT_MESSAGES = 1_000_000
UVICORN_OPTIONS: dict[str, Any] = {
    "ws_per_message_deflate": False,
    "timeout_graceful_shutdown": 10,
    "proxy_headers": True,
}
"""The options ``app.cli.serve`` gives uvicorn, so both servers run alike."""


def phase_id(index: int) -> str:
    return f"p{index}"


@dataclass
class Channel:
    sockets: set[WebSocket] = field(default_factory=set)
    seq: int = 0
    phase: int = 0
    phase_seqs: list[int] = field(default_factory=list)

    async def broadcast(self, kind: str, data: dict[str, Any]) -> int:
        self.seq += 1
        now = time.time()
        frame = json.dumps({"seq": self.seq, "type": kind, "at": _iso(now), "data": data})
        for socket in list(self.sockets):
            try:
                await socket.send_text(frame)
            except (RuntimeError, OSError, WebSocketDisconnect):
                self.sockets.discard(socket)
        return self.seq

    def phase_shape(self) -> dict[str, Any]:
        return {
            "id": phase_id(self.phase),
            "index": self.phase,
            "started_at": f"{time.time():.6f}",
        }


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="milliseconds")


class Baseline:
    """The routes of the reference server over its channels, one per session id, each made
    when first named."""

    def __init__(self) -> None:
        self.channels: dict[str, Channel] = {}

    def channel_of(self, sid: str) -> Channel:
        channel = self.channels.get(sid)
        if channel is None:
            channel = self.channels[sid] = Channel()
        return channel

    async def events(self, socket: WebSocket) -> None:
        channel = self.channel_of(socket.path_params["sid"])
        await socket.accept()
        try:
            await asyncio.wait_for(socket.receive_text(), FIRST_FRAME_TIMEOUT_S)
        except (TimeoutError, WebSocketDisconnect, KeyError, RuntimeError):
            await socket.close(4400)
            return
        channel.sockets.add(socket)
        try:
            for _ in range(MAX_CLIENT_MESSAGES):
                message = await socket.receive()
                if message["type"] == "websocket.disconnect":
                    return
        except (WebSocketDisconnect, RuntimeError):
            return
        finally:
            channel.sockets.discard(socket)

    async def phase(self, request: Request) -> JSONResponse:
        channel = self.channel_of(request.path_params["sid"])
        body = await request.json()
        action, stale = body.get("action"), body.get("from_phase")
        if stale is not None and stale != phase_id(channel.phase):
            return JSONResponse({"detail": "the game has moved on"}, status_code=409)
        step = {"advance": 1, "back": -1}.get(str(action))
        if step is None:
            return JSONResponse({"detail": "unknown action"}, status_code=422)
        if not 0 <= channel.phase + step < PHASES:
            return JSONResponse({"detail": "no such phase"}, status_code=409)
        channel.phase += step
        shape = channel.phase_shape()
        seq = await channel.broadcast("phase.changed", {"phase": shape})
        channel.phase_seqs.append(seq)
        return JSONResponse({"phase": shape})

    async def notes(self, request: Request) -> JSONResponse:
        channel = self.channel_of(request.path_params["sid"])
        body = await request.json()
        record = {"text": str(body.get("text", "")), "at": _iso(time.time())}
        await channel.broadcast("note.added", record)
        return JSONResponse(record, status_code=201)

    async def state(self, request: Request) -> JSONResponse:
        channel = self.channel_of(request.path_params["sid"])
        return JSONResponse({"seq": channel.seq, "phase": channel.phase_shape()})

    async def log(self, request: Request) -> JSONResponse:
        channel = self.channel_of(request.path_params["sid"])
        return JSONResponse({"phase_changed": channel.phase_seqs})


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


def create_baseline() -> Starlette:
    baseline = Baseline()
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/api/sessions/{sid}/phase", baseline.phase, methods=["POST"]),
            Route("/api/sessions/{sid}/notes", baseline.notes, methods=["POST"]),
            Route("/api/sessions/{sid}/state", baseline.state),
            Route("/api/sessions/{sid}/log", baseline.log),
            WebSocketRoute("/api/sessions/{sid}/events", baseline.events),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.baseline", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args(argv)
    uvicorn.run(create_baseline(), host=args.host, port=args.port, **UVICORN_OPTIONS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
