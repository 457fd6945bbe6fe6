"""Sessions without an event for CL_RETENTION_DAYS are forgotten, whatever their phase."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from app.services import organiser, retention
from tests.api.game import new_game


def test_sessions_still_for_too_long_are_deleted_whatever_their_phase(
    client: TestClient,
) -> None:
    finished, abandoned, archived, active = (new_game(client, players=1) for _ in range(4))
    phases = client.get("/api/scenarios").json()[0]["phases"]
    finished.advance_to(phases[-1]["id"])
    abandoned.advance_to(phases[2]["id"])
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    assert client.portal is not None
    client.portal.call(organiser.archive, runtime.ctx, archived.id)
    today = client.portal.call(retention.purge, runtime.ctx, 30)
    assert not {finished.id, abandoned.id, archived.id, active.id} & set(today), "all are recent"

    runtime.ctx.clock = lambda: time.time() + 31 * retention.DAY_S
    assert active.advance(), "an event today keeps this one"
    deleted = set(client.portal.call(retention.purge, runtime.ctx, 30))
    assert {finished.id, abandoned.id, archived.id} <= deleted and active.id not in deleted
    for gone in (finished, abandoned, archived):
        assert client.get(gone.url("state"), headers=gone.f).status_code == 401
    assert client.get(active.url("state"), headers=active.f).status_code == 200


def test_a_session_that_moves_meanwhile_is_spared(client: TestClient) -> None:
    game = new_game(client, players=1)
    seen = game.state(game.f)["seq"]
    game.advance()
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    assert client.portal is not None
    assert client.portal.call(organiser.delete_all, runtime.ctx, {game.id: seen}) == []
    assert client.get(game.url("state"), headers=game.f).status_code == 200
