"""The SQLite files are their owner's only, and a deleted session's words leave the disk."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.db.connect import connect
from app.settings import Settings
from app.web.app import create_app
from tests.api.game import bearer, new_game
from tests.conftest import ORGANISER_KEY


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """A umask that would let everyone read new files, as on many servers."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _files(database: Path) -> dict[str, Path]:
    return {s: database.with_name(database.name + s) for s in ("", "-wal", "-shm")}


def _sqlite_client(tmp_path: Path) -> TestClient:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'data' / 'game.db'}",
        data_dir=tmp_path / "data",
        organiser_key=ORGANISER_KEY,
    )
    return TestClient(create_app(settings))


@pytest.mark.usefixtures("permissive_umask")
def test_the_database_and_its_wal_files_are_owner_only(tmp_path: Path) -> None:
    with _sqlite_client(tmp_path) as client:
        new_game(client, players=2)
        files = _files(tmp_path / "data" / "game.db")
        for suffix, path in files.items():
            assert path.exists(), suffix
            assert path.stat().st_mode & 0o777 == 0o600, suffix
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700


@pytest.mark.usefixtures("permissive_umask")
def test_an_existing_readable_database_is_narrowed(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    engines = connect(f"sqlite:///{database}")
    with engines.write.connect() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    engines.dispose()
    for path in _files(database).values():
        if path.exists():
            path.chmod(0o644)
    engines = connect(f"sqlite:///{database}")
    engines.dispose()
    assert database.stat().st_mode & 0o777 == 0o600


def test_a_deleted_sessions_words_are_overwritten_on_disk(tmp_path: Path) -> None:
    doomed_words, kept_words = "Vertrouwelijk-Zeldzaam-42", "Blijvend-Zeldzaam-17"
    with _sqlite_client(tmp_path) as client:
        doomed, kept = new_game(client, players=2), new_game(client, players=2)
        for game, words in ((doomed, doomed_words), (kept, kept_words)):
            game.advance_to("r1-prep")
            for n in range(20):
                note = {"text": f"{words} {n} " + "x" * 200}
                assert client.post(game.url("notes"), json=note, headers=game.p(0)).is_success
        deleted = client.delete(f"/api/sessions/{doomed.id}", headers=bearer(ORGANISER_KEY))
        assert deleted.status_code == 204
        on_disk = b"".join(
            p.read_bytes() for p in _files(tmp_path / "data" / "game.db").values() if p.exists()
        )
    assert kept_words.encode() in on_disk, "the scan reads what is stored"
    assert doomed_words.encode() not in on_disk


def test_both_sqlite_engines_overwrite_what_they_free(tmp_path: Path) -> None:
    engines = connect(f"sqlite:///{tmp_path / 'game.db'}")
    try:
        for engine in (engines.read, engines.write):
            with engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    finally:
        engines.dispose()
