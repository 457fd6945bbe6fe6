"""The room that ``python -m bench.exports`` measures: one server, a played session to export,
a live session with twelve open sockets, and the probes of one slice.

The server is the app as it ships (``process``), or the same app, started through its own
command line, with the export pool's processes swapped for threads (``thread``) or for
rendering on the event loop (``inline``), for comparison.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from bench.clients import Listener, SessionHandle
from bench.commands import Counters, phase_command
from bench.server import ServerHandle, app_command, free_port, launch
from bench.targets import AppTarget
from tests.e2e.bots import KEY, open_table, play_phase

POOLS = ("process", "thread", "inline")
READY_TIMEOUT_S = 60.0
DRAIN_TIMEOUT_S = 15.0


class OnTheLoop(Executor):
    """Runs the job inside ``submit``, on the caller's thread: the event loop."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        done: Future[Any] = Future()
        try:
            done.set_result(fn(*args, **kwargs))
        except Exception as problem:
            done.set_exception(problem)
        return done


def _threads(workers: int, module: str) -> Executor:
    return ThreadPoolExecutor(workers)


def _on_the_loop(workers: int, module: str) -> Executor:
    return OnTheLoop()


def serve(pool: str, port: int) -> int:
    """The app (through its own command line) with its export pool swapped as ``pool`` says."""
    from app.cli import main
    from app.services import export_pool

    if pool != "process":
        export_pool.processes = _threads if pool == "thread" else _on_the_loop
    return main(["serve", "--host", "127.0.0.1", "--port", str(port)])


@dataclass
class Probes:
    healthz: list[float] = field(default_factory=list)
    events: list[float] = field(default_factory=list)
    pdfs: list[float] = field(default_factory=list)
    refused: int = 0
    failed: int = 0
    wall: float = 0.0


@dataclass
class Room:
    server: ServerHandle
    target: AppTarget
    played: str
    facilitator: dict[str, str]
    live: SessionHandle
    listeners: list[Listener]
    tasks: list[asyncio.Task[None]]

    @property
    def http(self) -> httpx2.AsyncClient:
        return self.target.clients[0]

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.target.aclose()
        self.server.stop()


async def _played_session(http: httpx2.AsyncClient) -> tuple[str, dict[str, str]]:
    table = await open_table([http])
    scenario = next(s for s in (await http.get("/api/scenarios")).json() if s["default"])
    for _phase in scenario["phases"][1:]:
        await play_phase(table, await table.advance())
    return table.sid, table.facilitator


async def open_room(pool: str, workdir: Path) -> Room:
    port = free_port()
    data = workdir / pool
    data.mkdir()
    env = {"CL_DATA_DIR": str(data), "CL_ORGANISER_KEY": KEY, "CL_BROADCAST_URL": "memory://"}
    command = app_command(port)
    if pool != "process":
        command = [sys.executable, "-m", "bench.exports", "--serve", pool, "--port", str(port)]
    server = await asyncio.to_thread(launch, f"exports-{pool}", command, env, workdir, port)
    target = AppTarget(pool, [server], KEY)
    played, facilitator = await _played_session(target.clients[0])
    live = await target.open_session(0)
    listeners = [
        Listener(live, target.socket_url(live, j), token) for j, token in enumerate(live.players)
    ]
    gate = asyncio.Semaphore(len(listeners))
    deadline = time.perf_counter() + READY_TIMEOUT_S
    tasks = [asyncio.create_task(x.run(gate, deadline)) for x in listeners]
    await asyncio.wait_for(asyncio.gather(*(x.ready.wait() for x in listeners)), READY_TIMEOUT_S)
    return Room(server, target, played, facilitator, live, listeners, tasks)


async def export_pdf(room: Room, probes: Probes | None) -> float:
    """One PDF; returns how long to wait before the next (``Retry-After`` after a 429)."""
    began = time.perf_counter()
    answer = await room.http.get(
        f"/api/sessions/{room.played}/export", params={"format": "pdf"}, headers=room.facilitator
    )
    if probes is None:
        return 0.0
    if answer.status_code == 200:
        probes.pdfs.append(time.perf_counter() - began)
        return 0.0
    if answer.status_code == 429:
        probes.refused += 1
        return float(answer.headers.get("retry-after", "1"))
    probes.failed += 1
    return 1.0


async def run_slice(
    room: Room, seconds: float, pdfs: int, probe_s: float, event_s: float
) -> Probes:
    """Probe for ``seconds`` while ``pdfs`` clients fetch the PDF over and over (none: quiet).
    Returns once the last PDF is in and the sockets have their frames."""
    probes = Probes()
    room.live.expected = []
    for listener in room.listeners:
        listener.mark()
    stop = asyncio.Event()

    async def healthz() -> None:
        while not stop.is_set():
            began = time.perf_counter()
            answer = await room.http.get("/healthz")
            if answer.status_code == 200:
                probes.healthz.append(time.perf_counter() - began)
            await asyncio.sleep(probe_s)

    async def events() -> None:
        counters = Counters()
        while not stop.is_set():
            room.live.busy = True
            await phase_command(room.target, room.live, 0, counters, None)
            await asyncio.sleep(event_s)

    async def exports() -> None:
        while not stop.is_set():
            pause = await export_pdf(room, probes)
            if pause:
                await asyncio.sleep(pause)

    began = time.perf_counter()
    probing = [asyncio.create_task(healthz()), asyncio.create_task(events())]
    exporting = [asyncio.create_task(exports()) for _ in range(pdfs)]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*probing, *exporting)
    probes.wall = time.perf_counter() - began
    probes.events = await _lateness(room)
    return probes


async def _lateness(room: Room) -> list[float]:
    """Each (socket, phase change) pair: arrival minus the moment the command was sent."""
    expected = room.live.expected
    for _ in range(int(DRAIN_TIMEOUT_S / 0.05)):
        if all(len(x.phase_frames()) >= len(expected) for x in room.listeners):
            break
        await asyncio.sleep(0.05)
    samples: list[float] = []
    for listener in room.listeners:
        arrived = {r.key: r.at for r in listener.phase_frames()}
        samples.extend(arrived[key] - sent for key, sent in expected if key in arrived)
    return samples
