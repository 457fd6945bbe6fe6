"""Staff links: a new observer link, and ending the other facilitator links, over the API and
from the panel; the old tokens stop at once, sockets included, and the caller's own survives."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.web.security.csrf import token_for
from tests.api.game import Game, bearer, new_game
from tests.conftest import ORGANISER_KEY

SAME = {"origin": "http://testserver"}


def _second_facilitator(game: Game) -> str:
    """The organiser reopens the panel in another browser: a second facilitator token."""
    client = game.client
    client.cookies.clear()
    assert client.post("/api/auth/signin", headers=bearer(ORGANISER_KEY)).status_code == 200
    opened = client.post(
        f"/organiser/sessions/{game.id}/open", headers=SAME, follow_redirects=False
    )
    assert opened.status_code == 303
    token = client.cookies.get(f"cl_s_{game.id}")
    assert token is not None and token != game.facilitator
    client.cookies.clear()
    return token


def _closed_with(socket: object) -> int:
    with pytest.raises(WebSocketDisconnect) as closed:
        while True:
            socket.receive_json()  # type: ignore[attr-defined]
    return closed.value.code


def test_a_new_observer_link_ends_the_old_one_at_once(client: TestClient) -> None:
    game = new_game(client, players=2)
    seq = game.state(game.f)["seq"]
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(json.dumps({"token": game.observer, "after": seq - 1}))
        socket.receive_json()  # streaming now: the revocation finds it attached
        answer = client.post(game.url("links/observer"), headers=game.f)
        assert answer.status_code == 200, answer.text
        assert _closed_with(socket) == 4404
    body = answer.json()
    assert set(body) == {"observer_token", "observer_url"}
    assert body["observer_url"] == f"http://testserver/enter#{body['observer_token']}"
    assert client.get(game.url("state"), headers=game.o).status_code == 401
    assert client.get(game.url("state"), headers=bearer(body["observer_token"])).status_code == 200
    assert game.state(game.f)["me"]["kind"] == "facilitator"
    assert game.state(game.p(0))["me"]["player_id"] == game.players[0]["player_id"]
    # The new link signs a browser in as the observer.
    signed = client.post("/api/auth/signin", headers=bearer(body["observer_token"]))
    assert signed.status_code == 200 and signed.json()["kind"] == "observer"
    client.cookies.clear()


def test_only_the_facilitator_may_reissue_or_revoke(client: TestClient) -> None:
    game = new_game(client, players=1)
    for headers in (game.o, game.p(0)):
        assert client.post(game.url("links/observer"), headers=headers).status_code == 403
        revoke = client.post(game.url("links/facilitator/revoke-others"), headers=headers)
        assert revoke.status_code == 403
    assert client.post(game.url("links/observer")).status_code == 401
    assert game.state(game.o)["me"]["kind"] == "observer"
    other = new_game(client, players=0)
    assert client.post(other.url("links/observer"), headers=game.f).status_code == 401
    assert client.post("/api/sessions/nope/links/observer", headers=game.f).status_code == 401


def test_ending_the_other_facilitator_links_keeps_the_callers(client: TestClient) -> None:
    game = new_game(client, players=1)
    second = _second_facilitator(game)
    third = _second_facilitator(game)
    seq = game.state(game.f)["seq"]
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(json.dumps({"token": second, "after": seq - 1}))
        socket.receive_json()  # streaming now: the revocation finds it attached
        answer = client.post(game.url("links/facilitator/revoke-others"), headers=bearer(third))
        assert answer.status_code == 200, answer.text
        assert _closed_with(socket) == 4404
    assert answer.json() == {"revoked": 2}
    for gone in (game.facilitator, second):
        assert client.get(game.url("state"), headers=bearer(gone)).status_code == 401
    assert client.get(game.url("state"), headers=bearer(third)).status_code == 200
    assert client.get(game.url("state"), headers=game.o).status_code == 200
    again = client.post(game.url("links/facilitator/revoke-others"), headers=bearer(third))
    assert again.json() == {"revoked": 0}


def test_the_panel_shows_a_new_observer_link_once(client: TestClient) -> None:
    game = new_game(client, players=1)
    second = _second_facilitator(game)
    client.cookies.set(f"cl_s_{game.id}", game.facilitator)
    form = SAME | {"x-csrf-token": token_for(game.facilitator)}
    panel = client.get(f"/s/{game.id}")
    assert "/f/links/observer" in panel.text and game.observer not in panel.text

    assert client.post(f"/s/{game.id}/f/links/observer", headers=SAME).status_code == 403
    shown = client.post(f"/s/{game.id}/f/links/observer", headers=form)
    assert shown.status_code == 200
    found = re.search(r"/enter#([A-Za-z0-9_-]{20,})<", shown.text)
    assert found is not None
    new_observer = found.group(1)
    assert client.get(game.url("state"), headers=game.o).status_code == 401
    assert client.get(game.url("state"), headers=bearer(new_observer)).status_code == 200
    assert new_observer not in client.get(f"/s/{game.id}").text  # shown once, kept nowhere

    ended = client.post(f"/s/{game.id}/f/links/facilitators", headers=form)
    assert ended.status_code == 200 and 'id="facilitator-links-ended"' in ended.text
    assert client.get(game.url("state"), headers=bearer(second)).status_code == 401
    assert client.get(f"/s/{game.id}").status_code == 200  # this browser stays signed in
    client.cookies.clear()
