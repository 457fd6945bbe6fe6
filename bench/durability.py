"""``python -m bench.durability``: what ``synchronous=FULL`` costs a move, against NORMAL.

Two app servers in child processes, SQLite, one per mode (``CL_SQLITE_SYNCHRONOUS``), with their
data folders on the disk under test (``--data-dir``; a tmpfs would hide the very cost measured,
so the table names the file system). Each round opens fresh sessions on both servers and posts
duo notes through the real command path (HTTP, lock, decide, append, commit, publish): first
one at a time (``--notes``: latency with nothing else going on), then from ``--writers``
clients at once (``2 × --notes`` over two sessions: the throughput when commits queue). Rounds
alternate which server goes first, so that the machine's noise falls on both alike. Every
player posts at most ``--notes / 12`` notes a round, well inside the per-token write limit.

Prints p50/p99 of POST → 201 and notes per second for each mode and the ratios FULL/NORMAL, and
the floor of the cost on that disk: a bare SQLite commit (WAL, 300 rows) in each mode;
everything goes to ``bench/results/durability-<UTC timestamp>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx2

from bench import report
from bench.server import ServerHandle, app_command, free_port, launch
from bench.stats import Summary, ratio
from tests.e2e.bots import KEY, Table, open_table

RESULTS = Path(__file__).resolve().parent / "results"
MODES = ("NORMAL", "FULL")
PLAYERS = 12


def filesystem(path: Path) -> str:
    """The type of the file system holding ``path`` (the longest mount point above it)."""
    best, kind = "", "unknown"
    for line in Path("/proc/mounts").read_text().splitlines():
        parts = line.split()
        if (
            len(parts) > 2
            and str(path.resolve()).startswith(parts[1])
            and len(parts[1]) > len(best)
        ):
            best, kind = parts[1], parts[2]
    return kind


def bare_commits(workdir: Path, count: int = 300) -> dict[str, float]:
    """Milliseconds per commit of one small row, SQLite alone, per mode."""
    found = {}
    for mode in MODES:
        with closing(sqlite3.connect(workdir / f"bare-{mode}.db", isolation_level=None)) as db:
            for pragma in ("journal_mode=WAL", f"synchronous={mode}"):
                db.execute(f"PRAGMA {pragma}")
            db.execute("CREATE TABLE note (text TEXT)")
            began = time.perf_counter()
            for number in range(count):
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO note VALUES (?)", (f"n {number}",))
                db.execute("COMMIT")
            found[mode] = round((time.perf_counter() - began) / count * 1000, 3)
    return found


async def _writable_table(http: httpx2.AsyncClient) -> Table:
    table = await open_table([http], players=PLAYERS)
    while (await table.advance())["kind"] not in ("preparation", "meeting"):
        pass
    return table


async def _post_notes(tables: list[Table], count: int, writers: int) -> tuple[list[float], float]:
    """``count`` notes from ``writers`` clients at once; latencies and the wall time."""
    players = [(t, p["headers"]) for t in tables for p in t.players]
    latencies: list[float] = []
    queue = iter(range(count))

    async def writer() -> None:
        for number in queue:
            table, headers = players[number % len(players)]
            started = time.perf_counter()
            answer = await table.client().post(
                f"/api/sessions/{table.sid}/notes", json={"text": f"n {number}"}, headers=headers
            )
            latencies.append(time.perf_counter() - started)
            if answer.status_code != 201:
                raise RuntimeError(f"note {number}: {answer.status_code} {answer.text}")

    began = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(writers)))
    return latencies, time.perf_counter() - began


async def _round(server: ServerHandle, options: argparse.Namespace) -> dict[str, Any]:
    async with httpx2.AsyncClient(base_url=server.base, timeout=30, trust_env=False) as http:
        one = await _writable_table(http)
        alone = await _post_notes([one], options.notes, 1)
        two = [await _writable_table(http) for _ in range(2)]
        together = await _post_notes(two, 2 * options.notes, options.writers)
    return {"sequential": alone, "concurrent": together}


def _figures(samples: list[tuple[list[float], float]]) -> dict[str, Any]:
    latencies = [s for run, _ in samples for s in run]
    seconds = sum(elapsed for _, elapsed in samples)
    return Summary.of_seconds(latencies).as_dict() | {
        "notes_per_s": round(len(latencies) / seconds, 1) if seconds else None
    }


async def run(options: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    servers: dict[str, ServerHandle] = {}
    try:
        for mode in MODES:
            data = workdir / mode.lower()
            env = {"CL_DATA_DIR": str(data), "CL_ORGANISER_KEY": KEY, "CL_SQLITE_SYNCHRONOUS": mode}
            port = free_port()
            servers[mode] = launch(mode.lower(), app_command(port), env, workdir, port)
        kept: dict[str, dict[str, list[tuple[list[float], float]]]] = {
            m: {"sequential": [], "concurrent": []} for m in MODES
        }
        for number in range(options.rounds):
            order = MODES if number % 2 == 0 else MODES[::-1]
            for mode in order:
                for load, sample in (await _round(servers[mode], options)).items():
                    kept[mode][load].append(sample)
    finally:
        for server in servers.values():
            server.stop()
    modes = {m: {load: _figures(kept[m][load]) for load in kept[m]} for m in MODES}
    ratios = {
        load: {
            key: ratio(modes["FULL"][load][key], modes["NORMAL"][load][key])
            for key in ("p50", "p99", "notes_per_s")
        }
        for load in ("sequential", "concurrent")
    }
    found = {"filesystem": filesystem(workdir), "bare_commit_ms": bare_commits(workdir)}
    return found | {"modes": modes, "full_over_normal": ratios}


def table(result: dict[str, Any], options: argparse.Namespace) -> str:
    lines = [
        f"notes on SQLite ({result['filesystem']}), {options.rounds} rounds; "
        f"concurrent = {options.writers} clients",
        f"{'mode':8} {'load':11} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'notes/s':>8}",
    ]
    for mode, loads in result["modes"].items():
        for load, f in loads.items():
            figures = (f["p50"], f["p99"], f["notes_per_s"])
            lines.append(
                f"{mode:8} {load:11} {f['n']:>5} " + " ".join(f"{x:8.1f}" for x in figures)
            )
    bare = result["bare_commit_ms"]
    lines.append(
        f"a bare SQLite commit on this disk: NORMAL {bare['NORMAL']} ms, FULL {bare['FULL']} ms"
    )
    for load, r in result["full_over_normal"].items():
        lines.append(
            f"FULL/NORMAL {load}: p50 {r['p50']}x, p99 {r['p99']}x, throughput {r['notes_per_s']}x"
        )
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.durability", description=__doc__)
    parser.add_argument("--rounds", type=int, default=6, help="rounds per mode (alternating)")
    parser.add_argument("--notes", type=int, default=120, help="notes one at a time per round")
    parser.add_argument("--writers", type=int, default=8, help="clients at once, second load")
    parser.add_argument("--data-dir", type=Path, default=RESULTS, help="where the SQLite files go")
    options = parser.parse_args(argv)
    if options.rounds < 1 or options.writers < 1 or not 1 <= options.notes <= PLAYERS * 20:
        parser.error(f"rounds and writers are positive; notes between 1 and {PLAYERS * 20}")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    stamp = report.utc_stamp()
    options.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cl-bench-durability-", dir=options.data_dir) as work:
        result = asyncio.run(run(options, Path(work)))
    document = {"options": {k: str(v) for k, v in vars(options).items()}, **result}
    path = report.write_json(RESULTS, f"durability-{stamp}", document)
    print(table(result, options))
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
