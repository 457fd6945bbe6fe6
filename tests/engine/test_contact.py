"""Messages from the facilitator and raised hands: who may, who sees, and idempotence."""

from __future__ import annotations

import json

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine import snapshot, views
from app.engine.decide import run
from app.engine.state import SessionState
from tests.engine.factories import T0, session_at

FACILITATOR = cmd.FACILITATOR_ACTOR


def _player(state: SessionState, index: int) -> cmd.Actor:
    return cmd.Actor("player", state.players[index].id)


def _snapshot(state: SessionState, audience: views.Audience) -> str:
    return json.dumps(snapshot.snapshot(state, audience, {"kind": audience.kind}, "nl"))


def test_a_message_to_everyone_reaches_every_audience() -> None:
    state = session_at("r1-meeting", players=10)
    state, records = run(state, cmd.SendMessage("Nog vijf minuten"), FACILITATOR, T0 + 1)
    for player in state.players:
        audience = views.Audience("player", player.role_id)
        assert views.frame(state, audience, records[0], "nl") is not None
        assert "Nog vijf minuten" in _snapshot(state, audience)


def test_a_message_to_one_role_reaches_that_duo_and_staff_only() -> None:
    state = session_at("r1-meeting", players=10)
    state, records = run(state, cmd.SendMessage("Alleen jullie", "wijkagent"), FACILITATOR, T0)
    for role in state.spec.role_ids:
        seen = views.frame(state, views.Audience("player", role), records[0], "nl") is not None
        assert seen is (role == "wijkagent")
    assert views.frame(state, views.Audience("observer"), records[0], "nl") is not None
    assert "Alleen jullie" not in _snapshot(state, views.Audience("player", "wijkteam"))


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        (cmd.SendMessage("   "), cmd.Invalid),
        (cmd.SendMessage("x" * (cmd.SHORT_TEXT_MAX + 1)), cmd.Invalid),
        (cmd.SendMessage("hoi", "burgemeester"), cmd.Invalid),
    ],
)
def test_bad_messages_are_refused(command: cmd.Command, problem: type[Exception]) -> None:
    with pytest.raises(problem):
        run(session_at("lobby", players=2), command, FACILITATOR, T0)


def test_only_the_facilitator_sends_messages() -> None:
    state = session_at("lobby", players=2)
    for actor in (_player(state, 0), cmd.OBSERVER_ACTOR):
        with pytest.raises(cmd.Forbidden):
            run(state, cmd.SendMessage("hoi"), actor, T0)


def test_a_hand_stays_up_once_until_answered() -> None:
    state = session_at("r1-meeting", players=10)
    raiser = _player(state, 0)
    state, first = run(state, cmd.RaiseHand(), raiser, T0 + 1)
    state, second = run(state, cmd.RaiseHand(), raiser, T0 + 2)
    assert len(first) == 1 and second == [] and state.hands == (raiser.player_id,)
    role = state.players[0].role_id
    other = next(r for r in state.spec.role_ids if r != role)
    assert views.frame(state, views.Audience("player", other), first[0], "nl") is None
    assert views.frame(state, views.Audience("facilitator"), first[0], "nl") is not None
    state, answered = run(state, cmd.LowerHand(raiser.player_id), FACILITATOR, T0 + 3)
    assert state.hands == () and answered[0].event == ev.HandLowered(
        raiser.player_id or "", role, "facilitator"
    )
    state, again = run(state, cmd.LowerHand(raiser.player_id), FACILITATOR, T0 + 4)
    assert again == []


def test_a_player_lowers_only_their_own_hand() -> None:
    state = session_at("r1-meeting", players=4)
    state, _ = run(state, cmd.RaiseHand(), _player(state, 0), T0)
    with pytest.raises(cmd.Forbidden):
        run(state, cmd.LowerHand(state.players[0].id), _player(state, 1), T0)
    state, lowered = run(state, cmd.LowerHand(), _player(state, 0), T0)
    assert (
        state.hands == ()
        and isinstance(lowered[0].event, ev.HandLowered)
        and lowered[0].event.by == "player"
    )
    with pytest.raises(cmd.Invalid):
        run(state, cmd.LowerHand(), FACILITATOR, T0)
    with pytest.raises(cmd.NotFound):
        run(state, cmd.LowerHand("p99"), FACILITATOR, T0)


def test_hands_need_a_seat_and_records_stop_when_the_session_ends() -> None:
    state = session_at("lobby", players=2, seat=False)
    with pytest.raises(cmd.Conflict):
        run(state, cmd.RaiseHand(), _player(state, 0), T0)
    state = session_at("closed", players=4)
    for command in (cmd.AddNote("na afloop"), cmd.RaiseHand(), cmd.AddReflection("later")):
        with pytest.raises(cmd.Conflict):
            run(state, command, _player(state, 0), T0)
    edited = cmd.LogCollision(("wijkagent", "wijkteam"), "network")
    run(state, edited, cmd.OBSERVER_ACTOR, T0)  # the staff may still tidy the log
