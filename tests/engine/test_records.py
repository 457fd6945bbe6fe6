"""Engine: collisions, notes, agreements and reflections, checked and stamped with their phase."""

from __future__ import annotations

import pytest

from app.engine import commands as cmd
from app.engine.decide import decide, run
from tests.engine.factories import T0, as_player, game_at, session_at

F = cmd.FACILITATOR_ACTOR
OBS = cmd.OBSERVER_ACTOR
SHORT = cmd.SHORT_TEXT_MAX
LONG = cmd.TEXT_MAX


def test_a_collision_is_stamped_with_phase_round_and_author() -> None:
    game = game_at("r2-meeting", players=10)
    game.run(cmd.LogCollision(("wijkagent", "leerplicht"), "network", " kort ", True, "dc-2"))
    game.run(cmd.LogCollision(("wijkteam", "leerplicht"), "organisational"), OBS, T0 + 9)
    first, second = game.state.collisions
    assert (first.id, first.phase_id, first.round, first.by) == (
        "c1",
        "r2-meeting",
        2,
        "facilitator",
    )
    assert (first.note, first.starred, first.designed_id) == ("kort", True, "dc-2")
    assert (second.id, second.by, second.at, second.designed_id) == ("c2", "observer", T0 + 9, None)


def test_a_collision_in_the_debrief_has_no_round() -> None:
    state, _ = run(
        session_at("debrief"), cmd.LogCollision(("wijkagent", "wijkteam"), "network"), F, T0
    )
    assert (state.collisions[0].phase_id, state.collisions[0].round) == ("debrief", None)


@pytest.mark.parametrize("roles", [(), ("wijkagent",), ("wijkagent", "wijkagent")])
def test_a_collision_needs_two_different_roles(roles: tuple[str, ...]) -> None:
    with pytest.raises(cmd.Invalid):
        decide(session_at("r1-meeting"), cmd.LogCollision(roles, "professional"), F, T0)


def test_repeated_roles_in_a_collision_count_once() -> None:
    roles = ("wijkagent", "leerplicht", "wijkagent")
    state, _ = run(session_at("r1-meeting"), cmd.LogCollision(roles, "professional"), F, T0)
    assert state.collisions[0].roles == ("wijkagent", "leerplicht")


@pytest.mark.parametrize(
    "command",
    [
        cmd.LogCollision(("wijkagent", "burgemeester"), "professional"),
        cmd.LogCollision(("wijkagent", "leerplicht"), "emotional"),  # type: ignore[arg-type]
        cmd.LogCollision(("wijkagent", "leerplicht"), "network", designed_id="dc-99"),
        cmd.LogCollision(("wijkagent", "leerplicht"), "network", note="x" * (LONG + 1)),
    ],
    ids=["unknown-role", "unknown-logic", "unknown-designed", "note-too-long"],
)
def test_an_ill_formed_collision_is_invalid(command: cmd.LogCollision) -> None:
    with pytest.raises(cmd.Invalid):
        decide(session_at("r1-meeting"), command, OBS, T0)


def test_a_note_belongs_to_the_writers_role() -> None:
    state = session_at("r1-prep")
    writer = as_player(state, "jeugdbescherming", 1)
    after, _ = run(state, cmd.AddNote("  onze aanpak  "), writer, T0 + 3)
    (note,) = after.notes
    assert (note.id, note.player_id, note.role_id) == ("n1", writer.player_id, "jeugdbescherming")
    assert (note.text, note.at) == ("onze aanpak", T0 + 3)


def test_a_note_needs_a_seated_player() -> None:
    state = session_at("r1-prep", players=5, seat=False)
    with pytest.raises(cmd.Conflict):
        decide(state, cmd.AddNote("nog geen rol"), cmd.Actor("player", "p1"), T0)


@pytest.mark.parametrize("text", ["", "   \n ", "x" * (LONG + 1)])
def test_a_note_must_have_text_within_the_limit(text: str) -> None:
    state = session_at("r1-prep")
    with pytest.raises(cmd.Invalid):
        decide(state, cmd.AddNote(text), as_player(state, "wijkagent"), T0)


