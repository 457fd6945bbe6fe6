"""Engine: the phase machine moves one step at a time, refuses at the ends and on stale clicks,
and releases each plain document once when the game first reaches its phase."""

from __future__ import annotations

from typing import get_args

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.decide import decide, run
from app.engine.phases import phase_command
from app.engine.vocabulary import PhaseAction
from tests.engine.factories import (
    FACILITATOR_DOC,
    GUIDE,
    MANUAL_INJECT,
    PHASE_IDS,
    ROLE_IDS,
    SPEC,
    T0,
    TIMED_INJECT,
    brief_id,
    case_id,
    game_at,
    released_ids,
    session_at,
)

F = cmd.FACILITATOR_ACTOR


def _changed(recorded: list[ev.Recorded]) -> ev.PhaseChanged:
    changes = [r.event for r in recorded if isinstance(r.event, ev.PhaseChanged)]
    assert len(changes) == 1
    return changes[0]


def test_advance_walks_through_every_phase_in_order() -> None:
    game = game_at("lobby", players=5)
    seen = [game.state.timer.phase_id]
    while game.state.timer.phase_id != "closed":
        changed = _changed(game.run(cmd.Advance()))
        assert changed.direction == "advance"
        seen.append(changed.phase_id)
    assert tuple(seen) == PHASE_IDS


def test_advance_past_the_last_phase_is_a_conflict() -> None:
    state = session_at("closed", players=5)
    with pytest.raises(cmd.Conflict):
        decide(state, cmd.Advance(), F, T0)
    with pytest.raises(cmd.Conflict):
        decide(state, cmd.Advance(from_phase="closed"), F, T0)


def test_back_before_the_first_phase_is_a_conflict() -> None:
    state = session_at("lobby", players=5)
    with pytest.raises(cmd.Conflict):
        decide(state, cmd.Back(), F, T0)


def test_back_walks_all_the_way_to_the_lobby() -> None:
    game = game_at("closed", players=5)
    seen = [game.state.timer.phase_id]
    while game.state.timer.phase_id != "lobby":
        changed = _changed(game.run(cmd.Back(from_phase=game.state.timer.phase_id)))
        assert changed.direction == "back"
        seen.append(changed.phase_id)
    assert tuple(seen) == tuple(reversed(PHASE_IDS))


def test_entering_a_timed_phase_starts_its_clock_afresh() -> None:
    game = game_at("r1-meeting", players=5, now=T0)
    game.run(cmd.Pause(), now=T0 + 100)
    game.run(cmd.Extend(300), now=T0 + 200)
    game.run(cmd.Back(), now=T0 + 500)
    timer = game.state.timer
    assert timer.phase_id == "r1-prep"
    assert timer.started_at == T0 + 500
    assert timer.budget_s == 600
    assert timer.deadline == T0 + 500 + 600
    assert not timer.paused
    assert timer.remaining_s is None
    game.run(cmd.Advance(), now=T0 + 700)
    assert game.state.timer.deadline == T0 + 700 + 1200
    assert not game.state.timer.paused


@pytest.mark.parametrize("phase_id", ["lobby", "debrief", "closed"])
def test_untimed_phases_have_no_deadline(phase_id: str) -> None:
    timer = session_at(phase_id, players=5).timer
    assert timer.budget_s is None
    assert timer.deadline is None
    assert timer.running_s(T0 + 99) is None


def test_second_click_with_the_same_from_phase_is_refused_and_changes_nothing() -> None:
    state = session_at("r1-prep", players=5)
    once, _ = run(state, cmd.Advance(from_phase="r1-prep"), F, T0 + 1)
    assert once.timer.phase_id == "r1-meeting"
    with pytest.raises(cmd.Conflict):
        run(once, cmd.Advance(from_phase="r1-prep"), F, T0 + 2)
    assert once.timer.phase_id == "r1-meeting"
    assert once.timer.started_at == T0 + 1


