"""Loaded at start-up by the servers under test (their PYTHONPATH names this folder): writes
one ``bench-gc`` line to stderr per full (generation 2) or slow garbage collection, so the
benchmark can tell a collector pause from other stalls. Nothing else is changed.
``BENCH_GC_SLOW_MS`` (default 20) sets what counts as slow; ``BENCH_GC_COUNT=1`` also logs how
many objects survived in the oldest generation."""

from __future__ import annotations

import gc
import os
import sys
import time
from typing import Any

_SLOW_S = float(os.environ.get("BENCH_GC_SLOW_MS", "20")) / 1000.0
_COUNT = os.environ.get("BENCH_GC_COUNT") == "1"
"""Also count the objects the full collection had to traverse (costs a list of them)."""
_started: list[float] = [0.0]


def _watch(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _started[0] = time.perf_counter()
        return
    took = time.perf_counter() - _started[0]
    generation = int(info.get("generation", -1))
    if generation == 2 or took >= _SLOW_S:
        tracked = len(gc.get_objects(generation=2)) if _COUNT and generation == 2 else -1
        sys.stderr.write(
            f"bench-gc {time.time():.4f} gen={generation} ms={took * 1000:.2f} "
            f"collected={info.get('collected', 0)} objects={tracked}\n"
        )


gc.callbacks.append(_watch)
