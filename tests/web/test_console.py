"""The facilitator's panel forms and the room pages, through the real app."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.web.security.csrf import token_for
from tests.api.game import Game, new_game

SAME = {"origin": "http://testserver"}


def _panel(client: TestClient, game: Game) -> dict[str, str]:
    """Sign this client in as the facilitator, as the capability link would."""
    client.cookies.clear()
    client.cookies.set(f"cl_s_{game.id}", game.facilitator)
    return SAME | {"x-csrf-token": token_for(game.facilitator)}


def test_the_panel_renders_with_its_regions(client: TestClient) -> None:
    game = new_game(client, players=10)
    _panel(client, game)
    page = client.get(f"/s/{game.id}")
    assert page.status_code == 200
    for region in ("phase", "grid", "hands", "lobby", "injects", "messages", "screen", "mayor"):
        assert f'id="{region}"' in page.text, region
    assert game.join_code in page.text
    client.cookies.clear()


def test_phase_forms_are_safe_to_click_twice(client: TestClient) -> None:
    game = new_game(client, players=2)
    headers = _panel(client, game)
    form = {"action": "advance", "from_phase": "lobby"}
    first = client.post(f"/s/{game.id}/f/phase", data=form, headers=headers)
    second = client.post(f"/s/{game.id}/f/phase", data=form, headers=headers)
    assert first.status_code == 200 and 'id="phase"' in first.text
    assert second.status_code == 409
    extend = {"action": "extend", "from_phase": "intro", "seconds": "60"}
    assert client.post(f"/s/{game.id}/f/phase", data=extend, headers=headers).status_code == 200
    client.cookies.clear()
    assert game.state(game.f)["phase"]["id"] == "intro"


def test_panel_forms_need_the_csrf_header_and_our_origin(client: TestClient) -> None:
    game = new_game(client, players=1)
    headers = _panel(client, game)
    form = {"action": "advance", "from_phase": "lobby"}
    no_token = client.post(f"/s/{game.id}/f/phase", data=form, headers=SAME)
    foreign = client.post(
        f"/s/{game.id}/f/phase", data=form, headers=headers | {"origin": "https://evil.example"}
    )
    assert no_token.status_code == 403 and foreign.status_code == 403
    client.cookies.clear()
    client.cookies.set(f"cl_s_{game.id}", game.players[0]["token"])
    player = SAME | {"x-csrf-token": token_for(game.players[0]["token"])}
    assert client.post(f"/s/{game.id}/f/phase", data=form, headers=player).status_code == 403
    client.cookies.clear()


def test_seating_messages_hands_verdicts_and_screen_from_the_panel(client: TestClient) -> None:
    game = new_game(client, players=3, seat=False)
    headers = _panel(client, game)
    url = f"/s/{game.id}/f"
    assert client.post(f"{url}/autoseat", headers=headers).status_code == 200
    roles = [r["id"] for r in client.get(f"/api/sessions/{game.id}/state").json()["roles"]]
    pid = game.players[0]["player_id"]
    moved = client.post(
        f"{url}/seat", data={"player_id": pid, "role_id": roles[4]}, headers=headers
    )
    assert moved.status_code == 200
    message = client.post(f"{url}/message", data={"text": "Pauze!", "role_id": ""}, headers=headers)
    assert message.status_code == 200 and "Pauze!" in message.text
    assert (
        client.post(f"{url}/screen", data={"show": "agreements"}, headers=headers).status_code
        == 200
    )
    client.cookies.clear()
    assert game.role_of(0) == roles[4]
    assert game.state(game.p(1))["messages"][0]["text"] == "Pauze!"
    client.post(game.url("hands"), headers=game.p(1))
    headers = _panel(client, game)
    lowered = client.post(
        f"{url}/lower", data={"player_id": game.players[1]["player_id"]}, headers=headers
    )
    assert lowered.status_code == 200
    need = client.get(f"/api/sessions/{game.id}/state").json()["mayor"]["needs"][0]["id"]
    verdict = {"verdict": "not_met", "comment": "Te vaag"}
    assert client.post(f"{url}/verdict/{need}", data=verdict, headers=headers).status_code == 200
    removed = client.post(f"{url}/remove", data={"player_id": pid}, headers=headers)
    assert removed.status_code == 200
    state = client.get(f"/api/sessions/{game.id}/state").json()
    assert state["hands"] == [] and state["screen"]["show"] == "agreements"
    assert state["mayor"]["needs"][0]["verdict"] == "not_met"
    assert pid not in [p["id"] for p in state["players"]]
    client.cookies.clear()


def test_the_room_pages_are_the_facilitators(client: TestClient) -> None:
    game = new_game(client, players=2)
    _panel(client, game)
    screen = client.get(f"/screen/{game.id}")
    assert screen.status_code == 200 and game.join_code in screen.text and "<svg" in screen.text
    cards = client.get(f"/s/{game.id}/cards")
    assert cards.status_code == 200
    codes = game.state(game.f)["session"]["seat_codes"].values()
    printed = re.findall(r"[A-Z2-9]{5}-[A-Z2-9]{5}", cards.text)
    assert sorted(printed) == sorted(f"{c[:5]}-{c[5:]}" for c in codes for _ in (1, 2))
    assert game.join_code not in cards.text, "a seat card carries its own secret, not the code"
    role = game.role_of(0)
    mirror = client.get(f"/s/{game.id}/mirror/{role}")
    assert mirror.status_code == 200 and "hx-post" not in mirror.text
    assert client.get(f"/s/{game.id}/mirror/burgemeester").status_code == 404
    client.cookies.clear()
    client.cookies.set(f"cl_s_{game.id}", game.players[0]["token"])
    for path in (f"/screen/{game.id}", f"/s/{game.id}/cards", f"/s/{game.id}/mirror/{role}"):
        assert client.get(path).status_code == 403, path
    client.cookies.clear()


def test_the_organiser_lists_reopens_archives_and_deletes(client: TestClient) -> None:
    game = new_game(client, players=1)
    client.cookies.clear()
    client.post(
        "/api/auth/signin", headers={"Authorization": "Bearer test-organiser-key-0123456789"}
    )
    listing = client.get("/organiser")
    assert game.join_code in listing.text
    reopened = client.post(
        f"/organiser/sessions/{game.id}/open", headers=SAME, follow_redirects=False
    )
    assert reopened.status_code == 303 and reopened.headers["location"] == f"/s/{game.id}"
    assert client.get(f"/s/{game.id}").status_code == 200
    archived = client.post(
        f"/organiser/sessions/{game.id}/archive",
        data={"archived": "true"},
        headers=SAME,
        follow_redirects=False,
    )
    assert archived.status_code == 303
    late = client.post("/api/join", json={"join_code": game.join_code, "name": "Laat"})
    assert late.status_code == 409, "an archived session takes no new players"
    wrong = client.post(
        f"/organiser/sessions/{game.id}/delete", data={"confirm": "NOPE"}, headers=SAME
    )
    assert wrong.status_code == 422
    deleted = client.post(
        f"/organiser/sessions/{game.id}/delete",
        data={"confirm": game.join_code},
        headers=SAME,
        follow_redirects=False,
    )
    assert deleted.status_code == 303
    assert game.join_code not in client.get("/organiser").text
    client.cookies.clear()
    assert client.get(game.url("state"), headers=game.f).status_code == 401
