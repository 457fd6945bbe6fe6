"""``/readyz``: ready when the database, its schema and the broadcast backend answer; otherwise
503 naming the failed check, without piling up probes when asked often. ``/healthz`` stays the
cheap liveness answer throughout."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.db.migrate import SchemaStatus, schema_status
from app.web.ops import readiness
from app.web.runtime import Runtime

ALL_OK = {"database": "ok", "schema": "ok", "broadcast": "ok"}


@pytest.fixture(autouse=True)
def _no_reuse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every request checks afresh (a verdict is otherwise reused for a second)."""
    monkeypatch.setattr(readiness, "FRESH_S", 0.0)


def _runtime(client: TestClient) -> Runtime:
    runtime: Runtime = client.app.state.runtime  # type: ignore[attr-defined]
    return runtime


def _set_revision(client: TestClient, revision: str) -> None:
    with _runtime(client).ctx.engines.write.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_ready_when_everything_answers(client: TestClient) -> None:
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ready", "checks": ALL_OK}
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_schema_behind_or_ahead_is_not_ready(client: TestClient) -> None:
    _set_revision(client, "0001")
    behind = client.get("/readyz")
    assert behind.status_code == 503 and behind.json()["status"] == "not ready"
    assert behind.json()["checks"]["schema"].startswith("behind: at 0001")
    assert behind.json()["checks"]["database"] == "ok"
    _set_revision(client, "9999")
    ahead = client.get("/readyz").json()["checks"]["schema"]
    assert ahead == "written by a newer version (revision 9999)"
    _set_revision(client, schema_status(_runtime(client).ctx.engines).newest)
    assert client.get("/readyz").status_code == 200


@pytest.fixture
def stalled_database(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[threading.Event, list[int]]]:
    """The database hangs (as a server behind a dropped route does) until the event is set."""
    release, calls = threading.Event(), [0]

    def hanging(engines: object) -> SchemaStatus:
        calls[0] += 1
        release.wait(30)
        return schema_status(_runtime(client).ctx.engines)

    monkeypatch.setattr(readiness, "read_schema", hanging)
    monkeypatch.setattr(readiness, "CHECK_TIMEOUT_S", 0.3)
    yield release, calls
    release.set()


def test_a_database_that_hangs_holds_one_thread_however_often_asked(
    client: TestClient, stalled_database: tuple[threading.Event, list[int]]
) -> None:
    release, calls = stalled_database
    for _ in range(5):
        answer = client.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["checks"]["database"] == "no answer within 0.3 s"
        assert answer.json()["checks"]["broadcast"] == "ok"
        assert client.get("/healthz").status_code == 200, "the loop never waits on it"
    assert calls == [1], "one probe in its thread, awaited again, never a second one"
    release.set()
    assert client.get("/readyz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert calls[0] in (2, 3)


def test_an_unreachable_database(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(engines: object) -> SchemaStatus:
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(readiness, "read_schema", refused)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"] == {
        "database": "unreachable (ConnectionRefusedError)",
        "schema": "unknown",
        "broadcast": "ok",
    }


def test_a_broadcast_backend_that_refuses_or_stays_silent(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = _runtime(client).hub.backend
    working = backend.publish
    monkeypatch.setattr(readiness, "CHECK_TIMEOUT_S", 0.3)

    async def refusing(channel: str, message: str) -> None:
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    async def silent(channel: str, message: str) -> None:
        await asyncio.Event().wait()

    monkeypatch.setattr(backend, "publish", refusing)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["broadcast"] == "unreachable (ConnectionError)"
    monkeypatch.setattr(backend, "publish", silent)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["broadcast"] == "no probe came back within 0.3 s"
    assert answer.json()["checks"]["database"] == "ok"
    monkeypatch.setattr(backend, "publish", working)
    assert client.get("/readyz").status_code == 200


def test_asking_often_says_nothing_new_in_the_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for _ in range(5):
        assert client.get("/readyz").status_code == 200
    said = [r for r in caplog.records if r.name.startswith(("alembic", "app.web.ops.readiness"))]
    assert [r.getMessage() for r in said] == ["ready: database, schema and broadcast answer"]
