"""Server processes under test: start one, wait until it answers, read its RSS and CPU, stop it.

Both the app (``python -m app serve``) and the baseline (``python -m bench.baseline``) run as
child processes of the benchmark, one uvicorn process each, so their memory and CPU time can be
read from ``/proc`` without any help from the server itself.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx2

REPO = Path(__file__).resolve().parent.parent
GC_TRACE = Path(__file__).resolve().parent / "gctrace"
"""Holds a ``sitecustomize`` that logs the servers' full and slow garbage collections."""
MAX_LOG_LINES = 5_000_000
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_MAX_DESCENDANTS = 64


def raise_open_file_limit() -> int:
    """Lift the soft open-file limit to the hard one (children inherit it); returns it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return int(soft)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return int(wanted)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list((Path("/proc") / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks[:4096]:
        try:
            text = (task / "children").read_text()
        except OSError:
            continue
        found.extend(int(part) for part in text.split())
    return found


def process_tree(pid: int) -> list[int]:
    """``pid`` and its live descendants (uvicorn's workers when serving with --workers)."""
    tree = [pid]
    index = 0
    while index < len(tree) and len(tree) < _MAX_DESCENDANTS:
        tree.extend(c for c in _children(tree[index]) if c not in tree)
        index += 1
    return tree


def rss_bytes(pid: int) -> int:
    try:
        status = (Path("/proc") / str(pid) / "status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid: int) -> float:
    """User plus system time of one process so far."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS


@dataclass(frozen=True)
class GcPause:
    ended: float
    """Wall-clock time (``time.time``) when the collection finished."""
    generation: int
    ms: float
    collected: int = 0
    objects: int = -1
    """Objects left in the oldest generation, when ``BENCH_GC_COUNT=1``; else -1."""

    @property
    def started(self) -> float:
        return self.ended - self.ms / 1000.0


@dataclass
class ServerHandle:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_base(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss(self) -> int:
        return sum(rss_bytes(p) for p in process_tree(self.pid))

    def cpu(self) -> float:
        return sum(cpu_seconds(p) for p in process_tree(self.pid))

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def gc_pauses(self) -> list[GcPause]:
        """The collections the server logged (see ``bench/gctrace``), oldest first."""
        pauses: list[GcPause] = []
        try:
            with self.log.open(errors="replace") as lines:
                for _number, line in zip(range(MAX_LOG_LINES), lines, strict=False):
                    if line.startswith("bench-gc "):
                        parts = line.split()
                        fields = dict(p.split("=", 1) for p in parts[2:] if "=" in p)
                        pauses.append(
                            GcPause(
                                float(parts[1]),
                                int(fields["gen"]),
                                float(fields["ms"]),
                                int(fields.get("collected", "0")),
                                int(fields.get("objects", "-1")),
                            )
                        )
        except (OSError, ValueError, KeyError, IndexError):
            return pauses
        return pauses

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)


def launch(
    name: str, command: list[str], env: Mapping[str, str], log_dir: Path, port: int
) -> ServerHandle:
    """Start ``command`` and wait (bounded) until ``GET /healthz`` answers 200."""
    log = log_dir / f"{name}-{port}.log"
    full_env = {**os.environ, "PYTHONPATH": f"{GC_TRACE}{os.pathsep}{REPO}", **env}
    with log.open("ab") as sink:
        process = subprocess.Popen(
            command, env=full_env, stdout=sink, stderr=subprocess.STDOUT, cwd=REPO
        )
    handle = ServerHandle(name, port, process, log)
    limit = time.monotonic() + START_TIMEOUT_S
    with httpx2.Client(trust_env=False, timeout=2.0) as probe:
        for _attempt in range(int(START_TIMEOUT_S / 0.1)):
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited early:\n{handle.log_tail()}")
            try:
                if probe.get(f"{handle.base}/healthz").status_code == 200:
                    return handle
            except httpx2.HTTPError:
                pass
            if time.monotonic() > limit:
                break
            time.sleep(0.1)
    handle.stop()
    raise RuntimeError(f"{name} did not start within {START_TIMEOUT_S:.0f} s:\n{handle.log_tail()}")


def app_command(port: int) -> list[str]:
    return [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)]


def baseline_command(port: int) -> list[str]:
    return [sys.executable, "-m", "bench.baseline", "--host", "127.0.0.1", "--port", str(port)]
