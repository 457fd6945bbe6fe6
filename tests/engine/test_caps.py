"""Engine: every kind of record has a cap per session; one below it is fine, at it is a 409."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from app.engine import commands as cmd
from app.engine.decide import decide
from app.engine.state import Agreement, Message, Note, Reflection, SessionState
from tests.engine.factories import T0, as_player, member, session_at

Filled = Callable[[SessionState, int], SessionState]


def _notes(state: SessionState, count: int) -> SessionState:
    writer = member(state, "wijkagent")
    notes = tuple(Note(f"n{i}", writer.id, "wijkagent", "x", T0) for i in range(count))
    return replace(state, notes=notes)


def _agreements(state: SessionState, count: int) -> SessionState:
    agreement = Agreement("a", "w", "w", "w", "", "", "", "facilitator", None, "r1-meeting", T0)
    return replace(state, agreements=tuple(replace(agreement, id=f"a{i}") for i in range(count)))


def _reflections(state: SessionState, count: int) -> SessionState:
    writer = member(state, "leerplicht")
    reflection = Reflection("r", writer.id, "leerplicht", "r1-meeting", None, "x", T0)
    return replace(state, reflections=tuple(replace(reflection, id=f"r{i}") for i in range(count)))


def _collisions(state: SessionState, count: int) -> SessionState:
    return replace(state, collisions_logged=count)


def _messages(state: SessionState, count: int) -> SessionState:
    return replace(state, messages=tuple(Message(f"m{i}", "x", None, T0) for i in range(count)))


CAPS: list[tuple[str, Filled, Callable[[SessionState], tuple[cmd.Command, cmd.Actor]], int]] = [
    (
        "notes per duo",
        _notes,
        lambda s: (cmd.AddNote("nog een"), as_player(s, "wijkagent", 1)),
        cmd.NOTES_PER_DUO_MAX,
    ),
    (
        "agreements per session",
        _agreements,
        lambda s: (cmd.AddAgreement("wat", "wie", "wanneer"), as_player(s, "wijkteam")),
        cmd.AGREEMENTS_MAX,
    ),
    (
        "reflections per player",
        _reflections,
        lambda s: (cmd.AddReflection("nog een"), as_player(s, "leerplicht")),
        cmd.REFLECTIONS_PER_PLAYER_MAX,
    ),
    (
        "collisions per session",
        _collisions,
        lambda s: (cmd.LogCollision(("wijkagent", "wijkteam"), "network"), cmd.OBSERVER_ACTOR),
        cmd.COLLISIONS_MAX,
    ),
    (
        "messages per session",
        _messages,
        lambda s: (cmd.SendMessage("luister"), cmd.FACILITATOR_ACTOR),
        cmd.MESSAGES_MAX,
    ),
]


@pytest.mark.parametrize(("what", "filled", "asking", "cap"), CAPS, ids=[c[0] for c in CAPS])
def test_a_cap_refuses_one_more_and_names_itself(
    what: str,
    filled: Filled,
    asking: Callable[[SessionState], tuple[cmd.Command, cmd.Actor]],
    cap: int,
) -> None:
    state = session_at("r1-meeting", players=10)
    command, actor = asking(state)
    assert decide(filled(state, cap - 1), command, actor, T0), "one below the cap is fine"
    with pytest.raises(cmd.Conflict) as refused:
        decide(filled(state, cap), command, actor, T0)
    assert refused.value.message == f"the limit of {cap} {what} is reached"


def test_another_duo_and_another_player_are_not_capped() -> None:
    full = session_at("r1-meeting", players=10)
    state = _reflections(_notes(full, cmd.NOTES_PER_DUO_MAX), cmd.REFLECTIONS_PER_PLAYER_MAX)
    assert decide(state, cmd.AddNote("wij wel"), as_player(state, "wijkteam"), T0)
    assert decide(state, cmd.AddReflection("ik wel"), as_player(state, "wijkteam"), T0)
