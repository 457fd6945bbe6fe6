"""Shared fixtures: a real app on SQLite and, where available, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app
from tests import services

ORGANISER_KEY = "test-organiser-key-0123456789"
_POSTGRES_READY: dict[str, str] = {}


def _postgres() -> str:
    if "url" not in _POSTGRES_READY:
        url = services.postgres_url()
        services.reset_postgres(url)
        _POSTGRES_READY["url"] = url
    return _POSTGRES_READY["url"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return _postgres()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path,
        organiser_key=ORGANISER_KEY,
        broadcast_url="memory://",
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
