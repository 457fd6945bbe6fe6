"""Benchmark layer, the summary of a run: the figures its report leads with.

Latency, memory and command figures come from the first attempt at ``--sessions`` (the one
measured alongside every other target); capacity from the last attempt at each step of the
single app process.
"""

from __future__ import annotations

from typing import Any

from bench import verdicts
from bench.stats import ratio

Entry = dict[str, Any]


def summarise(
    runs: list[Entry], sessions: int, target_p99_ms: float, stop_reason: str
) -> dict[str, Any]:
    app, base = _first(runs, "app", 1, sessions), _first(runs, "baseline", 1, sessions)
    two = _first(runs, "app", 2, sessions)
    app_steps = _last_attempts(runs)
    return {
        "latency": _latency(app, base, sessions),
        "capacity": _capacity(app_steps, target_p99_ms, stop_reason),
        "memory": _memory(app, base, app_steps),
        "commands": _commands(app, base),
        "two_process": None if two is None else _two_process(two, app),
        "gc_full_max_ms_by_sessions": [
            (e["sessions"], max([p["ms"] for p in e["gc"]["step_full"]], default=0.0))
            for e in app_steps
        ],
        "no_event_lost": {f"{e['target']} S={e['sessions']}": e["lossless"] for e in runs},
    }


def _first(runs: list[Entry], kind: str, processes: int, sessions: int) -> Entry | None:
    """The first attempt: the one measured alongside everything else at that S."""
    for entry in runs:
        if (entry["kind"], entry["processes"], entry["sessions"]) == (kind, processes, sessions):
            return entry
    return None


def _last_attempts(runs: list[Entry]) -> list[Entry]:
    """The single app process's steps in order of S, each by its last attempt."""
    last_attempt: dict[int, Entry] = {}
    for entry in runs:
        if entry["kind"] == "app" and entry["processes"] == 1:
            last_attempt[entry["sessions"]] = entry
    return [last_attempt[s] for s in sorted(last_attempt)]


def _figure(entry: Entry | None, group: str, name: str) -> float | None:
    return None if entry is None else entry[group][name]


def _latency(app: Entry | None, base: Entry | None, sessions: int) -> dict[str, Any]:
    app_p50, app_p99 = _figure(app, "fanout_ms", "p50"), _figure(app, "fanout_ms", "p99")
    base_p50, base_p99 = _figure(base, "fanout_ms", "p50"), _figure(base, "fanout_ms", "p99")
    return {
        "sessions": sessions,
        "app_p50_ms": app_p50,
        "app_p99_ms": app_p99,
        "baseline_p50_ms": base_p50,
        "baseline_p99_ms": base_p99,
        "p50_ratio": ratio(app_p50, base_p50),
        "p99_ratio": ratio(app_p99, base_p99),
    }


def _capacity(app_steps: list[Entry], target_p99_ms: float, stop_reason: str) -> dict[str, Any]:
    passing, first_failure = verdicts.capacity(app_steps)
    return {
        "target_p99_ms": target_p99_ms,
        "largest_passing_sessions": passing,
        "first_failing_sessions": first_failure,
        "ladder_tried": [e["sessions"] for e in app_steps],
        "retried": [e["sessions"] for e in app_steps if e["attempt"] > 1],
        "inconclusive": [e["sessions"] for e in app_steps if e.get("verdict") == "inconclusive"],
        "stop_reason": stop_reason,
    }


def _memory(app: Entry | None, base: Entry | None, app_steps: list[Entry]) -> dict[str, Any]:
    largest = app_steps[-1] if app_steps else None
    return {
        "rss_empty_mb": None if app is None else app["rss_empty_mb"],
        "per_session_kb": None if app is None else app["rss_per_session_kb"],
        "per_session_kb_at_largest": None if largest is None else largest["rss_per_session_kb"],
        "largest_sessions": None if largest is None else largest["sessions"],
        "marginal_kb_per_session": [
            (e["sessions"], e["rss_marginal_kb_per_session"])
            for e in app_steps
            if e["rss_marginal_kb_per_session"] is not None
        ],
        "baseline_per_session_kb": None if base is None else base["rss_per_session_kb"],
    }


def _commands(app: Entry | None, base: Entry | None) -> dict[str, Any]:
    return {
        "advance_p50_ms": _figure(app, "advance_ms", "p50"),
        "advance_p99_ms": _figure(app, "advance_ms", "p99"),
        "note_p50_ms": _figure(app, "note_ms", "p50"),
        "note_p99_ms": _figure(app, "note_ms", "p99"),
        "baseline_advance_p99_ms": _figure(base, "advance_ms", "p99"),
    }


def _two_process(two: Entry, app: Entry | None) -> dict[str, Any]:
    return {
        "p50_ms": two["fanout_ms"]["p50"],
        "p99_ms": two["fanout_ms"]["p99"],
        "p50_ratio_vs_single": ratio(two["fanout_ms"]["p50"], _figure(app, "fanout_ms", "p50")),
        "p99_ratio_vs_single": ratio(two["fanout_ms"]["p99"], _figure(app, "fanout_ms", "p99")),
        "advance_p50_ms": two["advance_ms"]["p50"],
        "advance_p99_ms": two["advance_ms"]["p99"],
        "note_p50_ms": two["note_ms"]["p50"],
        "note_p99_ms": two["note_ms"]["p99"],
        "lossless": two["lossless"],
        "rss_per_session_kb": two["rss_per_session_kb"],
    }
