"""Every shipped scenario, in every language, plays through with the right eyes on each document."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.game import Game, bearer
from tests.conftest import ORGANISER_KEY


def _cases(client: TestClient) -> list[tuple[str, str]]:
    return [(s["id"], lang) for s in client.get("/api/scenarios").json() for lang in s["languages"]]


def _open(client: TestClient, scenario_id: str, language: str, players: int) -> Game:
    client.cookies.clear()
    body = {"scenario_id": scenario_id, "language": language}
    opened = client.post("/api/sessions", json=body, headers=bearer(ORGANISER_KEY)).json()
    game = Game(
        client,
        opened["id"],
        opened["join_code"],
        opened["facilitator_token"],
        opened["observer_token"],
    )
    for index in range(players):
        game.join(f"Speler {index}")
    client.post(game.url("seats/auto"), headers=game.f)
    return game


def _check_eyes(game: Game, roles: dict[int, str]) -> None:
    staff = game.state(game.f)["documents"]
    facilitator_only = {d["id"] for d in staff if d["audience"] == ["facilitator"]}
    observer = {d["id"] for d in game.state(game.o)["documents"]}
    assert observer == {d["id"] for d in staff} - facilitator_only
    for index, role in roles.items():
        for document in game.state(game.p(index))["documents"]:
            assert "all" in document["audience"] or role in document["audience"], document["id"]


@pytest.mark.parametrize("case", range(4))
def test_each_scenario_and_language_plays_through(client: TestClient, case: int) -> None:
    cases = _cases(client)
    if case >= len(cases):
        pytest.skip("fewer scenario-language pairs are installed")
    scenario_id, language = cases[case]
    game = _open(client, scenario_id, language, players=10)
    roles = {i: game.role_of(i) for i in range(10)}
    scenario: dict[str, Any] = next(
        s for s in client.get("/api/scenarios").json() if s["id"] == scenario_id
    )
    for phase in scenario["phases"][1:]:
        game.advance()
        for inject in client.get(game.url("injects"), headers=game.f).json():
            if inject["phase_id"] == phase["id"]:
                client.post(game.url(f"injects/{inject['id']}"), headers=game.f)
        _check_eyes(game, roles)
    final = game.state(game.f)
    assert final["phase"]["id"] == scenario["phases"][-1]["id"]
    assert final["session"]["language"] == language
    for index, role in roles.items():
        mine = [d for d in game.state(game.p(index))["documents"] if d["audience"] == [role]]
        assert {d["round"] for d in mine} >= {1, 2, 3}, (scenario_id, role)
