"""Engine: the state snapshot shows each viewer exactly what they may see, and nothing more.

Leaks are checked on the serialised JSON, so a secret cannot slip out under any key.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from app.engine.snapshot import Me, Snapshot, snapshot
from app.engine.spec import LOGICS
from app.engine.views import Audience
from tests.engine.factories import (
    FACILITATOR_DOC,
    GUIDE,
    LANGUAGES,
    MANUAL_INJECT,
    ROLE_IDS,
    SPEC,
    TIMED_INJECT,
    TIMED_INJECT_AUDIENCE,
    Game,
    brief_id,
    case_id,
    game_at,
)
from tests.engine.games import busy_game

ME: Me = {"kind": "test"}


@cache
def _game() -> Game:
    return busy_game()


def _view(audience: Audience, language: str = "nl") -> tuple[Snapshot, str]:
    view = snapshot(_game().state, audience, ME, language, online={"p1"})
    return view, json.dumps(view, ensure_ascii=False)


def _marks(label: str) -> list[str]:
    return [f"<<{label}:{language}>>" for language in LANGUAGES]


def _absent(text: str, label: str) -> bool:
    return not any(mark in text for mark in _marks(label))


def _other_roles(role_id: str) -> list[str]:
    return [r for r in ROLE_IDS if r != role_id]


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_a_player_sees_own_briefs_but_never_another_roles(role_id: str) -> None:
    _, text = _view(Audience("player", role_id))
    for round_ in (1, 2, 3):
        assert f"<<body:{brief_id(role_id, round_)}:nl>>" in text
        assert f"<<body:{case_id(round_)}:nl>>" in text
        for other in _other_roles(role_id):
            assert _absent(text, f"body:{brief_id(other, round_)}")
            assert _absent(text, f"doc-title:{brief_id(other, round_)}")
    assert _absent(text, f"body:{FACILITATOR_DOC}")
    assert _absent(text, f"body:{GUIDE}")
    assert f"<<body:{MANUAL_INJECT}:nl>>" in text
    assert (f"<<body:{TIMED_INJECT}:nl>>" in text) == (role_id in TIMED_INJECT_AUDIENCE)


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_a_player_sees_only_their_own_duos_notes_and_reflections(role_id: str) -> None:
    view, text = _view(Audience("player", role_id))
    assert f"<<note:{role_id}>>" in text
    assert f"<<reflection:{role_id}>>" in text
    for other in _other_roles(role_id):
        assert f"<<note:{other}>>" not in text
        assert f"<<reflection:{other}>>" not in text
    assert "<<reflection:none>>" not in text
    assert {n["role_id"] for n in view["notes"]} == {role_id}


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_a_player_sees_no_collisions_and_no_script(role_id: str) -> None:
    view, text = _view(Audience("player", role_id))
    assert "collisions" not in view
    assert "script" not in view
    assert "<<collision-note>>" not in text
    assert _absent(text, "script:r3-meeting")
    assert "<<agreement>>" in text


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_a_roles_logics_show_only_to_its_own_duo(role_id: str) -> None:
    view, text = _view(Audience("player", role_id))
    cards = {card["id"]: card for card in view["roles"]}
    assert set(cards) == set(ROLE_IDS)
    assert cards[role_id]["logics"] == {
        logic: f"<<logic:{role_id}:{logic}:nl>>" for logic in LOGICS
    }
    for other in _other_roles(role_id):
        assert "logics" not in cards[other]
        assert cards[other]["name"] == f"<<name:{other}:nl>>"
        for logic in LOGICS:
            assert _absent(text, f"logic:{other}:{logic}")


def test_a_player_without_a_role_sees_only_shared_things() -> None:
    view, text = _view(Audience("player", None))
    ids = {d["id"] for d in view["documents"]}
    assert ids == {case_id(1), case_id(2), case_id(3), MANUAL_INJECT}
    assert view["notes"] == []
    assert view["reflections"] == []
    assert all("logics" not in card for card in view["roles"])
    assert "<<logic:" not in text


@pytest.mark.parametrize("audience", [Audience("facilitator"), Audience("observer")], ids=str)
def test_staff_see_every_logic_collisions_and_reflections_but_no_notes(audience: Audience) -> None:
    view, text = _view(audience)
    assert all(set(card["logics"]) == set(LOGICS) for card in view["roles"])
    assert [c["note"] for c in view["collisions"]] == ["<<collision-note>>"]
    assert len(view["reflections"]) == len(ROLE_IDS) + 1
    assert view["notes"] == []
    assert "<<note:" not in text


def test_the_facilitator_sees_every_released_document_and_the_script() -> None:
    view, _ = _view(Audience("facilitator"))
    released = {r.document_id for r in _game().state.released}
    assert {d["id"] for d in view["documents"]} == released
    assert FACILITATOR_DOC in released
    assert view["script"] == "<<script:r3-meeting:nl>>"


def test_the_observer_sees_every_document_but_the_facilitators_own() -> None:
    view, text = _view(Audience("observer"))
    released = {r.document_id for r in _game().state.released}
    assert {d["id"] for d in view["documents"]} == released - {FACILITATOR_DOC}
    assert f"<<body:{GUIDE}:nl>>" in text
    assert _absent(text, f"body:{FACILITATOR_DOC}")
    assert "script" not in view


def test_documents_come_in_release_order() -> None:
    view, _ = _view(Audience("observer"))
    ids = [d["id"] for d in view["documents"]]
    assert ids[0] == GUIDE
    assert ids[-2:] == [TIMED_INJECT, MANUAL_INJECT]
    assert ids.index(case_id(1)) < ids.index(case_id(2)) < ids.index(case_id(3))


def test_the_snapshot_speaks_the_asked_language() -> None:
    view, text = _view(Audience("player", "wijkagent"), "en")
    assert f"<<body:{brief_id('wijkagent', 1)}:en>>" in text
    assert ":nl>>" not in text
    assert view["phase"]["title"] == "<<title:r3-meeting:en>>"


def test_the_snapshot_frames_the_session_phase_players_and_me() -> None:
    state = _game().state
    view, _ = _view(Audience("player", "wijkagent"))
    assert view["seq"] == state.seq
    assert view["me"] == ME
    assert view["session"] == {
        "id": state.session_id,
        "scenario_id": SPEC.id,
        "language": "nl",
        "join_code": state.join_code,
        "joining_open": True,
    }, "a player sees the join code but not the seat cards' codes"
    assert view["phase"]["id"] == "r3-meeting"
    following = view["phase"]["next"]
    assert following is not None and following["id"] == "r3-reflection"
    assert [p["id"] for p in view["players"]] == [p.id for p in state.players]
    assert [p["id"] for p in view["players"] if p["online"]] == ["p1"]


def test_questions_are_those_of_the_current_phase() -> None:
    state = game_at("r1-reflection", players=5).state
    view = snapshot(state, Audience("player", "wijkagent"), ME, "nl")
    assert view["questions"] == [{"id": "q-r1", "text": "<<q:r1:nl>>"}]
    closed = game_at("closed", players=5).state
    assert snapshot(closed, Audience("facilitator"), ME, "nl")["questions"] == []
