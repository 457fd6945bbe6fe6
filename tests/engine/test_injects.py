"""Engine: timed injects fall due after running (unpaused) time in their own phase and fire once;
manual injects wait for the facilitator, and releasing one twice changes nothing."""

from __future__ import annotations

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.decide import decide
from app.engine.phases import due_injects, due_moment, next_due
from app.engine.spec import DocumentSpec
from tests.engine.factories import (
    MANUAL_INJECT,
    SPEC,
    T0,
    TIMED_INJECT,
    TIMED_INJECT_AFTER_S,
    case_id,
    game_at,
    released_ids,
    session_at,
)

START = T0  # r2-meeting is entered at START; its inject falls due 300 s later
DUE = START + TIMED_INJECT_AFTER_S
SYSTEM = cmd.SYSTEM_ACTOR


def _timed_inject() -> DocumentSpec:
    document = SPEC.document(TIMED_INJECT)
    assert document is not None
    return document


INJECT = _timed_inject()


def test_a_timed_inject_falls_due_after_its_seconds() -> None:
    state = session_at("r2-meeting", players=5, now=START)
    assert next_due(state) == DUE
    assert due_moment(state, INJECT) == DUE
    assert due_injects(state, DUE - 0.5) == []
    assert due_injects(state, DUE) == [TIMED_INJECT]
    assert due_injects(state, DUE + 5000) == [TIMED_INJECT]


def test_fire_timers_before_the_moment_releases_nothing() -> None:
    game = game_at("r2-meeting", players=5, now=START)
    assert game.run(cmd.FireTimers(), SYSTEM, DUE - 1) == []
    assert TIMED_INJECT not in released_ids(game.state)


def test_fire_timers_releases_a_due_inject_exactly_once() -> None:
    game = game_at("r2-meeting", players=5, now=START)
    first = game.run(cmd.FireTimers(), SYSTEM, DUE)
    assert [r.event for r in first] == [ev.DocumentReleased(TIMED_INJECT, "timer")]
    assert game.run(cmd.FireTimers(), SYSTEM, DUE + 1) == []
    assert released_ids(game.state).count(TIMED_INJECT) == 1
    assert next_due(game.state) is None
    assert due_injects(game.state, DUE + 10) == []


def test_a_paused_phase_never_becomes_due() -> None:
    game = game_at("r2-meeting", players=5, now=START)
    game.run(cmd.Pause(), now=START + 100)
    assert next_due(game.state) is None
    assert due_moment(game.state, INJECT) is None
    assert due_injects(game.state, START + 100_000) == []
    assert game.run(cmd.FireTimers(), SYSTEM, START + 100_000) == []


def test_time_spent_paused_does_not_count_towards_the_inject() -> None:
    game = game_at("r2-meeting", players=5, now=START)
    game.run(cmd.Pause(), now=START + 100)
    game.run(cmd.Resume(), now=START + 1000)
    expected = START + 1000 + (TIMED_INJECT_AFTER_S - 100)
    assert next_due(game.state) == expected
    assert due_injects(game.state, expected - 1) == []
    assert game.run(cmd.FireTimers(), SYSTEM, expected - 1) == []
    assert len(game.run(cmd.FireTimers(), SYSTEM, expected)) == 1


def test_extending_the_phase_does_not_move_the_inject() -> None:
    game = game_at("r2-meeting", players=5, now=START)
    game.run(cmd.Extend(600), now=START + 50)
    assert next_due(game.state) == DUE
    game.run(cmd.Pause(), now=START + 60)
    game.run(cmd.Extend(600), now=START + 70)
    game.run(cmd.Resume(), now=START + 80)
    assert next_due(game.state) == DUE + 20


@pytest.mark.parametrize("phase_id", ["r2-prep", "r2-reflection", "r3-meeting", "debrief"])
def test_a_timed_inject_does_not_fire_in_another_phase(phase_id: str) -> None:
    game = game_at(phase_id, players=5, now=START)
    assert next_due(game.state) is None
    assert due_moment(game.state, INJECT) is None
    assert due_injects(game.state, START + 100_000) == []
    assert game.run(cmd.FireTimers(), SYSTEM, START + 100_000) == []


def test_coming_back_into_the_phase_restarts_the_inject_clock() -> None:
    game = game_at("r2-meeting", players=5, now=START)
    game.run(cmd.Back(), now=START + 200)
    game.run(cmd.Advance(), now=START + 250)
    assert next_due(game.state) == START + 250 + TIMED_INJECT_AFTER_S
    assert game.run(cmd.FireTimers(), SYSTEM, DUE) == []


def test_a_fired_inject_is_not_fired_again_after_back_and_advance() -> None:
    game = game_at("r2-meeting", players=5, now=START)
    game.run(cmd.FireTimers(), SYSTEM, DUE)
    game.run(cmd.Back(), now=DUE + 1)
    game.run(cmd.Advance(), now=DUE + 2)
    assert next_due(game.state) is None
    assert game.run(cmd.FireTimers(), SYSTEM, DUE + 10_000) == []


def test_manual_injects_are_never_due() -> None:
    state = session_at("r3-meeting", players=5, now=START)
    manual = SPEC.document(MANUAL_INJECT)
    assert manual is not None
    assert due_moment(state, manual) is None
    assert due_injects(state, START + 100_000) == []


def test_releasing_a_manual_inject_is_idempotent() -> None:
    game = game_at("r3-meeting", players=5, now=START)
    first = game.run(cmd.ReleaseInject(MANUAL_INJECT), now=START + 10)
    assert [r.event for r in first] == [ev.DocumentReleased(MANUAL_INJECT, "facilitator")]
    assert game.run(cmd.ReleaseInject(MANUAL_INJECT), now=START + 20) == []
    assert released_ids(game.state).count(MANUAL_INJECT) == 1


def test_releasing_a_timed_inject_by_hand_stops_its_timer() -> None:
    game = game_at("r2-meeting", players=5, now=START)
    recorded = game.run(cmd.ReleaseInject(TIMED_INJECT), now=START + 10)
    assert [r.event for r in recorded] == [ev.DocumentReleased(TIMED_INJECT, "facilitator")]
    assert next_due(game.state) is None
    assert game.run(cmd.FireTimers(), SYSTEM, DUE) == []
    assert game.run(cmd.ReleaseInject(TIMED_INJECT), now=DUE) == []


@pytest.mark.parametrize("document_id", ["no-such-document", case_id(1), "brief-wijkagent-r1"])
def test_releasing_an_unknown_or_plain_document_is_not_found(document_id: str) -> None:
    state = session_at("r3-meeting", players=5)
    with pytest.raises(cmd.NotFound):
        decide(state, cmd.ReleaseInject(document_id), cmd.FACILITATOR_ACTOR, T0)
