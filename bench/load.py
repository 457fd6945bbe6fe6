"""The load: sessions with their sockets, phase changes at a fixed overall rate, duo notes.

``Stand`` grows a target's population (open sessions, connect 12 sockets each, one warm-up
phase change that every socket must see) and runs measurements over all of it. A measurement
schedules advances open-loop at ``rate`` per second over the sessions in turn (a session whose
previous command is still in flight is skipped, never queued), posts notes at ``note_rate``,
then waits for the sockets to drain and checks every (client, phase change) pair.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from dataclasses import dataclass, field, fields
from typing import Any

import httpx2

from bench.clients import Listener, Received, SessionHandle, bearer
from bench.stats import Summary
from bench.targets import PLAYERS, Target

CONNECT_CONCURRENCY = 48
CONNECT_WINDOW_S = 600.0
READY_TIMEOUT_S = 120.0
WARM_UP_CONCURRENCY = 4
WARM_UP_TIMEOUT_S = 60.0
DRAIN_TIMEOUT_S = 15.0
COMMAND_GRACE_S = 35.0
VERIFY_CONCURRENCY = 4
POLL_S = 0.05
SLOWEST = 8


@dataclass(frozen=True)
class Load:
    rate: float
    """Phase changes per second over all sessions."""
    note_rate: float
    """Duo notes per second over all sessions."""
    duration: float
    verify_sessions: int
    """How many sessions' logs to compare with their sockets (plus any with an unknown outcome)."""


@dataclass
class Counters:
    advances_planned: int = 0
    advances_ok: int = 0
    advances_conflict: int = 0
    advances_failed: int = 0
    advances_skipped_busy: int = 0
    notes_planned: int = 0
    notes_ok: int = 0
    notes_refused: int = 0
    notes_failed: int = 0
    notes_skipped: int = 0


async def _sleep_until(moment: float) -> None:
    delay = moment - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


async def phase_command(
    target: Target,
    session: SessionHandle,
    k: int,
    counters: Counters,
    latencies: list[float] | None,
    trace: list[tuple[float, float, str]] | None = None,
) -> None:
    """One advance (or back at the end); the session must already be marked busy."""
    action, current = session.next_action()
    try:
        sent = time.perf_counter()
        try:
            answer = await target.client_for(k).post(
                f"/api/sessions/{session.sid}/phase",
                json={"action": action, "from_phase": current},
                headers=session.facilitator_headers,
            )
        except httpx2.HTTPError:
            counters.advances_failed += 1
            session.ambiguous = True
            await target.resync(session, k + 1)
            return
        done = time.perf_counter()
        if answer.status_code == 200:
            phase = answer.json()["phase"]
            session.index = int(phase["index"])
            session.expected.append(((str(phase["id"]), str(phase["started_at"])), sent))
            counters.advances_ok += 1
            if latencies is not None:
                latencies.append(done - sent)
            if trace is not None:
                trace.append((sent, done - sent, session.sid))
        elif answer.status_code == 409:
            counters.advances_conflict += 1
            await target.resync(session, k + 1)
        else:
            counters.advances_failed += 1
            await target.resync(session, k + 1)
    finally:
        session.busy = False


async def note_command(
    target: Target,
    session: SessionHandle,
    player: int,
    j: int,
    counters: Counters,
    lat: list[float],
) -> None:
    sent = time.perf_counter()
    try:
        answer = await target.client_for(j).post(
            f"/api/sessions/{session.sid}/notes",
            json={"text": f"benchmark note {j}"},
            headers=bearer(session.players[player]),
        )
    except httpx2.HTTPError:
        counters.notes_failed += 1
        return
    done = time.perf_counter()
    if answer.status_code == 201:
        counters.notes_ok += 1
        lat.append(done - sent)
    elif answer.status_code == 409:
        counters.notes_refused += 1
    else:
        counters.notes_failed += 1


