"""Removing a player, the mayor's verdict and the projector screen, over the API."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.api.game import new_game


def test_a_removed_player_loses_access_and_their_socket(client: TestClient) -> None:
    game = new_game(client, players=3)
    leaver = game.players[0]
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(json.dumps({"token": leaver["token"], "after": game.state(game.f)["seq"]}))
        answer = client.delete(game.url(f"players/{leaver['player_id']}"), headers=game.f)
        assert answer.status_code == 200
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                socket.receive_json()
    assert closed.value.code == 4404
    assert (
        client.get(game.url("state"), headers=game.p(0)).status_code == 401
    )  # the token itself is revoked
    assert [p["id"] for p in game.state(game.f)["players"]] == [
        p["player_id"] for p in game.players[1:]
    ]
    assert client.delete(game.url("players/p99"), headers=game.f).status_code == 404


def test_the_mayors_verdict_goes_into_the_debrief(client: TestClient) -> None:
    game = new_game(client, players=2)
    game.advance_to("r3-meeting")
    needs = game.state(game.f)["mayor"]["needs"]
    assert needs and all(n["verdict"] is None for n in needs)
    first = needs[0]["id"]
    body = {"verdict": "partly", "comment": "Mist een tijdpad"}
    assert client.put(game.url(f"verdicts/{first}"), json=body, headers=game.f).status_code == 200
    assert client.put(game.url(f"verdicts/{first}"), json=body, headers=game.o).status_code == 403
    bad = {"verdict": "superb"}
    assert client.put(game.url(f"verdicts/{first}"), json=bad, headers=game.f).status_code == 422
    assert client.put(game.url("verdicts/nope"), json=body, headers=game.f).status_code == 422
    debrief = client.get(game.url("debrief"), headers=game.o).json()
    verdicts = {n["id"]: n for n in debrief["mayor"]["needs"]}
    assert verdicts[first]["verdict"] == "partly"
    assert verdicts[first]["comment"] == "Mist een tijdpad"
    assert "mayor" not in game.state(game.p(0))


def test_the_screen_follows_the_facilitators_choice(client: TestClient) -> None:
    game = new_game(client, players=1)
    assert game.state(game.f)["screen"]["show"] == "auto"
    answer = client.put(game.url("screen"), json={"show": "agreements"}, headers=game.f)
    assert answer.status_code == 200
    assert game.state(game.p(0))["screen"]["show"] == "agreements"
    bad = {"show": "question", "question_id": "nope"}
    assert client.put(game.url("screen"), json=bad, headers=game.f).status_code == 422
    assert (
        client.put(game.url("screen"), json={"show": "join"}, headers=game.p(0)).status_code == 403
    )
