"""Engine: joining, and seating 5-12 players evenly over five role duos."""

from __future__ import annotations

from collections import Counter

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.decide import decide, run
from tests.engine.factories import ROLE_IDS, T0, game_at, session_at

F = cmd.FACILITATOR_ACTOR
GUEST = cmd.GUEST_ACTOR


def _counts(players: int) -> Counter[str]:
    state = session_at("lobby", players=players)
    assert all(p.role_id is not None for p in state.players)
    return Counter({role_id: len(state.duo(role_id)) for role_id in ROLE_IDS})


@pytest.mark.parametrize("players", range(5, 13))
def test_auto_seat_fills_every_role_evenly(players: int) -> None:
    counts = _counts(players)
    assert sum(counts.values()) == players
    assert set(counts) == set(ROLE_IDS)
    assert min(counts.values()) >= 1
    assert max(counts.values()) - min(counts.values()) <= 1


@pytest.mark.parametrize("players", range(5, 10))
def test_below_ten_some_roles_have_one_player(players: int) -> None:
    counts = _counts(players)
    assert min(counts.values()) == 1
    assert max(counts.values()) <= 2


def test_ten_players_make_five_duos() -> None:
    assert set(_counts(10).values()) == {2}


@pytest.mark.parametrize("players", [11, 12])
def test_above_ten_some_roles_have_three(players: int) -> None:
    counts = _counts(players)
    assert max(counts.values()) == 3
    assert min(counts.values()) == 2


def test_auto_seat_leaves_seated_players_where_they_are() -> None:
    game = game_at("lobby", players=6, seat=False)
    game.run(cmd.AssignSeat("p1", "wijkteam"))
    game.run(cmd.AssignSeat("p2", "wijkteam"))
    recorded = game.run(cmd.AutoSeat())
    seated = {r.event.player_id for r in recorded if isinstance(r.event, ev.SeatAssigned)}
    assert seated == {"p3", "p4", "p5", "p6"}
    assert [p.id for p in game.state.duo("wijkteam")] == ["p1", "p2"]
    assert all(len(game.state.duo(r)) == 1 for r in ROLE_IDS if r != "wijkteam")


def test_late_joiners_are_seated_in_the_emptiest_roles_without_moving_anyone() -> None:
    game = game_at("r1-prep", players=8)
    before = {p.id: p.role_id for p in game.state.players}
    game.run(cmd.Join("Laat"), GUEST, T0 + 5)
    game.run(cmd.Join("Later"), GUEST, T0 + 6)
    game.run(cmd.AutoSeat(), now=T0 + 7)
    after = {p.id: p.role_id for p in game.state.players}
    assert {k: after[k] for k in before} == before
    assert all(len(game.state.duo(r)) == 2 for r in ROLE_IDS)


def test_auto_seat_with_everyone_seated_does_nothing() -> None:
    state = session_at("lobby", players=7)
    assert decide(state, cmd.AutoSeat(), F, T0) == []


def test_assign_seat_moves_a_player() -> None:
    state = session_at("lobby", players=5)
    moved, recorded = run(state, cmd.AssignSeat("p1", "leerplicht"), F, T0)
    assert [r.event for r in recorded] == [ev.SeatAssigned("p1", "leerplicht")]
    player = moved.player("p1")
    assert player is not None
    assert player.role_id == "leerplicht"


def test_assign_seat_to_the_same_role_does_nothing() -> None:
    state = session_at("lobby", players=5)
    player = state.player("p1")
    assert player is not None
    assert decide(state, cmd.AssignSeat("p1", player.role_id or ""), F, T0) == []


def test_assign_seat_to_an_unknown_role_is_invalid() -> None:
    state = session_at("lobby", players=5)
    with pytest.raises(cmd.Invalid):
        decide(state, cmd.AssignSeat("p1", "burgemeester"), F, T0)


def test_assign_seat_of_an_unknown_player_is_not_found() -> None:
    state = session_at("lobby", players=5)
    with pytest.raises(cmd.NotFound):
        decide(state, cmd.AssignSeat("p99", "wijkagent"), F, T0)


def test_joining_gives_consecutive_ids_and_no_role() -> None:
    game = game_at("lobby", players=0)
    for name in ("Anna", "Bram", "Cas"):
        game.run(cmd.Join(name), GUEST, T0 + 1)
    assert [(p.id, p.name, p.role_id) for p in game.state.players] == [
        ("p1", "Anna", None),
        ("p2", "Bram", None),
        ("p3", "Cas", None),
    ]
    assert all(p.joined_at == T0 + 1 for p in game.state.players)


def test_a_name_is_trimmed_and_its_spaces_collapsed() -> None:
    state = session_at("lobby", players=0)
    (event,) = decide(state, cmd.Join("  Anna \t de   Vries \n"), GUEST, T0)
    assert event == ev.PlayerJoined("p1", "Anna de Vries")


@pytest.mark.parametrize("name", ["", "   ", "\n\t", "x" * (cmd.NAME_MAX + 1)])
def test_an_empty_or_too_long_name_is_invalid(name: str) -> None:
    state = session_at("lobby", players=0)
    with pytest.raises(cmd.Invalid):
        decide(state, cmd.Join(name), GUEST, T0)


def test_a_name_of_the_maximum_length_is_accepted() -> None:
    state = session_at("lobby", players=0)
    assert decide(state, cmd.Join("x" * cmd.NAME_MAX), GUEST, T0)


def test_joining_is_possible_until_the_session_is_closed() -> None:
    debrief = session_at("debrief", players=5)
    assert decide(debrief, cmd.Join("Laat"), GUEST, T0)
    closed = session_at("closed", players=5)
    with pytest.raises(cmd.Conflict):
        decide(closed, cmd.Join("Te laat"), GUEST, T0)


def test_a_seat_card_joins_straight_into_its_role() -> None:
    state = session_at("lobby", players=0)
    state, records = run(state, cmd.Join("Dewi", "wijkteam"), cmd.GUEST_ACTOR, T0)
    assert [r.event.type for r in records] == ["player.joined", "seat.assigned"]
    assert state.players[0].role_id == "wijkteam"
    with pytest.raises(cmd.Invalid):
        run(state, cmd.Join("Eva", "burgemeester"), cmd.GUEST_ACTOR, T0)
