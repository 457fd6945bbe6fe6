"""``python -m bench [--quick]``: fan-out latency against a bare baseline, capacity, memory per
session, command latency, and two processes over Redis and PostgreSQL, in one run.

Prints a table and a summary, and writes everything to ``bench/results/<UTC timestamp>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from bench import profile, report
from bench.ladder import Ladder, Options

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"

FULL = {
    "sessions": 100,
    "ladder": "50,100,200,300,500",
    "duration": 25.0,
    "step_duration": 15.0,
    "slice": 5.0,
    "budget": 840.0,
    "verify_sessions": 30,
}
QUICK = {
    "sessions": 10,
    "ladder": "10,20",
    "duration": 6.0,
    "step_duration": 5.0,
    "slice": 3.0,
    "budget": 105.0,
    "verify_sessions": 10,
}


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small S, short steps (< 2 min)")
    parser.add_argument("--sessions", "-S", type=int, help="S for the latency comparison")
    parser.add_argument("--ladder", help="capacity ladder of S, comma separated")
    parser.add_argument("--rate", type=float, default=20.0, help="advances per second overall")
    parser.add_argument("--note-rate", type=float, default=10.0, help="notes per second overall")
    parser.add_argument("--duration", type=float, help="seconds measured at --sessions")
    parser.add_argument("--step-duration", type=float, help="seconds per other ladder step")
    parser.add_argument(
        "--slice", type=float, help="seconds per measurement slice (targets take turns)"
    )
    parser.add_argument("--target-p99-ms", type=float, default=100.0)
    parser.add_argument("--budget", type=float, help="time budget in seconds (ladder stops)")
    parser.add_argument("--verify-sessions", type=int, help="sessions checked against the log")
    parser.add_argument("--no-two-process", action="store_true", help="skip PostgreSQL+Redis")
    spy = parser.add_mutually_exclusive_group()
    spy.add_argument("--profile", dest="profile", action="store_true", default=None)
    spy.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for the JSON")
    args = parser.parse_args(argv)
    preset = QUICK if args.quick else FULL

    def pick(name: str) -> Any:
        given = getattr(args, name)
        return preset[name] if given is None else given

    ladder = tuple(sorted({int(part) for part in str(pick("ladder")).split(",") if part.strip()}))
    sessions = int(pick("sessions"))
    if sessions < 1 or not ladder or min(ladder) < 1 or args.rate <= 0 or args.note_rate <= 0:
        parser.error("sessions, ladder steps and rates must be positive")
    wants_profile = (not args.quick) if args.profile is None else bool(args.profile)
    return Options(
        quick=args.quick,
        sessions=sessions,
        ladder=ladder,
        rate=args.rate,
        note_rate=args.note_rate,
        duration=float(pick("duration")),
        step_duration=float(pick("step_duration")),
        slice_s=float(pick("slice")),
        target_p99_ms=args.target_p99_ms,
        budget_s=float(pick("budget")),
        verify_sessions=int(pick("verify_sessions")),
        two_process=not args.no_two_process,
        profile=wants_profile and profile.py_spy() is not None,
        pg_url=args.pg_url,
        redis_url=args.redis_url,
        seed=args.seed,
        results_dir=args.results,
    )


async def run(options: Options, stamp: str) -> dict[str, Any]:
    options.results_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cl-bench-") as workdir:
        ladder = Ladder(options, Path(workdir), stamp)
        load_before = os.getloadavg()
        error: str | None = None
        try:
            await ladder.climb()
        except Exception as problem:
            error = f"{type(problem).__name__}: {problem}"
            ladder.say(f"run stopped: {error}")
        return {
            "started_utc": stamp,
            "elapsed_s": round(time.perf_counter() - ladder.began, 1),
            "options": ladder.options_dict(),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "loadavg_before": load_before,
                "loadavg_after": os.getloadavg(),
                "open_file_limit": ladder.fd_limit,
            },
            "error": error,
            "summary": ladder.summary(),
            "runs": ladder.runs,
            "profile": ladder.profile,
            "notes": ladder.notes,
        }


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    stamp = report.utc_stamp()
    coroutine: Coroutine[Any, Any, dict[str, Any]] = run(options, stamp)
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        document = runner.run(coroutine)
    path = report.write_json(options.results_dir, stamp, document)
    print()
    print(report.table(document["runs"]))
    print()
    print(report.summary_text(document["summary"], document["notes"]))
    profiled = report.profile_text(document["profile"])
    if profiled:
        print()
        print(profiled)
    print(f"\nresults: {path}  ({document['elapsed_s']} s)")
    if document["error"]:
        print(f"error: {document['error']}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
