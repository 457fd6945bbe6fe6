"""Two app instances sharing PostgreSQL hear each other through Redis or LISTEN/NOTIFY."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.realtime.broadcast.postgres import PostgresBackend
from app.settings import Settings
from app.web.app import create_app
from tests import services
from tests.api.game import bearer
from tests.conftest import ORGANISER_KEY, _postgres


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["redis", "postgresql"])
def test_an_advance_on_one_worker_reaches_a_socket_on_another(tmp_path: Path, backend: str) -> None:
    database = _postgres()
    broadcast = services.redis_url() if backend == "redis" else database
    settings = [
        Settings(
            database_url=database,
            broadcast_url=broadcast,
            organiser_key=ORGANISER_KEY,
            data_dir=tmp_path / name,
        )
        for name in ("a", "b")
    ]
    with (
        TestClient(create_app(settings[0])) as worker_a,
        TestClient(create_app(settings[1])) as worker_b,
    ):
        scenario = next(s for s in worker_a.get("/api/scenarios").json() if s["default"])
        opened = worker_a.post(
            "/api/sessions", json={"scenario_id": scenario["id"]}, headers=bearer(ORGANISER_KEY)
        ).json()
        url = f"/api/sessions/{opened['id']}"
        seq = worker_b.get(f"{url}/state", headers=bearer(opened["observer_token"])).json()["seq"]
        with worker_b.websocket_connect(f"{url}/events") as socket:
            socket.send_text(json.dumps({"token": opened["observer_token"], "after": seq}))
            for step in range(3):
                current = worker_a.get(f"{url}/state", headers=bearer(opened["facilitator_token"]))
                phase = current.json()["phase"]["id"]
                moved = worker_a.post(
                    f"{url}/phase",
                    json={"action": "advance", "from_phase": phase},
                    headers=bearer(opened["facilitator_token"]),
                )
                assert moved.status_code == 200
                frame = socket.receive_json()
                while frame["type"] != "phase.changed":
                    frame = socket.receive_json()
                assert frame["data"]["phase"]["id"] == moved.json()["phase"]["id"], step
        player = worker_b.post("/api/join", json={"join_code": opened["join_code"], "name": "Bo"})
        token = player.json()["token"]
        with worker_b.websocket_connect(f"{url}/events") as laptop:
            laptop.send_text(json.dumps({"token": token, "after": 0}))
            laptop.receive_json()  # B holds the laptop's socket and has announced it
            with worker_a.websocket_connect(f"{url}/events") as watcher:
                watcher.send_text(json.dumps({"token": opened["facilitator_token"], "after": 0}))
                watcher.receive_json()  # A serves the session now, after B's announcement
                for _ in range(100):  # far less than a heartbeat: A asked B when it subscribed
                    state = worker_a.get(
                        f"{url}/state", headers=bearer(opened["facilitator_token"])
                    )
                    if state.json()["players"][0]["online"]:
                        break
                    time.sleep(0.05)
                else:
                    raise AssertionError("worker A never heard that the player is online on B")


@pytest.mark.postgres
async def test_a_subscriber_torn_down_halfway_leaves_notify_working_for_the_others() -> None:
    """A socket's task cancelled again and again while its channel stops listening (as anyio
    tears down a connection) must not break the listening connection every channel shares."""
    backend = PostgresBackend(_postgres())
    await backend.connect()
    try:
        listening = asyncio.Event()

        async def subscriber() -> None:
            async with backend.subscribe("cl.torn-down"):
                listening.set()
                await asyncio.Event().wait()

        torn = asyncio.create_task(subscriber())
        await listening.wait()
        async with backend._lock:  # the reader's pause begins: UNLISTEN will run at once
            pass
        while not torn.done():
            torn.cancel()
            await asyncio.sleep(0)
        async with backend.subscribe("cl.still-here") as messages:
            await backend.publish("cl.still-here", "hello")
            assert await asyncio.wait_for(anext(messages), 10) == "hello"
    finally:
        await backend.disconnect()
