"""Web layer: the two counters behind the rate limits, bounded in memory and told the time.

``FailureLog`` remembers, per client address, when its recent failures happened: a sliding
window, so twenty wrong codes buy a full minute of silence however they are spread.
``TokenBuckets`` lets each principal write in bursts and then at a steady pace. Both forget
the entry used longest ago once they hold ``capacity`` keys, so a flood of new addresses or
made-up tokens costs a bounded amount of memory; a forgotten key merely starts afresh. Both
live in one worker process: with N workers, a client meets N separate limits at most.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from dataclasses import dataclass, field


def retry_after(wait_s: float) -> int:
    """Whole seconds for a ``Retry-After`` header: at least one, never an early retry."""
    return max(1, math.ceil(wait_s))


@dataclass
class FailureLog:
    limit: int
    window_s: float
    capacity: int
    _seen: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)

    def wait(self, key: str, now: float) -> float:
        """Seconds until ``key`` may try again; 0 when it may now."""
        times = self._seen.get(key)
        if times is None:
            return 0.0
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._seen[key]
            return 0.0
        if len(times) < self.limit:
            return 0.0
        return times[0] + self.window_s - now

    def failed(self, key: str, now: float) -> None:
        times = self._seen.get(key)
        if times is None:
            times = self._seen[key] = deque(maxlen=self.limit)
        times.append(now)
        self._seen.move_to_end(key)
        while len(self._seen) > self.capacity:
            self._seen.popitem(last=False)

    def __len__(self) -> int:
        return len(self._seen)


@dataclass
class TokenBuckets:
    burst: int
    per_s: float
    capacity: int
    _buckets: OrderedDict[bytes, tuple[float, float]] = field(default_factory=OrderedDict)
    """Per key: the tokens left and when they were counted."""

    def take(self, key: bytes, now: float) -> float:
        """Spend one token of ``key``: 0 when it was there, else the seconds until one is."""
        left, counted = self._buckets.get(key, (float(self.burst), now))
        left = min(float(self.burst), left + max(0.0, now - counted) * self.per_s)
        if left < 1.0:
            self._buckets[key] = (left, now)
            return (1.0 - left) / self.per_s
        self._buckets[key] = (left - 1.0, now)
        self._buckets.move_to_end(key)
        while len(self._buckets) > self.capacity:
            self._buckets.popitem(last=False)
        return 0.0

    def __len__(self) -> int:
        return len(self._buckets)
