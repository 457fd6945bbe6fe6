"""Bad input gets a clear 4xx with a JSON detail, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.game import new_game

BAD_BODIES: list[tuple[str, str, Any]] = [
    ("POST", "notes", {"text": ""}),
    ("POST", "notes", {"text": 42}),
    ("POST", "notes", {"txt": "typo"}),
    ("POST", "notes", ["not", "an", "object"]),
    ("POST", "notes", None),
    ("POST", "phase", {"action": "jump"}),
    ("POST", "phase", {"action": "extend", "seconds": -5}),
    ("POST", "phase", {"action": "extend", "seconds": 10**12}),
    ("POST", "phase", {"action": "advance", "from_phase": "x" * 500}),
    ("POST", "collisions", {"roles": "wijkagent", "logic": "network"}),
    ("POST", "collisions", {"roles": [], "logic": "network"}),
    ("POST", "collisions", {"roles": [None, 3], "logic": "network"}),
    ("POST", "agreements", {"what": "x"}),
    ("POST", "reflections", {"text": "\u0000" * 3, "question_id": "../../etc"}),
    ("PUT", "seats/p1", {"role_id": ""}),
    ("PUT", "seats/%00", {"role_id": "wijkagent"}),
]


@pytest.mark.parametrize(("method", "tail", "body"), BAD_BODIES)
def test_bad_bodies_are_4xx_with_detail(
    client: TestClient, method: str, tail: str, body: Any
) -> None:
    game = new_game(client, players=1)
    for headers in (game.f, game.p(0)):
        answer = client.request(method, game.url(tail), json=body, headers=headers)
        assert 400 <= answer.status_code < 500, (tail, body, answer.status_code, answer.text)
        assert "detail" in answer.json()


def test_broken_json_is_a_4xx(client: TestClient) -> None:
    game = new_game(client, players=1)
    answer = client.post(
        game.url("notes"),
        content=b'{"text": "unterminated',
        headers=game.p(0) | {"content-type": "application/json"},
    )
    assert answer.status_code == 422


def test_a_one_megabyte_note_is_refused(client: TestClient) -> None:
    game = new_game(client, players=1)
    answer = client.post(game.url("notes"), json={"text": "x" * 1_000_000}, headers=game.p(0))
    assert answer.status_code in (413, 422)
    assert "detail" in answer.json()


def test_a_long_note_within_limits_is_fine(client: TestClient) -> None:
    game = new_game(client, players=1)
    answer = client.post(game.url("notes"), json={"text": "woord " * 1500}, headers=game.p(0))
    assert answer.status_code == 201


@pytest.mark.parametrize("sid", ["no-such-session", "x" * 41, "bad$id"])
def test_odd_session_ids_are_4xx(client: TestClient, sid: str) -> None:
    answer = client.get(f"/api/sessions/{sid}/state", headers={"Authorization": "Bearer t"})
    assert 400 <= answer.status_code < 500


def test_unauthenticated_writes_are_401(client: TestClient) -> None:
    game = new_game(client, players=0)
    for tail in ("notes", "agreements", "reflections", "collisions", "phase", "seats/auto"):
        assert client.post(game.url(tail), json={}).status_code == 401
