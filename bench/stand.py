"""Benchmark layer, a stand: one target with its sessions and their connected sockets.

``Stand`` grows a target's population (open sessions, connect 12 sockets each, one warm-up
phase change that every socket must see) and runs measurement slices over all of it: the load,
then the sockets drain and every (client, phase change) pair is checked.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from typing import Any

from bench.clients import Listener, SessionHandle
from bench.commands import Counters, phase_command
from bench.delivery import POLL_S, check, drain, verify
from bench.load import Driver, Load
from bench.slices import Slice
from bench.targets import PLAYERS, Target

CONNECT_CONCURRENCY = 48
CONNECT_WINDOW_S = 600.0
READY_TIMEOUT_S = 120.0
WARM_UP_CONCURRENCY = 4
WARM_UP_TIMEOUT_S = 60.0


class Stand:
    """A target with its sessions and their connected sockets."""

    def __init__(self, target: Target, seed: int) -> None:
        self.target = target
        self.sessions: list[SessionHandle] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        self.rng = random.Random(seed)
        self.rss_empty = target.rss()
        self.numbers = itertools.count(1)
        """Numbers every command, warm-ups included: the number picks the server it goes to."""

    @property
    def listeners(self) -> list[Listener]:
        return [listener for s in self.sessions for listener in s.listeners]

    async def grow(self, count: int) -> dict[str, Any]:
        """Open ``count`` sessions, connect their sockets, and see one phase change arrive."""
        started = time.perf_counter()
        new = await self.target.create_sessions(count, len(self.sessions))
        opened = time.perf_counter()
        fresh, late = await self._connect(new, opened + CONNECT_WINDOW_S)
        connected = time.perf_counter()
        warm, unseen = await self._warm_up(new, fresh)
        return {
            "new_sessions": count,
            "new_sockets": len(fresh),
            "setup_s": round(opened - started, 2),
            "connect_s": round(connected - opened, 2),
            "warm_up_s": round(time.perf_counter() - connected, 2),
            "sockets_not_connected": late,
            "sockets_missing_warm_up": unseen,
            "warm_up_failed_commands": warm.advances_failed + warm.advances_conflict,
            "connect_failures": sum(len(listener.failures) for listener in fresh),
        }

    async def _connect(
        self, new: list[SessionHandle], window_end: float
    ) -> tuple[list[Listener], int]:
        """Start a listener per player of the new sessions; how many were not ready in time."""
        fresh: list[Listener] = []
        for session in new:
            for j in range(PLAYERS):
                listener = Listener(session, self.target.socket_url(session, j), session.players[j])
                session.listeners.append(listener)
                fresh.append(listener)
                self.tasks.append(asyncio.create_task(listener.run(self.gate, window_end)))
        self.sessions.extend(new)
        waiting = [asyncio.create_task(listener.ready.wait()) for listener in fresh]
        late = 0
        if waiting:
            _done, pending = await asyncio.wait(waiting, timeout=READY_TIMEOUT_S)
            for task in pending:
                task.cancel()
            late = len(pending)
        return fresh, late

    async def _warm_up(
        self, new: list[SessionHandle], fresh: list[Listener]
    ) -> tuple[Counters, int]:
        """One phase change per new session; how many new sockets never saw theirs."""
        warm = Counters()
        gate = asyncio.Semaphore(WARM_UP_CONCURRENCY)

        async def warm_one(session: SessionHandle) -> None:
            async with gate:
                session.busy = True
                await phase_command(self.target, session, next(self.numbers), warm, None)

        await asyncio.gather(*(warm_one(s) for s in new))
        unseen = len(fresh)
        for _ in range(int(WARM_UP_TIMEOUT_S / POLL_S)):
            unseen = sum(1 for listener in fresh if not listener.frames)
            if unseen == 0:
                break
            await asyncio.sleep(POLL_S)
        if fresh:
            await asyncio.sleep(1.0)  # let stragglers (replays, document frames) settle
        return warm, unseen

    async def run_slice(self, load: Load) -> Slice:
        """Drive ``load`` for its duration over all sessions, then drain and check delivery."""
        sessions, listeners = self.sessions, self.listeners
        for session in sessions:
            session.expected.clear()
            session.ambiguous = False
        for listener in listeners:
            listener.mark()
        done = Slice(counters=Counters())
        driver = Driver(self.target, sessions, self.rng, self.numbers, done)
        cpu_before, own_before = self.target.cpu(), time.process_time()
        start = time.perf_counter()
        done.began_wall = time.time()
        await driver.run(load, start)
        done.wall = time.perf_counter() - start
        done.server_cpu = self.target.cpu() - cpu_before
        done.client_cpu = time.process_time() - own_before
        done.alive = self.target.alive()
        done.trace = [(sent - start, took, sid) for sent, took, sid in done.trace]
        done.drained = await drain(listeners)
        parsed = check(listeners, done.delivery)
        done.verified = await verify(
            self.target, self.sessions, parsed, load.verify_sessions, self.rng
        )
        return done

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks.clear()
        await self.target.aclose()