@pytest.mark.parametrize(
    "command",
    [
        cmd.Advance(from_phase="r1-prep"),
        cmd.Back(from_phase="r1-prep"),
        cmd.Pause(from_phase="r1-prep"),
        cmd.Resume(from_phase="r1-prep"),
        cmd.Extend(60, from_phase="r1-prep"),
    ],
    ids=lambda c: type(c).__name__,
)
def test_every_phase_action_refuses_a_stale_from_phase(command: cmd.Command) -> None:
    state = session_at("r1-meeting", players=5)
    with pytest.raises(cmd.Conflict):
        decide(state, command, F, T0 + 1)


def test_each_phase_button_names_its_command() -> None:
    assert [phase_command(a, "r1-prep", 60) for a in get_args(PhaseAction)] == [
        cmd.Advance("r1-prep"),
        cmd.Back("r1-prep"),
        cmd.Pause("r1-prep"),
        cmd.Resume("r1-prep"),
        cmd.Extend(60, "r1-prep"),
    ]
    assert phase_command("pause", None) == cmd.Pause()
    with pytest.raises(cmd.Invalid, match="extend needs seconds"):
        phase_command("extend", "r1-prep")


def test_back_with_the_current_from_phase_goes_back() -> None:
    state = session_at("r2-prep", players=5)
    after, _ = run(state, cmd.Back(from_phase="r2-prep"), F, T0)
    assert after.timer.phase_id == "r1-reflection"


def test_only_the_lobby_guide_is_out_at_the_start() -> None:
    assert released_ids(session_at("lobby", players=5)) == [GUIDE]


@pytest.mark.parametrize(
    ("phase_id", "expected"),
    [
        ("r1-prep", {case_id(1), *(brief_id(r, 1) for r in ROLE_IDS)}),
        ("r1-meeting", set()),
        ("r1-reflection", set()),
        ("r2-prep", {case_id(2), *(brief_id(r, 2) for r in ROLE_IDS)}),
        ("r2-meeting", set()),
        ("r3-prep", {case_id(3), FACILITATOR_DOC, *(brief_id(r, 3) for r in ROLE_IDS)}),
        ("r3-meeting", set()),
        ("debrief", set()),
    ],
)
def test_reaching_a_phase_releases_its_plain_documents(phase_id: str, expected: set[str]) -> None:
    index = SPEC.phase_index(phase_id)
    state = session_at(PHASE_IDS[index - 1], players=5)
    after, recorded = run(state, cmd.Advance(), F, T0 + 50)
    released = [r.event for r in recorded if isinstance(r.event, ev.DocumentReleased)]
    assert {e.document_id for e in released} == expected
    assert all(e.by == "phase" for e in released)
    assert all(r.at == T0 + 50 for r in after.released if r.document_id in expected)


def test_injects_are_never_released_by_reaching_their_phase() -> None:
    released = released_ids(session_at("closed", players=5))
    assert TIMED_INJECT not in released
    assert MANUAL_INJECT not in released


def test_documents_are_never_released_twice_even_after_back_and_advance() -> None:
    game = game_at("r2-prep", players=5)
    first = released_ids(game.state)
    game.run(cmd.Back(), now=T0 + 10)
    game.run(cmd.Back(), now=T0 + 20)
    recorded = game.run(cmd.Advance(), now=T0 + 30) + game.run(cmd.Advance(), now=T0 + 40)
    assert not [r for r in recorded if isinstance(r.event, ev.DocumentReleased)]
    assert released_ids(game.state) == first
    game.advance_to("closed", T0 + 50)
    ids = released_ids(game.state)
    assert len(ids) == len(set(ids))
    plain = {d.id for d in SPEC.documents if not d.is_inject}
    assert set(ids) == plain


def test_release_keeps_the_moment_the_phase_was_reached() -> None:
    game = game_at("r1-reflection", players=5, now=T0)
    game.run(cmd.Advance(), now=T0 + 777)
    moments = {r.document_id: r.at for r in game.state.released}
    assert moments[GUIDE] == T0
    assert moments[case_id(1)] == T0
    assert moments[case_id(2)] == T0 + 777
