"""Several workers on real PostgreSQL and Redis: every worker serves every client.

Two server processes share the database and a broadcast backend; clients sit on both, commands
go to either. Halfway one worker is killed with SIGKILL; its clients move to the other and
resume from their last seq. A timed inject fires exactly once, however many workers look at it.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path

import httpx2
import pytest

from tests import services
from tests.conftest import _postgres
from tests.e2e.bots import KEY, Client, check_deliveries, open_table, play_phase, sockets, wait_for
from tests.e2e.server import ServerProcess

pytestmark = pytest.mark.postgres
FIXTURE = Path(__file__).resolve().parents[1] / "content" / "fixtures" / "minimal"


def _env(broadcast: str, **extra: str) -> dict[str, str]:
    database = _postgres()
    url = services.redis_url() if broadcast == "redis" else database
    return {"CL_ORGANISER_KEY": KEY, "CL_DATABASE_URL": database, "CL_BROADCAST_URL": url, **extra}


@contextlib.asynccontextmanager
async def _workers(tmp_path: Path, env: dict[str, str]) -> AsyncIterator[list[ServerProcess]]:
    workers = [ServerProcess(tmp_path / f"w{n}", env) for n in (1, 2)]
    for worker in workers:
        worker.data_dir.mkdir(parents=True, exist_ok=True)
        worker.start()
    try:
        yield workers
    finally:
        for worker in workers:
            worker.stop()


def _all_at(clients: list[Client], phase_id: str) -> bool:
    return all(c.phases()[-1:] == [phase_id] for c in clients)


@pytest.mark.parametrize("broadcast", ["redis", "postgresql"])
async def test_two_workers_play_a_game_and_survive_losing_one(
    tmp_path: Path, broadcast: str
) -> None:
    async with (
        _workers(tmp_path, _env(broadcast)) as (one, two),
        httpx2.AsyncClient(base_url=one.base, timeout=15) as http_one,
        httpx2.AsyncClient(base_url=two.base, timeout=15) as http_two,
    ):
        table = await open_table([http_one, http_two])
        scenario = next(s for s in (await http_one.get("/api/scenarios")).json() if s["default"])
        staff, laptops = sockets(table, [f"ws://127.0.0.1:{w.port}" for w in (one, two)])
        clients = staff + laptops
        tasks = [asyncio.create_task(c.run()) for c in clients]
        try:
            await wait_for(lambda: all(c.connects for c in clients))
            assert {c.where[0] for c in clients} == {0, 1}, "clients sit on both workers"
            phase_ids = [p["id"] for p in scenario["phases"]]
            for target in phase_ids[1:]:
                moved = await table.advance()
                assert moved["id"] == target
                await play_phase(table, moved)
                if target == phase_ids[len(phase_ids) // 2]:
                    await wait_for(partial(_all_at, clients, target))
                    two.kill()
                    table.http = [http_one]
            await wait_for(lambda: all(c.phases()[-1:] == [phase_ids[-1]] for c in clients))
            moved_over = [c for c in clients if c.where[0] == 1]
            assert moved_over and all(c.where[-1] == 0 for c in moved_over)
            await check_deliveries(table, staff, laptops, phase_ids[1:])
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task


async def test_a_timed_inject_fires_exactly_once_with_two_workers(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    scenario = content / "scenarios" / "mini" / "scenario.yaml"
    scenario.write_text(scenario.read_text().replace("after_s: 300", "after_s: 2"))
    env = _env("redis", CL_CONTENT_DIR=str(content))
    async with (
        _workers(tmp_path, env) as (one, two),
        httpx2.AsyncClient(base_url=one.base, timeout=15) as http_one,
        httpx2.AsyncClient(base_url=two.base, timeout=15) as http_two,
    ):
        table = await open_table([http_one, http_two], players=2, scenario_id="mini")
        await table.advance()  # into the meeting, where the inject is due after 2 s
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            injects = await table.get("injects", table.facilitator)
            if next(i for i in injects if i["id"] == "news")["released"]:
                break
            await asyncio.sleep(0.2)
        else:
            raise AssertionError("the timed inject never fired")
        await asyncio.sleep(2.5)  # both schedulers have had every chance to fire it again
        log = (await table.get("export", table.facilitator))["events"]
        fired = [
            e
            for e in log
            if e["type"] == "document.released" and e["data"]["document_id"] == "news"
        ]
        assert len(fired) == 1 and fired[0]["data"]["by"] == "timer"


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def test_serve_with_workers_runs_several_processes(tmp_path: Path) -> None:
    """``colliding-logics serve --workers 2`` on one host, sharing PostgreSQL and Redis."""
    server = ServerProcess(tmp_path, _env("redis"))
    server.command_extra = ["--workers", "2"]
    server.start()
    try:
        opened = httpx2.post(
            f"{server.base}/api/sessions",
            json={"scenario_id": "lindendal"},
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=10,
        )
        assert opened.status_code == 201
        assert server.process is not None
        assert len(_children(server.process.pid)) >= 2, "two worker processes"
        code = opened.json()["join_code"]
        for index in range(6):  # several requests, so both workers take some
            joined = httpx2.post(
                f"{server.base}/api/join", json={"join_code": code, "name": f"P{index}"}, timeout=10
            )
            assert joined.status_code == 201
    finally:
        server.stop()
