"""The benchmark in one run.

A ladder of session counts S: at each step the baseline and one app process (SQLite,
in-memory broadcast) are grown to S sessions x 12 sockets and measured under the same load in
interleaved slices. At ``--sessions`` two more app processes on two ports (PostgreSQL in a
schema of their own, Redis) join the same step, sockets split half/half and commands
alternating. The largest S whose p99 stays under the target is the capacity; RSS before and
after growing gives the memory per session; optionally py-spy samples the app afterwards.
"""

from __future__ import annotations

import asyncio
import math
import os
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psycopg
import redis
from psycopg import sql

from bench import profile
from bench.load import Load, Slice, Stand, combine
from bench.server import (
    ServerHandle,
    app_command,
    baseline_command,
    free_port,
    launch,
    raise_open_file_limit,
)
from bench.stats import ratio
from bench.targets import PLAYERS, AppTarget, BaselineTarget

MB = 1024 * 1024
FD_HEADROOM = 512
FIRST_GUESS_SETUP_S = 0.08
"""Seconds to open one app session with 12 players before any was measured."""
FIRST_GUESS_CONNECT_S = 0.004
"""Seconds per socket connect before any was measured."""
STEP_OVERHEAD_S = 12.0
NOISE_FRACTION = 0.5
"""A baseline p99 of half the target means the machine, not the app, set the pace."""
"""Warm-up, settling, draining and the log check of one step, per target."""


@dataclass(frozen=True)
class Entrant:
    stand: Stand
    label: str


@dataclass(frozen=True)
class Options:
    quick: bool
    sessions: int
    ladder: tuple[int, ...]
    rate: float
    note_rate: float
    duration: float
    step_duration: float
    slice_s: float
    target_p99_ms: float
    budget_s: float
    verify_sessions: int
    two_process: bool
    profile: bool
    pg_url: str
    redis_url: str
    seed: int
    results_dir: Path


def log(began: float, text: str) -> None:
    print(f"[{time.perf_counter() - began:6.1f}s] {text}", flush=True)


def judge(entry: dict[str, Any], target_p99_ms: float) -> list[str]:
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


def progress_line(entry: dict[str, Any]) -> str:
    f, a, n, d = entry["fanout_ms"], entry["advance_ms"], entry["note_ms"], entry["delivery"]
    return (
        f"{entry['target']:<12} S={entry['sessions']:<4} sockets={entry['sockets']:<5} "
        f"fan-out p50 {f['p50']} p99 {f['p99']} ms (n={f['n']}); advance p99 {a['p99']} ms; "
        f"note p99 {n['p99']} ms; missing {d['missing']}; server CPU {entry['server_cpu_pct']}%; "
        f"full GCs {entry['gc']['full_collections']} (max {entry['gc']['full_max_ms']} ms)"
    )


