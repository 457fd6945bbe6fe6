"""Finished sessions are forgotten after CL_RETENTION_DAYS; sessions in play never are."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from app.services import organiser, retention
from tests.api.game import new_game


def test_only_finished_old_sessions_are_deleted(client: TestClient) -> None:
    finished, playing, archived = (new_game(client, players=1) for _ in range(3))
    phases = client.get("/api/scenarios").json()[0]["phases"]
    finished.advance_to(phases[-1]["id"])
    client.post(
        f"/api/sessions/{archived.id}/phase", json={"action": "advance"}, headers=archived.f
    )
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    assert client.portal is not None
    client.portal.call(organiser.archive, runtime.ctx, archived.id)
    today = client.portal.call(retention.purge, runtime.ctx, 30)
    assert not {finished.id, archived.id, playing.id} & set(today), "nothing is old enough yet"
    runtime.ctx.clock = lambda: time.time() + 31 * retention.DAY_S
    deleted = set(client.portal.call(retention.purge, runtime.ctx, 30))
    assert {finished.id, archived.id} <= deleted and playing.id not in deleted
    assert client.get(finished.url("state"), headers=finished.f).status_code == 401
    assert client.get(playing.url("state"), headers=playing.f).status_code == 200
