"""Benchmark layer, the report: a progress line per measured target, the printed table and
summary, and the JSON file in ``bench/results/``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

COLUMNS: Sequence[tuple[str, int]] = (
    ("run", 16),
    ("S", 4),
    ("sockets", 7),
    ("adv/s", 6),
    ("fan-out p50", 11),
    ("p90", 7),
    ("p99", 7),
    ("max", 7),
    ("adv p50/p99", 13),
    ("note p50/p99", 13),
    ("lost/dup/ooo", 12),
    ("log ok", 9),
    ("srv CPU", 7),
    ("RSS MB", 7),
    ("KB/sess", 7),
    ("GC2 max", 8),
    ("p99<tgt", 7),
)


def utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _gc(figures: dict[str, Any]) -> str:
    """The longest full collection of the step (growing included); * when one fell inside
    the measured slices."""
    pauses = [p["ms"] for p in figures["step_full"]]
    if not pauses and not figures["full_collections"]:
        return "-"
    longest = max([*pauses, figures["full_max_ms"]])
    return _ms(longest) + ("*" if figures["full_collections"] else "")


def _pair(summary: dict[str, Any]) -> str:
    return f"{_ms(summary['p50'])}/{_ms(summary['p99'])}"


def row(entry: dict[str, Any]) -> list[str]:
    f, d = entry["fanout_ms"], entry["delivery"]
    verified = d["log_verified_clients"]
    log_ok = f"{verified - d['log_mismatched_clients']}/{verified}"
    return [
        entry["target"],
        str(entry["sessions"]),
        str(entry["sockets"]),
        "-" if entry["advance_rate"] is None else f"{entry['advance_rate']:.1f}",
        _ms(f["p50"]),
        _ms(f["p90"]),
        _ms(f["p99"]),
        _ms(f["max"]),
        _pair(entry["advance_ms"]),
        _pair(entry["note_ms"]),
        f"{d['missing']}/{d['duplicates']}/{d['out_of_order']}",
        log_ok,
        f"{entry['server_cpu_pct']}%",
        f"{entry['rss_mb']:.0f}",
        f"{entry['rss_per_session_kb']:.0f}",
        _gc(entry["gc"]),
        "noisy"
        if entry.get("verdict") == "inconclusive"
        else ("NO" if entry["failures"] else "yes"),
    ]


def progress_line(entry: dict[str, Any]) -> str:
    f, a, n, d = entry["fanout_ms"], entry["advance_ms"], entry["note_ms"], entry["delivery"]
    return (
        f"{entry['target']:<12} S={entry['sessions']:<4} sockets={entry['sockets']:<5} "
        f"fan-out p50 {f['p50']} p99 {f['p99']} ms (n={f['n']}); advance p99 {a['p99']} ms; "
        f"note p99 {n['p99']} ms; missing {d['missing']}; server CPU {entry['server_cpu_pct']}%; "
        f"full GCs {entry['gc']['full_collections']} (max {entry['gc']['full_max_ms']} ms)"
    )


def table(runs: Sequence[dict[str, Any]]) -> str:
    lines = [
        "  ".join(name.ljust(width) for name, width in COLUMNS),
        "  ".join("-" * width for _name, width in COLUMNS),
    ]
    for entry in runs:
        cells = row(entry)
        lines.append("  ".join(c.ljust(w) for c, (_n, w) in zip(cells, COLUMNS, strict=True)))
    return "\n".join(lines)


def _steps(pairs: Sequence[Sequence[float]]) -> str:
    return ", ".join(f"{kb:.0f} (to S={int(at)})" for at, kb in pairs) or "-"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def summary_text(summary: dict[str, Any], notes: Sequence[str]) -> str:
    lat, cap, mem = summary["latency"], summary["capacity"], summary["memory"]
    cmd, two = summary["commands"], summary["two_process"]
    lines = [
        f"fan-out latency at S={lat['sessions']} (12 sockets each): "
        f"app p50 {_ms(lat['app_p50_ms'])} ms / p99 {_ms(lat['app_p99_ms'])} ms; "
        f"baseline p50 {_ms(lat['baseline_p50_ms'])} ms / p99 {_ms(lat['baseline_p99_ms'])} ms; "
        f"ratio p50 {_x(lat['p50_ratio'])}, p99 {_x(lat['p99_ratio'])}",
        f"capacity (p99 < {cap['target_p99_ms']:g} ms, no loss, one process, SQLite): "
        f"largest passing S = {cap['largest_passing_sessions']}, "
        f"first failing S = {cap['first_failing_sessions']}; tried {cap['ladder_tried']}; "
        f"stopped: {cap['stop_reason']}"
        + (f"; measured twice (noise): S={cap['retried']}" if cap["retried"] else "")
        + (
            f"; inconclusive (baseline slowed too): S={cap['inconclusive']}"
            if cap["inconclusive"]
            else ""
        ),
        f"memory: {mem['rss_empty_mb']} MB empty; {mem['per_session_kb']} KB per session with "
        f"12 sockets at S={lat['sessions']}, {mem['per_session_kb_at_largest']} KB at "
        f"S={mem['largest_sessions']} (baseline {mem['baseline_per_session_kb']} KB); marginal "
        f"KB per added session between steps: {_steps(mem['marginal_kb_per_session'])}",
        f"command latency at S={lat['sessions']}: advance p50 {_ms(cmd['advance_p50_ms'])} / "
        f"p99 {_ms(cmd['advance_p99_ms'])} ms (baseline p99 {_ms(cmd['baseline_advance_p99_ms'])}"
        f" ms); note p50 {_ms(cmd['note_p50_ms'])} / p99 {_ms(cmd['note_p99_ms'])} ms",
    ]
    if two is not None:
        lines.append(
            f"two processes (PostgreSQL + Redis) at S={lat['sessions']}: fan-out p50 "
            f"{_ms(two['p50_ms'])} / p99 {_ms(two['p99_ms'])} ms, vs one process p50 "
            f"{_x(two['p50_ratio_vs_single'])} p99 {_x(two['p99_ratio_vs_single'])}; advance "
            f"{_ms(two['advance_p50_ms'])}/{_ms(two['advance_p99_ms'])} ms, note "
            f"{_ms(two['note_p50_ms'])}/{_ms(two['note_p99_ms'])} ms; "
            f"zero loss: {'yes' if two['lossless'] else 'NO'}"
        )
    pauses = ", ".join(f"S={at}: {_ms(ms)} ms" for at, ms in summary["gc_full_max_ms_by_sessions"])
    lines.append(
        "longest full GC pause of the app process per step (growing included; * in the table "
        f"= inside the measured slices): {pauses or '-'}"
    )
    lost = [name for name, ok in summary["no_event_lost"].items() if not ok]
    lines.append(
        "no event lost: " + ("yes, in every run" if not lost else "NO in " + ", ".join(lost))
    )
    lines.extend(f"note: {n}" for n in notes)
    return "\n".join(lines)


def profile_text(found: dict[str, Any] | None, top: int = 12) -> str:
    if not found or "self" not in found:
        return ""
    lines = [f"py-spy: {found['samples']} samples of the app server ({found['raw_file']})"]
    for title, key in (
        ("self time by package", "self_by_package"),
        ("self time", "self"),
        ("inclusive, app code", "inclusive_app"),
    ):
        lines.append(f"  {title}:")
        lines.extend(f"    {item['pct']:5.1f}%  {item['function']}" for item in found[key][:top])
    return "\n".join(lines)


def write_json(directory: Path, stamp: str, document: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{stamp}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path
