"""Benchmark layer, the capacity ladder: the benchmark in one run.

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
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import profile, report, verdicts
from bench.budget import Budget
from bench.infrastructure import Site, services_problem
from bench.load import Load
from bench.server import ServerHandle, raise_open_file_limit
from bench.stand import Stand
from bench.step import Entrant, interleave, record
from bench.summary import summarise
from bench.targets import PLAYERS, AppTarget, BaselineTarget

FD_HEADROOM = 512


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


class Ladder:
    def __init__(self, options: Options, workdir: Path, stamp: str) -> None:
        self.options = options
        self.stamp = stamp
        self.began = time.perf_counter()
        self.budget = Budget(self.began, options.budget_s)
        self.site = Site(workdir, secrets.token_urlsafe(24), self.say)
        self.runs: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.profile: dict[str, Any] | None = None
        self.ladder_stop = "ladder complete"
        self.fd_limit = raise_open_file_limit()

    def say(self, text: str) -> None:
        print(f"[{time.perf_counter() - self.began:6.1f}s] {text}", flush=True)

    def _load(self, duration: float, verify_sessions: int) -> Load:
        o = self.options
        return Load(o.rate, o.note_rate, duration, verify_sessions)

    async def climb(self) -> None:
        app_server, base_server = await self.site.start_app_and_baseline()
        app = Stand(AppTarget("app", [app_server], self.site.key), self.options.seed)
        base = Stand(BaselineTarget("baseline", [base_server]), self.options.seed)
        try:
            await self._steps(app, base, app_server)
        finally:
            await app.close()
            await base.close()
            app_server.stop()
            base_server.stop()

    async def _steps(self, app: Stand, base: Stand, app_server: ServerHandle) -> None:
        o = self.options
        first_failure: int | None = None
        for sessions in sorted(set(o.ladder) | {o.sessions}):
            duration = o.duration if sessions == o.sessions else o.step_duration
            blocked = self._blocked(sessions, len(app.sessions), duration)
            if blocked:
                self.ladder_stop = blocked
                break
            entrants = [Entrant(base, "baseline"), Entrant(app, "app")]
            if sessions == o.sessions and o.two_process:
                await self._step_with_two_processes(entrants, sessions, duration)
            else:
                await self._step(entrants, sessions, duration)
            if sessions == o.sessions and o.profile:
                await self._profile(app, app_server, duration)
            entry = await self._judged(app, base, sessions, duration)
            if entry["verdict"] == "fail" and first_failure is None:
                first_failure = sessions
                self.say(f"app fails at S={sessions}: {'; '.join(entry['failures'])}")
            if first_failure is not None and sessions >= o.sessions:
                self.ladder_stop = f"first failure at S={first_failure}"
                break
            if not app_server.alive():
                self.ladder_stop = "the app server died"
                break

    def _blocked(self, sessions: int, grown: int, duration: float) -> str | None:
        """Why the ladder cannot take the step to ``sessions`` (None when it can): the open
        files it needs, or, past ``--sessions``, the time it would take."""
        if 2 * sessions * PLAYERS + FD_HEADROOM > self.fd_limit:
            return f"open-file limit {self.fd_limit} reached before S={sessions}"
        needed = self.budget.estimate(sessions - grown, duration, 2)
        if sessions > self.options.sessions and needed > self.budget.left():
            return f"time budget: S={sessions} would take ~{needed:.0f} s"
        return None

    async def _step(
        self, entrants: list[Entrant], sessions: int, duration: float, attempt: int = 1
    ) -> None:
        """Grow every entrant to ``sessions``, then measure them in interleaved slices."""
        began = time.time()
        grows: list[dict[str, Any]] = []
        for entrant in entrants:
            grow = await entrant.stand.grow(sessions - len(entrant.stand.sessions))
            self.budget.learn(entrant.stand, grow)
            grows.append(grow)
        rss = [entrant.stand.target.rss() for entrant in entrants]
        rounds = max(1, round(duration / self.options.slice_s))
        load = self._load(duration / rounds, math.ceil(self.options.verify_sessions / rounds))
        collected = await interleave(entrants, rounds, load)
        for entrant, grow, used, slices in zip(entrants, grows, rss, collected, strict=True):
            entry = record(
                entrant,
                grow,
                used,
                slices,
                attempt=attempt,
                began=began,
                runs=self.runs,
                target_p99_ms=self.options.target_p99_ms,
            )
            self.runs.append(entry)
            self.say(report.progress_line(entry))

    async def _step_with_two_processes(
        self, entrants: list[Entrant], sessions: int, duration: float
    ) -> None:
        """The step with two app processes over PostgreSQL and Redis as one more entrant, or
        without them (and a note why) when either service does not answer."""
        o = self.options
        problem = await asyncio.to_thread(services_problem, o.pg_url, o.redis_url)
        if problem:
            self.notes.append(f"two-process run skipped: {problem}")
            self.say(self.notes[-1])
            await self._step(entrants, sessions, duration)
            return
        async with self.site.two_processes(o.pg_url, o.redis_url, o.seed) as two:
            await self._step([*entrants, Entrant(two, "app 2x pg+redis")], sessions, duration)

    async def _judged(
        self, app: Stand, base: Stand, sessions: int, duration: float
    ) -> dict[str, Any]:
        """The app's entry for the step, with its verdict; a miss worth it is measured once
        more first, and the verdict goes by that second attempt."""
        target = self.options.target_p99_ms
        entry = self._latest("app")
        if verdicts.unexplained_latency_miss(entry, target) and self.budget.affords_retry(duration):
            self.say(
                f"app misses the target at S={sessions} with no collector pause to "
                "explain it: measuring the step once more (machine noise?)"
            )
            retry = [Entrant(base, "baseline (retry)"), Entrant(app, "app (retry)")]
            await self._step(retry, sessions, duration, attempt=2)
            entry = self._latest("app (retry)")
        paired = next(
            e
            for e in reversed(self.runs)
            if e["kind"] == "baseline" and e["attempt"] == entry["attempt"]
        )
        entry["verdict"] = verdicts.verdict(entry, paired, target)
        if entry["verdict"] == "inconclusive":
            self.say(
                f"S={sessions} inconclusive: the baseline's p99 was "
                f"{paired['fanout_ms']['p99']} ms in the same slices (machine noise)"
            )
        return entry

    def _latest(self, label: str) -> dict[str, Any]:
        return next(e for e in reversed(self.runs) if e["target"] == label)

    async def _profile(self, stand: Stand, server: ServerHandle, duration: float) -> None:
        raw = self.options.results_dir / f"{self.stamp}-profile.txt"
        load = self._load(duration, 0)
        self.profile = await profile.under_load(stand, server.pid, load, raw, self.say)
        if self.profile is None:
            self.notes.append("py-spy not installed: no profile")

    def summary(self) -> dict[str, Any]:
        o = self.options
        return summarise(self.runs, o.sessions, o.target_p99_ms, self.ladder_stop)

    def options_dict(self) -> dict[str, Any]:
        shown = asdict(self.options)
        shown["results_dir"] = str(self.options.results_dir)
        return shown
