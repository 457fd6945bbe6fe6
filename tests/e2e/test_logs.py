"""The log of a real server through a whole game: every line with its time, level and logger, as
text or as JSON, the application's own INFO lines among them, and not one secret: no token, no
organiser key, no join code, no seat code, whichever way people used them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx2
import pytest

from tests.e2e import bots
from tests.e2e.bots import Table, open_table, play_phase, sockets, wait_for
from tests.e2e.server import ServerProcess

TEXT_LINE = re.compile(
    r"(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d) "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \[\d+\] (?P<logger>[\w.]+): .*"
)


def _records(log: str, log_format: str) -> list[dict[str, Any]]:
    """Each line as a record; fails on a line without its time, level and logger."""
    records = []
    for line in log.splitlines():
        if log_format == "json":
            record = json.loads(line)
            assert set(record) >= {"time", "level", "logger", "message", "pid"}, line
        else:
            found = TEXT_LINE.fullmatch(line)
            assert found is not None, line
            record = found.groupdict() | {"message": line}
        assert datetime.fromisoformat(record["time"]).tzinfo is not None, line
        records.append(record)
    return records


async def _play(server: ServerProcess, key: str) -> list[str]:
    """A whole game, with the codes used every way people use them; the secrets it handed out."""
    async with httpx2.AsyncClient(base_url=server.base, timeout=15) as http:
        table = await open_table([http], players=6)
        by_role = (await table.state())["session"]["seat_codes"]
        seated = [p["role"] for p in table.players]
        emptiest = min(by_role, key=seated.count)  # its seat card still has room
        seat_codes = [by_role[emptiest], *(c for r, c in by_role.items() if r != emptiest)]
        shown = [f"{code[:5]}-{code[5:]}" for code in seat_codes]
        assert (await http.get(f"/join?code={table.join_code}")).status_code == 200  # the QR
        assert (await http.get(f"/join?code={shown[1]}&lang=en")).status_code == 200
        card = await http.post("/api/join", json={"join_code": shown[0], "name": "Kaart"})
        assert card.status_code == 201, card.text
        http.cookies.clear()
        signin = await http.post(
            "/organiser/signin", data={"key": key}, headers={"origin": server.base}
        )
        assert signin.status_code == 303
        await _whole_game(table, server)
        tokens = [card.json()["token"], *(p["token"] for p in table.players)]
        staff = [table.facilitator["Authorization"][7:], table.observer["Authorization"][7:]]
        return [key, table.join_code, *seat_codes, *shown, *tokens, *staff]


async def _whole_game(table: Table, server: ServerProcess) -> None:
    scenario = next(s for s in (await table.http[0].get("/api/scenarios")).json() if s["default"])
    staff, laptops = sockets(table, [f"ws://127.0.0.1:{server.port}"])
    clients = staff + laptops
    tasks = [asyncio.create_task(c.run()) for c in clients]
    try:
        await wait_for(lambda: all(c.connects for c in clients))
        phases = [p["id"] for p in scenario["phases"]]
        for _ in phases[1:]:
            await play_phase(table, await table.advance())
        await wait_for(lambda: all(c.phases()[-1:] == phases[-1:] for c in clients))
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


@pytest.mark.parametrize("log_format", ["text", "json"])
async def test_a_whole_game_leaves_no_secret_in_the_log(
    tmp_path: Path, log_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text run generates its key (shown once, on stdout, by design); the JSON run is given
    one, which nothing ever prints."""
    env = {"CL_LOG_FORMAT": log_format}
    if log_format == "json":
        env["CL_ORGANISER_KEY"] = bots.KEY
    server = ServerProcess(tmp_path, env)
    server.errors = tmp_path / "stderr.log"
    server.start()
    try:
        key = (tmp_path / "organiser.key").read_text().strip() if log_format == "text" else bots.KEY
        monkeypatch.setattr(bots, "KEY", key)
        secrets = await _play(server, key)
    finally:
        server.stop()
    log, started = server.errors.read_text(), server.log.read_text()
    for secret in secrets:
        assert secret not in log, f"a secret in the log: {secret[:3]}…"
        assert secret not in started or (secret == key and log_format == "text"), secret[:3]
    if log_format == "text":
        assert started.count(key) == 1, "a generated key is shown once, when it is generated"
    records = _records(log, log_format)
    said = "\n".join(r["message"] for r in records)
    for expected in (
        "Running upgrade",  # the migrations (alembic)
        "is up (pid",  # this worker
        "Application startup complete",  # uvicorn's own
        '"GET /join?code=*** HTTP/1.1" 200',  # the projector's link, its code hidden
        '"GET /join?code=***&lang=en HTTP/1.1" 200',
        '"WebSocket /api/sessions/',
        "stops (pid",
    ):
        assert expected in said, expected
    if log_format == "text":
        assert "generated a new organiser key in" in said
    assert {r["logger"] for r in records} >= {
        "uvicorn.access",
        "uvicorn.error",
        "app.web.ops.monitor",
    }
