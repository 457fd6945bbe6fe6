"""Engine layer: the phase machine as a table of actions over the scenario's ordered phases.

The facilitator paces the game: timers are advisory and never move the game on by themselves.
A timer keeps its deadline while running and its remaining seconds while paused, so that every
client can show the same clock from stored values; each phase event carries the whole resulting
``Timer``, a fresh one or the current one changed. ``from_phase`` makes each action safe to
click twice: the second click names a phase that is no longer current and is refused.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import assert_never

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.spec import DocumentSpec
from app.engine.state import SessionState, Timer
from app.engine.vocabulary import PhaseAction


def enter(state: SessionState, index: int, now: float, direction: str) -> list[ev.Event]:
    """Start phase ``index`` afresh, and release the documents the game has now reached."""
    phase = state.spec.phases[index]
    budget = float(phase.duration_s) if phase.duration_s > 0 else None
    deadline = now + budget if budget is not None else None
    timer = Timer(phase.id, started_at=now, budget_s=budget, deadline=deadline)
    return [ev.PhaseChanged(**asdict(timer), direction=direction), *reached_documents(state, index)]


def reached_documents(state: SessionState, index: int) -> list[ev.Event]:
    """Plain documents of every phase up to ``index`` that are not out yet; injects wait."""
    order = {p.id: i for i, p in enumerate(state.spec.phases)}
    return [
        ev.DocumentReleased(document_id=doc.id, by="phase")
        for doc in state.spec.documents
        if not doc.is_inject and order[doc.phase_id] <= index and not state.is_released(doc.id)
    ]


def _advance(state: SessionState, now: float) -> list[ev.Event]:
    index = state.phase_index
    if index + 1 >= len(state.spec.phases):
        raise cmd.Conflict("this is the last phase")
    return enter(state, index + 1, now, "advance")


def _back(state: SessionState, now: float) -> list[ev.Event]:
    index = state.phase_index
    if index == 0:
        raise cmd.Conflict("this is the first phase")
    return enter(state, index - 1, now, "back")


def _timed(state: SessionState) -> Timer:
    timer = state.timer
    if timer.budget_s is None or timer.deadline is None:
        raise cmd.Conflict("this phase has no timer")
    return timer


def _pause(state: SessionState, now: float) -> list[ev.Event]:
    timer = _timed(state)
    if timer.paused or timer.deadline is None:
        return []
    remaining = max(0.0, timer.deadline - now)
    paused = replace(timer, paused=True, remaining_s=remaining, deadline=now + remaining)
    return [ev.PhasePaused(**asdict(paused))]


def _resume(state: SessionState, now: float) -> list[ev.Event]:
    timer = _timed(state)
    if not timer.paused or timer.remaining_s is None:
        return []
    resumed = replace(timer, paused=False, remaining_s=None, deadline=now + timer.remaining_s)
    return [ev.PhaseResumed(**asdict(resumed))]


def _extend(state: SessionState, seconds: int, now: float) -> list[ev.Event]:
    timer = _timed(state)
    if not 1 <= seconds <= cmd.EXTEND_MAX_S:
        raise cmd.Invalid(f"seconds must be between 1 and {cmd.EXTEND_MAX_S}")
    assert timer.budget_s is not None and timer.deadline is not None
    extended = replace(
        timer,
        budget_s=timer.budget_s + seconds,
        deadline=timer.deadline + seconds,
        remaining_s=None if timer.remaining_s is None else timer.remaining_s + seconds,
    )
    return [ev.PhaseExtended(**asdict(extended), seconds=seconds)]


def phase_command(
    action: PhaseAction, from_phase: str | None, seconds: int | None = None
) -> cmd.PhaseCommand:
    """The command behind each of the facilitator's phase buttons, for every page and the API."""
    match action:
        case "advance":
            return cmd.Advance(from_phase)
        case "back":
            return cmd.Back(from_phase)
        case "pause":
            return cmd.Pause(from_phase)
        case "resume":
            return cmd.Resume(from_phase)
        case "extend":
            if seconds is None:
                raise cmd.Invalid("extend needs seconds")
            return cmd.Extend(seconds, from_phase)
        case _:
            assert_never(action)


def change_phase(state: SessionState, command: cmd.PhaseCommand, now: float) -> list[ev.Event]:
    from_phase = command.from_phase
    if from_phase is not None and from_phase != state.timer.phase_id:
        raise cmd.Conflict(
            f"the game is in phase {state.timer.phase_id!r}, not {from_phase!r}; nothing changed"
        )
    match command:
        case cmd.Advance():
            return _advance(state, now)
        case cmd.Back():
            return _back(state, now)
        case cmd.Pause():
            return _pause(state, now)
        case cmd.Resume():
            return _resume(state, now)
        case cmd.Extend():
            return _extend(state, int(command.seconds), now)
        case _:
            assert_never(command)


def due_injects(state: SessionState, now: float) -> list[str]:
    """Timed injects of the current phase whose running time has come and that are not out."""
    running = state.timer.running_s(now)
    if running is None:
        return []
    return [
        doc.id
        for doc in state.spec.documents
        if doc.trigger == "timed"
        and doc.phase_id == state.timer.phase_id
        and doc.after_s is not None
        and doc.after_s <= running + 1e-6
        and not state.is_released(doc.id)
    ]


def due_moment(state: SessionState, document: DocumentSpec) -> float | None:
    """When a pending timed inject of the running phase falls due, by the wall clock."""
    timer = state.timer
    if (
        document.trigger != "timed"
        or document.after_s is None
        or document.phase_id != timer.phase_id
        or timer.paused
        or timer.budget_s is None
        or timer.deadline is None
        or state.is_released(document.id)
    ):
        return None
    return timer.deadline - timer.budget_s + document.after_s


def next_due(state: SessionState) -> float | None:
    """The moment the next timed inject falls due, for the scheduler; None if none."""
    moments = (due_moment(state, d) for d in state.spec.documents)
    return min((m for m in moments if m is not None), default=None)
