"""Editing and deleting collisions, and reviewing agreements after the mayor."""

from __future__ import annotations

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.debrief import debrief
from app.engine.decide import run
from app.engine.evolve import replay
from app.engine.views import Audience, frame
from tests.engine.factories import SESSION_ID, SPEC, T0, Game, game_at

OBSERVER = cmd.OBSERVER_ACTOR


def _with_collisions() -> tuple[Game, list[ev.Recorded]]:
    game = game_at("r1-meeting", players=10)
    game.run(cmd.LogCollision(("wijkagent", "wijkteam"), "network", "eerste", True), OBSERVER)
    game.run(cmd.LogCollision(("leerplicht", "wijkteam"), "professional", "tweede"), OBSERVER)
    return game, game.log


def test_an_edit_changes_only_what_it_names_and_is_kept_in_the_log() -> None:
    game, _ = _with_collisions()
    state = game.state
    state, records = run(state, cmd.EditCollision("c1", note="scherper"), OBSERVER, T0 + 50)
    edited = next(c for c in state.collisions if c.id == "c1")
    assert (edited.note, edited.logic, edited.roles, edited.starred) == (
        "scherper",
        "network",
        ("wijkagent", "wijkteam"),
        True,
    )
    assert edited.edited_at == T0 + 50
    assert isinstance(records[0].event, ev.CollisionEdited)
    state, again = run(state, cmd.EditCollision("c1", note="scherper"), OBSERVER, T0 + 51)
    assert again == [], "an edit that changes nothing writes nothing"


def test_edits_obey_the_same_rules_as_logging() -> None:
    game, _ = _with_collisions()
    state = game.state
    with pytest.raises(cmd.Invalid):
        run(state, cmd.EditCollision("c1", roles=("wijkagent",)), OBSERVER, T0)
    with pytest.raises(cmd.Invalid):
        run(state, cmd.EditCollision("c1", logic="emotional"), OBSERVER, T0)  # type: ignore[arg-type]
    with pytest.raises(cmd.NotFound):
        run(state, cmd.EditCollision("c9", note="x"), OBSERVER, T0)


def test_a_deleted_collision_leaves_the_debrief_but_its_id_is_never_reused() -> None:
    game, _ = _with_collisions()
    state = game.state
    state, _ = run(state, cmd.DeleteCollision("c1"), OBSERVER, T0 + 60)
    assert [c.id for c in state.collisions] == ["c2"]
    state, records = run(
        state, cmd.LogCollision(("wijkagent", "leerplicht"), "organisational"), OBSERVER, T0 + 61
    )
    assert isinstance(records[0].event, ev.CollisionLogged)
    assert records[0].event.collision_id == "c3"
    assert debrief(state, [], "nl")["by_logic"] == {
        "professional": 1,
        "network": 0,
        "organisational": 1,
    }
    with pytest.raises(cmd.NotFound):
        run(state, cmd.DeleteCollision("c1"), OBSERVER, T0 + 62)


def test_a_star_toggles_from_what_the_log_says_and_reads_as_an_edit() -> None:
    game, _ = _with_collisions()
    before = game.state
    (first,) = game.run(cmd.ToggleStar("c1"), OBSERVER, now=T0 + 70)
    _, edited = run(before, cmd.EditCollision("c1", starred=False), OBSERVER, T0 + 70)
    assert [first] == edited, "a toggle writes exactly what the matching edit would"
    assert isinstance(first.event, ev.CollisionEdited) and not first.event.starred
    (second,) = game.run(cmd.ToggleStar("c1"), cmd.FACILITATOR_ACTOR, now=T0 + 71)
    assert isinstance(second.event, ev.CollisionEdited)
    assert (second.event.starred, second.event.by) == (True, "facilitator")
    starred = next(c for c in game.state.collisions if c.id == "c1")
    assert (starred.starred, starred.note, starred.edited_at) == (True, "eerste", T0 + 71)
    assert replay(SPEC, SESSION_ID, game.log) == game.state


def test_only_the_staff_star_and_only_what_was_logged() -> None:
    game, _ = _with_collisions()
    with pytest.raises(cmd.NotFound):
        run(game.state, cmd.ToggleStar("c9"), OBSERVER, T0)
    player = cmd.Actor("player", game.state.players[0].id)
    with pytest.raises(cmd.Forbidden):
        run(game.state, cmd.ToggleStar("c1"), player, T0)
    game.run(cmd.DeleteCollision("c1"), OBSERVER)
    with pytest.raises(cmd.NotFound):
        run(game.state, cmd.ToggleStar("c1"), OBSERVER, T0)


def test_unstarring_takes_a_collision_off_the_screen_and_replay_agrees() -> None:
    game, _ = _with_collisions()
    game.run(cmd.EditCollision("c1", starred=False), OBSERVER)
    game.run(cmd.DeleteCollision("c2"), OBSERVER)
    state = game.state
    rebuilt = replay(SPEC, SESSION_ID, game.log)
    assert rebuilt == state
    assert frame(state, Audience("player", "wijkagent"), game.log[-1], "nl") is None


def test_agreements_are_reviewed_after_the_mayor() -> None:
    game = game_at("r3-meeting", players=5)
    game.run(cmd.AddAgreement("huisbezoek", "wijkteam", "morgen"))
    state, records = run(
        game.state, cmd.ReviewAgreement("a1", "changed"), cmd.FACILITATOR_ACTOR, T0 + 99
    )
    assert state.agreements[0].outcome == "changed" and len(records) == 1
    _, again = run(state, cmd.ReviewAgreement("a1", "changed"), cmd.FACILITATOR_ACTOR, T0 + 100)
    assert again == []
    with pytest.raises(cmd.Invalid):
        run(state, cmd.ReviewAgreement("a1", "maybe"), cmd.FACILITATOR_ACTOR, T0)  # type: ignore[arg-type]
    with pytest.raises(cmd.NotFound):
        run(state, cmd.ReviewAgreement("a9", "kept"), cmd.FACILITATOR_ACTOR, T0)
