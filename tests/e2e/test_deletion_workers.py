"""Deleting a session on one worker ends it on the other: sockets, cached tokens, the join code.

Worker two has served the session (so it remembers its principals and state) and holds a socket
on it when worker one deletes it; nothing of it may keep working there.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx2
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.e2e.bots import KEY
from tests.e2e.test_workers import _env, _workers

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("broadcast", ["redis", "postgresql"])
async def test_deleting_on_one_worker_ends_the_session_on_the_other(
    tmp_path: Path, broadcast: str
) -> None:
    async with (
        _workers(tmp_path, _env(broadcast)) as (one, two),
        httpx2.AsyncClient(base_url=one.base, timeout=15) as http_one,
        httpx2.AsyncClient(base_url=two.base, timeout=15) as http_two,
    ):
        organiser = {"Authorization": f"Bearer {KEY}"}
        scenario = next(s for s in (await http_one.get("/api/scenarios")).json() if s["default"])
        opened = (
            await http_one.post(
                "/api/sessions", json={"scenario_id": scenario["id"]}, headers=organiser
            )
        ).json()
        url = f"/api/sessions/{opened['id']}"
        joined = await http_two.post(
            "/api/join", json={"join_code": opened["join_code"], "name": "A"}
        )
        tokens = [opened["facilitator_token"], opened["observer_token"], joined.json()["token"]]
        for token in tokens:
            seen = await http_two.get(f"{url}/state", headers={"Authorization": f"Bearer {token}"})
            assert seen.status_code == 200, "worker two now remembers this token"
        async with connect(f"ws://127.0.0.1:{two.port}{url}/events", open_timeout=5) as socket:
            await socket.send(json.dumps({"token": tokens[2], "after": 0}))
            await socket.recv()
            started = time.monotonic()
            assert (await http_one.delete(url, headers=organiser)).status_code == 204
            with pytest.raises(ConnectionClosed):
                while True:
                    await socket.recv()
            closed_after = time.monotonic() - started
        assert socket.close_code == 4404
        print(f"\nthe socket on the other worker closed {closed_after * 1000:.0f} ms after DELETE")
        for token in tokens:
            gone = await http_two.get(f"{url}/state", headers={"Authorization": f"Bearer {token}"})
            assert gone.status_code == 401
        again = await http_two.post(
            "/api/join", json={"join_code": opened["join_code"], "name": "B"}
        )
        assert again.status_code == 404
