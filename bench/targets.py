"""What is measured: the app (one or more server processes) or the baseline, behind one shape.

A target knows how to open sessions with twelve seated players, how to read a session's
current phase, and which phase changes its log holds (the authority for the loss check).
Commands alternate over the target's servers; socket ``j`` of a session goes to server
``j % servers``, so with two processes every session has sockets on both.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Sequence
from typing import Any

import httpx2

from bench.baseline import PHASES, phase_id
from bench.clients import SessionHandle, bearer, http_client
from bench.server import ServerHandle

PLAYERS = 12
SETUP_CONCURRENCY = 4


class SetupError(RuntimeError):
    pass


def _expect(response: httpx2.Response, *statuses: int) -> Any:
    if response.status_code not in statuses:
        raise SetupError(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {response.text[:300]}"
        )
    return response.json()


class Target:
    kind = "target"

    def __init__(self, name: str, servers: Sequence[ServerHandle]) -> None:
        self.name = name
        self.servers = list(servers)
        self.clients = [http_client(s.base) for s in self.servers]

    def client_for(self, k: int) -> httpx2.AsyncClient:
        return self.clients[k % len(self.clients)]

    def socket_url(self, session: SessionHandle, j: int) -> str:
        server = self.servers[j % len(self.servers)]
        return f"{server.ws_base}/api/sessions/{session.sid}/events"

    def rss(self) -> int:
        return sum(s.rss() for s in self.servers)

    def cpu(self) -> float:
        return sum(s.cpu() for s in self.servers)

    def alive(self) -> bool:
        return all(s.alive() for s in self.servers)

    async def create_sessions(self, count: int, first: int) -> list[SessionHandle]:
        gate = asyncio.Semaphore(SETUP_CONCURRENCY)

        async def one(index: int) -> SessionHandle:
            async with gate:
                return await self.open_session(index)

        return list(await asyncio.gather(*(one(first + i) for i in range(count))))

    async def open_session(self, index: int) -> SessionHandle:
        raise NotImplementedError

    async def phase_log(self, session: SessionHandle) -> list[int]:
        raise NotImplementedError

    async def resync(self, session: SessionHandle, k: int) -> None:
        """Read the session's current phase after a 409 or a failed command."""
        try:
            answer = await self.client_for(k).get(
                f"/api/sessions/{session.sid}/state", headers=session.facilitator_headers
            )
        except httpx2.HTTPError:
            return
        if answer.status_code == 200:
            session.index = int(answer.json()["phase"]["index"])

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


class AppTarget(Target):
    kind = "app"

    def __init__(self, name: str, servers: Sequence[ServerHandle], organiser_key: str) -> None:
        super().__init__(name, servers)
        self.organiser = bearer(organiser_key)
        self.scenario: str | None = None
        self.phases: tuple[str, ...] = ()

    async def _scenario(self) -> str:
        if self.scenario is None:
            scenarios = _expect(await self.client_for(0).get("/api/scenarios"), 200)
            chosen = next(s for s in scenarios if s["default"])
            self.scenario = str(chosen["id"])
            self.phases = tuple(str(p["id"]) for p in chosen["phases"])
        return self.scenario

    async def open_session(self, index: int) -> SessionHandle:
        scenario = await self._scenario()
        opened = _expect(
            await self.client_for(index).post(
                "/api/sessions", json={"scenario_id": scenario}, headers=self.organiser
            ),
            201,
        )
        sid, facilitator = str(opened["id"]), str(opened["facilitator_token"])
        players: list[str] = []
        for j in range(PLAYERS):
            joined = _expect(
                await self.client_for(index + j).post(
                    "/api/join", json={"join_code": opened["join_code"], "name": f"Speler {j}"}
                ),
                201,
            )
            players.append(str(joined["token"]))
        _expect(
            await self.client_for(index).post(
                f"/api/sessions/{sid}/seats/auto", headers=bearer(facilitator)
            ),
            200,
        )
        state = _expect(
            await self.client_for(index).get(
                f"/api/sessions/{sid}/state", headers=bearer(facilitator)
            ),
            200,
        )
        return SessionHandle(
            sid=sid,
            facilitator=facilitator,
            players=players,
            phases=self.phases,
            index=int(state["phase"]["index"]),
            seq=int(state["seq"]),
        )

    async def phase_log(self, session: SessionHandle) -> list[int]:
        """The seqs of every ``phase.changed`` in the session's log, from the CSV export."""
        answer = await self.client_for(0).get(
            f"/api/sessions/{session.sid}/export",
            params={"format": "csv", "table": "events"},
            headers=session.facilitator_headers,
        )
        if answer.status_code != 200:
            raise SetupError(f"export of {session.sid}: {answer.status_code}")
        rows = csv.DictReader(io.StringIO(answer.text))
        return sorted(int(row["seq"]) for row in rows if row["type"] == "phase.changed")


class BaselineTarget(Target):
    kind = "baseline"

    async def open_session(self, index: int) -> SessionHandle:
        return SessionHandle(
            sid=f"b{index:05d}",
            facilitator="baseline",
            players=[f"player-{index}-{j}" for j in range(PLAYERS)],
            phases=tuple(phase_id(i) for i in range(PHASES)),
        )

    async def phase_log(self, session: SessionHandle) -> list[int]:
        answer = await self.client_for(0).get(f"/api/sessions/{session.sid}/log")
        return [int(seq) for seq in _expect(answer, 200)["phase_changed"]]
