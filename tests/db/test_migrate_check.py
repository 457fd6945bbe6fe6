"""``colliding-logics migrate --check``: 0 when the schema is the newest, 1 when it is behind
(or unknown to this version), 2 with one line when the database cannot be opened."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.db.connect import connect
from app.db.migrate import newest_revision, upgrade


@pytest.fixture(autouse=True)
def operator(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("CL_")]:
        monkeypatch.delenv(name)


def _check(capsys: pytest.CaptureFixture[str], url: str, *extra: str) -> tuple[int, str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CL_DATABASE_URL", url)
        code = main(["migrate", *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _migrated(url: str, revision: str = "head") -> None:
    engines = connect(url)
    try:
        upgrade(engines, revision)
    finally:
        engines.dispose()


def test_a_current_schema_passes(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _migrated(database_url)
    code, out, _ = _check(capsys, database_url, "--check")
    assert (code, out) == (0, f"schema current: {newest_revision()}\n")


def test_a_schema_behind_fails_and_names_both_revisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _migrated(url, "0001")
    code, out, _ = _check(capsys, url, "--check")
    assert code == 1
    assert "behind" in out and "at 0001" in out and f"newest is {newest_revision()}" in out
    assert _check(capsys, url)[0] == 0, "migrate brings it up"
    assert _check(capsys, url, "--check")[0] == 0


def test_a_missing_database_is_behind_and_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "nothing" / "here.db"
    code, out, _ = _check(capsys, f"sqlite:///{database}", "--check")
    assert code == 1 and "no database" in out
    assert not database.parent.exists()


def test_a_revision_from_a_newer_version_is_not_current(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "newer.db"
    _migrated(f"sqlite:///{database}")
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    code, out, _ = _check(capsys, f"sqlite:///{database}", "--check")
    assert code == 1 and "9999" in out and "does not know" in out


@pytest.mark.parametrize("check", [["--check"], []], ids=["check", "migrate"])
def test_an_unreachable_database_is_one_line_without_the_password(
    check: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _check(capsys, "postgresql://game:s3cret@127.0.0.1:1/game", *check)
    assert code == 2 and out == ""
    assert err.startswith("error: cannot open the database:") and len(err.splitlines()) == 1
    assert "s3cret" not in err


def test_an_unusable_sqlite_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    code, _, err = _check(capsys, f"sqlite:///{tmp_path / 'a-file' / 'x.db'}")
    assert code == 2 and len(err.splitlines()) == 1


def test_a_malformed_url_is_named_without_its_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _check(capsys, "not a url with a p4ssword", "--check")
    assert code == 2 and "CL_DATABASE_URL" in err and "p4ssword" not in err
