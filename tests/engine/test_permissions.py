"""Engine: who may do what, checked for every command against every kind of actor."""

from __future__ import annotations

from typing import get_args

import pytest

from app.engine import commands as cmd
from app.engine.decide import decide, may, run
from tests.engine.factories import MANUAL_INJECT, T0, session_at

ACTORS: dict[str, cmd.Actor] = {
    "facilitator": cmd.FACILITATOR_ACTOR,
    "observer": cmd.OBSERVER_ACTOR,
    "player": cmd.Actor("player", "p1"),
    "guest": cmd.GUEST_ACTOR,
    "system": cmd.SYSTEM_ACTOR,
}

# command type -> (a valid example in r2-meeting, the actor kinds allowed to send it)
TABLE: dict[type[cmd.Command], tuple[cmd.Command, set[str]]] = {
    cmd.Join: (cmd.Join("Nieuw"), {"guest"}),
    cmd.AutoSeat: (cmd.AutoSeat(), {"facilitator"}),
    cmd.AssignSeat: (cmd.AssignSeat("p1", "wijkteam"), {"facilitator"}),
    cmd.Advance: (cmd.Advance(), {"facilitator"}),
    cmd.Back: (cmd.Back(), {"facilitator"}),
    cmd.Pause: (cmd.Pause(), {"facilitator"}),
    cmd.Resume: (cmd.Resume(), {"facilitator"}),
    cmd.Extend: (cmd.Extend(60), {"facilitator"}),
    cmd.ReleaseInject: (cmd.ReleaseInject(MANUAL_INJECT), {"facilitator"}),
    cmd.FireTimers: (cmd.FireTimers(), {"system"}),
    cmd.LogCollision: (
        cmd.LogCollision(("wijkagent", "leerplicht"), "network"),
        {"facilitator", "observer"},
    ),
    cmd.AddNote: (cmd.AddNote("een notitie"), {"player"}),
    cmd.AddAgreement: (cmd.AddAgreement("wat", "wie", "wanneer"), {"player", "facilitator"}),
    cmd.AddReflection: (cmd.AddReflection("een gedachte"), {"player"}),
    cmd.SendMessage: (cmd.SendMessage("Pauze"), {"facilitator"}),
    cmd.RaiseHand: (cmd.RaiseHand(), {"player"}),
    cmd.LowerHand: (cmd.LowerHand("p1"), {"player", "facilitator"}),
    cmd.RemovePlayer: (cmd.RemovePlayer("p2"), {"facilitator"}),
    cmd.SetJoining: (cmd.SetJoining(False), {"facilitator"}),
    cmd.Leave: (cmd.Leave(), {"player"}),
    cmd.RecordVerdict: (cmd.RecordVerdict("order", "partly", "te vaag"), {"facilitator"}),
    cmd.ShowOnScreen: (cmd.ShowOnScreen("agreements"), {"facilitator"}),
    cmd.EditCollision: (cmd.EditCollision("c1", note="anders"), {"facilitator", "observer"}),
    cmd.ToggleStar: (cmd.ToggleStar("c1"), {"facilitator", "observer"}),
    cmd.DeleteCollision: (cmd.DeleteCollision("c1"), {"facilitator", "observer"}),
    cmd.ReviewAgreement: (cmd.ReviewAgreement("a1", "kept"), {"facilitator"}),
}
CASES = [(kind, command) for command in TABLE for kind in ACTORS]


def _id(value: object) -> str:
    return value.__name__ if isinstance(value, type) else str(value)


def test_the_table_covers_every_command() -> None:
    assert set(TABLE) == set(get_args(cmd.Command)) == set(cmd.BaseCommand.__subclasses__())


@pytest.mark.parametrize(("kind", "command"), CASES, ids=_id)
def test_may_matches_the_table(kind: str, command: type[cmd.Command]) -> None:
    assert may(ACTORS[kind], command) == (kind in TABLE[command][1])


@pytest.mark.parametrize(("kind", "command"), CASES, ids=_id)
def test_decide_enforces_the_table(kind: str, command: type[cmd.Command]) -> None:
    state = session_at("r2-meeting", players=10)
    staff = cmd.FACILITATOR_ACTOR
    state, _ = run(state, cmd.LogCollision(("wijkagent", "wijkteam"), "network"), staff, T0)
    state, _ = run(state, cmd.AddAgreement("wat", "wie", "wanneer"), staff, T0)
    example, allowed = TABLE[command]
    if kind in allowed:
        decide(state, example, ACTORS[kind], T0 + 1)
    else:
        with pytest.raises(cmd.Forbidden):
            decide(state, example, ACTORS[kind], T0 + 1)


def test_players_cannot_run_the_game() -> None:
    player = ACTORS["player"]
    for command in (cmd.Advance, cmd.Back, cmd.Pause, cmd.Extend, cmd.AutoSeat):
        assert not may(player, command)
    assert not may(player, cmd.LogCollision)
    assert not may(player, cmd.ReleaseInject)


def test_the_observer_logs_collisions_but_does_not_steer() -> None:
    observer = ACTORS["observer"]
    assert may(observer, cmd.LogCollision)
    assert not any(may(observer, c) for c in (cmd.Advance, cmd.Back, cmd.Pause, cmd.ReleaseInject))
    assert not may(observer, cmd.AddNote)


def test_guests_can_only_join() -> None:
    assert [c for c in TABLE if may(ACTORS["guest"], c)] == [cmd.Join]


def test_the_system_can_only_fire_timers() -> None:
    assert [c for c in TABLE if may(ACTORS["system"], c)] == [cmd.FireTimers]


def test_the_facilitator_cannot_join_or_write_duo_records() -> None:
    facilitator = ACTORS["facilitator"]
    for command in (cmd.Join, cmd.FireTimers, cmd.AddNote, cmd.AddReflection):
        assert not may(facilitator, command)


@pytest.mark.parametrize("actor", [cmd.Actor("player", "p99"), cmd.Actor("player")])
def test_a_player_not_in_the_session_is_forbidden(actor: cmd.Actor) -> None:
    state = session_at("r2-meeting", players=10)
    for command in (cmd.AddNote("x"), cmd.AddReflection("x"), cmd.AddAgreement("a", "b", "c")):
        with pytest.raises(cmd.Forbidden):
            decide(state, command, actor, T0)


def test_rejections_tell_the_web_layer_which_status_to_answer() -> None:
    assert cmd.Forbidden("x").reason == "forbidden"
    assert cmd.NotFound("x").reason == "not_found"
    assert cmd.Conflict("x").reason == "conflict"
    assert cmd.Invalid("x").reason == "invalid"
    assert cmd.Conflict("nope").message == "nope"
