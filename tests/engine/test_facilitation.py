"""The facilitator's own moves: removing a player, the mayor's verdicts, the projector screen."""

from __future__ import annotations

import json

import pytest

from app.engine import commands as cmd
from app.engine.decide import run
from app.engine.snapshot import snapshot
from app.engine.views import Audience, audience_of, frame
from tests.engine.factories import T0, session_at

FACILITATOR = cmd.FACILITATOR_ACTOR


def test_a_removed_player_is_gone_and_loses_their_hand() -> None:
    state = session_at("r1-meeting", players=6)
    leaver = state.players[0]
    state, _ = run(state, cmd.RaiseHand(), cmd.Actor("player", leaver.id), T0)
    state, records = run(state, cmd.RemovePlayer(leaver.id), FACILITATOR, T0 + 1)
    assert state.player(leaver.id) is None and leaver.id not in state.hands
    assert audience_of(state, "player", leaver.id) is None
    assert frame(state, Audience("player", "wijkteam"), records[0], "nl") is not None
    with pytest.raises(cmd.NotFound):
        run(state, cmd.RemovePlayer(leaver.id), FACILITATOR, T0 + 2)


def test_the_latest_verdict_per_need_counts_and_only_staff_see_it() -> None:
    state = session_at("r3-meeting", players=5)
    state, _ = run(state, cmd.RecordVerdict("order", "not_met", "te vaag"), FACILITATOR, T0)
    state, records = run(state, cmd.RecordVerdict("order", "met", "helder"), FACILITATOR, T0 + 1)
    mayor = snapshot(state, Audience("facilitator"), {"kind": "facilitator"}, "nl")["mayor"]
    assert mayor is not None
    needs = {n["id"]: n for n in mayor["needs"]}
    assert needs["order"]["verdict"] == "met" and needs["kids"]["verdict"] is None
    player = Audience("player", "wijkteam")
    assert frame(state, player, records[0], "nl") is None
    assert "mayor" not in snapshot(state, player, {"kind": "player"}, "nl")


@pytest.mark.parametrize(
    "command",
    [
        cmd.RecordVerdict("housing", "met"),
        cmd.RecordVerdict("order", "brilliant"),  # type: ignore[arg-type]
        cmd.RecordVerdict("order", "met", "x" * (cmd.SHORT_TEXT_MAX + 1)),
    ],
)
def test_bad_verdicts_are_refused(command: cmd.Command) -> None:
    with pytest.raises(cmd.Invalid):
        run(session_at("r3-meeting", players=2), command, FACILITATOR, T0)


def test_the_screen_shows_only_what_the_room_may_see() -> None:
    state = session_at("r1-meeting", players=10)
    writer = cmd.Actor("player", state.players[0].id)
    state, _ = run(state, cmd.AddNote("<<secret note>>"), writer, T0)
    starred = cmd.LogCollision(("wijkagent", "wijkteam"), "network", "<<starred>>", True)
    quiet = cmd.LogCollision(("wijkagent", "wijkteam"), "network", "<<quiet>>", False)
    state, _ = run(state, starred, cmd.OBSERVER_ACTOR, T0 + 1)
    state, _ = run(state, quiet, cmd.OBSERVER_ACTOR, T0 + 2)
    state, _ = run(state, cmd.ShowOnScreen("collisions"), FACILITATOR, T0 + 3)
    screen = json.dumps(snapshot(state, Audience("screen"), {"kind": "screen"}, "nl"))
    assert "<<starred>>" in screen and "<<quiet>>" not in screen
    assert "<<secret note>>" not in screen and '"documents": []' in screen
    assert "<<body:" not in screen


def test_showing_a_question_needs_a_real_question_and_repeats_are_quiet() -> None:
    state = session_at("r2-reflection", players=2)
    with pytest.raises(cmd.Invalid):
        run(state, cmd.ShowOnScreen("question", "nope"), FACILITATOR, T0)
    with pytest.raises(cmd.Invalid):
        run(state, cmd.ShowOnScreen("fireworks"), FACILITATOR, T0)  # type: ignore[arg-type]
    state, first = run(state, cmd.ShowOnScreen("question", "q-r2"), FACILITATOR, T0)
    state, again = run(state, cmd.ShowOnScreen("question", "q-r2"), FACILITATOR, T0 + 1)
    assert len(first) == 1 and again == []
    question = snapshot(state, Audience("screen"), {"kind": "screen"}, "nl")["screen"]["question"]
    assert question is not None and question["id"] == "q-r2"


def test_the_mirror_shows_a_duos_documents_but_never_its_notes() -> None:
    state = session_at("r1-meeting", players=10)
    writer = next(p for p in state.players if p.role_id == "wijkagent")
    state, records = run(state, cmd.AddNote("<<duo secret>>"), cmd.Actor("player", writer.id), T0)
    mirror = Audience("player", "wijkagent", mirror=True)
    seen = json.dumps(snapshot(state, mirror, {"kind": "facilitator"}, "nl"))
    duo = json.dumps(snapshot(state, Audience("player", "wijkagent"), {"kind": "player"}, "nl"))
    assert "<<duo secret>>" not in seen and "<<duo secret>>" in duo
    assert frame(state, mirror, records[0], "nl") is None
    duo_view = snapshot(state, Audience("player", "wijkagent"), {"kind": "player"}, "nl")
    mirror_view = snapshot(state, mirror, {"kind": "facilitator"}, "nl")
    assert {d["id"] for d in mirror_view["documents"]} == {d["id"] for d in duo_view["documents"]}


def test_the_facilitator_counts_notes_without_reading_them() -> None:
    state = session_at("r1-meeting", players=10)
    writer = next(p for p in state.players if p.role_id == "wijkteam")
    state, _ = run(state, cmd.AddNote("<<count me>>"), cmd.Actor("player", writer.id), T0)
    view = snapshot(state, Audience("facilitator"), {"kind": "facilitator"}, "nl")
    assert view["activity"]["wijkteam"]["notes"] == 1
    assert "<<count me>>" not in json.dumps(view)
    assert "activity" not in snapshot(state, Audience("observer"), {"kind": "observer"}, "nl")
