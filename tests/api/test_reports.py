"""The debrief and the exports, checked against what was logged."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.api.game import Game, new_game


def _log_collisions(client: TestClient) -> tuple[Game, list[str]]:
    game = new_game(client, players=5)
    roles = [r["id"] for r in game.state(game.f)["roles"]]
    game.advance_to("r1-meeting")
    plays = [
        (roles[0], roles[1], "professional"),
        (roles[0], roles[1], "network"),
        (roles[2], roles[3], "professional"),
    ]
    for a, b, logic in plays:
        body = {"roles": [a, b], "logic": logic, "note": f"{a}/{b}"}
        assert client.post(game.url("collisions"), json=body, headers=game.o).status_code == 201
    return game, roles


def test_debrief_counts_by_logic_and_pairs(client: TestClient) -> None:
    game, roles = _log_collisions(client)
    answer = client.get(game.url("debrief"), headers=game.o)
    assert answer.status_code == 200
    debrief = answer.json()
    assert debrief["by_logic"] == {"professional": 2, "network": 1, "organisational": 0}
    matrix = debrief["matrix"]
    assert matrix[roles[0]][roles[1]] == matrix[roles[1]][roles[0]] == 2
    assert matrix[roles[2]][roles[3]] == 1 and matrix[roles[4]][roles[0]] == 0
    assert {e["type"] for e in debrief["timeline"]} >= {"phase.changed", "collision.logged"}
    assert all(d["observed"] is False for d in debrief["designed"])


def test_players_cannot_read_the_debrief_or_export(client: TestClient) -> None:
    game, _ = _log_collisions(client)
    player = game.p(0)
    assert client.get(game.url("debrief"), headers=player).status_code == 403
    assert client.get(game.url("export"), headers=game.o).status_code == 403


def test_csv_export_has_a_header_and_one_row_per_collision(client: TestClient) -> None:
    game, _ = _log_collisions(client)
    answer = client.get(game.url("export"), params={"format": "csv"}, headers=game.f)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 3
    assert {"session_id", "round", "phase_id", "logic", "roles", "at"} <= set(rows[0])


def test_json_export_holds_the_whole_log(client: TestClient) -> None:
    game, _ = _log_collisions(client)
    answer = client.get(game.url("export"), headers=game.f)
    record = answer.json()
    seqs = [e["seq"] for e in record["events"]]
    assert seqs == list(range(1, len(seqs) + 1))
    assert record["state"]["seq"] == seqs[-1]
    assert len(record["debrief"]["collisions"]) == 3
    assert (
        client.get(game.url("export"), params={"format": "docx"}, headers=game.f).status_code == 422
    )
