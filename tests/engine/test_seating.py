"""Engine: joining, and seating 5-12 players evenly over five role duos."""

from __future__ import annotations

from collections import Counter

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine import seating, views
from app.engine.decide import create, decide, run
from tests.engine.factories import ROLE_IDS, SPEC, T0, game_at, member, session_at

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


def test_ids_are_never_reused_after_a_removal() -> None:
    """Joins a, b, c; remove b; join d; remove d; join e: c is still there, nobody shares an id."""
    game = game_at("lobby", players=0)
    for name in ("a", "b", "c"):
        game.run(cmd.Join(name), GUEST)
    game.run(cmd.RemovePlayer("p2"))
    game.run(cmd.Join("d"), GUEST)
    d = game.state.players[-1]
    game.run(cmd.RemovePlayer(d.id))
    game.run(cmd.Join("e"), GUEST)
    assert [(p.id, p.name) for p in game.state.players] == [("p1", "a"), ("p3", "c"), ("p5", "e")]
    assert game.replayed() == game.state


def test_a_closed_session_refuses_every_join_until_reopened() -> None:
    game = game_at("r1-prep", players=4)
    game.run(cmd.SetJoining(False))
    assert not game.state.joining_open
    for join in (cmd.Join("Laat"), cmd.Join("Kaart", "wijkteam")):
        with pytest.raises(seating.JoiningClosed) as refused:
            decide(game.state, join, GUEST, T0)
        assert refused.value.reason == "forbidden"
    game.run(cmd.SetJoining(True))
    assert decide(game.state, cmd.Join("Laat"), GUEST, T0)


def test_closing_joining_twice_records_it_once() -> None:
    state = session_at("lobby", players=0)
    closed, recorded = run(state, cmd.SetJoining(False), F, T0)
    assert [r.event for r in recorded] == [ev.JoiningChanged(open=False)]
    assert decide(closed, cmd.SetJoining(False), F, T0) == []


def test_only_the_facilitator_opens_and_closes_joining() -> None:
    state = session_at("lobby", players=5)
    for actor in (GUEST, cmd.OBSERVER_ACTOR, cmd.Actor("player", "p1")):
        with pytest.raises(cmd.Forbidden):
            decide(state, cmd.SetJoining(False), actor, T0)


def test_a_seat_card_seats_two_then_refuses_a_third() -> None:
    game = game_at("lobby", players=0)
    game.run(cmd.Join("Dewi", "wijkteam"), GUEST)
    game.run(cmd.Join("Eva", "wijkteam"), GUEST)
    with pytest.raises(seating.RoleFull) as refused:
        decide(game.state, cmd.Join("Fenna", "wijkteam"), GUEST, T0)
    assert refused.value.reason == "conflict"
    assert decide(game.state, cmd.Join("Fenna", "leerplicht"), GUEST, T0)


def test_from_eleven_players_a_seat_card_seats_a_third() -> None:
    game = game_at("lobby", players=10)
    assert all(len(game.state.duo(r)) == 2 for r in ROLE_IDS)
    recorded = game.run(cmd.Join("Elf", "wijkteam"), GUEST)
    assert [r.event.type for r in recorded] == ["player.joined", "seat.assigned"]
    assert len(game.state.duo("wijkteam")) == 3
    with pytest.raises(seating.RoleFull):
        decide(game.state, cmd.Join("Twaalf", "wijkteam"), GUEST, T0)


def test_a_session_takes_at_most_three_players_per_role() -> None:
    most = len(ROLE_IDS) * seating.SEATS_PER_ROLE_LARGE
    game = game_at("lobby", players=most)
    with pytest.raises(seating.SessionFull) as refused:
        decide(game.state, cmd.Join("Eén te veel"), GUEST, T0)
    assert str(most) in refused.value.message


def test_a_player_who_leaves_frees_the_seat_and_is_logged_as_leaving() -> None:
    game = game_at("r1-prep", players=10)
    leaver = member(game.state, "wijkteam")
    recorded = game.run(cmd.Leave(), cmd.Actor("player", leaver.id))
    assert [r.event for r in recorded] == [ev.PlayerRemoved(leaver.id, left=True)]
    assert game.state.player(leaver.id) is None
    assert len(game.state.duo("wijkteam")) == 1
    with pytest.raises(cmd.Forbidden):
        decide(game.state, cmd.Leave(), cmd.Actor("player", leaver.id), T0)


def test_the_facilitator_may_seat_anyone_anywhere() -> None:
    """A swap between two full duos passes through a third seat for a moment."""
    state = session_at("lobby", players=10)
    moved, _ = run(state, cmd.AssignSeat(member(state, "wijkteam").id, "leerplicht"), F, T0)
    assert len(moved.duo("leerplicht")) == 3


def test_seat_codes_are_the_staffs_alone() -> None:
    codes = tuple(f"SEAT{n:06d}" for n in range(len(ROLE_IDS)))
    state, log = create(SPEC, "s1", "nl", T0, "ABCDEF", codes)
    assert seating.seat_codes(state) == dict(zip(ROLE_IDS, codes, strict=True))
    created = log[0]
    for staff in (views.Audience("facilitator"), views.Audience("observer")):
        frame = views.frame(state, staff, created, "nl")
        assert frame is not None
        assert frame["data"]["seat_codes"] == list(codes)
    for audience in (views.Audience("player", ROLE_IDS[0]), views.Audience("screen")):
        frame = views.frame(state, audience, created, "nl")
        assert frame is not None
        assert "seat_codes" not in frame["data"]
        assert frame["data"]["join_code"] == "ABCDEF"
