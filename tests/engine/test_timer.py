"""Engine: pausing freezes the clock, resuming restarts it from what was left, extending moves
the deadline; all of it advisory, stored as values every client can show."""

from __future__ import annotations

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.decide import decide, run
from tests.engine.factories import T0, game_at, session_at

F = cmd.FACILITATOR_ACTOR
START = T0  # r1-meeting starts here and lasts 1200 s


def test_pause_keeps_the_remaining_seconds() -> None:
    state = session_at("r1-meeting", players=5, now=START)
    paused, recorded = run(state, cmd.Pause(), F, START + 200)
    assert [type(r.event) for r in recorded] == [ev.PhasePaused]
    assert paused.timer.paused
    assert paused.timer.remaining_s == 1000
    assert paused.timer.budget_s == 1200
    assert paused.timer.phase_id == "r1-meeting"
    assert paused.timer.started_at == START


def test_time_spent_paused_does_not_run() -> None:
    state = session_at("r1-meeting", players=5, now=START)
    paused, _ = run(state, cmd.Pause(), F, START + 200)
    assert paused.timer.running_s(START + 200) == 200
    assert paused.timer.running_s(START + 5000) == 200
    assert paused.timer.remaining_s == 1000


def test_resume_sets_the_deadline_from_what_was_left() -> None:
    game = game_at("r1-meeting", players=5, now=START)
    game.run(cmd.Pause(), now=START + 200)
    recorded = game.run(cmd.Resume(), now=START + 900)
    assert [type(r.event) for r in recorded] == [ev.PhaseResumed]
    timer = game.state.timer
    assert not timer.paused
    assert timer.remaining_s is None
    assert timer.deadline == START + 900 + 1000
    assert timer.running_s(START + 900) == 200
    assert timer.running_s(START + 1000) == 300


def test_extend_while_running_moves_the_deadline_by_the_seconds() -> None:
    state = session_at("r1-meeting", players=5, now=START)
    extended, recorded = run(state, cmd.Extend(90), F, START + 10)
    event = recorded[0].event
    assert isinstance(event, ev.PhaseExtended)
    assert event.seconds == 90
    assert extended.timer.deadline == START + 1200 + 90
    assert extended.timer.budget_s == 1290
    assert not extended.timer.paused
    assert extended.timer.running_s(START + 10) == 10


def test_extend_while_paused_grows_the_remaining_seconds() -> None:
    game = game_at("r1-meeting", players=5, now=START)
    game.run(cmd.Pause(), now=START + 200)
    game.run(cmd.Extend(60), now=START + 300)
    timer = game.state.timer
    assert timer.paused
    assert timer.remaining_s == 1060
    assert timer.budget_s == 1260
    assert timer.running_s(START + 300) == 200
    game.run(cmd.Resume(), now=START + 400)
    assert game.state.timer.deadline == START + 400 + 1060


def test_extensions_add_up() -> None:
    game = game_at("r1-meeting", players=5, now=START)
    game.run(cmd.Extend(60), now=START + 1)
    game.run(cmd.Extend(30), now=START + 2)
    assert game.state.timer.deadline == START + 1200 + 90


def test_pause_twice_is_a_no_op() -> None:
    state = session_at("r1-meeting", players=5, now=START)
    paused, _ = run(state, cmd.Pause(), F, START + 200)
    assert decide(paused, cmd.Pause(), F, START + 300) == []
    assert decide(paused, cmd.Pause(from_phase="r1-meeting"), F, START + 300) == []


def test_resume_of_a_running_clock_is_a_no_op() -> None:
    state = session_at("r1-meeting", players=5, now=START)
    assert decide(state, cmd.Resume(), F, START + 300) == []


def test_pause_after_the_deadline_leaves_nothing_remaining() -> None:
    state = session_at("r1-meeting", players=5, now=START)
    paused, _ = run(state, cmd.Pause(), F, START + 1500)
    assert paused.timer.remaining_s == 0
    resumed, _ = run(paused, cmd.Resume(), F, START + 2000)
    assert resumed.timer.deadline == START + 2000


@pytest.mark.parametrize(
    "command", [cmd.Pause(), cmd.Resume(), cmd.Extend(60)], ids=lambda c: type(c).__name__
)
@pytest.mark.parametrize("phase_id", ["lobby", "debrief", "closed"])
def test_clock_actions_in_an_untimed_phase_are_a_conflict(
    command: cmd.Command, phase_id: str
) -> None:
    state = session_at(phase_id, players=5)
    with pytest.raises(cmd.Conflict):
        decide(state, command, F, T0 + 1)


@pytest.mark.parametrize("seconds", [0, -1, -600, cmd.EXTEND_MAX_S + 1])
def test_extend_out_of_range_is_invalid(seconds: int) -> None:
    state = session_at("r1-meeting", players=5)
    with pytest.raises(cmd.Invalid):
        decide(state, cmd.Extend(seconds), F, T0 + 1)


@pytest.mark.parametrize("seconds", [1, cmd.EXTEND_MAX_S])
def test_extend_at_the_limits_is_accepted(seconds: int) -> None:
    state = session_at("r1-meeting", players=5, now=START)
    extended, _ = run(state, cmd.Extend(seconds), F, START + 1)
    assert extended.timer.deadline == START + 1200 + seconds


def test_leaving_a_paused_phase_starts_the_next_one_running() -> None:
    game = game_at("r1-meeting", players=5, now=START)
    game.run(cmd.Pause(), now=START + 10)
    game.run(cmd.Advance(), now=START + 20)
    timer = game.state.timer
    assert timer.phase_id == "r1-reflection"
    assert not timer.paused
    assert timer.remaining_s is None
    assert timer.deadline == START + 20 + 600


def test_phase_events_carry_the_whole_timer() -> None:
    game = game_at("r1-meeting", players=5, now=START)
    steps: list[tuple[cmd.Command, int]] = [
        (cmd.Pause(), 10),
        (cmd.Extend(5), 20),
        (cmd.Resume(), 30),
    ]
    for command, now in steps:
        (record,) = game.run(command, now=START + now)
        event = record.event
        assert isinstance(event, ev.PhaseEvent)
        timer = game.state.timer
        assert (event.phase_id, event.started_at, event.budget_s) == (
            timer.phase_id,
            timer.started_at,
            timer.budget_s,
        )
        assert (event.deadline, event.paused, event.remaining_s) == (
            timer.deadline,
            timer.paused,
            timer.remaining_s,
        )
