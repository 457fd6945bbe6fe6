"""Percentiles and summaries of latency samples (seconds in, milliseconds out)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


def percentile(ordered: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks; ``ordered`` must be sorted."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """Latency figures in milliseconds; ``None`` when there were no samples."""

    n: int
    p50: float | None
    p90: float | None
    p99: float | None
    max: float | None
    mean: float | None

    @classmethod
    def of_seconds(cls, samples: Sequence[float]) -> Summary:
        ordered = sorted(s * 1000.0 for s in samples)

        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 3)

        return cls(
            n=len(ordered),
            p50=rounded(percentile(ordered, 50)),
            p90=rounded(percentile(ordered, 90)),
            p99=rounded(percentile(ordered, 99)),
            max=rounded(ordered[-1] if ordered else None),
            mean=rounded(sum(ordered) / len(ordered) if ordered else None),
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return round(numerator / denominator, 2)
