"""The server-rendered pages: sign-in links, the organiser's page, joining and a session page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.game import bearer, new_game
from tests.conftest import ORGANISER_KEY

SAME_ORIGIN = {"origin": "http://testserver"}


def test_capability_link_signs_in_with_a_cookie(client: TestClient) -> None:
    game = new_game(client, players=0)
    page = client.get("/enter")
    assert page.status_code == 200 and "/static/js/signin.js" in page.text
    answer = client.post("/api/auth/signin", headers=bearer(game.facilitator))
    assert answer.status_code == 200 and answer.json()["redirect"] == f"/s/{game.id}"
    assert "httponly" in answer.headers["set-cookie"].lower()
    session = client.get(answer.json()["redirect"])
    assert session.status_code == 200 and game.join_code in session.text
    client.cookies.clear()
    assert client.post("/api/auth/signin", headers=bearer("nonsense")).status_code == 401


def test_organiser_opens_a_session_from_the_page(client: TestClient) -> None:
    client.cookies.clear()
    assert "signin.js" in client.get("/organiser").text
    assert (
        client.post("/api/auth/signin", headers=bearer(ORGANISER_KEY)).json()["kind"] == "organiser"
    )
    page = client.get("/organiser")
    scenario = re.search(r'name="scenario_id" value="([a-z0-9-]+)"', page.text)
    assert scenario is not None
    form = {"scenario_id": scenario.group(1), "language": "en"}
    refused = client.post(
        "/organiser/sessions", data=form, headers={"origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    opened = client.post("/organiser/sessions", data=form, headers=SAME_ORIGIN)
    assert opened.status_code == 201
    code = re.search(r'class="join-code"[^>]*>([A-Z0-9]{6})<', opened.text)
    assert code is not None and "/enter#" in opened.text
    client.cookies.clear()


def test_joining_from_the_form_and_coming_back(client: TestClient) -> None:
    game = new_game(client, players=0)
    client.cookies.clear()
    assert f'value="{game.join_code}"' in client.get(f"/join?code={game.join_code}").text
    wrong = client.post("/join", data={"join_code": "NOPE12", "name": "Ann"})
    assert wrong.status_code == 404 and 'role="alert"' in wrong.text
    joined = client.post(
        "/join", data={"join_code": game.join_code, "name": "Ann <b>"}, follow_redirects=False
    )
    assert joined.status_code == 303 and joined.headers["location"] == f"/s/{game.id}"
    page = client.get(f"/s/{game.id}")
    assert "Ann &lt;b&gt;" in page.text and "Ann <b>" not in page.text
    again = client.post(
        "/join", data={"join_code": game.join_code, "name": "Ann"}, follow_redirects=False
    )
    assert again.status_code == 409 and "Ann &lt;b&gt;" in again.text, "asked, not taken over"
    kept = client.post(
        "/join",
        data={"join_code": game.join_code, "name": "Ann", "choice": "continue"},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    assert len(game.state(game.f)["players"]) == 1
    client.cookies.clear()
    assert client.get(f"/s/{game.id}").status_code == 401


def test_pages_carry_a_strict_csp_and_vendored_htmx(client: TestClient) -> None:
    page = client.get("/join")
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert "<script>" not in page.text, "no inline scripts"
    assert not re.search(r"\son[a-z]+=", page.text), "no inline event handlers"
    assert client.get("/static/vendor/htmx/htmx.min.js").status_code == 200
    assert client.get("/static/vendor/htmx-ext-ws/ws.min.js").status_code == 200