def test_text_limits_count_after_trimming() -> None:
    state = session_at("r1-prep")
    padded = "  " + "x" * LONG + "  "
    after, _ = run(state, cmd.AddNote(padded), as_player(state, "wijkagent"), T0)
    assert len(after.notes[0].text) == LONG


def test_an_agreement_by_a_player_carries_their_role() -> None:
    state = session_at("r1-meeting")
    writer = as_player(state, "wijkteam")
    command = cmd.AddAgreement("huisbezoek", "wijkteam", "maandag", "", "", "over 2 weken")
    after, _ = run(state, command, writer, T0)
    (agreement,) = after.agreements
    assert (agreement.by, agreement.role_id, agreement.phase_id) == (
        writer.player_id,
        "wijkteam",
        "r1-meeting",
    )
    assert (agreement.monitor, agreement.review) == ("", "over 2 weken")


def test_an_agreement_by_the_facilitator_has_no_role() -> None:
    after, _ = run(session_at("r3-meeting"), cmd.AddAgreement("a", "b", "c"), F, T0)
    assert (after.agreements[0].by, after.agreements[0].role_id) == ("facilitator", None)


@pytest.mark.parametrize(
    "command",
    [
        cmd.AddAgreement("", "wie", "wanneer"),
        cmd.AddAgreement("wat", " ", "wanneer"),
        cmd.AddAgreement("wat", "wie", ""),
        cmd.AddAgreement("x" * (SHORT + 1), "wie", "wanneer"),
        cmd.AddAgreement("wat", "wie", "wanneer", monitor="x" * (SHORT + 1)),
        cmd.AddAgreement("wat", "wie", "wanneer", fallback="x" * (SHORT + 1)),
        cmd.AddAgreement("wat", "wie", "wanneer", review="x" * (SHORT + 1)),
    ],
)
def test_an_ill_formed_agreement_is_invalid(command: cmd.AddAgreement) -> None:
    with pytest.raises(cmd.Invalid):
        decide(session_at("r1-meeting"), command, F, T0)


def test_an_agreement_at_the_limit_is_accepted() -> None:
    long = "x" * SHORT
    command = cmd.AddAgreement(long, long, long, long, long, long)
    assert decide(session_at("r1-meeting"), command, F, T0)


def test_a_reflection_is_stamped_with_phase_question_and_role() -> None:
    state = session_at("r1-reflection")
    writer = as_player(state, "leerplicht")
    after, _ = run(state, cmd.AddReflection("inzicht", "q-r1"), writer, T0)
    (reflection,) = after.reflections
    assert (reflection.id, reflection.phase_id, reflection.question_id) == (
        "r1",
        "r1-reflection",
        "q-r1",
    )
    assert (reflection.player_id, reflection.role_id) == (writer.player_id, "leerplicht")


def test_an_unseated_player_may_reflect_without_a_role() -> None:
    state = session_at("r1-reflection", players=5, seat=False)
    after, _ = run(state, cmd.AddReflection("los"), cmd.Actor("player", "p2"), T0)
    assert after.reflections[0].role_id is None


@pytest.mark.parametrize(
    "command",
    [
        cmd.AddReflection("x", "q-unknown"),
        cmd.AddReflection(" "),
        cmd.AddReflection("x" * (LONG + 1)),
    ],
)
def test_an_ill_formed_reflection_is_invalid(command: cmd.AddReflection) -> None:
    state = session_at("r1-reflection")
    with pytest.raises(cmd.Invalid):
        decide(state, command, as_player(state, "wijkagent"), T0)


def test_record_ids_count_up_per_kind() -> None:
    game = game_at("r1-meeting")
    writer = as_player(game.state, "wijkagent")
    for _ in range(3):
        game.run(cmd.AddNote("n"), writer)
        game.run(cmd.AddReflection("r"), writer)
    assert [n.id for n in game.state.notes] == ["n1", "n2", "n3"]
    assert [r.id for r in game.state.reflections] == ["r1", "r2", "r3"]
