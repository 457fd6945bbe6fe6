"""Who reads which document, and injects released by hand or by the clock."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app
from tests.api.game import new_game


def _ids(documents: list[dict[str, object]]) -> set[str]:
    return {str(d["id"]) for d in documents}


def test_each_principal_sees_only_its_documents(client: TestClient) -> None:
    game = new_game(client, players=10)
    game.advance_to("r3-prep")
    staff = game.state(game.f)["documents"]
    facilitator_only = {d["id"] for d in staff if d["audience"] == ["facilitator"]}
    assert facilitator_only, "the default scenario has a facilitator-only document"
    observer = _ids(game.state(game.o)["documents"])
    assert observer == _ids(staff) - facilitator_only
    for index in range(10):
        role = game.role_of(index)
        seen = game.state(game.p(index))["documents"]
        assert seen, "every player has a case file"
        for document in seen:
            assert "all" in document["audience"] or role in document["audience"]
        private = [d for d in seen if d["audience"] == [role]]
        assert private, f"{role} has a private brief"


def test_injects_are_listed_and_released_once(client: TestClient) -> None:
    game = new_game(client, players=2)
    listing = client.get(game.url("injects"), headers=game.f)
    assert listing.status_code == 200
    injects = listing.json()
    assert {i["id"] for i in injects}
    assert all(not i["released"] for i in injects)
    target = injects[0]["id"]
    first = client.post(game.url(f"injects/{target}"), headers=game.f)
    second = client.post(game.url(f"injects/{target}"), headers=game.f)
    assert first.status_code == second.status_code == 200
    assert first.json()["new"] is True and second.json()["new"] is False
    released = [d for d in game.state(game.f)["documents"] if d["id"] == target]
    assert len(released) == 1
    assert client.post(game.url("injects/no-such-inject"), headers=game.f).status_code == 404
    assert client.post(game.url(f"injects/{target}"), headers=game.o).status_code == 403
    assert client.get(game.url("injects"), headers=game.p(0)).status_code == 403


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_a_timed_inject_fires_by_itself(tmp_path: Path, database_url: str) -> None:
    clock = Clock()
    settings = Settings(database_url=database_url, data_dir=tmp_path, organiser_key="k" * 24)
    with TestClient(create_app(settings, clock=clock)) as client:
        client.headers["Authorization"] = "Bearer " + "k" * 24
        scenarios = client.get("/api/scenarios").json()
        default = next(s for s in scenarios if s["default"])
        opened = client.post("/api/sessions", json={"scenario_id": default["id"]}).json()
        facilitator = {"Authorization": "Bearer " + opened["facilitator_token"]}
        url = f"/api/sessions/{opened['id']}"
        injects = client.get(f"{url}/injects", headers=facilitator).json()
        timed = next(i for i in injects if i["trigger"] == "timed")
        while (
            client.get(f"{url}/state", headers=facilitator).json()["phase"]["id"]
            != timed["phase_id"]
        ):
            current = client.get(f"{url}/state", headers=facilitator).json()["phase"]["id"]
            client.post(
                f"{url}/phase",
                json={"action": "advance", "from_phase": current},
                headers=facilitator,
            )
        due = next(
            i
            for i in client.get(f"{url}/injects", headers=facilitator).json()
            if i["id"] == timed["id"]
        )
        assert due["due_at"] is not None and not due["released"]
        clock.now += timed["after_s"] + 1
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            listing = client.get(f"{url}/injects", headers=facilitator).json()
            if next(i for i in listing if i["id"] == timed["id"])["released"]:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the timed inject did not fire")
        documents = client.get(f"{url}/state", headers=facilitator).json()["documents"]
        assert [d["id"] for d in documents].count(timed["id"]) == 1
