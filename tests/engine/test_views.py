"""Engine: who may read which document, and which live frames reach which audience."""

from __future__ import annotations

from functools import cache
from typing import Literal

import pytest

from app.engine import events as ev
from app.engine.snapshot import snapshot
from app.engine.views import Audience, audience_of, frame, may_read
from tests.engine.factories import (
    FACILITATOR_DOC,
    MANUAL_INJECT,
    ROLE_IDS,
    SPEC,
    TIMED_INJECT,
    TIMED_INJECT_AUDIENCE,
    Game,
    brief_id,
    case_id,
    member,
    session_at,
)
from tests.engine.games import busy_game

FACILITATOR = Audience("facilitator")
OBSERVER = Audience("observer")
STAFF = {FACILITATOR, OBSERVER}
PLAYERS = {Audience("player", role_id) for role_id in ROLE_IDS}
UNSEATED = Audience("player", None)
EVERYONE = STAFF | PLAYERS | {UNSEATED}
ALL_DOCS = {d.id for d in SPEC.documents}
SHARED = {case_id(1), case_id(2), case_id(3), MANUAL_INJECT}


@cache
def _game() -> Game:
    """One busy game for the whole module; nothing here runs commands on it."""
    return busy_game()


def _player_docs(role_id: str) -> set[str]:
    own = {brief_id(role_id, n) for n in (1, 2, 3)}
    inject = {TIMED_INJECT} if role_id in TIMED_INJECT_AUDIENCE else set()
    return SHARED | own | inject


def _readable(audience: Audience) -> set[str]:
    return {d.id for d in SPEC.documents if may_read(d, audience)}


def test_the_facilitator_reads_every_document() -> None:
    assert _readable(FACILITATOR) == ALL_DOCS


def test_the_observer_reads_everything_but_the_facilitators_own_documents() -> None:
    assert _readable(OBSERVER) == ALL_DOCS - {FACILITATOR_DOC}


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_a_player_reads_what_is_for_all_and_for_their_role(role_id: str) -> None:
    assert _readable(Audience("player", role_id)) == _player_docs(role_id)


def test_a_player_without_a_role_reads_only_what_is_for_all() -> None:
    assert _readable(UNSEATED) == SHARED


def test_audience_of_follows_the_current_seat() -> None:
    state = session_at("r1-prep", players=6)
    player = member(state, "leerplicht")
    assert audience_of(state, "facilitator", None) == FACILITATOR
    assert audience_of(state, "observer", None) == OBSERVER
    assert audience_of(state, "player", player.id) == Audience("player", "leerplicht")
    assert audience_of(state, "player", "p99") is None
    assert audience_of(state, "player", None) is None


def _seen_by(record: ev.Recorded, audiences: set[Audience]) -> set[Audience]:
    state = _game().state
    return {a for a in audiences if frame(state, a, record, "nl") is not None}


def _records(kind: type[ev.Event]) -> list[ev.Recorded]:
    found = [r for r in _game().log if isinstance(r.event, kind)]
    assert found
    return found


def test_document_frames_reach_only_those_who_may_read_them() -> None:
    game = _game()
    for record in _records(ev.DocumentReleased):
        assert isinstance(record.event, ev.DocumentReleased)
        document = SPEC.document(record.event.document_id)
        assert document is not None
        expected = {a for a in EVERYONE if may_read(document, a)}
        assert {a for a in EVERYONE if frame(game.state, a, record, "nl")} == expected


def test_a_brief_frame_carries_the_body_only_to_its_own_role() -> None:
    game = _game()
    record = next(
        r
        for r in game.log
        if isinstance(r.event, ev.DocumentReleased)
        and r.event.document_id == brief_id("wijkagent", 3)
    )
    shown = frame(game.state, Audience("player", "wijkagent"), record, "nl")
    assert shown is not None
    assert shown["data"]["body"] == f"<<body:{brief_id('wijkagent', 3)}:nl>>"
    assert frame(game.state, Audience("player", "leerplicht"), record, "nl") is None


def test_note_frames_reach_only_the_writers_duo() -> None:
    for record in _records(ev.NoteAdded):
        assert isinstance(record.event, ev.NoteAdded)
        assert _seen_by(record, EVERYONE) == {Audience("player", record.event.role_id)}


def test_collision_frames_reach_only_staff() -> None:
    for record in _records(ev.CollisionLogged):
        assert _seen_by(record, EVERYONE) == STAFF


def test_reflection_frames_reach_staff_and_the_writers_duo() -> None:
    for record in _records(ev.ReflectionAdded):
        assert isinstance(record.event, ev.ReflectionAdded)
        role_id = record.event.role_id
        duo = {Audience("player", role_id)} if role_id else set()
        assert _seen_by(record, EVERYONE) == STAFF | duo


@pytest.mark.parametrize(
    "kind", [ev.PhaseChanged, ev.PlayerJoined, ev.SeatAssigned, ev.AgreementAdded]
)
def test_public_frames_reach_everyone(kind: type[ev.Event]) -> None:
    for record in _records(kind):
        assert _seen_by(record, EVERYONE) == EVERYONE


def test_a_frame_has_seq_type_time_and_data() -> None:
    game = _game()
    record = _records(ev.CollisionLogged)[0]
    shown = frame(game.state, OBSERVER, record, "nl")
    assert shown is not None
    assert set(shown) == {"seq", "type", "at", "data"}
    assert (shown["seq"], shown["type"]) == (record.seq, "collision.logged")
    assert shown["at"].endswith("Z")
    assert shown["data"]["id"] == "c1"
    assert shown["data"]["roles"] == ["wijkagent", "leerplicht"]


def test_phase_frames_show_the_phase_in_the_asked_language() -> None:
    game = _game()
    record = _records(ev.PhaseChanged)[-1]
    shown = frame(game.state, Audience("player", "wijkteam"), record, "en")
    assert shown is not None
    assert shown["data"]["phase"]["id"] == "r3-meeting"
    assert shown["data"]["phase"]["title"] == "<<title:r3-meeting:en>>"
    assert "script" not in shown["data"]["phase"]


SECTIONS: dict[
    type[ev.Event], Literal["documents", "collisions", "notes", "reflections", "agreements"]
] = {
    ev.DocumentReleased: "documents",
    ev.CollisionLogged: "collisions",
    ev.NoteAdded: "notes",
    ev.ReflectionAdded: "reflections",
    ev.AgreementAdded: "agreements",
}


@pytest.mark.parametrize("audience", sorted(EVERYONE, key=str), ids=str)
def test_frames_and_the_snapshot_agree_on_what_a_viewer_sees(audience: Audience) -> None:
    game = _game()
    view = snapshot(game.state, audience, {"kind": audience.kind}, "nl")
    for kind, section in SECTIONS.items():
        shown = [frame(game.state, audience, r, "nl") for r in _records(kind)]
        framed = {f["data"]["id"] for f in shown if f is not None}
        assert framed == {item["id"] for item in view.get(section, [])}, section
