"""Rate limits and caps through the real app: guessing per address, writing per principal.

The app runs on a clock the test moves by hand, so "until the window passes" is exact and no
test waits or times anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from app.settings import Settings
from app.web.app import create_app
from app.web.security.csrf import token_for
from app.web.security.throttle import (
    FAILURE_WINDOW_S,
    FAILURES_PER_WINDOW,
    WRITE_BURST,
    WRITES_PER_S,
)
from tests.api.game import Game, bearer, new_game
from tests.conftest import ORGANISER_KEY

UNKNOWN_CODE = {"join_code": "QQQQQQ", "name": "Gok"}


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limited(tmp_path: Path, clock: Clock) -> Iterator[TestClient]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'limits.db'}",
        data_dir=tmp_path,
        organiser_key=ORGANISER_KEY,
        broadcast_url="memory://",
    )
    with TestClient(create_app(settings, clock=clock)) as client:
        yield client


def from_address(client: TestClient, host: str) -> TestClient:
    """Another laptop, at another address, talking to the same running server."""
    other = TestClient(client.app, client=(host, 50000))
    other.portal = client.portal
    return other


def _join(client: TestClient, game: Game, name: str) -> Response:
    client.cookies.clear()
    answer = client.post("/api/join", json={"join_code": game.join_code, "name": name})
    client.cookies.clear()
    return answer


def _used_up(answer: Response) -> bool:
    return answer.status_code == 429 and int(answer.headers["retry-after"]) >= 1


def test_wrong_codes_stop_an_address_for_the_window_right_codes_included(
    limited: TestClient, clock: Clock
) -> None:
    game = new_game(limited, players=0)
    for _ in range(FAILURES_PER_WINDOW):
        assert limited.post("/api/join", json=UNKNOWN_CODE).status_code == 404
    refused = limited.post("/api/join", json=UNKNOWN_CODE)
    assert _used_up(refused)
    assert refused.headers["retry-after"] == str(int(FAILURE_WINDOW_S))
    detail = refused.json()["detail"]
    assert f"at most {FAILURES_PER_WINDOW} in {FAILURE_WINDOW_S:g} s" in detail
    assert _used_up(_join(limited, game, "Eerlijk")), "a right code waits too"

    neighbour = from_address(limited, "198.51.100.7")
    assert _join(neighbour, game, "Buurman").status_code == 201, "another address is not hit"

    clock.now += FAILURE_WINDOW_S - 1
    assert _used_up(_join(limited, game, "Eerlijk"))
    clock.now += 1
    assert _join(limited, game, "Eerlijk").status_code == 201
    assert limited.post("/api/join", json=UNKNOWN_CODE).status_code == 404


def test_thirty_right_joins_from_one_classroom_address_all_succeed(limited: TestClient) -> None:
    for _ in range(FAILURES_PER_WINDOW - 1):
        assert limited.post("/api/join", json=UNKNOWN_CODE).status_code == 404
    games = [new_game(limited, players=0) for _ in range(3)]
    for index in range(30):
        joined = _join(limited, games[index % 3], f"Cursist {index + 1}")
        assert joined.status_code == 201, (index, joined.text)
    assert limited.post("/api/join", json=UNKNOWN_CODE).status_code == 404, "right ones count 0"
    assert _used_up(limited.post("/api/join", json=UNKNOWN_CODE))


def test_the_join_page_answers_with_a_page(limited: TestClient) -> None:
    form = {"join_code": "QQQQQQ", "name": "Gok"}
    for _ in range(FAILURES_PER_WINDOW):
        assert limited.post("/join", data=form).status_code == 404
    page = limited.post("/join", data=form)
    assert _used_up(page)
    assert page.headers["content-type"].startswith("text/html")
    assert "Te veel pogingen" in page.text and str(int(FAILURE_WINDOW_S)) in page.text


def test_wrong_tokens_and_keys_count_together_wherever_they_are_tried(
    limited: TestClient,
) -> None:
    same = {"origin": "http://testserver"}
    attempts: list[Callable[[], Response]] = [
        lambda: limited.post("/api/auth/signin", headers=bearer("geraden-token")),
        lambda: limited.post("/organiser/signin", data={"key": "geraden"}, headers=same),
        lambda: limited.post("/api/sessions", json={"scenario_id": "x"}, headers=bearer("nee")),
        lambda: limited.get("/api/sessions", headers=bearer("nee")),
        lambda: limited.post("/api/join", json=UNKNOWN_CODE),
    ]
    for index in range(FAILURES_PER_WINDOW):
        assert attempts[index % len(attempts)]().status_code in (401, 404)
    for attempt in attempts:
        assert _used_up(attempt())
    right_key = limited.post("/api/auth/signin", headers=bearer(ORGANISER_KEY))
    assert _used_up(right_key), "the right key waits too"
    page = limited.post("/organiser/signin", data={"key": ORGANISER_KEY}, headers=same)
    assert _used_up(page) and page.headers["content-type"].startswith("text/html")


def test_an_ipv6_household_counts_as_one_address(limited: TestClient) -> None:
    first, second = from_address(limited, "2001:db8::1"), from_address(limited, "2001:db8::2")
    elsewhere = from_address(limited, "2001:db8:0:1::1")
    for attempt in range(FAILURES_PER_WINDOW):
        guesser = first if attempt % 2 else second
        assert guesser.post("/api/join", json=UNKNOWN_CODE).status_code == 404
    assert _used_up(first.post("/api/join", json=UNKNOWN_CODE))
    assert _used_up(second.post("/api/join", json=UNKNOWN_CODE))
    assert elsewhere.post("/api/join", json=UNKNOWN_CODE).status_code == 404


def test_writes_come_in_bursts_then_at_a_steady_pace(limited: TestClient, clock: Clock) -> None:
    game = new_game(limited, players=2)
    note = {"text": "snel"}
    for _ in range(WRITE_BURST):
        assert limited.post(game.url("notes"), json=note, headers=game.p(0)).status_code == 201
    refused = limited.post(game.url("notes"), json=note, headers=game.p(0))
    assert _used_up(refused) and refused.headers["retry-after"] == "1"
    assert (
        f"at most {WRITE_BURST} at once and {WRITES_PER_S:g} a second" in refused.json()["detail"]
    )

    form = {"origin": "http://testserver", "x-csrf-token": token_for(game.players[0]["token"])}
    limited.cookies.set(f"cl_s_{game.id}", game.players[0]["token"])
    assert _used_up(limited.post(f"/s/{game.id}/notes", data=note, headers=form)), "same bucket"
    limited.cookies.clear()
    assert limited.get(game.url("state"), headers=game.p(0)).status_code == 200, "reads are free"
    assert limited.post(game.url("notes"), json=note, headers=game.p(1)).status_code == 201

    clock.now += 1 / WRITES_PER_S
    assert limited.post(game.url("notes"), json=note, headers=game.p(0)).status_code == 201
    assert _used_up(limited.post(game.url("notes"), json=note, headers=game.p(0)))


def test_a_cap_is_a_409_naming_the_limit(limited: TestClient) -> None:
    game = new_game(limited, players=1)
    for index in range(40):
        body = {"text": f"terugblik {index}"}
        assert (
            limited.post(game.url("reflections"), json=body, headers=game.p(0)).status_code == 201
        )
    over = limited.post(game.url("reflections"), json={"text": "nog een"}, headers=game.p(0))
    assert over.status_code == 409
    assert over.json()["detail"] == "the limit of 40 reflections per player is reached"
