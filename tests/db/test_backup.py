"""``colliding-logics backup`` and ``restore`` as an operator meets them: what they refuse, in
one plain line each, what they write, and that a refusal changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.settings import Settings
from app.web.app import create_app
from tests.api.game import new_game
from tests.conftest import ORGANISER_KEY

DATABASE = "colliding-logics.db"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with a game in it and a key file, as ``CL_DATA_DIR`` of the operator."""
    for name in [n for n in os.environ if n.startswith("CL_")]:
        monkeypatch.delenv(name)
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    (folder / "organiser.key").write_text(ORGANISER_KEY + "\n")
    (folder / "organiser.key").chmod(0o600)
    with _server(folder) as client:
        new_game(client, players=3).advance()
    monkeypatch.setenv("CL_DATA_DIR", str(folder))
    return folder


def _server(folder: Path) -> TestClient:
    return TestClient(create_app(Settings(data_dir=folder, database_url=None, organiser_key=None)))


@pytest.fixture
def open_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = _run(capsys, *args)
    assert code == 1, out + err
    assert "Traceback" not in err and all(line.startswith("error: ") for line in err.splitlines())
    return err


def _sessions(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM game_session").fetchone()[0])


@pytest.mark.usefixtures("open_umask")
def test_a_backup_holds_the_database_key_and_manifest_for_the_owner_only(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "backups" / "monday"
    code, out, _ = _run(capsys, "backup", str(dest))
    assert code == 0
    assert "backed up 1 session(s)" in out and "organiser key is in it" in out
    assert sorted(p.name for p in dest.iterdir()) == [DATABASE, "manifest.json", "organiser.key"]
    assert dest.stat().st_mode & 0o777 == 0o700
    for path in dest.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path.name
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["schema_revision"] == "0002" and manifest["sessions"] == 1
    assert set(manifest["files"]) == {DATABASE, "organiser.key"}
    assert (dest / "organiser.key").read_text().strip() == ORGANISER_KEY
    assert _sessions(dest / DATABASE) == 1


def test_backup_refuses_a_non_empty_folder_unless_forced(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    assert "not empty" in _refused(capsys, "backup", str(dest))
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    code, _, _ = _run(capsys, "backup", str(dest), "--force")
    assert code == 0 and _sessions(dest / DATABASE) == 1
    assert (dest / "notes.txt").read_text() == "mine"


def test_backup_never_writes_into_the_data_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.name for p in data_dir.iterdir())
    assert "data folder itself" in _refused(capsys, "backup", str(data_dir), "--force")
    assert sorted(p.name for p in data_dir.iterdir()) == before


@pytest.mark.parametrize("variable", ["CL_ORGANISER_KEY", "CL_ORGANISER_KEY_FILE"])
def test_a_key_from_the_environment_stays_out_of_the_backup(
    variable: str,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = tmp_path / "secret"
    secret.write_text(ORGANISER_KEY + "\n")
    monkeypatch.setenv(variable, str(secret) if variable.endswith("_FILE") else ORGANISER_KEY)
    code, out, _ = _run(capsys, "backup", str(tmp_path / "dest"))
    assert code == 0 and "CL_ORGANISER_KEY" in out
    assert not (tmp_path / "dest" / "organiser.key").exists()
    assert json.loads((tmp_path / "dest" / "manifest.json").read_text())["organiser_key"] == (
        "environment"
    )
    monkeypatch.delenv(variable)
    monkeypatch.setenv("CL_DATA_DIR", str(tmp_path / "elsewhere"))
    code, out, _ = _run(capsys, "restore", str(tmp_path / "dest"))
    assert code == 0 and "set the CL_ORGANISER_KEY it was taken with" in out


def test_a_database_that_does_not_copy_leaves_no_backup(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in data_dir.glob(f"{DATABASE}*"):
        path.unlink()
    (data_dir / DATABASE).write_bytes(b"not a database " * 500)
    assert "not a database" in _refused(capsys, "backup", str(tmp_path / "dest"))
    assert list((tmp_path / "dest").iterdir()) == []


def test_nothing_to_back_up_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CL_DATA_DIR", str(tmp_path / "empty"))
    assert "no database at" in _refused(capsys, "backup", str(tmp_path / "dest"))
    assert not (tmp_path / "empty").exists()


@pytest.mark.parametrize(("command", "tool"), [("backup", "pg_dump"), ("restore", "pg_restore")])
def test_postgresql_points_to_its_own_tools(
    command: str,
    tool: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CL_DATABASE_URL", "postgresql://game:secret@db.invalid:5432/game")
    code, out, err = _run(capsys, command, str(tmp_path / "somewhere"))
    assert code == 2 and out == ""
    assert tool in err and len(err.splitlines()) == 1 and "secret" not in err


@pytest.mark.parametrize("command", [["backup", "dest"], ["restore", "src"], ["migrate"]])
def test_a_misspelt_variable_stops_the_data_commands(
    command: list[str],
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CL_DATA_DIR")
    monkeypatch.setenv("CL_DATA_DIRR", str(data_dir))
    code, out, err = _run(capsys, *command)
    assert code == 2 and out == "" and "did you mean CL_DATA_DIR?" in err


@pytest.fixture
def backup(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    dest = tmp_path / "backup"
    assert _run(capsys, "backup", str(dest))[0] == 0
    return dest


def test_restore_refuses_a_non_empty_data_folder_unless_forced(
    backup: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _server(data_dir) as client:
        new_game(client, players=1)
    assert _sessions(data_dir / DATABASE) == 2
    refusal = _refused(capsys, "restore", str(backup))
    assert "is not empty" in refusal and DATABASE in refusal and "--force" in refusal
    assert _sessions(data_dir / DATABASE) == 2
    code, out, err = _run(capsys, "restore", str(backup), "--force")
    assert code == 0 and "restored 1 session(s)" in out, out + err
    assert _sessions(data_dir / DATABASE) == 1


def test_restore_refuses_while_a_server_has_the_database_open(
    backup: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with _server(data_dir) as client:
        new_game(client, players=1)
        assert "stop it first" in _refused(capsys, "restore", str(backup), "--force")
    assert _sessions(data_dir / DATABASE) == 2


@pytest.mark.usefixtures("open_umask")
def test_restore_into_an_empty_folder_says_what_it_restored(
    backup: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "new-server" / "data"
    monkeypatch.setenv("CL_DATA_DIR", str(target))
    code, out, _ = _run(capsys, "restore", str(backup))
    assert code == 0
    assert f"into {target / DATABASE}" in out and f"organiser key into {target}" in out
    assert target.stat().st_mode & 0o777 == 0o700
    for name in (DATABASE, "organiser.key"):
        assert (target / name).stat().st_mode & 0o777 == 0o600, name
    with _server(target) as client:
        new_game(client, players=1)  # the restored key file opens sessions
    assert _sessions(target / DATABASE) == 2


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (lambda b: (b / "manifest.json").unlink(), "not a finished backup"),
        (lambda b: _damage(b / DATABASE), "damaged"),
        (lambda b: (b / "organiser.key").write_text("someone else's key\n"), "damaged"),
        (lambda b: (b / "manifest.json").write_text("{"), "not a finished backup"),
    ],
    ids=["no manifest", "database", "key", "manifest"],
)
def test_a_damaged_backup_is_refused_before_anything_changes(
    spoil: Callable[[Path], object],
    said: str,
    backup: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spoil(backup)
    monkeypatch.setenv("CL_DATA_DIR", str(tmp_path / "fresh"))
    assert said in _refused(capsys, "restore", str(backup))
    assert not (tmp_path / "fresh").exists()


def test_a_backup_from_a_newer_version_is_refused(
    backup: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with sqlite3.connect(backup / DATABASE) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["files"][DATABASE] = hashlib.sha256((backup / DATABASE).read_bytes()).hexdigest()
    (backup / "manifest.json").write_text(json.dumps(manifest))
    monkeypatch.setenv("CL_DATA_DIR", str(tmp_path / "fresh"))
    assert "newer than this version" in _refused(capsys, "restore", str(backup))
    assert not (tmp_path / "fresh").exists()
