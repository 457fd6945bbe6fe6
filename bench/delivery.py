"""Benchmark layer, delivery: did every socket get every phase change, once and in order?

After a measurement the sockets drain, then each client's ``phase.changed`` frames are matched
to the commands that caused them (latency, loss, duplicates, order), and a sample of sessions
is compared with the server's own log, the one authority when a command's outcome is unknown.
"""

from __future__ import annotations

import asyncio
import itertools
import random
from dataclasses import dataclass, field

import httpx2

from bench.clients import Listener, Received, SessionHandle
from bench.targets import Target

DRAIN_TIMEOUT_S = 15.0
VERIFY_CONCURRENCY = 4
POLL_S = 0.05


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


async def drain(listeners: list[Listener]) -> bool:
    """Wait (bounded) until every socket has as many phase changes as its session made."""
    for _ in range(int(DRAIN_TIMEOUT_S / POLL_S)):
        if all(len(x.frames) >= len(x.session.expected) for x in listeners):
            return True
        await asyncio.sleep(POLL_S)
    return False


def check(listeners: list[Listener], delivery: Delivery) -> dict[int, list[Received]]:
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


async def verify(
    target: Target,
    sessions: list[SessionHandle],
    parsed: dict[int, list[Received]],
    sample: int,
    rng: random.Random,
) -> Verified:
    """Compare each sampled client's phase.changed seqs with the session's log: the same
    seqs, in order, none missing, none twice. Sessions with a command of unknown outcome are
    always in the sample."""
    unsure = [s for s in sessions if s.ambiguous]
    rest = [s for s in sessions if not s.ambiguous]
    chosen = unsure + rng.sample(rest, min(sample, len(rest)))
    gate = asyncio.Semaphore(VERIFY_CONCURRENCY)
    verified = Verified()

    async def one(session: SessionHandle) -> None:
        async with gate:
            try:
                log = await target.phase_log(session)
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
