"""Nothing with session data may be cached, and behind HTTPS (``CL_SECURE_COOKIES``) every
cookie is a ``__Host-`` cookie and the browser is told to stay on HTTPS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.settings import Settings
from app.web.app import create_app
from app.web.security.csrf import token_for
from tests.api.game import bearer, new_game
from tests.conftest import ORGANISER_KEY

SAME = {"origin": "http://testserver"}
HTTPS = "https://testserver"


def test_every_answer_but_the_shipped_files_says_no_store(client: TestClient) -> None:
    game = new_game(client, players=2)
    client.cookies.set(f"cl_s_{game.id}", game.facilitator)
    panel_form = SAME | {"x-csrf-token": token_for(game.facilitator)}
    answers = {
        "page": client.get(f"/s/{game.id}"),
        "join page": client.get("/join"),
        "organiser page": client.get("/organiser"),
        "fragment": client.post(f"/s/{game.id}/f/autoseat", headers=panel_form),
        "debrief": client.get(f"/s/{game.id}/debrief"),
        "seat cards": client.get(f"/s/{game.id}/cards"),
        "api state": client.get(game.url("state"), headers=game.f),
        "api refusal": client.get(game.url("state")),
        "export": client.get(game.url("export?format=csv&table=events"), headers=game.f),
        "sign-in": client.post("/api/auth/signin", headers=bearer(game.facilitator)),
        "redirect": client.get("/", follow_redirects=False),
        "not found": client.get("/no/such/page"),
        "health": client.get("/healthz"),
    }
    for what, answer in answers.items():
        assert answer.status_code < 500, what
        assert answer.headers.get("cache-control") == "no-store", what
    assert answers["export"].status_code == 200 and answers["fragment"].status_code == 200
    for shipped in ("/static/css/app.css", "/favicon.ico"):
        answer = client.get(shipped)
        assert answer.status_code == 200 and "cache-control" not in answer.headers, shipped
    assert "strict-transport-security" not in answers["page"].headers
    client.cookies.clear()


@pytest.fixture
def secure(settings: Settings) -> Iterator[TestClient]:
    settings.secure_cookies = True
    with TestClient(create_app(settings), base_url=HTTPS) as test_client:
        yield test_client


def _set_cookie(answer_headers: str) -> tuple[str, SimpleCookie]:
    parsed = SimpleCookie(answer_headers)
    [name] = list(parsed)
    return name, parsed


def test_behind_https_every_cookie_is_a_host_cookie(secure: TestClient) -> None:
    origin = {"origin": HTTPS}
    signin = secure.post("/api/auth/signin", headers=bearer(ORGANISER_KEY))
    name, parsed = _set_cookie(signin.headers["set-cookie"])
    assert name == "__Host-cl_organiser"
    assert parsed[name]["secure"] and parsed[name]["path"] == "/" and not parsed[name]["domain"]
    assert "domain=" not in signin.headers["set-cookie"].lower()
    opened = secure.post("/api/sessions", json={"scenario_id": "grensland"}, headers=origin)
    assert opened.status_code == 201, "the __Host- organiser cookie signs the browser in"
    sid, code = opened.json()["id"], opened.json()["join_code"]

    secure.cookies.clear()
    joined = secure.post("/api/join", json={"join_code": code, "name": "Sam"})
    name, parsed = _set_cookie(joined.headers["set-cookie"])
    assert name == f"__Host-cl_s_{sid}" and parsed[name]["secure"] and parsed[name]["path"] == "/"
    assert secure.get(f"/s/{sid}").status_code == 200
    with secure.websocket_connect(f"wss://testserver/api/sessions/{sid}/events") as socket:
        socket.send_text(json.dumps({"after": 0}))
        assert socket.receive_json()["seq"] == 1, "the socket reads the __Host- cookie"

    language = secure.get(f"/lang/en?next=/s/{sid}", follow_redirects=False)
    name, parsed = _set_cookie(language.headers["set-cookie"])
    assert name == "__Host-cl_lang" and parsed[name]["secure"]
    assert secure.get(f"/s/{sid}").text.startswith('<!doctype html>\n<html lang="en"')

    # Browsers drop a __Host- cookie only when told so with Secure and Path=/ again.
    out = secure.post("/organiser/signout", headers=origin, follow_redirects=False)
    name, parsed = _set_cookie(out.headers["set-cookie"])
    assert name == "__Host-cl_organiser" and parsed[name]["secure"]
    assert parsed[name]["max-age"] == "0" and parsed[name]["path"] == "/"
    left = secure.post(f"/api/sessions/{sid}/leave", headers=origin)
    assert left.status_code == 200, left.text
    name, parsed = _set_cookie(left.headers["set-cookie"])
    assert name == f"__Host-cl_s_{sid}" and parsed[name]["secure"]
    assert parsed[name]["max-age"] == "0" and parsed[name]["path"] == "/"
    secure.cookies.clear()


def test_behind_https_a_cookie_without_the_prefix_opens_nothing(secure: TestClient) -> None:
    game = new_game(secure, players=1)
    secure.cookies.set(f"cl_s_{game.id}", game.players[0]["token"])
    assert secure.get(game.url("state")).status_code == 401
    with secure.websocket_connect(f"wss://testserver{game.url('events')}") as socket:
        socket.send_text(json.dumps({"after": 0}))
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == 4401
    secure.cookies.clear()


def test_behind_https_every_answer_asks_for_https_only(secure: TestClient) -> None:
    for path in ("/join", "/healthz", "/static/css/app.css", "/no/such/page"):
        answer = secure.get(path)
        assert answer.headers["strict-transport-security"] == (
            "max-age=31536000; includeSubDomains"
        ), path
