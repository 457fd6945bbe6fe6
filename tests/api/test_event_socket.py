"""The event socket: authenticate, replay from a seq, stream live, and never leak."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.api.game import new_game


def test_replay_from_zero_starts_with_the_session(client: TestClient) -> None:
    game = new_game(client, players=2)
    frames = game.socket_frames(game.facilitator, after=0, count=3)
    assert [f["seq"] for f in frames] == sorted(f["seq"] for f in frames)
    assert frames[0]["type"] == "session.created"
    assert set(frames[0]) == {"seq", "type", "at", "data"}


def test_replay_resumes_after_the_given_seq(client: TestClient) -> None:
    game = new_game(client, players=2)
    seq = game.state(game.f)["seq"]
    game.advance()
    frames = game.socket_frames(game.facilitator, after=seq, count=1)
    assert frames[0]["seq"] > seq and frames[0]["type"] == "phase.changed"
    assert frames[0]["data"]["phase"]["id"] == game.state(game.f)["phase"]["id"]


def test_live_events_arrive_after_replay(client: TestClient) -> None:
    game = new_game(client, players=2)
    seq = game.state(game.p(0))["seq"]
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(json.dumps({"token": game.players[0]["token"], "after": seq}))
        game.advance()
        frame = socket.receive_json()
        assert frame["type"] == "phase.changed"


@pytest.mark.parametrize("hello", ['{"token": "nonsense", "after": 0}', '{"after": 0}'])
def test_a_bad_token_closes_with_4401(client: TestClient, hello: str) -> None:
    game = new_game(client, players=0)
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(hello)
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == 4401


def test_another_sessions_token_never_reads_this_session(client: TestClient) -> None:
    mine, other = new_game(client, players=0), new_game(client, players=0)
    with client.websocket_connect(mine.url("events")) as socket:
        socket.send_text(json.dumps({"token": other.facilitator, "after": 0}))
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == 4401
    assert client.get(mine.url("state"), headers=other.f).status_code == 401


@pytest.mark.parametrize("hello", ["not json", "[1]", '{"after": -1}', '{"after": "x"}'])
def test_a_malformed_first_frame_is_refused(client: TestClient, hello: str) -> None:
    game = new_game(client, players=0)
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(hello)
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == 4400


def test_a_foreign_origin_cannot_open_the_socket(client: TestClient) -> None:
    game = new_game(client, players=0)
    with pytest.raises(WebSocketDisconnect) as closed:  # noqa: SIM117
        with client.websocket_connect(
            game.url("events"), headers={"origin": "https://evil.example"}
        ):
            pass
    assert closed.value.code == 4403


def test_a_cookie_is_enough_for_a_browser(client: TestClient) -> None:
    game = new_game(client, players=1, seat=False)
    client.cookies.set(f"cl_s_{game.id}", game.players[0]["token"])
    with client.websocket_connect(
        game.url("events"), headers={"origin": "http://testserver"}
    ) as socket:
        socket.send_text(json.dumps({"after": 0}))
        assert socket.receive_json()["seq"] == 1
    client.cookies.clear()


def test_notes_reach_only_the_duo_over_the_socket(client: TestClient) -> None:
    game = new_game(client, players=10)
    role = game.role_of(0)
    outsider = next(i for i in range(10) if game.role_of(i) != role)
    partner = next(i for i in game.players_in(role) if i != 0)
    seq = game.state(game.f)["seq"]
    client.post(game.url("notes"), json={"text": "alleen voor ons"}, headers=game.p(0))
    game.advance()  # a later event everyone sees, to prove the note was skipped, not delayed
    for index, expect_note in ((partner, True), (outsider, False)):
        frame = game.socket_frames(game.players[index]["token"], after=seq, count=1)[0]
        assert (frame["type"] == "note.added") is expect_note
    assert game.socket_frames(game.observer, after=seq, count=1)[0]["type"] == "phase.changed"
