"""Opening a session, joining it, and what tokens and cookies look like."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.db.tables import Principal
from app.services.tokens import ID_LENGTH, new_id
from tests.api.game import bearer, new_game
from tests.conftest import ORGANISER_KEY


def _default_id(client: TestClient) -> str:
    return str(next(s["id"] for s in client.get("/api/scenarios").json() if s["default"]))


def test_only_the_organiser_opens_sessions(client: TestClient) -> None:
    body = {"scenario_id": _default_id(client)}
    assert client.post("/api/sessions", json=body).status_code == 401
    assert client.post("/api/sessions", json=body, headers=bearer("wrong")).status_code == 401


def test_opening_answers_tokens_and_capability_links(client: TestClient) -> None:
    answer = client.post(
        "/api/sessions", json={"scenario_id": _default_id(client)}, headers=bearer(ORGANISER_KEY)
    )
    assert answer.status_code == 201
    opened = answer.json()
    assert {"id", "join_code", "facilitator_token", "observer_token"} <= set(opened)
    assert opened["facilitator_url"].endswith("#" + opened["facilitator_token"])
    assert opened["observer_url"].endswith("#" + opened["observer_token"])
    assert "?" not in opened["facilitator_url"], "tokens must stay out of query strings"
    assert len(opened["facilitator_token"]) >= 22  # at least 128 bits in base64


def test_unknown_scenario_and_language_are_refused(client: TestClient) -> None:
    key = bearer(ORGANISER_KEY)
    assert (
        client.post("/api/sessions", json={"scenario_id": "nope"}, headers=key).status_code == 404
    )
    bad_language = {"scenario_id": _default_id(client), "language": "xx"}
    assert client.post("/api/sessions", json=bad_language, headers=key).status_code == 422


def test_english_session_speaks_english(client: TestClient) -> None:
    game = new_game(client, players=0, language="en")
    state = game.state(game.f)
    assert state["session"]["language"] == "en"
    dutch = game.client.get(game.url("state"), params={"lang": "nl"}, headers=game.f).json()
    assert dutch["phase"]["title"] != state["phase"]["title"]


def test_join_errors_are_clear(client: TestClient) -> None:
    game = new_game(client, players=0)
    wrong = client.post("/api/join", json={"join_code": "ZZZZZZ", "name": "Ann"})
    assert wrong.status_code == 404 and "join code" in wrong.json()["detail"]
    empty = client.post("/api/join", json={"join_code": game.join_code, "name": "   "})
    assert empty.status_code == 422


def test_join_code_is_forgiving_about_case_and_dashes(client: TestClient) -> None:
    game = new_game(client, players=0)
    code = game.join_code.lower()
    answer = client.post("/api/join", json={"join_code": f"{code[:3]}-{code[3:]}", "name": "Bo"})
    assert answer.status_code == 201


def test_rejoining_with_the_token_gives_the_same_player(client: TestClient) -> None:
    game = new_game(client, players=1, seat=False)
    player = game.players[0]
    again = client.post(
        "/api/join",
        json={"join_code": game.join_code, "name": player["name"]},
        headers=bearer(player["token"]),
    )
    assert again.status_code == 200
    assert again.json()["player_id"] == player["player_id"]
    other = client.post(
        "/api/join",
        json={"join_code": game.join_code, "name": "Again"},
        headers=bearer(player["token"]),
    )
    assert other.status_code == 409, "another name never silently becomes the first player"
    assert len(game.state(game.f)["players"]) == 1


def test_join_sets_an_httponly_samesite_cookie(client: TestClient) -> None:
    game = new_game(client, players=0)
    client.cookies.clear()
    answer = client.post("/api/join", json={"join_code": game.join_code, "name": "Cem"})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert answer.json()["token"] not in answer.headers.get("location", "")
    client.cookies.clear()


def test_tokens_are_stored_only_as_hashes(client: TestClient) -> None:
    game = new_game(client, players=2, seat=False)
    engines = client.app.state.runtime.ctx.engines  # type: ignore[attr-defined]
    with Session(engines.read) as db:
        stored = {p.token_hash for p in db.exec(select(Principal))}
    for token in [game.facilitator, game.observer, *(p["token"] for p in game.players)]:
        assert token not in stored


def test_a_cookie_signs_a_browser_in_but_not_cross_site(client: TestClient) -> None:
    game = new_game(client, players=1, seat=False)
    client.cookies.set(f"cl_s_{game.id}", game.facilitator)
    assert client.get(game.url("state")).status_code == 200
    body = {"action": "pause"}
    foreign = client.post(game.url("phase"), json=body, headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    client.cookies.clear()


def test_a_seat_card_code_seats_the_player_in_that_role(client: TestClient) -> None:
    opened = client.post(
        "/api/sessions", json={"scenario_id": _default_id(client)}, headers=bearer(ORGANISER_KEY)
    ).json()
    seat_codes = opened["seat_codes"]
    assert len(seat_codes) == 5
    role, code = list(seat_codes.items())[2]
    client.cookies.clear()
    joined = client.post("/api/join", json={"join_code": code.lower(), "name": "Dewi"})
    assert joined.status_code == 201
    state = client.get(
        f"/api/sessions/{opened['id']}/state", headers=bearer(joined.json()["token"])
    ).json()
    assert state["me"]["role_id"] == role
    client.cookies.clear()
    wrong_seat = client.post(
        "/api/join", json={"join_code": opened["join_code"] + "9", "name": "X"}
    )
    assert wrong_seat.status_code == 404
    staff = client.get(
        f"/api/sessions/{opened['id']}/state", headers=bearer(opened["facilitator_token"])
    )
    assert staff.json()["session"]["seat_codes"] == seat_codes


def test_only_the_organiser_lists_archives_and_deletes(client: TestClient) -> None:
    game = new_game(client, players=1)
    moves = [
        ("GET", "/api/sessions"),
        ("POST", f"/api/sessions/{game.id}/archive"),
        ("DELETE", f"/api/sessions/{game.id}"),
    ]
    for method, path in moves:
        for headers in ({}, bearer("wrong"), game.f, game.p(0)):
            assert client.request(method, path, headers=headers).status_code == 401, path
    client.cookies.set(f"cl_s_{game.id}", game.facilitator)
    assert client.delete(f"/api/sessions/{game.id}").status_code == 401
    client.cookies.clear()
    assert game.state(game.f)["session"]["id"] == game.id


def test_a_session_id_is_letters_and_digits_so_no_export_takes_it_for_a_formula() -> None:
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(i) == ID_LENGTH and i.isascii() and i.isalnum() for i in ids)
