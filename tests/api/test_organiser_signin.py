"""The organiser's browser sign-in: a random server-side token in the cookie, never the key; it
expires after a training day, and signing out or changing the key ends it at once. API clients
keep the bearer key."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlmodel import Session, select

from app.db.tables import OrganiserSignin
from app.services.signins import SIGNIN_TTL_S
from app.settings import Settings
from app.web.app import create_app
from tests.api.game import bearer
from tests.conftest import ORGANISER_KEY

SAME = {"origin": "http://testserver"}
COOKIE = "cl_organiser"


@pytest.fixture
def clock() -> list[float]:
    return [time.time()]


@pytest.fixture
def organiser(settings: Settings, clock: list[float]) -> Iterator[TestClient]:
    with TestClient(create_app(settings, clock=lambda: clock[0])) as test_client:
        yield test_client


def _rows(client: TestClient) -> list[OrganiserSignin]:
    """Every sign-in row (PostgreSQL's database is shared by the tests of one run)."""
    engines = client.app.state.runtime.ctx.engines  # type: ignore[attr-defined]
    with Session(engines.read) as db:
        return list(db.exec(select(OrganiserSignin)))


def _row_of(client: TestClient, token: str) -> OrganiserSignin | None:
    kept = hmac.new(ORGANISER_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()
    return next((r for r in _rows(client) if r.token_hash == kept), None)


def _signed_in(client: TestClient) -> bool:
    return 'action="/organiser/sessions"' in client.get("/organiser").text


def _sign_in(client: TestClient) -> str:
    answer = client.post("/api/auth/signin", headers=bearer(ORGANISER_KEY))
    assert answer.status_code == 200 and answer.json()["kind"] == "organiser"
    token = client.cookies.get(COOKIE)
    assert token is not None
    return token


def test_the_cookie_holds_a_sign_in_never_the_key(organiser: TestClient) -> None:
    answer = organiser.post("/api/auth/signin", headers=bearer(ORGANISER_KEY))
    cookie = SimpleCookie(answer.headers["set-cookie"])[COOKIE]
    assert cookie.value != ORGANISER_KEY and ORGANISER_KEY not in answer.headers["set-cookie"]
    assert cookie["max-age"] == str(SIGNIN_TTL_S) == str(12 * 3600)
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax" and cookie["path"] == "/"
    row = _row_of(organiser, cookie.value)
    assert row is not None
    assert row.expires_at - row.created_at == SIGNIN_TTL_S
    assert _signed_in(organiser)
    opened = organiser.post("/api/sessions", json={"scenario_id": "grensland"}, headers=SAME)
    assert opened.status_code == 201, opened.text


def test_a_cookie_holding_the_key_itself_opens_nothing(organiser: TestClient) -> None:
    organiser.cookies.set(COOKIE, ORGANISER_KEY)
    assert not _signed_in(organiser)
    opened = organiser.post("/api/sessions", json={"scenario_id": "grensland"}, headers=SAME)
    assert opened.status_code == 401
    organiser.cookies.clear()
    # The API keeps taking the key as a bearer token, and only the key.
    by_key = organiser.post(
        "/api/sessions", json={"scenario_id": "grensland"}, headers=bearer(ORGANISER_KEY)
    )
    assert by_key.status_code == 201
    signin = _sign_in(organiser)
    organiser.cookies.clear()
    refused = organiser.post(
        "/api/sessions", json={"scenario_id": "grensland"}, headers=bearer(signin)
    )
    assert refused.status_code == 401


def test_signing_out_ends_the_sign_in_on_the_server(organiser: TestClient) -> None:
    token = _sign_in(organiser)
    foreign = organiser.post(
        "/organiser/signout", headers={"origin": "https://evil.example"}, follow_redirects=False
    )
    assert foreign.status_code == 403 and _signed_in(organiser)
    out = organiser.post("/organiser/signout", headers=SAME, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/organiser?signed_out=1"
    cleared = SimpleCookie(out.headers["set-cookie"])[COOKIE]
    assert cleared.value == "" and cleared["max-age"] == "0" and cleared["path"] == "/"
    assert organiser.cookies.get(COOKIE) is None
    assert _row_of(organiser, token) is None
    page = organiser.get(out.headers["location"])
    assert "key-form" in page.text and 'id="signin-notice"' in page.text
    organiser.cookies.set(COOKIE, token)  # a copy kept from before signing out
    assert not _signed_in(organiser)
    assert organiser.post("/organiser/signout", headers=SAME).status_code == 200


def test_a_sign_in_expires_after_a_training_day(organiser: TestClient, clock: list[float]) -> None:
    first = _sign_in(organiser)
    clock[0] += SIGNIN_TTL_S - 60
    assert _signed_in(organiser)
    clock[0] += 61
    assert not _signed_in(organiser)
    organiser.cookies.clear()
    assert _row_of(organiser, first) is not None, "the expired row stays until a sign-in"
    second = _sign_in(organiser)
    assert _row_of(organiser, first) is None, "signing in purged the expired row"
    assert all(row.expires_at > clock[0] for row in _rows(organiser))
    assert _row_of(organiser, second) is not None


def test_the_form_signs_in_with_the_key_or_a_pasted_link(organiser: TestClient) -> None:
    page = organiser.get("/organiser")
    assert 'id="key-form"' in page.text and 'type="password"' in page.text
    wrong = organiser.post("/organiser/signin", data={"key": "not-the-key"}, headers=SAME)
    assert wrong.status_code == 401 and 'id="signin-problem"' in wrong.text
    assert organiser.cookies.get(COOKIE) is None
    foreign = organiser.post(
        "/organiser/signin", data={"key": ORGANISER_KEY}, headers={"origin": "https://x.example"}
    )
    assert foreign.status_code == 403 and organiser.cookies.get(COOKIE) is None
    for typed in (ORGANISER_KEY, f" http://testserver/organiser#{ORGANISER_KEY} "):
        organiser.cookies.clear()
        answer = organiser.post(
            "/organiser/signin", data={"key": typed}, headers=SAME, follow_redirects=False
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/organiser"
        assert organiser.cookies.get(COOKIE) not in (None, ORGANISER_KEY)
        assert _signed_in(organiser)
    too_long = organiser.post("/organiser/signin", data={"key": "k" * 2000}, headers=SAME)
    assert too_long.status_code == 422


def test_changing_the_key_ends_every_sign_in(organiser: TestClient, settings: Settings) -> None:
    token = _sign_in(organiser)
    rotated = settings.model_copy(
        update={"organiser_key": SecretStr("a-new-key-after-a-leak-0001")}
    )
    with TestClient(create_app(rotated)) as after:
        after.cookies.set(COOKIE, token)
        assert not _signed_in(after)
        opened = after.post("/api/sessions", json={"scenario_id": "grensland"}, headers=SAME)
        assert opened.status_code == 401
        after.cookies.clear()
    assert _signed_in(organiser), "the same cookie under the unchanged key still works"
