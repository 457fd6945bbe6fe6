"""``python -m bench.exports``: does a heavy export stall the room?

For each way of running exports, one uvicorn server in a child process (SQLite), holding two
sessions: one played through by the bots of ``tests/e2e/bots.py`` (twelve players, every
phase), whose PDF is exported, and a live one with twelve seated players whose sockets stay
open. The ways (``--pools``):

- ``process``: the app as it ships (its export pool of worker processes);
- ``thread``: the same app with the pool's processes swapped for threads;
- ``inline``: the same app rendering on the event loop, as before issue 10.

The probes run all the time: ``GET /healthz`` every ``--probe`` seconds (how long it takes), and
a phase change of the live session every ``--event-every`` seconds (from sending the command
to each socket receiving its frame: how late live events are). Slices alternate, in turns
whose order rotates: *quiet* (no export) and *busy* (``--pdfs`` clients each fetch the PDF over
and over, so that many are always asked for). A busy slice ends only when its last PDF is in,
so no export spills into a quiet one. The ratios busy/quiet, measured on one server in one run,
are the figures to compare, as this machine is shared and noisy.

Prints a table; everything goes to ``bench/results/exports-<UTC timestamp>.json``. The server
and the probes are in ``bench/export_room.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import report
from bench.export_room import POOLS, Probes, export_pdf, open_room, run_slice, serve
from bench.server import raise_open_file_limit
from bench.stats import Summary, ratio

RESULTS = Path(__file__).resolve().parent / "results"


def _figures(quiet: list[Probes], busy: list[Probes]) -> dict[str, Any]:
    def summary(slices: list[Probes], name: str) -> dict[str, Any]:
        return Summary.of_seconds([x for s in slices for x in getattr(s, name)]).as_dict()

    figures: dict[str, Any] = {}
    for name in ("healthz", "events"):
        calm, loaded = summary(quiet, name), summary(busy, name)
        figures[name] = {
            "quiet_ms": calm,
            "busy_ms": loaded,
            "ratio_p50": ratio(loaded["p50"], calm["p50"]),
            "ratio_p90": ratio(loaded["p90"], calm["p90"]),
            "ratio_max": ratio(loaded["max"], calm["max"]),
        }
    wall = sum(s.wall for s in busy)
    figures["pdf_ms"] = summary(busy, "pdfs")
    figures["pdfs_per_s"] = round(sum(len(s.pdfs) for s in busy) / wall, 2) if wall else None
    figures["refused_429"] = sum(s.refused for s in busy)
    figures["failed"] = sum(s.failed for s in busy)
    return figures


async def _measure(pool: str, workdir: Path, options: argparse.Namespace) -> dict[str, Any]:
    print(f"[{pool}] starting the server and playing a session through", flush=True)
    room = await open_room(pool, workdir)
    try:
        rss_before = room.server.rss()
        await asyncio.gather(*(export_pdf(room, None) for _ in range(options.pdfs)))
        quiet: list[Probes] = []
        busy: list[Probes] = []
        cpu_before = room.server.cpu()
        for turn in range(options.turns):
            for loaded in (turn % 2 == 1, turn % 2 == 0):
                pdfs = options.pdfs if loaded else 0
                probes = await run_slice(
                    room, options.slice, pdfs, options.probe, options.event_every
                )
                (busy if loaded else quiet).append(probes)
                print(
                    f"[{pool}] turn {turn + 1} {'busy ' if loaded else 'quiet'}: "
                    f"healthz n={len(probes.healthz)}, event pairs n={len(probes.events)}, "
                    f"PDFs {len(probes.pdfs)}, 429s {probes.refused}",
                    flush=True,
                )
        seconds = sum(p.wall for p in quiet + busy)
        figures = _figures(quiet, busy)
        figures["server_cpu_pct"] = round(100 * (room.server.cpu() - cpu_before) / seconds, 1)
        figures["rss_mb"] = {
            "before_exports": round(rss_before / 2**20),
            "after": round(room.server.rss() / 2**20),
        }
        return {"pool": pool} | figures
    finally:
        await room.close()


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def table(results: list[dict[str, Any]], pdfs: int) -> str:
    head = (
        f"{'pool':<8} {'probe':<12} {'quiet p50/p90/max ms':>22} "
        f"{f'{pdfs} PDFs p50/p90/max ms':>24} {'ratio p50':>9} {'p90':>6} {'max':>6}"
    )
    lines = [head, "-" * len(head)]
    for result in results:
        for name, label in (("healthz", "/healthz"), ("events", "live event")):
            f = result[name]
            calm = "/".join(_ms(f["quiet_ms"][k]) for k in ("p50", "p90", "max"))
            loaded = "/".join(_ms(f["busy_ms"][k]) for k in ("p50", "p90", "max"))
            lines.append(
                f"{result['pool']:<8} {label:<12} {calm:>22} {loaded:>24} "
                f"{f['ratio_p50']!s:>9} {f['ratio_p90']!s:>6} {f['ratio_max']!s:>6}"
            )
        pdf, rss = result["pdf_ms"], result["rss_mb"]
        lines.append(
            f"{result['pool']:<8} {'PDF':<12} {'':>22} "
            f"{'/'.join(_ms(pdf[k]) for k in ('p50', 'p90', 'max')):>24}   "
            f"n={pdf['n']}, {result['pdfs_per_s']}/s, 429s {result['refused_429']}, "
            f"failed {result['failed']}, server CPU {result['server_cpu_pct']}%, RSS MB "
            f"{rss['before_exports']} before exports, {rss['after']} after"
        )
    return "\n".join(lines)


async def run(options: argparse.Namespace) -> list[dict[str, Any]]:
    raise_open_file_limit()
    with tempfile.TemporaryDirectory(prefix="cl-bench-exports-") as workdir:
        return [await _measure(pool, Path(workdir), options) for pool in options.pools]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.exports", description=__doc__)
    parser.add_argument(
        "--pools", default=",".join(POOLS), help="comma separated: " + ", ".join(POOLS)
    )
    parser.add_argument("--turns", type=int, default=4, help="quiet/busy pairs per pool")
    parser.add_argument("--slice", type=float, default=8.0, help="seconds per slice")
    parser.add_argument("--pdfs", type=int, default=3, help="PDFs asked for at once when busy")
    parser.add_argument("--probe", type=float, default=0.1, help="seconds between /healthz")
    parser.add_argument("--event-every", type=float, default=0.5, help="seconds between events")
    parser.add_argument("--serve", choices=POOLS, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    options.pools = [p for p in options.pools.split(",") if p]
    if not set(options.pools) <= set(POOLS) or options.turns < 1 or options.pdfs < 1:
        parser.error(f"pools are among {', '.join(POOLS)}; turns and pdfs are positive")
    return options


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    if options.serve:
        return serve(options.serve, options.port)
    stamp = report.utc_stamp()
    results = asyncio.run(run(options))
    path = report.write_json(
        RESULTS, f"exports-{stamp}", {"options": vars(options), "results": results}
    )
    print()
    print(table(results, options.pdfs))
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
