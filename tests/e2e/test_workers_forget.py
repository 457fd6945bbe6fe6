"""Ending tokens and sessions reaches every worker: two real server processes, Redis or NOTIFY.

Every request goes to worker A; worker B has seen every token (its cache holds them) and holds
a socket of each kind for them. What A revokes or deletes must close B's sockets with 4404 and
make B refuse the tokens, although nothing was ever asked of B about it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import httpx2
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from app.realtime.connection import GONE
from tests.e2e.bots import KEY, Table, open_table
from tests.e2e.server import ServerProcess
from tests.e2e.test_workers import _env, _workers

pytestmark = pytest.mark.postgres
CLOSE_WAIT_S = 20
"""Only so that a socket left open fails the test instead of hanging it."""


@asynccontextmanager
async def _socket(
    worker: ServerProcess, path: str, token: str, after: int | None = None
) -> AsyncIterator[ClientConnection]:
    """A page's socket (cookie), or with ``after`` an API client's; open once it is attached."""
    url = f"ws://127.0.0.1:{worker.port}{path}"
    cookie = f"cl_s_{path.split('/')[-2]}={token}"
    headers = {"Origin": worker.base, "Cookie": cookie} if after is None else {}
    async with connect(url, additional_headers=headers, open_timeout=10) as socket:
        if after is not None:
            await socket.send(json.dumps({"token": token, "after": after}))
        await socket.recv()  # the greeting, or the last event again
        yield socket


async def _closed_with(socket: ClientConnection) -> int | None:
    async def drain() -> int | None:
        try:
            while True:
                await socket.recv()
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None

    return await asyncio.wait_for(drain(), CLOSE_WAIT_S)


async def _status(http: httpx2.AsyncClient, table: Table, token: str) -> int:
    answer = await http.get(
        f"/api/sessions/{table.sid}/state", headers={"Authorization": f"Bearer {token}"}
    )
    return answer.status_code


def _token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


@pytest.mark.parametrize("broadcast", ["redis", "postgresql"])
async def test_revoking_and_deleting_on_one_worker_ends_sockets_and_tokens_on_another(
    tmp_path: Path, broadcast: str
) -> None:
    async with (
        _workers(tmp_path, _env(broadcast)) as (one, two),
        httpx2.AsyncClient(base_url=one.base, timeout=15) as on_a,
        httpx2.AsyncClient(base_url=two.base, timeout=15) as on_b,
        AsyncExitStack() as stack,
    ):
        table = await open_table([on_a], players=2)
        staying, leaving = table.players
        facilitator, observer = _token(table.facilitator), _token(table.observer)
        tokens = [facilitator, observer, staying["token"], leaving["token"]]
        assert [await _status(on_b, table, t) for t in tokens] == [200] * 4, "B knows them all"
        after = (await table.state())["seq"] - 1
        events = f"/api/sessions/{table.sid}/events"
        observer_feed = await stack.enter_async_context(_socket(two, events, observer, after))
        leaving_feed = await stack.enter_async_context(
            _socket(two, events, leaving["token"], after)
        )
        staying_feed = await stack.enter_async_context(
            _socket(two, events, staying["token"], after)
        )
        staying_page = await stack.enter_async_context(
            _socket(two, f"/s/{table.sid}/live", staying["token"])
        )
        screen = await stack.enter_async_context(
            _socket(two, f"/screen/{table.sid}/live", facilitator)
        )
        took: dict[str, float] = {}

        start = time.monotonic()
        await table.post("links/observer", None, table.facilitator, expect=200)
        assert await _closed_with(observer_feed) == GONE
        took["observer link re-issued"] = time.monotonic() - start
        assert await _status(on_b, table, observer) == 401

        start = time.monotonic()
        removed = await on_a.delete(
            f"/api/sessions/{table.sid}/players/{leaving['player_id']}", headers=table.facilitator
        )
        assert removed.status_code == 200, removed.text
        assert await _closed_with(leaving_feed) == GONE
        took["player removed"] = time.monotonic() - start
        assert await _status(on_b, table, leaving["token"]) == 401
        assert await _status(on_b, table, staying["token"]) == 200, "nobody else is touched"

        start = time.monotonic()
        deleted = await on_a.delete(
            f"/api/sessions/{table.sid}", headers={"Authorization": f"Bearer {KEY}"}
        )
        assert deleted.status_code == 204, deleted.text
        for socket in (staying_feed, staying_page, screen):
            assert await _closed_with(socket) == GONE
        took["session deleted"] = time.monotonic() - start
        assert [await _status(on_b, table, t) for t in (facilitator, staying["token"])] == [401] * 2
        joined = await on_b.post("/api/join", json={"join_code": table.join_code, "name": "Laat"})
        assert joined.status_code == 404
        print(f"\n{broadcast}: seconds until worker B closed the sockets: {took}")