class Stand:
    """A target with its sessions and their connected sockets."""

    def __init__(self, target: Target, seed: int) -> None:
        self.target = target
        self.sessions: list[SessionHandle] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        self.rng = random.Random(seed)
        self.rss_empty = target.rss()
        self.commands = 0

    @property
    def listeners(self) -> list[Listener]:
        return [listener for s in self.sessions for listener in s.listeners]

    def _spawn(self, coroutine: Any, pending: set[asyncio.Task[None]]) -> None:
        task: asyncio.Task[None] = asyncio.create_task(coroutine)
        pending.add(task)
        task.add_done_callback(pending.discard)

    async def grow(self, count: int) -> dict[str, Any]:
        """Open ``count`` sessions, connect their sockets, and see one phase change arrive."""
        started = time.perf_counter()
        new = await self.target.create_sessions(count, len(self.sessions))
        opened = time.perf_counter()
        window_end = opened + CONNECT_WINDOW_S
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
        connected = time.perf_counter()
        warm = Counters()
        gate = asyncio.Semaphore(WARM_UP_CONCURRENCY)

        async def warm_one(session: SessionHandle) -> None:
            async with gate:
                session.busy = True
                self.commands += 1
                await phase_command(self.target, session, self.commands, warm, None)

        await asyncio.gather(*(warm_one(s) for s in new))
        unseen = len(fresh)
        for _ in range(int(WARM_UP_TIMEOUT_S / POLL_S)):
            unseen = sum(1 for listener in fresh if not listener.frames)
            if unseen == 0:
                break
            await asyncio.sleep(POLL_S)
        if fresh:
            await asyncio.sleep(1.0)  # let stragglers (replays, document frames) settle
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

    async def run_slice(self, load: Load) -> Slice:
        """Drive ``load`` for its duration over all sessions, then drain and check delivery."""
        sessions, listeners = self.sessions, self.listeners
        for session in sessions:
            session.expected.clear()
            session.ambiguous = False
        for listener in listeners:
            listener.mark()
        done = Slice(counters=Counters())
        pending: set[asyncio.Task[None]] = set()
        cpu_before, own_before = self.target.cpu(), time.process_time()
        start = time.perf_counter()
        done.began_wall = time.time()

        async def advances() -> None:
            total = max(1, round(load.rate * load.duration))
            done.counters.advances_planned = total
            for k in range(total):
                await _sleep_until(start + k / load.rate)
                session = sessions[k % len(sessions)]
                if session.busy:
                    done.counters.advances_skipped_busy += 1
                    continue
                session.busy = True
                self.commands += 1
                self._spawn(
                    phase_command(
                        self.target, session, self.commands, done.counters, done.advance, done.trace
                    ),
                    pending,
                )

        async def notes() -> None:
            total = round(load.note_rate * load.duration)
            done.counters.notes_planned = total
            for j in range(total):
                await _sleep_until(start + (j + 0.5) / load.note_rate)
                choice = None
                for _try in range(8):
                    candidate = self.rng.choice(sessions)
                    if not candidate.at_last:
                        choice = candidate
                        break
                if choice is None:
                    done.counters.notes_skipped += 1
                    continue
                player = self.rng.randrange(len(choice.players))
                self._spawn(
                    note_command(self.target, choice, player, j, done.counters, done.notes),
                    pending,
                )

        await asyncio.gather(advances(), notes())
        if pending:
            await asyncio.wait(set(pending), timeout=COMMAND_GRACE_S)
        done.wall = time.perf_counter() - start
        done.server_cpu = self.target.cpu() - cpu_before
        done.client_cpu = time.process_time() - own_before
        done.alive = self.target.alive()
        done.trace = [(sent - start, took, sid) for sent, took, sid in done.trace]
        done.drained = await _drain(listeners)
        parsed = _check(listeners, done.delivery)
        done.verified = await self._verify(parsed, load.verify_sessions)
        return done

    async def _verify(self, parsed: dict[int, list[Received]], sample: int) -> Verified:
        """Compare each sampled client's phase.changed seqs with the session's log: the same
        seqs, in order, none missing, none twice."""
        unsure = [s for s in self.sessions if s.ambiguous]
        rest = [s for s in self.sessions if not s.ambiguous]
        chosen = unsure + self.rng.sample(rest, min(sample, len(rest)))
        gate = asyncio.Semaphore(VERIFY_CONCURRENCY)
        verified = Verified()

        async def one(session: SessionHandle) -> None:
            async with gate:
                try:
                    log = await self.target.phase_log(session)
                except (httpx2.HTTPError, RuntimeError):
                    verified.unreadable_sessions += 1
                    return
            verified.verified_sessions += 1
            window_sizes = set()
            for listener in session.listeners:
                window = [seq for seq in log if seq > listener.mark_seq]
                got = [r.seq for r in parsed[id(listener)]]
                verified.verified_clients += 1
                window_sizes.add(len(window))
                if got != window:
                    verified.mismatched_clients += 1
            if not session.ambiguous and window_sizes != {len(session.expected)}:
                verified.count_mismatch_sessions += 1

        await asyncio.gather(*(one(s) for s in chosen))
        return verified

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks.clear()
        await self.target.aclose()


async def _drain(listeners: list[Listener]) -> bool:
    """Wait (bounded) until every socket has as many phase changes as its session made."""
    for _ in range(int(DRAIN_TIMEOUT_S / POLL_S)):
        if all(len(x.frames) >= len(x.session.expected) for x in listeners):
            return True
        await asyncio.sleep(POLL_S)
    return False