class Runner:
    def __init__(self, options: Options, workdir: Path, stamp: str) -> None:
        self.options = options
        self.workdir = workdir
        self.stamp = stamp
        self.began = time.perf_counter()
        self.deadline = self.began + options.budget_s
        self.key = secrets.token_urlsafe(24)
        self.runs: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.profile: dict[str, Any] | None = None
        self.ladder_stop = "ladder complete"
        self.setup_per_session_s = FIRST_GUESS_SETUP_S
        self.connect_per_socket_s = FIRST_GUESS_CONNECT_S
        self.fd_limit = raise_open_file_limit()

    def say(self, text: str) -> None:
        log(self.began, text)

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def _load(self, duration: float, verify_sessions: int) -> Load:
        o = self.options
        return Load(o.rate, o.note_rate, duration, verify_sessions)

    def _app_env(self, name: str, database_url: str, broadcast_url: str) -> dict[str, str]:
        data = self.workdir / name
        data.mkdir(parents=True, exist_ok=True)
        return {
            "CL_DATA_DIR": str(data),
            "CL_ORGANISER_KEY": self.key,
            "CL_DATABASE_URL": database_url,
            "CL_BROADCAST_URL": broadcast_url,
        }

    def _verdict(self, entry: dict[str, Any], baseline: dict[str, Any]) -> str:
        """``pass``, ``fail``, or ``inconclusive`` when the app missed only the latency target,
        no collector pause explains it, and the baseline measured in the same slices was slowed
        down as well (its p99 at least ``NOISE_FRACTION`` of the target)."""
        if not entry["failures"]:
            return "pass"
        target = self.options.target_p99_ms
        only_latency = all(reason.startswith("p99") for reason in entry["failures"])
        collector = entry["gc"]["full_max_ms"] >= target
        noisy = (baseline["fanout_ms"]["p99"] or 0.0) >= NOISE_FRACTION * target
        return "inconclusive" if only_latency and not collector and noisy else "fail"

    def _worth_retry(self, entry: dict[str, Any], duration: float) -> bool:
        """A step that missed only the latency target, without a full collection of the app's
        as long as the target to explain it, is measured once more if time allows."""
        target = self.options.target_p99_ms
        only_latency = bool(entry["failures"]) and all(
            reason.startswith("p99") for reason in entry["failures"]
        )
        collector = entry["gc"]["full_max_ms"] >= target
        return only_latency and not collector and self.left() > 2 * (duration + STEP_OVERHEAD_S)

    async def _step(
        self, entrants: list[Entrant], sessions: int, duration: float, attempt: int = 1
    ) -> None:
        """Grow every entrant to ``sessions``, then measure them in interleaved slices (the
        order rotating each round), so that the machine's noise falls on all of them alike."""
        began = time.time()
        grows: list[dict[str, Any]] = []
        for entrant in entrants:
            grow = await entrant.stand.grow(sessions - len(entrant.stand.sessions))
            self._learn(entrant.stand, grow)
            grows.append(grow)
        rss = [entrant.stand.target.rss() for entrant in entrants]
        count = max(1, round(duration / self.options.slice_s))
        load = self._load(duration / count, math.ceil(self.options.verify_sessions / count))
        collected: list[list[Slice]] = [[] for _ in entrants]
        for round_number in range(count):
            for offset in range(len(entrants)):
                index = (round_number + offset) % len(entrants)
                collected[index].append(await entrants[index].stand.run_slice(load))
        for entrant, grow, used, slices in zip(entrants, grows, rss, collected, strict=True):
            stand = entrant.stand
            earlier = [
                e
                for e in self.runs
                if (e["kind"], e["processes"]) == (stand.target.kind, len(stand.target.servers))
                and e["sessions"] < len(stand.sessions)
            ]
            marginal = None
            if earlier:
                added = len(stand.sessions) - earlier[-1]["sessions"]
                marginal = round((used / MB - earlier[-1]["rss_mb"]) * 1024 / added, 1)
            entry: dict[str, Any] = {
                "target": entrant.label,
                "attempt": attempt,
                "kind": stand.target.kind,
                "processes": len(stand.target.servers),
                "sessions": len(stand.sessions),
                "sockets": len(stand.sessions) * PLAYERS,
                "grow": grow,
                "rss_empty_mb": round(stand.rss_empty / MB, 1),
                "rss_mb": round(used / MB, 1),
                "rss_per_session_kb": round(
                    (used - stand.rss_empty) / len(stand.sessions) / 1024, 1
                ),
                "rss_marginal_kb_per_session": marginal,
                **combine(slices),
            }
            entry["gc"] = gc_figures(stand, slices, entry["slowest_advances"], began)
            entry["loadavg_1m"] = round(os.getloadavg()[0], 2)
            entry["failures"] = judge(entry, self.options.target_p99_ms)
            entry["lossless"] = lossless(entry)
            self.runs.append(entry)
            self.say(progress_line(entry))

    def _learn(self, stand: Stand, grow: dict[str, Any]) -> None:
        if stand.target.kind == "app" and grow["new_sessions"]:
            per_session = grow["setup_s"] / grow["new_sessions"] / len(stand.target.servers)
            self.setup_per_session_s = max(per_session, FIRST_GUESS_SETUP_S / 4)
        if grow["new_sockets"]:
            self.connect_per_socket_s = max(
                self.connect_per_socket_s, grow["connect_s"] / grow["new_sockets"]
            )

    def _step_estimate(self, new_sessions: int, duration: float, entrants: int) -> float:
        sockets = entrants * new_sessions * PLAYERS
        return (
            new_sessions * self.setup_per_session_s
            + sockets * self.connect_per_socket_s
            + entrants * (duration + STEP_OVERHEAD_S)
        )

    async def ladder(self) -> None:
        o = self.options
        port_app, port_base = free_port(), free_port()
        self.say(f"starting app (SQLite, one process) on :{port_app} and baseline on :{port_base}")
        app_env = self._app_env("app", "", "memory://")
        app_server, base_server = await asyncio.gather(
            asyncio.to_thread(
                launch, "app", app_command(port_app), app_env, self.workdir, port_app
            ),
            asyncio.to_thread(
                launch, "baseline", baseline_command(port_base), {}, self.workdir, port_base
            ),
        )
        await asyncio.sleep(1.0)
        app = Stand(AppTarget("app", [app_server], self.key), o.seed)
        base = Stand(BaselineTarget("baseline", [base_server]), o.seed)
        first_failure: int | None = None
        try:
            for sessions in sorted(set(o.ladder) | {o.sessions}):
                duration = o.duration if sessions == o.sessions else o.step_duration
                if 2 * sessions * PLAYERS + FD_HEADROOM > self.fd_limit:
                    self.ladder_stop = (
                        f"open-file limit {self.fd_limit} reached before S={sessions}"
                    )
                    break
                needed = self._step_estimate(sessions - len(app.sessions), duration, 2)
                if sessions > o.sessions and needed > self.left():
                    self.ladder_stop = f"time budget: S={sessions} would take ~{needed:.0f} s"
                    break
                entrants = [Entrant(base, "baseline"), Entrant(app, "app")]
                if sessions == o.sessions and o.two_process:
                    async with self._two_process() as two:
                        if two is not None:
                            entrants.append(Entrant(two, "app 2x pg+redis"))
                        await self._step(entrants, sessions, duration)
                else:
                    await self._step(entrants, sessions, duration)
                entry = next(e for e in reversed(self.runs) if e["target"] == "app")
                if sessions == o.sessions and o.profile:
                    await self._profile(app, app_server, duration)
                if self._worth_retry(entry, duration):
                    self.say(
                        f"app misses the target at S={sessions} with no collector pause to "
                        "explain it: measuring the step once more (machine noise?)"
                    )
                    retry = [Entrant(base, "baseline (retry)"), Entrant(app, "app (retry)")]
                    await self._step(retry, sessions, duration, attempt=2)
                    entry = next(e for e in reversed(self.runs) if e["target"] == "app (retry)")
                paired = next(
                    e
                    for e in reversed(self.runs)
                    if e["kind"] == "baseline" and e["attempt"] == entry["attempt"]
                )
                entry["verdict"] = self._verdict(entry, paired)
                if entry["verdict"] == "inconclusive":
                    self.say(
                        f"S={sessions} inconclusive: the baseline's p99 was "
                        f"{paired['fanout_ms']['p99']} ms in the same slices (machine noise)"
                    )
                if entry["verdict"] == "fail" and first_failure is None:
                    first_failure = sessions
                    self.say(f"app fails at S={sessions}: {'; '.join(entry['failures'])}")
                if first_failure is not None and sessions >= o.sessions:
                    self.ladder_stop = f"first failure at S={first_failure}"
                    break
                if not app_server.alive():
                    self.ladder_stop = "the app server died"
                    break
        finally:
            await app.close()
            await base.close()
            app_server.stop()
            base_server.stop()

    async def _profile(self, stand: Stand, server: ServerHandle, duration: float) -> None:
        raw = self.options.results_dir / f"{self.stamp}-profile.txt"
        spy = await profile.record(server.pid, duration, raw)
        if spy is None:
            self.notes.append("py-spy not installed: no profile")
            return
        self.say(f"profiling the app with py-spy for {duration:.0f} s (an extra slice)")
        measured = combine([await stand.run_slice(self._load(duration, 0))])
        errors = await profile.finish(spy)
        summary: dict[str, Any] = {
            "raw_file": str(raw),
            "sessions": len(stand.sessions),
            "fanout_ms": measured["fanout_ms"],
            "server_cpu_pct": measured["server_cpu_pct"],
        }
        if raw.exists():
            summary |= profile.summarise(raw)
        else:
            summary["error"] = errors
        self.profile = summary

    @asynccontextmanager
    async def _two_process(self) -> AsyncIterator[Stand | None]:
        """Two app processes over PostgreSQL (a schema of its own) and Redis, or None."""
        o = self.options
        problem = await asyncio.to_thread(_services_ready, o.pg_url, o.redis_url)
        if problem:
            self.notes.append(f"two-process run skipped: {problem}")
            self.say(self.notes[-1])
            yield None
            return
        schema = f"bench_{secrets.token_hex(4)}"
        await asyncio.to_thread(_schema, o.pg_url, schema, True)
        url = with_search_path(o.pg_url, schema)
        ports = [free_port(), free_port()]
        self.say(f"starting two app processes (PostgreSQL schema {schema}, Redis) on {ports}")
        servers: list[ServerHandle] = []
        stand: Stand | None = None
        try:
            launched = await asyncio.gather(
                *(
                    asyncio.to_thread(
                        launch,
                        f"app-pg{i}",
                        app_command(port),
                        self._app_env(f"pg{i}", url, o.redis_url),
                        self.workdir,
                        port,
                    )
                    for i, port in enumerate(ports)
                ),
                return_exceptions=True,
            )
            servers = [s for s in launched if isinstance(s, ServerHandle)]
            failed = [s for s in launched if not isinstance(s, ServerHandle)]
            if failed:
                raise RuntimeError(f"could not start the two processes: {failed[0]}")
            await asyncio.sleep(1.0)
            stand = Stand(AppTarget("app-2proc", servers, self.key), o.seed)
            yield stand
        finally:
            if stand is not None:
                await stand.close()
            for server in servers:
                server.stop()
            await asyncio.to_thread(_schema, o.pg_url, schema, False)

    def summary(self) -> dict[str, Any]:
        o = self.options

        def find(kind: str, processes: int, sessions: int) -> dict[str, Any] | None:
            """The first attempt: the one measured alongside everything else at that S."""
            for entry in self.runs:
                if (entry["kind"], entry["processes"], entry["sessions"]) == (
                    kind,
                    processes,
                    sessions,
                ):
                    return entry
            return None

        app, base, two = find("app", 1, o.sessions), find("baseline", 1, o.sessions), None
        two = find("app", 2, o.sessions)
        last_attempt: dict[int, dict[str, Any]] = {}
        for entry in self.runs:
            if entry["kind"] == "app" and entry["processes"] == 1:
                last_attempt[entry["sessions"]] = entry
        app_steps = [last_attempt[s] for s in sorted(last_attempt)]
        passing: int | None = None
        first_failure: int | None = None
        for entry in app_steps:
            verdict = entry.get("verdict", "fail" if entry["failures"] else "pass")
            if verdict == "fail":
                first_failure = first_failure or entry["sessions"]
            elif verdict == "pass" and first_failure is None:
                passing = entry["sessions"]
        largest = app_steps[-1] if app_steps else None

        def figure(entry: dict[str, Any] | None, group: str, name: str) -> float | None:
            return None if entry is None else entry[group][name]

        return {
            "latency": {
                "sessions": o.sessions,
                "app_p50_ms": figure(app, "fanout_ms", "p50"),
                "app_p99_ms": figure(app, "fanout_ms", "p99"),
                "baseline_p50_ms": figure(base, "fanout_ms", "p50"),
                "baseline_p99_ms": figure(base, "fanout_ms", "p99"),
                "p50_ratio": ratio(
                    figure(app, "fanout_ms", "p50"), figure(base, "fanout_ms", "p50")
                ),
                "p99_ratio": ratio(
                    figure(app, "fanout_ms", "p99"), figure(base, "fanout_ms", "p99")
                ),
            },
            "capacity": {
                "target_p99_ms": o.target_p99_ms,
                "largest_passing_sessions": passing,
                "first_failing_sessions": first_failure,
                "ladder_tried": [e["sessions"] for e in app_steps],
                "retried": [e["sessions"] for e in app_steps if e["attempt"] > 1],
                "inconclusive": [
                    e["sessions"] for e in app_steps if e.get("verdict") == "inconclusive"
                ],
                "stop_reason": self.ladder_stop,
            },
            "memory": {
                "rss_empty_mb": None if app is None else app["rss_empty_mb"],
                "per_session_kb": None if app is None else app["rss_per_session_kb"],
                "per_session_kb_at_largest": None
                if largest is None
                else largest["rss_per_session_kb"],
                "largest_sessions": None if largest is None else largest["sessions"],
                "marginal_kb_per_session": [
                    (e["sessions"], e["rss_marginal_kb_per_session"])
                    for e in app_steps
                    if e["rss_marginal_kb_per_session"] is not None
                ],
                "baseline_per_session_kb": None if base is None else base["rss_per_session_kb"],
            },
            "commands": {
                "advance_p50_ms": figure(app, "advance_ms", "p50"),
                "advance_p99_ms": figure(app, "advance_ms", "p99"),
                "note_p50_ms": figure(app, "note_ms", "p50"),
                "note_p99_ms": figure(app, "note_ms", "p99"),
                "baseline_advance_p99_ms": figure(base, "advance_ms", "p99"),
            },
            "two_process": None
            if two is None
            else {
                "p50_ms": two["fanout_ms"]["p50"],
                "p99_ms": two["fanout_ms"]["p99"],
                "p50_ratio_vs_single": ratio(
                    two["fanout_ms"]["p50"], figure(app, "fanout_ms", "p50")
                ),
                "p99_ratio_vs_single": ratio(
                    two["fanout_ms"]["p99"], figure(app, "fanout_ms", "p99")
                ),
                "advance_p50_ms": two["advance_ms"]["p50"],
                "advance_p99_ms": two["advance_ms"]["p99"],
                "note_p50_ms": two["note_ms"]["p50"],
                "note_p99_ms": two["note_ms"]["p99"],
                "lossless": two["lossless"],
                "rss_per_session_kb": two["rss_per_session_kb"],
            },
            "gc_full_max_ms_by_sessions": [
                (e["sessions"], max([p["ms"] for p in e["gc"]["step_full"]], default=0.0))
                for e in app_steps
            ],
            "no_event_lost": {f"{e['target']} S={e['sessions']}": e["lossless"] for e in self.runs},
        }

    def options_dict(self) -> dict[str, Any]:
        shown = asdict(self.options)
        shown["results_dir"] = str(self.options.results_dir)
        return shown


