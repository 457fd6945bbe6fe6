"""Benchmark layer, the load: phase changes and duo notes at fixed overall rates.

A measurement schedules advances open-loop at ``rate`` per second over the sessions in turn (a
session whose previous command is still in flight is skipped, never queued) and posts notes at
``note_rate`` to sessions drawn at random, then waits (bounded) for the commands in flight.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

from bench.clients import SessionHandle
from bench.commands import note_command, phase_command
from bench.slices import Slice
from bench.targets import Target

COMMAND_GRACE_S = 35.0
NOTE_DRAWS = 8
"""Sessions drawn for a note before giving up on it (a session at its last phase takes none)."""


@dataclass(frozen=True)
class Load:
    rate: float
    """Phase changes per second over all sessions."""
    note_rate: float
    """Duo notes per second over all sessions."""
    duration: float
    verify_sessions: int
    """How many sessions' logs to compare with their sockets (plus any with an unknown outcome)."""


async def _sleep_until(moment: float) -> None:
    delay = moment - time.perf_counter()
    if delay > 0:
        await asyncio.sleep(delay)


class Driver:
    """One slice's load on a target's sessions; what the commands did goes into the slice."""

    def __init__(
        self,
        target: Target,
        sessions: list[SessionHandle],
        rng: random.Random,
        numbers: Iterator[int],
        done: Slice,
    ) -> None:
        self.target = target
        self.sessions = sessions
        self.rng = rng
        self.numbers = numbers
        self.done = done
        self.pending: set[asyncio.Task[None]] = set()

    async def run(self, load: Load, start: float) -> None:
        await asyncio.gather(self._advances(load, start), self._notes(load, start))
        if self.pending:
            await asyncio.wait(set(self.pending), timeout=COMMAND_GRACE_S)

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task: asyncio.Task[None] = asyncio.create_task(coroutine)
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def _advances(self, load: Load, start: float) -> None:
        done = self.done
        total = max(1, round(load.rate * load.duration))
        done.counters.advances_planned = total
        for k in range(total):
            await _sleep_until(start + k / load.rate)
            session = self.sessions[k % len(self.sessions)]
            if session.busy:
                done.counters.advances_skipped_busy += 1
                continue
            session.busy = True
            number = next(self.numbers)
            self._spawn(
                phase_command(self.target, session, number, done.counters, done.advance, done.trace)
            )

    async def _notes(self, load: Load, start: float) -> None:
        done = self.done
        total = round(load.note_rate * load.duration)
        done.counters.notes_planned = total
        for j in range(total):
            await _sleep_until(start + (j + 0.5) / load.note_rate)
            choice = self._note_session()
            if choice is None:
                done.counters.notes_skipped += 1
                continue
            player = self.rng.randrange(len(choice.players))
            self._spawn(note_command(self.target, choice, player, j, done.counters, done.notes))

    def _note_session(self) -> SessionHandle | None:
        for _try in range(NOTE_DRAWS):
            candidate = self.rng.choice(self.sessions)
            if not candidate.at_last:
                return candidate
        return None
