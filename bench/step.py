"""Benchmark layer, one step of the ladder: its entrants measured in turns, and their records.

The entrants of a step take turns in short slices (the order rotating each round), so that
the machine's noise falls on all of them alike. Each one's record holds its memory, its
combined figures, the collector pauses of its servers and why it failed the criterion.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from bench import verdicts
from bench.load import Load
from bench.slices import Slice, combine
from bench.stand import Stand
from bench.targets import PLAYERS

MB = 1024 * 1024
KEPT_FULL_COLLECTIONS = 20


@dataclass(frozen=True)
class Entrant:
    stand: Stand
    label: str


async def interleave(entrants: list[Entrant], rounds: int, load: Load) -> list[list[Slice]]:
    """Each entrant's slices, one per round."""
    collected: list[list[Slice]] = [[] for _ in entrants]
    for round_number in range(rounds):
        for offset in range(len(entrants)):
            index = (round_number + offset) % len(entrants)
            collected[index].append(await entrants[index].stand.run_slice(load))
    return collected


def record(
    entrant: Entrant,
    grow: dict[str, Any],
    rss: int,
    slices: list[Slice],
    *,
    attempt: int,
    began: float,
    runs: list[dict[str, Any]],
    target_p99_ms: float,
) -> dict[str, Any]:
    """The entry of one entrant for the step; ``runs`` are the entries before it (for the
    memory added since the same target's previous step), ``began`` the step's wall clock."""
    stand = entrant.stand
    entry: dict[str, Any] = {
        "target": entrant.label,
        "attempt": attempt,
        "kind": stand.target.kind,
        "processes": len(stand.target.servers),
        "sessions": len(stand.sessions),
        "sockets": len(stand.sessions) * PLAYERS,
        "grow": grow,
        **_memory(stand, rss, runs),
        **combine(slices),
    }
    entry["gc"] = gc_figures(stand, slices, entry["slowest_advances"], began)
    entry["loadavg_1m"] = round(os.getloadavg()[0], 2)
    entry["failures"] = verdicts.failures(entry, target_p99_ms)
    entry["lossless"] = verdicts.lossless(entry)
    return entry


def _memory(stand: Stand, rss: int, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """RSS once grown, per session, and per session added since the last smaller step."""
    earlier = [
        e
        for e in runs
        if (e["kind"], e["processes"]) == (stand.target.kind, len(stand.target.servers))
        and e["sessions"] < len(stand.sessions)
    ]
    marginal = None
    if earlier:
        added = len(stand.sessions) - earlier[-1]["sessions"]
        marginal = round((rss / MB - earlier[-1]["rss_mb"]) * 1024 / added, 1)
    return {
        "rss_empty_mb": round(stand.rss_empty / MB, 1),
        "rss_mb": round(rss / MB, 1),
        "rss_per_session_kb": round((rss - stand.rss_empty) / len(stand.sessions) / 1024, 1),
        "rss_marginal_kb_per_session": marginal,
    }


def gc_figures(
    stand: Stand, slices: list[Slice], slowest: list[dict[str, Any]], began: float
) -> dict[str, Any]:
    """The servers' garbage collections during the slices; marks each of the slowest advances
    with the collector pause (ms) that overlapped it, if any. ``step_full`` lists every full
    collection since the step began (growing included), measured or not."""
    windows = [(s.began_wall, s.began_wall + s.wall) for s in slices]
    logged = [p for server in stand.target.servers for p in server.gc_pauses()]
    pauses = [
        p for p in logged if any(start <= p.ended and p.started <= end for start, end in windows)
    ]
    for advance in slowest:
        sent, took = advance["wall"], advance["ms"] / 1000.0
        overlap = [p.ms for p in pauses if p.started <= sent + took and p.ended >= sent]
        advance["gc_ms"] = round(max(overlap), 1) if overlap else 0.0
    full = [p.ms for p in pauses if p.generation == 2]
    return {
        "full_collections": len(full),
        "full_max_ms": round(max(full), 1) if full else 0.0,
        "full_total_ms": round(sum(full), 1),
        "slow_collections": len([p for p in pauses if p.generation != 2]),
        "pauses_over_50ms": len([p for p in pauses if p.ms > 50]),
        "step_full": [
            {"ms": p.ms, "collected": p.collected, "objects": p.objects}
            for p in logged
            if p.generation == 2 and p.ended >= began
        ][:KEPT_FULL_COLLECTIONS],
    }
