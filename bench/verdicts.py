"""Benchmark layer, the verdict policy: when a ladder step passes, fails or says nothing.

A step passes when its fan-out p99 stays under the target with no event lost, no failed
advance, every socket connected and every server alive. A miss of the latency target alone
that no collector pause of the app explains is measured once more, and is inconclusive when
the baseline, measured in the same slices, was slowed down as well.
"""

from __future__ import annotations

from typing import Any

NOISE_FRACTION = 0.5
"""A baseline p99 of half the target means the machine, not the app, set the pace."""


def failures(entry: dict[str, Any], target_p99_ms: float) -> list[str]:
    """Why a step fails the capacity criterion (empty when it passes)."""
    reasons: list[str] = []
    p99 = entry["fanout_ms"]["p99"]
    if p99 is None:
        reasons.append("no fan-out samples")
    elif p99 >= target_p99_ms:
        reasons.append(f"p99 {p99:.1f} ms >= {target_p99_ms:g} ms")
    if not lossless(entry):
        reasons.append("events lost, duplicated or out of order")
    if entry["counters"]["advances_failed"]:
        reasons.append(f"{entry['counters']['advances_failed']} failed advances")
    if entry["grow"]["sockets_not_connected"]:
        reasons.append(f"{entry['grow']['sockets_not_connected']} sockets did not connect")
    if not entry["server_alive"]:
        reasons.append("a server process died")
    return reasons


def lossless(entry: dict[str, Any]) -> bool:
    d = entry["delivery"]
    return not (
        d["missing"]
        or d["duplicates"]
        or d["out_of_order"]
        or d["log_mismatched_clients"]
        or d["log_count_mismatch_sessions"]
        or d["log_unreadable_sessions"]
    )


def unexplained_latency_miss(entry: dict[str, Any], target_p99_ms: float) -> bool:
    """The step missed the latency target and nothing else, and no full collection of the
    app's as long as the target explains it: a step worth measuring once more."""
    only_latency = bool(entry["failures"]) and all(
        reason.startswith("p99") for reason in entry["failures"]
    )
    return only_latency and entry["gc"]["full_max_ms"] < target_p99_ms


def verdict(entry: dict[str, Any], baseline: dict[str, Any], target_p99_ms: float) -> str:
    """``pass``, ``fail``, or ``inconclusive`` when the miss is an unexplained latency miss
    and the baseline measured in the same slices was slowed down as well (its p99 at least
    ``NOISE_FRACTION`` of the target)."""
    if not entry["failures"]:
        return "pass"
    noisy = (baseline["fanout_ms"]["p99"] or 0.0) >= NOISE_FRACTION * target_p99_ms
    return "inconclusive" if unexplained_latency_miss(entry, target_p99_ms) and noisy else "fail"


def capacity(app_steps: list[dict[str, Any]]) -> tuple[int | None, int | None]:
    """The largest S that passed below every failing one, and the first S that failed; an
    inconclusive step counts as neither."""
    passing: int | None = None
    first_failure: int | None = None
    for entry in app_steps:
        judged = entry.get("verdict", "fail" if entry["failures"] else "pass")
        if judged == "fail":
            first_failure = first_failure or entry["sessions"]
        elif judged == "pass" and first_failure is None:
            passing = entry["sessions"]
    return passing, first_failure
