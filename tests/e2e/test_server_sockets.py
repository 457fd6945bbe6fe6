"""The socket limits as the real server (uvicorn, as ``colliding-logics serve`` runs it) applies
them: a frame over 8 KiB is refused by the server itself before it is read whole."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from app.realtime.connection import MAX_FRAME_BYTES, TOO_BIG, UNEXPECTED
from tests.e2e.bots import KEY
from tests.e2e.server import ServerProcess


async def _close_of(socket: ClientConnection) -> tuple[int, str]:
    try:
        while True:
            await socket.recv()
    except ConnectionClosed as closed:
        assert closed.rcvd is not None, "the server closed with a code"
        return closed.rcvd.code, closed.rcvd.reason


async def test_the_server_refuses_frames_over_8_kib_and_frames_after_the_first(
    tmp_path: Path,
) -> None:
    server = ServerProcess(tmp_path, {"CL_ORGANISER_KEY": KEY, "CL_BROADCAST_URL": "memory://"})
    server.start()
    try:
        async with httpx2.AsyncClient(base_url=server.base, timeout=15) as http:
            opened = await http.post(
                "/api/sessions",
                json={"scenario_id": "lindendal"},
                headers={"Authorization": f"Bearer {KEY}"},
            )
        events = f"ws://127.0.0.1:{server.port}/api/sessions/{opened.json()['id']}/events"
        hello = json.dumps({"token": opened.json()["facilitator_token"], "after": 0})
        for size in (MAX_FRAME_BYTES + 1, 1 << 20):
            async with connect(events, max_size=None) as socket:
                await socket.send(hello.ljust(size))
                code, reason = await _close_of(socket)
                assert code == TOO_BIG and reason, "the server's own refusal gives a reason"
        async with connect(events) as socket:
            await socket.send(hello.ljust(MAX_FRAME_BYTES))  # the cap itself is allowed
            assert json.loads(await socket.recv())["type"] == "session.created"
            await socket.send("{}")
            assert await _close_of(socket) == (UNEXPECTED, "")
    finally:
        server.stop()
    assert "Traceback" not in server.log.read_text(), "no socket may leave an error in the log"
