"""A scripted whole game against a real server process, like oTree's bots.

Twelve players, a facilitator and an observer play every phase over HTTP and the event socket.
Halfway, the server is killed with SIGKILL and started again: state and seq must be unchanged,
and every socket resumes from its last seq. At the end each client must have received every
phase change, in order, with no duplicates, and no player may have received a byte of another
role's private documents or another duo's notes.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import httpx2
import pytest

from tests.e2e.bots import KEY, Client, Table, check_deliveries, open_table, play_phase, sockets
from tests.e2e.bots import wait_for as _wait_for
from tests.e2e.server import ServerProcess


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
async def test_a_whole_game_survives_sigkill(tmp_path: Path, backend: str) -> None:
    env = {"CL_ORGANISER_KEY": KEY}
    if backend == "postgresql":
        from tests.conftest import _postgres

        env["CL_DATABASE_URL"] = _postgres()
    server = ServerProcess(tmp_path, env)
    server.start()
    tasks: list[asyncio.Task[None]] = []
    try:
        async with httpx2.AsyncClient(base_url=server.base, timeout=15) as http:
            table = await open_table([http])
            scenario = next(s for s in (await http.get("/api/scenarios")).json() if s["default"])
            staff, laptops = sockets(table, [f"ws://127.0.0.1:{server.port}"])
            clients = staff + laptops
            tasks.extend(asyncio.create_task(c.run()) for c in clients)
            await _wait_for(lambda: all(c.connects for c in clients))
            phase_ids = [p["id"] for p in scenario["phases"]]
            halfway = phase_ids[len(phase_ids) // 2]
            for target in phase_ids[1:]:
                moved = await table.advance()
                assert moved["id"] == target
                await play_phase(table, moved)
                if target == halfway:
                    await _kill_and_restart(server, table, clients)
            await _wait_for(lambda: all(c.phases()[-1:] == [phase_ids[-1]] for c in clients))
            await check_deliveries(table, staff, laptops, phase_ids[1:])
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        server.stop()


async def _kill_and_restart(server: ServerProcess, table: Table, clients: list[Client]) -> None:
    before = await table.state()
    await _wait_for(lambda: all(c.phases()[-1:] == [before["phase"]["id"]] for c in clients))
    connects = [c.connects for c in clients]
    server.kill()
    server.start()
    after = await table.state()
    assert after["seq"] == before["seq"]
    for key in ("phase", "documents", "agreements", "collisions", "reflections"):
        assert after[key] == before[key], key
    seats = [{k: v for k, v in p.items() if k != "online"} for p in before["players"]]
    assert seats == [{k: v for k, v in p.items() if k != "online"} for p in after["players"]]
    await _wait_for(lambda: all(c.connects > n for c, n in zip(clients, connects, strict=True)))
    for _ in range(100):
        if all(p["online"] for p in (await table.state())["players"]):
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("not every laptop came back online")