def gc_figures(
    stand: Stand, slices: list[Slice], slowest: list[dict[str, Any]], began: float
) -> dict[str, Any]:
    """The servers' garbage collections during the slices; marks each of the slowest advances
    with the collector pause (ms) that overlapped it, if any. ``step_full`` lists every full
    collection since the step began (growing included), measured or not."""
    windows = [(s.began_wall, s.began_wall + s.wall) for s in slices]
    logged = [p for server in stand.target.servers for p in server.gc_pauses()]
    pauses = [
        p for p in logged if any(start <= p.ended and p.started <= end for start, end in windows)
    ]
    for advance in slowest:
        sent, took = advance["wall"], advance["ms"] / 1000.0
        overlap = [p.ms for p in pauses if p.started <= sent + took and p.ended >= sent]
        advance["gc_ms"] = round(max(overlap), 1) if overlap else 0.0
    full = [p.ms for p in pauses if p.generation == 2]
    return {
        "full_collections": len(full),
        "full_max_ms": round(max(full), 1) if full else 0.0,
        "full_total_ms": round(sum(full), 1),
        "slow_collections": len([p for p in pauses if p.generation != 2]),
        "pauses_over_50ms": len([p for p in pauses if p.ms > 50]),
        "step_full": [
            {"ms": p.ms, "collected": p.collected, "objects": p.objects}
            for p in logged
            if p.generation == 2 and p.ended >= began
        ][:20],
    }


def with_search_path(url: str, schema: str) -> str:
    """The same database, but every table in ``schema``: the test suite resets ``public``
    while it runs, and the benchmark must neither see nor disturb that."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _schema(url: str, schema: str, create: bool) -> None:
    statement = (
        sql.SQL("CREATE SCHEMA {}") if create else sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
    )
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(statement.format(sql.Identifier(schema)))


def _services_ready(pg_url: str, redis_url: str) -> str | None:
    try:
        with psycopg.connect(pg_url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as problem:
        return f"PostgreSQL at {pg_url} is not reachable ({problem})"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as problem:
        return f"Redis at {redis_url} is not reachable ({problem})"
    return None
