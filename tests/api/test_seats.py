"""Seats and identities under misuse: guessed seat codes, full duos, closed joining, removed
players, and a shared laptop that joins again under another name."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.services import tokens
from tests.api.game import Game, bearer, new_game
from tests.conftest import ORGANISER_KEY


def _open(client: TestClient) -> dict[str, Any]:
    scenarios = client.get("/api/scenarios").json()
    default = next(s for s in scenarios if s["default"])
    answer = client.post(
        "/api/sessions", json={"scenario_id": default["id"]}, headers=bearer(ORGANISER_KEY)
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _join(client: TestClient, code: str, name: str) -> Any:
    client.cookies.clear()
    answer = client.post("/api/join", json={"join_code": code, "name": name})
    client.cookies.clear()
    return answer


def test_seat_codes_are_secrets_of_their_own(client: TestClient) -> None:
    opened = _open(client)
    codes = opened["seat_codes"]
    assert len(set(codes.values())) == len(codes) == 5
    for code in codes.values():
        assert len(code) == tokens.SEAT_CODE_LENGTH  # 10 of 32 letters: 50 bits
        assert opened["join_code"] not in code
    for number in range(1, 6):  # the old guessable form: the join code plus the role's number
        guessed = _join(client, f"{opened['join_code']}-{number}", "Nieuwsgierig")
        assert guessed.status_code == 404, guessed.text


def test_a_player_sees_no_seat_code_over_http_or_the_socket(client: TestClient) -> None:
    opened = _open(client)
    joined = _join(client, opened["join_code"], "Sam").json()
    state = client.get(f"/api/sessions/{opened['id']}/state", headers=bearer(joined["token"]))
    text = state.text
    with client.websocket_connect(f"/api/sessions/{opened['id']}/events") as socket:
        socket.send_json({"token": joined["token"], "after": 0})
        first = socket.receive_json()
    assert first["type"] == "session.created"
    for code in opened["seat_codes"].values():
        assert code not in text
        assert code not in str(first)


def test_a_seat_code_seats_while_its_role_has_room(client: TestClient) -> None:
    opened = _open(client)
    role, code = next(iter(opened["seat_codes"].items()))
    shown = tokens.shown_seat_code(code).lower()  # as printed, typed in lower case
    for name in ("Dewi", "Eva"):
        assert _join(client, shown, name).status_code == 201
    third = _join(client, code, "Fenna")
    assert third.status_code == 409
    assert "full" in third.json()["detail"]
    facilitator = bearer(opened["facilitator_token"])
    seated = client.get(f"/api/sessions/{opened['id']}/state", headers=facilitator).json()
    assert [p["name"] for p in seated["players"] if p["role_id"] == role] == ["Dewi", "Eva"]


def test_closed_joining_refuses_codes_and_seat_cards_until_reopened(client: TestClient) -> None:
    game = new_game(client, players=2)
    opened_codes = client.get(game.url("state"), headers=game.f).json()["session"]["seat_codes"]
    by_player = client.put(game.url("joining"), json={"open": False}, headers=game.p(0))
    assert by_player.status_code == 403
    closed = client.put(game.url("joining"), json={"open": False}, headers=game.f)
    assert closed.json() == {"open": False}
    for code in (game.join_code, next(iter(opened_codes.values()))):
        refused = _join(client, code, "Laat")
        assert refused.status_code == 403
        assert "closed" in refused.json()["detail"]
    page = client.post("/join", data={"join_code": game.join_code, "name": "Laat"})
    assert page.status_code == 403
    assert "Aanmelden is gesloten" in page.text or "Joining is closed" in page.text
    seen = client.get(game.url("state"), headers=game.p(1)).json()
    assert seen["session"]["joining_open"] is False
    client.put(game.url("joining"), json={"open": True}, headers=game.f)
    assert _join(client, game.join_code, "Laat").status_code == 201


@pytest.mark.parametrize("body", [{}, {"open": "nee"}, {"open": True, "extra": 1}, []])
def test_the_joining_switch_validates_its_body(client: TestClient, body: Any) -> None:
    game = new_game(client, players=0)
    assert client.put(game.url("joining"), json=body, headers=game.f).status_code == 422


def test_removing_a_player_revokes_only_their_token_at_once(client: TestClient) -> None:
    game = new_game(client, players=3, seat=False)
    victim = game.players[1]
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_json({"token": victim["token"], "after": 0})
        socket.receive_json()
        removed = client.delete(game.url(f"players/{victim['player_id']}"), headers=game.f)
        assert removed.status_code == 200
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                socket.receive_json()
        assert closed.value.code == 4404
    assert client.get(game.url("state"), headers=game.p(1)).status_code == 401
    for other in (0, 2):
        assert client.get(game.url("state"), headers=game.p(other)).status_code == 200


def test_ids_are_not_reused_so_nobody_vanishes(client: TestClient) -> None:
    game = new_game(client, players=0)
    a, b, c = (game.join(n) for n in ("a", "b", "c"))
    client.delete(game.url(f"players/{b['player_id']}"), headers=game.f)
    d = game.join("d")
    assert d["player_id"] not in {a["player_id"], c["player_id"]}
    client.delete(game.url(f"players/{d['player_id']}"), headers=game.f)
    game.join("e")
    names = [p["name"] for p in client.get(game.url("state"), headers=game.f).json()["players"]]
    assert names == ["a", "c", "e"]
    assert client.get(game.url("state"), headers=bearer(c["token"])).json()["me"]["name"] == "c"


def test_the_api_refuses_a_second_name_from_a_seated_token(client: TestClient) -> None:
    game = new_game(client, players=1, seat=False)
    held = game.players[0]
    again = client.post(
        "/api/join",
        json={"join_code": game.join_code, "name": held["name"]},
        headers=bearer(held["token"]),
    )
    assert again.status_code == 200
    assert again.json()["player_id"] == held["player_id"]
    other = client.post(
        "/api/join", json={"join_code": game.join_code, "name": "Iemand"}, headers=game.p(0)
    )
    assert other.status_code == 409
    assert "leave" in other.json()["detail"]
    left = client.post(game.url("leave"), headers=game.p(0))
    assert left.json() == {"player_id": held["player_id"], "left": True}
    assert client.get(game.url("state"), headers=game.p(0)).status_code == 401
    assert client.post(game.url("leave"), headers=game.f).status_code == 403


def _browser_join(client: TestClient, game: Game, name: str, **extra: str) -> Any:
    return client.post(
        "/join", data={"join_code": game.join_code, "name": name, **extra}, follow_redirects=False
    )


def test_a_shared_laptop_asks_before_becoming_the_last_player(client: TestClient) -> None:
    game = new_game(client, players=0)
    client.cookies.clear()
    first = _browser_join(client, game, "Anna")
    assert first.status_code == 303
    asked = _browser_join(client, game, "Bram")
    assert asked.status_code == 409
    assert "Anna" in asked.text
    assert f'action="/s/{game.id}/leave"' in asked.text
    players = client.get(game.url("state"), headers=game.f).json()["players"]
    assert [p["name"] for p in players] == ["Anna"]
    kept = _browser_join(client, game, "Anna", choice="continue")
    assert kept.status_code == 303
    assert kept.headers["location"] == f"/s/{game.id}"
    left = client.post(f"/s/{game.id}/leave", headers={"origin": "http://testserver"})
    assert left.status_code == 200
    assert f'data-forget-drafts="cl:{game.id}:"' in left.text
    assert "set-cookie" in left.headers and "Max-Age=0" in left.headers["set-cookie"]
    client.cookies.clear()
    assert _browser_join(client, game, "Bram").status_code == 303
    players = client.get(game.url("state"), headers=game.f).json()["players"]
    assert [p["name"] for p in players] == ["Bram"]
    client.cookies.clear()


def test_leaving_refuses_a_foreign_page(client: TestClient) -> None:
    game = new_game(client, players=0)
    client.cookies.clear()
    _browser_join(client, game, "Anna")
    foreign = client.post(f"/s/{game.id}/leave", headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    players = client.get(game.url("state"), headers=game.f).json()["players"]
    assert [p["name"] for p in players] == ["Anna"]
    client.cookies.clear()


def test_a_name_with_a_control_character_is_refused_on_the_join_page(client: TestClient) -> None:
    game = new_game(client, players=0)
    client.cookies.clear()
    refused = client.post("/join", data={"join_code": game.join_code, "name": "Bel\u0007la"})
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    assert client.get(game.url("state"), headers=game.f).json()["players"] == []


def test_no_export_carries_a_seat_code(client: TestClient) -> None:
    game = new_game(client, players=2)
    codes = client.get(game.url("state"), headers=game.f).json()["session"]["seat_codes"]
    for fmt, table in (("json", ""), ("csv", "events"), ("html", "")):
        answer = client.get(game.url(f"export?format={fmt}&table={table}"), headers=game.f)
        assert answer.status_code == 200, answer.text
        for code in codes.values():
            assert code not in answer.text
