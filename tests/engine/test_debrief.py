"""Engine: the debrief figures follow from the logged collisions alone."""

from __future__ import annotations

from itertools import combinations

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.debrief import debrief, matrix
from app.engine.spec import LOGICS
from tests.engine.factories import ROLE_IDS, game_at, session_at
from tests.engine.games import full_game


def test_the_matrix_is_symmetric_with_every_role_and_an_empty_diagonal() -> None:
    counts = matrix(full_game().state)
    assert set(counts) == set(ROLE_IDS)
    for a in ROLE_IDS:
        assert set(counts[a]) == set(ROLE_IDS)
        assert counts[a][a] == 0
        for b in ROLE_IDS:
            assert counts[a][b] == counts[b][a]


def test_the_matrix_counts_every_pair_in_every_collision() -> None:
    game = game_at("r2-meeting", players=5)
    game.run(cmd.LogCollision(("wijkagent", "leerplicht", "wijkteam"), "network"))
    game.run(cmd.LogCollision(("wijkagent", "leerplicht"), "professional"))
    counts = matrix(game.state)
    assert counts["wijkagent"]["leerplicht"] == 2
    assert counts["wijkagent"]["wijkteam"] == 1
    assert counts["leerplicht"]["wijkteam"] == 1
    assert counts["procesregisseur"] == dict.fromkeys(ROLE_IDS, 0)
    total = sum(counts[a][b] for a, b in combinations(ROLE_IDS, 2))
    assert total == 3 + 1


def test_by_logic_counts_match_the_collisions() -> None:
    game = full_game()
    game.run(cmd.LogCollision(("wijkagent", "wijkteam"), "network"), cmd.OBSERVER_ACTOR)
    report = debrief(game.state, game.log, "nl")
    assert set(report["by_logic"]) == set(LOGICS)
    for logic in LOGICS:
        expected = sum(1 for c in game.state.collisions if c.logic == logic)
        assert report["by_logic"][logic] == expected
    assert report["by_logic"] == {"professional": 1, "network": 2, "organisational": 1}
    assert sum(report["by_logic"].values()) == len(report["collisions"])


def test_designed_collisions_are_marked_observed_once_logged() -> None:
    game = full_game()
    designed = {d["id"]: d["observed"] for d in debrief(game.state, game.log, "nl")["designed"]}
    assert designed == {"dc-1": True, "dc-2": True, "dc-3": False}


def test_a_fresh_session_has_an_empty_debrief() -> None:
    state = session_at("debrief", players=5)
    report = debrief(state, [], "en")
    assert report["collisions"] == []
    assert report["by_logic"] == dict.fromkeys(LOGICS, 0)
    assert all(v == 0 for row in report["matrix"].values() for v in row.values())
    assert [d["observed"] for d in report["designed"]] == [False, False, False]
    assert report["designed"][0]["title"] == "<<designed:dc-1:en>>"


def test_the_debrief_lists_all_agreements_and_reflections() -> None:
    game = full_game()
    report = debrief(game.state, game.log, "nl")
    assert [a["id"] for a in report["agreements"]] == ["a1", "a2"]
    assert [r["id"] for r in report["reflections"]] == ["r1", "r2"]
    assert [c["round"] for c in report["collisions"]] == [1, 2, 3]


def test_the_timeline_follows_the_log_for_phases_documents_collisions_agreements_verdicts() -> None:
    game = full_game()
    timeline = debrief(game.state, game.log, "nl")["timeline"]
    kinds = (
        ev.PhaseChanged,
        ev.DocumentReleased,
        ev.CollisionLogged,
        ev.AgreementAdded,
        ev.VerdictRecorded,
    )
    expected = [r.seq for r in game.log if isinstance(r.event, kinds)]
    assert [entry["seq"] for entry in timeline] == expected
    assert {entry["type"] for entry in timeline} == {k.type for k in kinds}
    first_phase = next(e for e in timeline if e["type"] == "phase.changed")
    assert first_phase["phase_id"] == "r1-prep"
    assert first_phase["title"] == "<<title:r1-prep:nl>>"
    assert first_phase["at"] is not None
