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
import json
from pathlib import Path
from typing import Any

import httpx2
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from tests.e2e.server import ServerProcess

KEY = "playthrough-organiser-key-42"
PLAYERS = 12


class Client:
    """One laptop: it keeps its socket open and resumes from its last seq after any drop."""

    def __init__(self, url: str, token: str, role: str | None = None) -> None:
        self.url = url
        self.token = token
        self.role = role
        self.frames: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self.connects = 0

    @property
    def last(self) -> int:
        return self.frames[-1]["seq"] if self.frames else 0

    async def run(self) -> None:
        while True:
            try:
                async with connect(self.url, open_timeout=5) as socket:
                    self.connects += 1
                    await socket.send(json.dumps({"token": self.token, "after": self.last}))
                    async for message in socket:
                        self.raw.append(str(message))
                        self.frames.append(json.loads(message))
            except (OSError, WebSocketException, TimeoutError):
                await asyncio.sleep(0.2)

    def phases(self) -> list[str]:
        return [f["data"]["phase"]["id"] for f in self.frames if f["type"] == "phase.changed"]


async def _wait_for(condition: Any, within_s: float = 20) -> None:
    limit = asyncio.get_running_loop().time() + within_s
    while not condition():
        if asyncio.get_running_loop().time() > limit:
            raise AssertionError("timed out waiting for the clients")
        await asyncio.sleep(0.05)


class Table:
    """The facilitator's and players' HTTP side of the game."""

    def __init__(self, http: httpx2.AsyncClient, opened: dict[str, Any]) -> None:
        self.http = http
        self.sid = opened["id"]
        self.facilitator = {"Authorization": f"Bearer {opened['facilitator_token']}"}
        self.observer = {"Authorization": f"Bearer {opened['observer_token']}"}

    async def post(self, tail: str, body: Any, headers: dict[str, str], expect: int = 201) -> Any:
        answer = await self.http.post(
            f"/api/sessions/{self.sid}/{tail}", json=body, headers=headers
        )
        assert answer.status_code == expect, answer.text
        return answer.json()

    async def state(self, headers: dict[str, str]) -> dict[str, Any]:
        answer = await self.http.get(f"/api/sessions/{self.sid}/state", headers=headers)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())


async def _play_phase(table: Table, phase: dict[str, Any], players: list[dict[str, Any]]) -> None:
    """What people do in each kind of phase."""
    kind, roles = phase["kind"], sorted({p["role"] for p in players})
    if kind in ("preparation", "meeting"):
        for player in players[::2]:
            await table.post(
                "notes", {"text": f"notitie {player['role']} {phase['id']}"}, player["headers"]
            )
    if kind == "meeting":
        await table.post(
            "collisions",
            {"roles": roles[:2], "logic": phase["logic"], "note": f"botsing in {phase['id']}"},
            table.observer,
        )
        await table.post(
            "agreements",
            {"what": f"afspraak {phase['id']}", "who": roles[0], "when": "volgende week"},
            players[0]["headers"],
        )
        injects = (
            await table.http.get(f"/api/sessions/{table.sid}/injects", headers=table.facilitator)
        ).json()
        for inject in injects:
            if inject["phase_id"] == phase["id"] and not inject["released"]:
                await table.post(f"injects/{inject['id']}", None, table.facilitator, expect=200)
    if kind == "reflection":
        for player in players[1::3]:
            await table.post("reflections", {"text": f"terugblik {phase['id']}"}, player["headers"])


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
            await _whole_game(server, http, tasks)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        server.stop()