@dataclass
class Delivery:
    """What the sockets got, against what the commands made."""

    samples: list[float] = field(default_factory=list)
    clients: int = 0
    expected_pairs: int = 0
    received_pairs: int = 0
    missing: int = 0
    duplicates: int = 0
    out_of_order: int = 0
    unexpected: int = 0
    clients_with_loss: int = 0
    reconnects: int = 0


@dataclass
class Verified:
    """Sampled sessions whose log was compared with every one of their sockets."""

    verified_sessions: int = 0
    verified_clients: int = 0
    mismatched_clients: int = 0
    count_mismatch_sessions: int = 0
    unreadable_sessions: int = 0


@dataclass
class Slice:
    counters: Counters
    began_wall: float = 0.0
    """``time.time()`` at the start, to line the slice up with the servers' logs."""
    wall: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    alive: bool = True
    drained: bool = True
    advance: list[float] = field(default_factory=list)
    notes: list[float] = field(default_factory=list)
    trace: list[tuple[float, float, str]] = field(default_factory=list)
    """(sent, seconds, session) per advance; ``sent`` relative to the slice's start."""
    delivery: Delivery = field(default_factory=Delivery)
    verified: Verified = field(default_factory=Verified)


def _totals(items: list[Any]) -> dict[str, int]:
    """Sum the integer fields of a list of dataclasses of one type."""
    totals: dict[str, int] = {}
    for item in items:
        for spec in fields(item):
            value = getattr(item, spec.name)
            if isinstance(value, int) and not isinstance(value, bool):
                totals[spec.name] = totals.get(spec.name, 0) + value
    return totals


def combine(slices: list[Slice]) -> dict[str, Any]:
    """One target's figures over all its slices of a step."""
    wall = sum(s.wall for s in slices)
    delivery = _totals([s.delivery for s in slices])
    delivery["clients"] = max((s.delivery.clients for s in slices), default=0)
    verified = {f"log_{k}": v for k, v in _totals([s.verified for s in slices]).items()}
    counters = _totals([s.counters for s in slices])
    fanout = [x for s in slices for x in s.delivery.samples]
    slowest = sorted(
        ((took, index, sent, sid) for index, s in enumerate(slices) for sent, took, sid in s.trace),
        reverse=True,
    )[:SLOWEST]
    return {
        "duration_s": round(wall, 2),
        "slices": len(slices),
        "advance_rate": round(counters["advances_ok"] / wall, 2) if wall else None,
        "counters": counters,
        "fanout_ms": Summary.of_seconds(fanout).as_dict(),
        "advance_ms": Summary.of_seconds([x for s in slices for x in s.advance]).as_dict(),
        "note_ms": Summary.of_seconds([x for s in slices for x in s.notes]).as_dict(),
        "slowest_advances": [
            {
                "slice": index,
                "at_s": round(sent, 2),
                "wall": round(slices[index].began_wall + sent, 3),
                "ms": round(took * 1000, 1),
                "session": sid,
            }
            for took, index, sent, sid in slowest
        ],
        "delivery": delivery | verified | {"drained": all(s.drained for s in slices)},
        "server_cpu_pct": round(100.0 * sum(s.server_cpu for s in slices) / wall, 1)
        if wall
        else None,
        "client_cpu_pct": round(100.0 * sum(s.client_cpu for s in slices) / wall, 1)
        if wall
        else None,
        "server_alive": all(s.alive for s in slices),
    }


def _check(listeners: list[Listener], delivery: Delivery) -> dict[int, list[Received]]:
    """Match every client's phase.changed frames to the commands that caused them."""
    parsed: dict[int, list[Received]] = {}
    for listener in listeners:
        received = listener.phase_frames()
        parsed[id(listener)] = received
        delivery.clients += 1
        delivery.reconnects += listener.connects - listener.connects_at_mark
        expected = listener.session.expected
        wanted = {key for key, _sent in expected}
        seqs = [r.seq for r in received]
        delivery.duplicates += len(seqs) - len(set(seqs))
        delivery.out_of_order += sum(1 for a, b in itertools.pairwise(seqs) if b < a)
        arrival: dict[tuple[str, str], float] = {}
        for r in received:
            arrival.setdefault(r.key, r.at)
        delivery.unexpected += sum(1 for r in received if r.key not in wanted)
        delivery.expected_pairs += len(expected)
        lost = 0
        for key, sent in expected:
            at = arrival.get(key)
            if at is None:
                lost += 1
            else:
                delivery.received_pairs += 1
                delivery.samples.append(at - sent)
        order = list(dict.fromkeys(r.key for r in received if r.key in wanted))
        if order != [key for key, _sent in expected] and not lost:
            delivery.out_of_order += 1
        delivery.missing += lost
        delivery.clients_with_loss += 1 if lost else 0
    return parsed
