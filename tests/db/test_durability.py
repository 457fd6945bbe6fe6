"""A move is shown only after its commit, so by default SQLite syncs every commit to the disk
(``synchronous=FULL``); ``CL_SQLITE_SYNCHRONOUS=NORMAL`` is the operator's explicit choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.db.connect import connect
from app.settings import Settings
from app.web.app import create_app
from tests.api.game import new_game
from tests.conftest import ORGANISER_KEY

LEVELS = {"NORMAL": 1, "FULL": 2}
"""What ``PRAGMA synchronous`` answers for each mode."""


def _levels(client: TestClient) -> set[int]:
    engines = client.app.state.runtime.ctx.engines  # type: ignore[attr-defined]
    found = set()
    for engine in (engines.read, engines.write):
        with engine.connect() as connection:
            found.add(connection.exec_driver_sql("PRAGMA synchronous").scalar())
    return found


@pytest.mark.parametrize("chosen", [None, "FULL", "NORMAL"])
def test_the_server_syncs_as_configured(
    chosen: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CL_SQLITE_SYNCHRONOUS", raising=False)
    if chosen is not None:
        monkeypatch.setenv("CL_SQLITE_SYNCHRONOUS", chosen)
    settings = Settings(data_dir=tmp_path, database_url=None, organiser_key=ORGANISER_KEY)
    with TestClient(create_app(settings)) as client:
        new_game(client, players=2)
        assert _levels(client) == {LEVELS[chosen or "FULL"]}


def test_another_mode_is_refused() -> None:
    with pytest.raises(ValidationError, match="sqlite_synchronous"):
        Settings(sqlite_synchronous="OFF")
    with pytest.raises(ValueError, match="FULL or NORMAL"):
        connect("sqlite://", "OFF; DROP TABLE event")  # type: ignore[arg-type]
