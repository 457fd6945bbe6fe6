"""Services layer: what this worker measures about itself, kept in memory for ``/metrics``.

A histogram is the Prometheus kind: a count per upper bound, a sum and a count, from which a
scraper derives any quantile over any window, and which several workers' figures add up to.
Observing costs a bisection and two additions on the event loop's thread, so every command is
measured; nothing here locks, because only the loop observes.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

BOUNDS_S = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Upper bounds in seconds, from a fast command on SQLite to a stalled event loop."""


class Histogram:
    def __init__(self, bounds: tuple[float, ...] = BOUNDS_S) -> None:
        self.bounds = bounds
        self._counts = [0] * (len(bounds) + 1)
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self._counts[bisect_left(self.bounds, value)] += 1
        self.sum += value

    @property
    def count(self) -> int:
        return sum(self._counts)

    def buckets(self) -> Iterator[tuple[float, int]]:
        """Each upper bound (the last one infinite) with how many values were at most it."""
        seen = 0
        for bound, count in zip((*self.bounds, math.inf), self._counts, strict=True):
            seen += count
            yield bound, seen


@dataclass
class Metrics:
    commands: dict[str, Histogram] = field(default_factory=dict)
    """The command path (``commands.handle``: the transaction and the publishing), by command."""
    broadcast_lag: Histogram = field(default_factory=Histogram)
    """From publishing a message on the broadcast backend to this worker receiving it."""
    loop_lag: Histogram = field(default_factory=Histogram)
    """How late the event loop wakes a task that slept."""

    def command(self, name: str, seconds: float) -> None:
        histogram = self.commands.get(name)
        if histogram is None:
            histogram = self.commands[name] = Histogram()
        histogram.observe(seconds)
