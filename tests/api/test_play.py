"""Seats and phases through the API: the facilitator paces the game, safely."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.api.game import new_game


@pytest.mark.parametrize("count", [5, 7, 10, 12])
def test_auto_seating_fills_roles_evenly(client: TestClient, count: int) -> None:
    game = new_game(client, players=count, seat=False)
    answer = client.post(game.url("seats/auto"), headers=game.f)
    assert answer.status_code == 200
    seats = answer.json()["seats"]
    per_role = Counter(s["role_id"] for s in seats)
    assert len(seats) == count and len(per_role) == 5
    assert max(per_role.values()) - min(per_role.values()) <= 1


def test_moving_a_player_and_refusing_nonsense(client: TestClient) -> None:
    game = new_game(client, players=2)
    roles = [r["id"] for r in game.state(game.f)["roles"]]
    pid = game.players[0]["player_id"]
    moved = client.put(game.url(f"seats/{pid}"), json={"role_id": roles[-1]}, headers=game.f)
    assert moved.status_code == 200
    assert game.role_of(0) == roles[-1]
    assert (
        client.put(game.url(f"seats/{pid}"), json={"role_id": "mayor"}, headers=game.f).status_code
        == 422
    )
    assert (
        client.put(game.url("seats/p99"), json={"role_id": roles[0]}, headers=game.f).status_code
        == 404
    )
    assert (
        client.put(
            game.url(f"seats/{pid}"), json={"role_id": roles[0]}, headers=game.p(1)
        ).status_code
        == 403
    )


def test_two_simultaneous_advances_give_one_200_and_one_409(client: TestClient) -> None:
    game = new_game(client, players=0)
    body = {"action": "advance", "from_phase": "lobby"}
    first = client.post(game.url("phase"), json=body, headers=game.f)
    second = client.post(game.url("phase"), json=body, headers=game.f)
    assert (first.status_code, second.status_code) == (200, 409)
    phases = client.get("/api/scenarios").json()[0]["phases"]
    assert game.state(game.f)["phase"]["id"] == phases[1]["id"]


def test_back_pause_resume_extend(client: TestClient) -> None:
    game = new_game(client, players=0)
    game.advance()
    timed = game.state(game.f)["phase"]
    while timed["duration_s"] == 0:
        timed = game.advance()

    def post(body: dict[str, object]) -> Response:
        return client.post(game.url("phase"), json=body, headers=game.f)

    paused = post({"action": "pause"}).json()["phase"]
    assert paused["paused"] is True and paused["remaining_s"] > 0
    extended = post({"action": "extend", "seconds": 120}).json()["phase"]
    assert extended["remaining_s"] == pytest.approx(paused["remaining_s"] + 120)
    resumed = post({"action": "resume"}).json()["phase"]
    assert resumed["paused"] is False and resumed["remaining_s"] is None
    assert post({"action": "extend"}).status_code == 422
    assert post({"action": "extend", "seconds": 0}).status_code == 422
    back = post({"action": "back", "from_phase": timed["id"]})
    assert back.status_code == 200 and back.json()["phase"]["id"] != timed["id"]


def test_only_the_facilitator_moves_the_game(client: TestClient) -> None:
    game = new_game(client, players=1)
    for headers in (game.p(0), game.o):
        assert (
            client.post(game.url("phase"), json={"action": "advance"}, headers=headers).status_code
            == 403
        )
    assert client.post(game.url("phase"), json={"action": "advance"}).status_code == 401


def test_the_last_phase_cannot_be_passed(client: TestClient) -> None:
    game = new_game(client, players=0)
    phases = client.get("/api/scenarios").json()[0]["phases"]
    game.advance_to(phases[-1]["id"])
    assert (
        client.post(game.url("phase"), json={"action": "advance"}, headers=game.f).status_code
        == 409
    )
