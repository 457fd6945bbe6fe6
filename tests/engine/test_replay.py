"""Engine: replaying the log rebuilds exactly the state the live game reached."""

from __future__ import annotations

import json

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.decide import create
from app.engine.evolve import replay, start
from tests.engine.factories import GUIDE, SESSION_ID, SPEC, T0, game_at
from tests.engine.games import full_game


def test_replay_of_a_long_game_equals_the_live_state() -> None:
    game = full_game()
    assert game.replayed() == game.state
    assert game.state.timer.phase_id == "closed"


def test_replay_of_every_prefix_equals_the_state_at_that_moment() -> None:
    game = full_game()
    for length, live in game.checkpoints:
        assert replay(SPEC, SESSION_ID, game.log[:length]) == live


def test_replay_from_a_json_log_equals_the_live_state() -> None:
    game = full_game()
    stored = json.dumps([[r.seq, r.at, r.event.type, ev.encode(r.event)] for r in game.log])
    log = [
        ev.Recorded(seq, at, ev.decode(kind, data)) for seq, at, kind, data in json.loads(stored)
    ]
    assert replay(SPEC, SESSION_ID, log) == game.state


def test_log_is_numbered_one_by_one_from_one() -> None:
    game = full_game()
    assert [r.seq for r in game.log] == list(range(1, len(game.log) + 1))
    assert game.state.seq == len(game.log)


def test_every_command_keeps_the_numbering_going() -> None:
    game = game_at("r1-meeting", players=6)
    before = game.state.seq
    recorded = game.run(cmd.Advance(), now=T0 + 10)
    assert [r.seq for r in recorded] == list(range(before + 1, before + 1 + len(recorded)))
    assert all(r.at == T0 + 10 for r in recorded)


def test_create_opens_the_log_and_releases_the_first_phase_documents() -> None:
    state, log = create(SPEC, SESSION_ID, "en", T0)
    assert isinstance(log[0].event, ev.SessionCreated)
    assert log[0].event.scenario_id == SPEC.id
    assert [r.event for r in log[1:]] == [ev.DocumentReleased(GUIDE, "phase")]
    assert state.language == "en"
    assert state.created_at == T0
    assert state.timer.phase_id == "lobby"
    assert state.players == ()
    assert replay(SPEC, SESSION_ID, log) == state


def test_create_refuses_a_language_the_scenario_does_not_ship() -> None:
    with pytest.raises(cmd.Invalid):
        create(SPEC, SESSION_ID, "de", T0)


def test_a_log_must_open_with_session_created() -> None:
    joined = ev.Recorded(1, T0, ev.PlayerJoined("p1", "Anna"))
    with pytest.raises(ValueError):
        start(SPEC, SESSION_ID, joined)


def test_a_rejected_command_leaves_the_state_and_log_alone() -> None:
    game = game_at("closed", players=5)
    state, length = game.state, len(game.log)
    with pytest.raises(cmd.Conflict):
        game.run(cmd.Advance())
    assert game.state is state
    assert len(game.log) == length
