"""Benchmark layer, measurement slices: what one target did in one slice, and a step's figures.

The targets of a step take turns in short slices; ``combine`` folds one target's slices back
into the figures of the step (latency summaries, counters, delivery, CPU, slowest advances).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from bench.commands import Counters
from bench.delivery import Delivery, Verified
from bench.stats import Summary

SLOWEST = 8


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


def _slowest_advances(slices: list[Slice]) -> list[dict[str, Any]]:
    """The slowest advances over all slices, with the wall-clock moment each was sent, so that
    a collector pause in the servers' logs can be matched to them."""
    slowest = sorted(
        ((took, index, sent, sid) for index, s in enumerate(slices) for sent, took, sid in s.trace),
        reverse=True,
    )[:SLOWEST]
    return [
        {
            "slice": index,
            "at_s": round(sent, 2),
            "wall": round(slices[index].began_wall + sent, 3),
            "ms": round(took * 1000, 1),
            "session": sid,
        }
        for took, index, sent, sid in slowest
    ]


def combine(slices: list[Slice]) -> dict[str, Any]:
    """One target's figures over all its slices of a step."""
    wall = sum(s.wall for s in slices)
    delivery = _totals([s.delivery for s in slices])
    delivery["clients"] = max((s.delivery.clients for s in slices), default=0)
    verified = {f"log_{k}": v for k, v in _totals([s.verified for s in slices]).items()}
    counters = _totals([s.counters for s in slices])
    fanout = [x for s in slices for x in s.delivery.samples]
    return {
        "duration_s": round(wall, 2),
        "slices": len(slices),
        "advance_rate": round(counters["advances_ok"] / wall, 2) if wall else None,
        "counters": counters,
        "fanout_ms": Summary.of_seconds(fanout).as_dict(),
        "advance_ms": Summary.of_seconds([x for s in slices for x in s.advance]).as_dict(),
        "note_ms": Summary.of_seconds([x for s in slices for x in s.notes]).as_dict(),
        "slowest_advances": _slowest_advances(slices),
        "delivery": delivery | verified | {"drained": all(s.drained for s in slices)},
        "server_cpu_pct": round(100.0 * sum(s.server_cpu for s in slices) / wall, 1)
        if wall
        else None,
        "client_cpu_pct": round(100.0 * sum(s.client_cpu for s in slices) / wall, 1)
        if wall
        else None,
        "server_alive": all(s.alive for s in slices),
    }
