"""Realtime layer: who is online in a session, across every worker that serves it.

Each worker announces the players it holds a socket for, on every change and as a heartbeat;
an announcement not renewed within ``STALE_S`` is forgotten, so a worker that died stops
counting its players as present within a minute without anyone having to notice it died.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

HEARTBEAT_S = 20.0
STALE_S = 60.0


@dataclass
class Presence:
    worker: str
    remote: dict[str, tuple[frozenset[str], float]] = field(default_factory=dict)

    def heard(self, worker: str, online: frozenset[str], now: float | None = None) -> bool:
        """Record another worker's announcement; True if the picture changed."""
        if worker == self.worker:
            return False
        before = self.remote.get(worker, (frozenset(), 0.0))[0]
        self.remote[worker] = (online, time.monotonic() if now is None else now)
        return before != online

    def expire(self, now: float | None = None) -> bool:
        """Forget silent workers; True if that changed who is online."""
        limit = (time.monotonic() if now is None else now) - STALE_S
        gone = [w for w, (ids, seen) in self.remote.items() if seen < limit]
        changed = any(self.remote[w][0] for w in gone)
        for worker in gone:
            del self.remote[worker]
        return changed

    def everyone(self, local: frozenset[str]) -> frozenset[str]:
        union = set(local)
        for ids, _seen in self.remote.values():
            union |= ids
        return frozenset(union)
