"""The observer corrects the log: edit, delete and re-star, each one an event of its own."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.game import new_game


def test_edit_delete_and_restar_a_collision(client: TestClient) -> None:
    game = new_game(client, players=2)
    roles = [r["id"] for r in game.state(game.f)["roles"]]
    body = {"roles": roles[:2], "logic": "network", "note": "eerste indruk"}
    logged = client.post(game.url("collisions"), json=body, headers=game.o).json()
    cid = logged["id"]
    edited = client.patch(
        game.url(f"collisions/{cid}"), json={"note": "scherper", "starred": True}, headers=game.o
    )
    assert edited.status_code == 200
    assert (edited.json()["note"], edited.json()["starred"]) == ("scherper", True)
    assert edited.json()["roles"] == roles[:2] and edited.json()["edited_at"]
    bad = client.patch(game.url(f"collisions/{cid}"), json={"roles": [roles[0]]}, headers=game.o)
    assert bad.status_code == 422
    assert (
        client.patch(
            game.url(f"collisions/{cid}"), json={"note": "x"}, headers=game.p(0)
        ).status_code
        == 403
    )
    assert client.delete(game.url(f"collisions/{cid}"), headers=game.o).status_code == 200
    assert client.delete(game.url(f"collisions/{cid}"), headers=game.o).status_code == 404
    assert game.state(game.f)["collisions"] == []
    log = client.get(game.url("export"), headers=game.f).json()["events"]
    types = [e["type"] for e in log if e["type"].startswith("collision.")]
    assert types == ["collision.logged", "collision.edited", "collision.deleted"]


def test_the_facilitator_reviews_agreements_after_the_mayor(client: TestClient) -> None:
    game = new_game(client, players=2)
    body = {"what": "Huisbezoek", "who": "Wijkteam", "when": "Morgen"}
    agreement = client.post(game.url("agreements"), json=body, headers=game.p(0)).json()
    url = game.url(f"agreements/{agreement['id']}/outcome")
    assert client.put(url, json={"outcome": "changed"}, headers=game.f).status_code == 200
    assert client.put(url, json={"outcome": "maybe"}, headers=game.f).status_code == 422
    assert client.put(url, json={"outcome": "kept"}, headers=game.p(0)).status_code == 403
    assert game.state(game.p(1))["agreements"][0]["outcome"] == "changed"
