"""Bots that play a whole game over HTTP and the event socket, like oTree's bots.

A ``Client`` is one laptop's event socket: it resumes from its last seq after any drop, and,
given several servers, moves on to the next one when its server is gone. A ``Table`` is the
HTTP side (facilitator, observer, players), spread over the servers it is given.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

KEY = "playthrough-organiser-key-42"
PLAYERS = 12


class Client:
    """One laptop's event socket."""

    def __init__(self, urls: list[str], token: str, role: str | None = None) -> None:
        self.urls = urls
        self.token = token
        self.role = role
        self.frames: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self.connects = 0
        self.where: list[int] = []
        self.preferred = 0

    @property
    def last(self) -> int:
        return self.frames[-1]["seq"] if self.frames else 0

    async def run(self) -> None:
        attempt = self.preferred
        while True:
            index = attempt % len(self.urls)
            try:
                async with connect(self.urls[index], open_timeout=3) as socket:
                    self.connects += 1
                    self.where.append(index)
                    await socket.send(json.dumps({"token": self.token, "after": self.last}))
                    async for message in socket:
                        self.raw.append(str(message))
                        self.frames.append(json.loads(message))
            except (OSError, WebSocketException, TimeoutError):
                await asyncio.sleep(0.2)
            attempt += 1

    def phases(self) -> list[str]:
        return [f["data"]["phase"]["id"] for f in self.frames if f["type"] == "phase.changed"]


async def wait_for(condition: Callable[[], bool], within_s: float = 30) -> None:
    limit = asyncio.get_running_loop().time() + within_s
    while not condition():
        if asyncio.get_running_loop().time() > limit:
            raise AssertionError("timed out waiting for the clients")
        await asyncio.sleep(0.05)


@dataclass
class Table:
    """The HTTP side of one game, each request going to the next server in turn."""

    http: list[httpx2.AsyncClient]
    sid: str
    join_code: str
    facilitator: dict[str, str]
    observer: dict[str, str]
    players: list[dict[str, Any]] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    _turn: itertools.count[int] = field(default_factory=itertools.count)

    def client(self) -> httpx2.AsyncClient:
        return self.http[next(self._turn) % len(self.http)]

    async def post(self, tail: str, body: Any, headers: dict[str, str], expect: int = 201) -> Any:
        answer = await self.client().post(
            f"/api/sessions/{self.sid}/{tail}", json=body, headers=headers
        )
        assert answer.status_code == expect, answer.text
        return answer.json()

    async def get(self, tail: str, headers: dict[str, str]) -> Any:
        answer = await self.client().get(f"/api/sessions/{self.sid}/{tail}", headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def state(self) -> dict[str, Any]:
        return dict(await self.get("state", self.facilitator))

    async def advance(self) -> dict[str, Any]:
        current = (await self.state())["phase"]["id"]
        moved = await self.post(
            "phase", {"action": "advance", "from_phase": current}, self.facilitator, expect=200
        )
        return dict(moved["phase"])


async def open_table(
    http: list[httpx2.AsyncClient], players: int = PLAYERS, scenario_id: str | None = None
) -> Table:
    scenarios = (await http[0].get("/api/scenarios")).json()
    scenario = scenario_id or next(s["id"] for s in scenarios if s["default"])
    created = await http[0].post(
        "/api/sessions", json={"scenario_id": scenario}, headers={"Authorization": f"Bearer {KEY}"}
    )
    opened = created.json()
    table = Table(
        http,
        opened["id"],
        opened["join_code"],
        {"Authorization": f"Bearer {opened['facilitator_token']}"},
        {"Authorization": f"Bearer {opened['observer_token']}"},
    )
    for index in range(players):
        client = table.client()
        joined = await client.post(
            "/api/join", json={"join_code": table.join_code, "name": f"Speler {index}"}
        )
        client.cookies.clear()
        token = joined.json()["token"]
        table.players.append(joined.json() | {"headers": {"Authorization": f"Bearer {token}"}})
    seats = (await table.post("seats/auto", None, table.facilitator, expect=200))["seats"]
    for player, seat in zip(table.players, seats, strict=True):
        player["role"] = seat["role_id"]
    return table


async def play_phase(table: Table, phase: dict[str, Any]) -> None:
    """What people do in each kind of phase; the notes written are remembered per role."""
    kind, roles = phase["kind"], sorted({p["role"] for p in table.players})
    if kind in ("preparation", "meeting"):
        for player in table.players[::2]:
            text = f"notitie {player['role']} {phase['id']} {player['player_id']}"
            await table.post("notes", {"text": text}, player["headers"])
            table.notes.setdefault(player["role"], []).append(text)
    if kind == "meeting":
        await table.post(
            "collisions",
            {"roles": roles[:2], "logic": phase["logic"], "note": f"botsing in {phase['id']}"},
            table.observer,
        )
        await table.post(
            "agreements",
            {"what": f"afspraak {phase['id']}", "who": roles[0], "when": "volgende week"},
            table.players[0]["headers"],
        )
        for inject in await table.get("injects", table.facilitator):
            if inject["phase_id"] == phase["id"] and not inject["released"]:
                await table.post(f"injects/{inject['id']}", None, table.facilitator, expect=200)
    if kind == "reflection":
        for player in table.players[1::3]:
            await table.post("reflections", {"text": f"terugblik {phase['id']}"}, player["headers"])


def sockets(table: Table, urls: list[str]) -> tuple[list[Client], list[Client]]:
    """Staff and laptops, spread over the servers' socket addresses in turn."""
    paths = [f"{url}/api/sessions/{table.sid}/events" for url in urls]
    staff = [
        Client(paths, table.facilitator["Authorization"][7:]),
        Client(paths, table.observer["Authorization"][7:]),
    ]
    laptops = [Client(paths, p["token"], p["role"]) for p in table.players]
    for index, client in enumerate(staff + laptops):
        client.preferred = index % len(paths)
    return staff, laptops


async def check_deliveries(
    table: Table, staff: list[Client], laptops: list[Client], advanced: list[str]
) -> None:
    """Everyone got every phase change once, in order; nobody saw another role's secrets."""
    final = await table.state()
    log = (await table.get("export", table.facilitator))["events"]
    assert [e["seq"] for e in log] == list(range(1, final["seq"] + 1))
    for client in staff + laptops:
        seqs = [f["seq"] for f in client.frames]
        assert seqs == sorted(set(seqs)), "in order, without duplicates"
        assert client.phases() == advanced, "every phase change, once each"
    assert {f["seq"] for f in staff[0].frames} == {
        e["seq"] for e in log if e["type"] != "note.added"
    }
    documents = {d["id"]: d for d in final["documents"]}
    for laptop in laptops:
        raw = "\n".join(laptop.raw)
        for document in documents.values():
            mine = "all" in document["audience"] or laptop.role in document["audience"]
            excerpt = json.dumps(document["body"][:200], ensure_ascii=False)[1:-1]
            assert (excerpt in raw) is mine or len(document["body"]) < 40, (
                laptop.role,
                document["id"],
            )
        for role, texts in table.notes.items():
            for text in texts:
                assert (text in raw) is (role == laptop.role), (laptop.role, text)
