"""A short py-spy sample of a server under the benchmark load, boiled down to a few lists.

py-spy's ``raw`` output has one collapsed stack per line, ``frame;frame;... count``, each frame
``function (file:line)``. Self time is the last frame of a stack; inclusive time counts a
function of the app once per stack it appears in. Only the thread holding the GIL is sampled.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.load import Load
from bench.server import REPO
from bench.slices import combine
from bench.stand import Stand

_FRAME = re.compile(r"^(?P<name>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
SPY_GRACE_S = 30.0
RATE_HZ = 200
_ENTRY = {"<module> (app/__main__.py)", "main (app/cli.py)", "serve (app/cli.py)"}
"""Start-up frames under every sample of the main thread: left out of the inclusive list."""
MAX_LINES = 2_000_000


def py_spy() -> str | None:
    """py-spy from the environment's bin folder or the PATH, if installed."""
    beside = Path(sys.executable).with_name("py-spy")
    if beside.exists():
        return str(beside)
    return shutil.which("py-spy")


def _short(path: str) -> str:
    for marker in ("site-packages/", f"{REPO}/", "lib/python3"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def _package(path: str) -> str:
    short = _short(path)
    head = short.split("/", 1)[0]
    return head.removesuffix(".py") if head else short


def _function(frame: str) -> tuple[str, str]:
    match = _FRAME.match(frame.strip())
    if match is None:
        return frame.strip(), "?"
    return f"{match['name']} ({_short(match['file'])})", _package(match["file"])


def summarise(raw: Path, top: int = 15) -> dict[str, Any]:
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    total = 0
    with raw.open(errors="replace") as lines:
        for _number, line in zip(range(MAX_LINES), lines, strict=False):
            stack, _, count_text = line.rstrip("\n").rpartition(" ")
            if not stack or not count_text.isdigit():
                continue
            count = int(count_text)
            frames = [_function(f) for f in stack.split(";") if f]
            if not frames:
                continue
            total += count
            leaf, leaf_package = frames[-1]
            own[leaf] += count
            packages[leaf_package] += count
            for name in {name for name, package in frames if package == "app"} - _ENTRY:
                inclusive[name] += count

    def share(counter: Counter[str], limit: int = top) -> list[dict[str, Any]]:
        return [
            {"function": name, "samples": n, "pct": round(100.0 * n / total, 1)}
            for name, n in counter.most_common(limit)
        ]

    return {
        "samples": total,
        "self": share(own),
        "inclusive_app": share(inclusive, 25),
        "self_by_package": share(packages),
    }


async def record(pid: int, seconds: float, output: Path) -> asyncio.subprocess.Process | None:
    """Start sampling ``pid`` for ``seconds`` at ``RATE_HZ``, non-blocking, only the thread holding
    the GIL (so waiting worker threads do not count); None without py-spy."""
    spy = py_spy()
    if spy is None:
        return None
    return await asyncio.create_subprocess_exec(
        spy,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(max(1, int(seconds))),
        "--rate",
        str(RATE_HZ),
        "--nonblocking",
        "--gil",
        "--format",
        "raw",
        "--output",
        str(output),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process) -> str:
    """Wait (bounded) for py-spy to write its file; returns its error output."""
    try:
        _out, err = await asyncio.wait_for(process.communicate(), SPY_GRACE_S)
    except TimeoutError:
        process.kill()
        await process.wait()
        return "py-spy did not finish in time"
    return (err or b"").decode(errors="replace")[-2000:]


async def under_load(
    stand: Stand, pid: int, load: Load, raw: Path, say: Callable[[str], None]
) -> dict[str, Any] | None:
    """Sample the server ``pid`` of ``stand`` during one extra slice of ``load``: the slice's
    latency next to the hottest functions (or py-spy's error); None without py-spy."""
    spy = await record(pid, load.duration, raw)
    if spy is None:
        return None
    say(f"profiling the app with py-spy for {load.duration:.0f} s (an extra slice)")
    measured = combine([await stand.run_slice(load)])
    errors = await finish(spy)
    return _findings(raw, errors, len(stand.sessions), measured)


def _findings(raw: Path, errors: str, sessions: int, measured: dict[str, Any]) -> dict[str, Any]:
    """Read on the event loop, but after the slice: nothing is being measured by then."""
    found: dict[str, Any] = {
        "raw_file": str(raw),
        "sessions": sessions,
        "fanout_ms": measured["fanout_ms"],
        "server_cpu_pct": measured["server_cpu_pct"],
    }
    if raw.exists():
        found |= summarise(raw)
    else:
        found["error"] = errors
    return found
