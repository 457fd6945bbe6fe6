"""Collisions, duo notes, agreements and reflections, and who may read them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.game import new_game


def test_duo_notes_stay_within_the_duo(client: TestClient) -> None:
    game = new_game(client, players=10)
    role = game.role_of(0)
    partner = next(i for i in game.players_in(role) if i != 0)
    other = next(i for i in range(10) if game.role_of(i) != role)
    written = client.post(game.url("notes"), json={"text": "Geheim plan"}, headers=game.p(0))
    assert written.status_code == 201
    assert [n["text"] for n in game.state(game.p(partner))["notes"]] == ["Geheim plan"]
    for reader in (game.p(other), game.f, game.o):
        assert "Geheim plan" not in client.get(game.url("state"), headers=reader).text


def test_collisions_are_for_staff(client: TestClient) -> None:
    game = new_game(client, players=2)
    roles = [r["id"] for r in game.state(game.f)["roles"]]
    body = {"roles": roles[:2], "logic": "professional", "note": "Botsing", "starred": True}
    assert client.post(game.url("collisions"), json=body, headers=game.o).status_code == 201
    assert client.post(game.url("collisions"), json=body, headers=game.f).status_code == 201
    assert client.post(game.url("collisions"), json=body, headers=game.p(0)).status_code == 403
    one_role = body | {"roles": roles[:1]}
    assert client.post(game.url("collisions"), json=one_role, headers=game.o).status_code == 422
    same_twice = body | {"roles": [roles[0], roles[0]]}
    assert client.post(game.url("collisions"), json=same_twice, headers=game.o).status_code == 422
    bad_logic = body | {"logic": "emotional"}
    assert client.post(game.url("collisions"), json=bad_logic, headers=game.o).status_code == 422
    unknown_role = body | {"roles": [roles[0], "burgemeester"]}
    assert client.post(game.url("collisions"), json=unknown_role, headers=game.o).status_code == 422
    assert "collisions" not in game.state(game.p(0))
    assert len(game.state(game.o)["collisions"]) == 2


def test_agreements_use_the_four_windows_and_are_seen_by_all(client: TestClient) -> None:
    game = new_game(client, players=3)
    body = {
        "what": "Huisbezoek",
        "who": "Wijkteam",
        "when": "Binnen een week",
        "monitor": "Procesregisseur",
        "fallback": "Opschalen naar het Zorg- en Veiligheidshuis",
        "review": "Over vier weken",
    }
    answer = client.post(game.url("agreements"), json=body, headers=game.p(0))
    assert answer.status_code == 201
    assert answer.json()["monitor"] == "Procesregisseur"
    for reader in (game.p(1), game.p(2), game.f, game.o):
        assert [a["what"] for a in game.state(reader)["agreements"]] == ["Huisbezoek"]
    assert client.post(game.url("agreements"), json=body, headers=game.o).status_code == 403
    missing = {k: v for k, v in body.items() if k != "who"}
    assert client.post(game.url("agreements"), json=missing, headers=game.f).status_code == 422


def test_reflections_reach_the_duo_and_staff_only(client: TestClient) -> None:
    game = new_game(client, players=10)
    role = game.role_of(0)
    other = next(i for i in range(10) if game.role_of(i) != role)
    answer = client.post(game.url("reflections"), json={"text": "We botsten"}, headers=game.p(0))
    assert answer.status_code == 201
    assert (
        client.post(
            game.url("reflections"), json={"text": "x", "question_id": "nope"}, headers=game.p(0)
        ).status_code
        == 422
    )
    assert len(game.state(game.f)["reflections"]) == 1
    assert "We botsten" not in client.get(game.url("state"), headers=game.p(other)).text
