"""Messages to the room and raised hands over the API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.game import new_game


def test_a_message_to_one_role(client: TestClient) -> None:
    game = new_game(client, players=10)
    role = game.role_of(0)
    other = next(i for i in range(10) if game.role_of(i) != role)
    body = {"text": "Kom even naar voren", "role_id": role}
    answer = client.post(game.url("messages"), json=body, headers=game.f)
    assert answer.status_code == 201 and answer.json()["role_id"] == role
    assert [m["text"] for m in game.state(game.p(0))["messages"]] == ["Kom even naar voren"]
    assert game.state(game.p(other))["messages"] == []
    assert client.post(game.url("messages"), json=body, headers=game.p(0)).status_code == 403
    unknown = {"text": "x", "role_id": "burgemeester"}
    assert client.post(game.url("messages"), json=unknown, headers=game.f).status_code == 422


def test_a_raised_hand_reaches_the_facilitator_until_answered(client: TestClient) -> None:
    game = new_game(client, players=10)
    pid = game.players[0]["player_id"]
    assert client.post(game.url("hands"), headers=game.p(0)).status_code == 201
    assert client.post(game.url("hands"), headers=game.p(0)).status_code == 201
    assert game.state(game.f)["hands"] == [pid]
    other = next(i for i in range(10) if game.role_of(i) != game.role_of(0))
    assert game.state(game.p(other))["hands"] == []
    assert client.delete(game.url(f"hands/{pid}"), headers=game.p(other)).status_code == 403
    assert client.delete(game.url(f"hands/{pid}"), headers=game.f).status_code == 200
    assert game.state(game.f)["hands"] == []
