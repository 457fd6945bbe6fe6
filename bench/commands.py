"""Benchmark layer, the commands a client sends: phase changes and duo notes, timed.

A command records its own outcome in ``Counters`` and its latency (POST to response), and
keeps the client's idea of its session in step with the server after a refusal or an error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx2

from bench.clients import SessionHandle, bearer
from bench.targets import Target


@dataclass
class Counters:
    advances_planned: int = 0
    advances_ok: int = 0
    advances_conflict: int = 0
    advances_failed: int = 0
    advances_skipped_busy: int = 0
    notes_planned: int = 0
    notes_ok: int = 0
    notes_refused: int = 0
    notes_failed: int = 0
    notes_skipped: int = 0


async def phase_command(
    target: Target,
    session: SessionHandle,
    k: int,
    counters: Counters,
    latencies: list[float] | None,
    trace: list[tuple[float, float, str]] | None = None,
) -> None:
    """One advance (or back at the end); the session must already be marked busy."""
    action, current = session.next_action()
    try:
        sent = time.perf_counter()
        try:
            answer = await target.client_for(k).post(
                f"/api/sessions/{session.sid}/phase",
                json={"action": action, "from_phase": current},
                headers=session.facilitator_headers,
            )
        except httpx2.HTTPError:
            counters.advances_failed += 1
            session.ambiguous = True
            await target.resync(session, k + 1)
            return
        done = time.perf_counter()
        if answer.status_code == 200:
            phase = answer.json()["phase"]
            session.index = int(phase["index"])
            session.expected.append(((str(phase["id"]), str(phase["started_at"])), sent))
            counters.advances_ok += 1
            if latencies is not None:
                latencies.append(done - sent)
            if trace is not None:
                trace.append((sent, done - sent, session.sid))
        elif answer.status_code == 409:
            counters.advances_conflict += 1
            await target.resync(session, k + 1)
        else:
            counters.advances_failed += 1
            await target.resync(session, k + 1)
    finally:
        session.busy = False


async def note_command(
    target: Target,
    session: SessionHandle,
    player: int,
    j: int,
    counters: Counters,
    lat: list[float],
) -> None:
    sent = time.perf_counter()
    try:
        answer = await target.client_for(j).post(
            f"/api/sessions/{session.sid}/notes",
            json={"text": f"benchmark note {j}"},
            headers=bearer(session.players[player]),
        )
    except httpx2.HTTPError:
        counters.notes_failed += 1
        return
    done = time.perf_counter()
    if answer.status_code == 201:
        counters.notes_ok += 1
        lat.append(done - sent)
    elif answer.status_code == 409:
        counters.notes_refused += 1
    else:
        counters.notes_failed += 1