async def _whole_game(server: ServerProcess, http: httpx2.AsyncClient, tasks: list[Any]) -> None:
    scenarios = (await http.get("/api/scenarios")).json()
    scenario = next(s for s in scenarios if s["default"])
    created = await http.post(
        "/api/sessions",
        json={"scenario_id": scenario["id"]},
        headers={"Authorization": f"Bearer {KEY}"},
    )
    table = Table(http, created.json())
    players = []
    for index in range(PLAYERS):
        joined = await http.post(
            "/api/join", json={"join_code": created.json()["join_code"], "name": f"Speler {index}"}
        )
        http.cookies.clear()
        players.append(
            joined.json() | {"headers": {"Authorization": f"Bearer {joined.json()['token']}"}}
        )
    seats = (await table.post("seats/auto", None, table.facilitator, expect=200))["seats"]
    for player, seat in zip(players, seats, strict=True):
        player["role"] = seat["role_id"]

    socket_url = f"ws://127.0.0.1:{server.port}/api/sessions/{table.sid}/events"
    staff = [
        Client(socket_url, table.facilitator["Authorization"][7:]),
        Client(socket_url, table.observer["Authorization"][7:]),
    ]
    laptops = [Client(socket_url, p["token"], p["role"]) for p in players]
    clients = staff + laptops
    tasks.extend(asyncio.create_task(c.run()) for c in clients)
    await _wait_for(lambda: all(c.connects for c in clients))

    phase_ids = [p["id"] for p in scenario["phases"]]
    halfway = phase_ids[len(phase_ids) // 2]
    for target in phase_ids[1:]:
        current = (await table.state(table.facilitator))["phase"]["id"]
        moved = await table.post(
            "phase", {"action": "advance", "from_phase": current}, table.facilitator, expect=200
        )
        assert moved["phase"]["id"] == target
        await _play_phase(table, moved["phase"], players)
        if target == halfway:
            await _kill_and_restart(server, table, clients)

    await _wait_for(lambda: all(c.phases()[-1:] == [phase_ids[-1]] for c in clients))
    await _check(table, staff, laptops, phase_ids[1:])


async def _kill_and_restart(server: ServerProcess, table: Table, clients: list[Client]) -> None:
    before = await table.state(table.facilitator)
    await _wait_for(lambda: all(c.phases()[-1:] == [before["phase"]["id"]] for c in clients))
    connects = [c.connects for c in clients]
    server.kill()
    server.start()
    after = await table.state(table.facilitator)
    assert after["seq"] == before["seq"]
    for key in ("phase", "documents", "agreements", "collisions", "reflections"):
        assert after[key] == before[key], key
    seats = [{k: v for k, v in p.items() if k != "online"} for p in before["players"]]
    assert seats == [{k: v for k, v in p.items() if k != "online"} for p in after["players"]]
    await _wait_for(lambda: all(c.connects > n for c, n in zip(clients, connects, strict=True)))
    for _ in range(100):
        back = await table.state(table.facilitator)
        if all(p["online"] for p in back["players"]):
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("not every laptop came back online")


async def _check(
    table: Table, staff: list[Client], laptops: list[Client], advanced: list[str]
) -> None:
    final = await table.state(table.facilitator)
    log = (
        await table.http.get(f"/api/sessions/{table.sid}/export", headers=table.facilitator)
    ).json()["events"]
    assert [e["seq"] for e in log] == list(range(1, final["seq"] + 1))
    documents = {d["id"]: d for d in final["documents"]}
    notes_by_role: dict[str, list[str]] = {}
    for event in log:
        if event["type"] == "note.added":
            notes_by_role.setdefault(event["data"]["role_id"], []).append(event["data"]["text"])
    for client in staff + laptops:
        seqs = [f["seq"] for f in client.frames]
        assert seqs == sorted(set(seqs)), "in order, without duplicates"
        assert client.phases() == advanced, "every phase change, once each"
    facilitator_seqs = {f["seq"] for f in staff[0].frames}
    assert facilitator_seqs == {e["seq"] for e in log if e["type"] != "note.added"}
    for laptop in laptops:
        raw = "\n".join(laptop.raw)
        for document in documents.values():
            mine = "all" in document["audience"] or laptop.role in document["audience"]
            excerpt = json.dumps(document["body"][:200], ensure_ascii=False)[1:-1]
            assert (excerpt in raw) is mine or len(document["body"]) < 40, (
                laptop.role,
                document["id"],
            )
        for role, texts in notes_by_role.items():
            for text in texts:
                assert (json.dumps(text)[1:-1] in raw) is (role == laptop.role)
