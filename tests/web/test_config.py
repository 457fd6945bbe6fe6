"""``check-config`` (and ``serve``, which runs it first): one plain line per problem, exit 2,
no traceback; the data folder's rule; secrets read from ``*_FILE``; ``check-content`` checks
what ``serve`` would load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app import environment, preflight
from app.settings import Settings
from tests import services
from tests.web.environment import clean, closed_port, run, silent_server

STRONG = "a-strong-organiser-key-of-32-chars"
Capture = pytest.CaptureFixture[str]


@pytest.fixture
def data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    return clean(monkeypatch, tmp_path)


def test_a_sound_environment_is_one_ok_line(data: Path, capsys: Capture) -> None:
    code, out, errors = run(capsys, "check-config")
    assert (code, errors) == (0, [])
    assert out == (
        f"ok: database SQLite {data / 'colliding-logics.db'}; broadcast in this process only; "
        f"data in {data}; public URL: the address of each request\n"
    )
    assert not data.exists(), "checking creates nothing"


def test_every_problem_is_one_line_and_none_hides_another(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    (tmp_path / "a-file").write_text("")
    redis = f"redis://:hunter2-secret@127.0.0.1:{closed_port()}/0"
    for name, value in {
        "CL_DATABSE_URL": "postgresql://db/x",
        "CL_ORGANISER_KEY": "too-short",
        "CL_PUBLIC_URL": "https://game.example.org",
        "CL_DATA_DIR": str(tmp_path / "a-file" / "data"),
        "CL_BROADCAST_URL": redis,
    }.items():
        monkeypatch.setenv(name, value)
    code, out, errors = run(capsys, "check-config")
    assert (code, out) == (2, "")
    assert len(errors) == 5 and all(line.startswith("error: ") for line in errors)
    text = "\n".join(errors)
    assert "CL_DATABSE_URL is not a setting of this server (did you mean CL_DATABASE_URL?)" in text
    assert "CL_ORGANISER_KEY is 9 characters long" in text and "too-short" not in text
    assert "CL_SECURE_COOKIES" in text
    assert f"CL_DATA_DIR: {tmp_path / 'a-file'} is not a folder" in text
    assert "CL_BROADCAST_URL: no answer from Redis at redis://:***@127.0.0.1" in text
    assert "hunter2-secret" not in text


def test_values_that_do_not_parse_are_lines_too(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    bad = {
        "CL_RETENTION_DAYS": "abc",
        "CL_PORT": "0",
        "CL_PUBLIC_URL": "game.example.org",
        "CL_SQLITE_SYNCHRONOUS": "sometimes",
    }
    for name, value in bad.items():
        monkeypatch.setenv(name, value)
    code, _, errors = run(capsys, "check-config")
    assert code == 2 and len(errors) == len(bad)
    for name, line in zip(sorted(bad), sorted(errors), strict=True):
        assert line.startswith(f"error: {name}: "), line
    assert "(got 'abc')" in "\n".join(errors)
    monkeypatch.setenv("CL_ALLOWED_ORIGINS", "https://not-a-json-list.example")
    for name in bad:
        monkeypatch.delenv(name)
    assert run(capsys, "check-config")[2] == [
        'error: CL_ALLOWED_ORIGINS: not valid JSON (a list is written ["…", "…"])'
    ]


@pytest.mark.parametrize(
    "url",
    [
        "game.example.org",
        "ftp://game.example.org",
        "http://",
        "http://game.example.org:0",
        "http://game.example.org:99999",
        "http://game example.org",
        "https://game.example.org/?next=1",
        "https://game.example.org/#top",
    ],
)
def test_a_malformed_public_url(
    url: str, data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("CL_PUBLIC_URL", url)
    code, _, errors = run(capsys, "check-config")
    assert code == 2 and len(errors) == 1 and errors[0].startswith("error: CL_PUBLIC_URL: ")


@pytest.mark.parametrize(
    ("url", "secure", "fine"),
    [
        ("https://game.example.org:8443/cl", "true", True),
        ("http://192.168.1.20:8000", "false", True),
        ("https://game.example.org", "false", False),
        ("http://game.example.org", "true", False),
    ],
)
def test_secure_cookies_go_with_https(
    url: str, secure: str, fine: bool, data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("CL_PUBLIC_URL", url)
    monkeypatch.setenv("CL_SECURE_COOKIES", secure)
    code, out, errors = run(capsys, "check-config")
    assert (code == 0) is fine and len(errors) == (0 if fine else 1)
    if fine:
        assert f"public URL: {url}" in out


def test_refused_servers_are_named_without_their_passwords(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("CL_DATABASE_URL", f"postgresql://cl:pw-123@127.0.0.1:{closed_port()}/x")
    monkeypatch.setenv("CL_BROADCAST_URL", f"postgresql://cl:pw-456@127.0.0.1:{closed_port()}/x")
    code, _, errors = run(capsys, "check-config")
    assert code == 2
    assert [line.split(":")[1] for line in errors] == [" CL_DATABASE_URL", " CL_BROADCAST_URL"]
    assert all("cl:***@127.0.0.1" in line for line in errors)
    assert "pw-" not in "\n".join(errors)


def test_a_server_that_never_answers_counts_as_down(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setattr(preflight, "PROBE_TIMEOUT_S", 2)
    with silent_server() as database, silent_server() as redis:
        monkeypatch.setenv("CL_DATABASE_URL", f"postgresql://cl@127.0.0.1:{database}/x")
        monkeypatch.setenv("CL_BROADCAST_URL", f"redis://127.0.0.1:{redis}/0")
        code, _, errors = run(capsys, "check-config")
    assert code == 2 and len(errors) == 2
    assert errors[0].startswith("error: CL_DATABASE_URL: cannot connect to")
    assert errors[1].startswith("error: CL_BROADCAST_URL: no answer from Redis")


@pytest.mark.postgres
def test_real_postgresql_and_redis_pass(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    database, redis = services.postgres_url(), services.redis_url()
    monkeypatch.setenv("CL_DATABASE_URL", database)
    monkeypatch.setenv("CL_BROADCAST_URL", redis)
    code, out, errors = run(capsys, "check-config")
    assert (code, errors) == (0, [])
    assert f"database PostgreSQL {database}; broadcast Redis {redis};" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a folder of mode 0500 anyway")
def test_a_data_folder_that_cannot_be_written(data: Path, tmp_path: Path, capsys: Capture) -> None:
    data.mkdir(mode=0o500)
    code, _, errors = run(capsys, "check-config")
    assert code == 2 and errors == [
        f"error: CL_DATA_DIR: cannot write in {data} (Permission denied)"
    ]


def test_the_database_url_itself(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("CL_DATABASE_URL", f"sqlite:///{tmp_path / 'a-file' / 'cl.db'}")
    assert run(capsys, "check-config")[2] == [
        f"error: CL_DATABASE_URL: {tmp_path / 'a-file'} is not a folder"
    ]
    monkeypatch.setenv("CL_DATABASE_URL", "mysql://cl@db/cl")
    assert run(capsys, "check-config")[2] == [
        "error: CL_DATABASE_URL: use sqlite:///path or postgresql://user@host:5432/db, not mysql://"
    ]
    monkeypatch.setenv("CL_DATABASE_URL", f"sqlite:///{tmp_path / 'new' / 'cl.db'}")
    assert run(capsys, "check-config")[0] == 0
    assert not (tmp_path / "new").exists(), "checking creates nothing"


def test_the_default_data_folder_ignores_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CL_DATA_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    seen = set()
    for place in (tmp_path, tmp_path / "home"):
        place.mkdir(exist_ok=True)
        monkeypatch.chdir(place)
        seen.add(Settings().data_dir)
    assert seen == {tmp_path / "home" / ".local" / "share" / "colliding-logics"}
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("CL_DATA_DIR", "")
    assert Settings().data_dir == tmp_path / "home" / ".local" / "share" / "colliding-logics"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Settings().data_dir == tmp_path / "xdg" / "colliding-logics"
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert Settings().data_dir == Path("/var/lib/colliding-logics")


def test_data_left_in_the_old_place_stops_the_start(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    old = Path("var").absolute()
    old.mkdir()
    (old / "colliding-logics.db").write_bytes(b"")
    assert run(capsys, "check-config")[0] == 0, "CL_DATA_DIR is set: ./var is not looked at"
    monkeypatch.setenv("XDG_DATA_HOME", str(data.parent / "xdg"))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    monkeypatch.delenv("CL_DATA_DIR")
    code, _, errors = run(capsys, "check-config")
    assert code == 2 and len(errors) == 1
    assert f"set CL_DATA_DIR={old} to keep using it" in errors[0]


def test_secrets_come_from_files_without_their_newline(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    files = {
        "CL_ORGANISER_KEY_FILE": f"{STRONG}\n",
        "CL_DATABASE_URL_FILE": f"sqlite:///{tmp_path / 'elsewhere.db'}\r\n",
        "CL_BROADCAST_URL_FILE": "memory://\n\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, newline="")
        monkeypatch.setenv(name, str(tmp_path / name))
    settings = Settings()
    assert settings.organiser_key is not None
    assert settings.organiser_key.get_secret_value() == STRONG
    assert settings.database_url == f"sqlite:///{tmp_path / 'elsewhere.db'}"
    assert settings.broadcast_url == "memory://\n", "one newline goes, not every one"
    monkeypatch.delenv("CL_BROADCAST_URL_FILE")
    code, out, _ = run(capsys, "check-config")
    assert code == 0 and f"SQLite {tmp_path / 'elsewhere.db'};" in out and STRONG not in out


def test_file_problems(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    (tmp_path / "empty").write_text("\n")
    (tmp_path / "short").write_text("short\n")
    monkeypatch.setenv("CL_DATABASE_URL", "sqlite:///x.db")
    monkeypatch.setenv("CL_DATABASE_URL_FILE", str(tmp_path / "empty"))
    monkeypatch.setenv("CL_BROADCAST_URL_FILE", str(tmp_path / "missing"))
    monkeypatch.setenv("CL_ORGANISER_KEY_FILE", str(tmp_path / "empty"))
    code, _, errors = run(capsys, "check-config")
    assert code == 2 and errors == [
        f"error: CL_ORGANISER_KEY_FILE: {tmp_path / 'empty'} is empty",
        "error: CL_DATABASE_URL and CL_DATABASE_URL_FILE are both set: keep one",
        f"error: CL_BROADCAST_URL_FILE: cannot read {tmp_path / 'missing'} "
        "(No such file or directory)",
    ]
    for name in ("CL_DATABASE_URL", "CL_DATABASE_URL_FILE", "CL_BROADCAST_URL_FILE"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("CL_ORGANISER_KEY_FILE", str(tmp_path / "short"))
    code, _, errors = run(capsys, "check-config")
    assert code == 2 and len(errors) == 1 and "is 5 characters long" in errors[0]


def test_names_that_are_not_ours_to_judge(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    monkeypatch.setenv("CL_TEST_ANYTHING", "x")
    monkeypatch.setenv("CL_SITE_ADDRESS", "game.example.org")
    assert run(capsys, "check-config")[:1] == (0,)
    assert environment.unknown_variables({"CL_ZZZ": "1"}) == [
        "error: CL_ZZZ is not a setting of this server"
    ]


def test_serve_checks_first_and_listens_on_nothing_when_it_fails(
    data: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    monkeypatch.setenv("CL_RETENTON_DAYS", "30")
    code, out, errors = run(capsys, "serve")
    assert (code, out, calls) == (2, "", [])
    assert errors == [
        "error: CL_RETENTON_DAYS is not a setting of this server (did you mean CL_RETENTION_DAYS?)"
    ]
    monkeypatch.delenv("CL_RETENTON_DAYS")
    assert run(capsys, "serve", "--port", "8123")[0] == 0
    assert [(c["host"], c["port"]) for c in calls] == [("127.0.0.1", 8123)]


def test_no_traceback_from_a_real_process(data: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CL_")}
    env |= {"CL_DATA_DIR": str(data), "CL_RETENTION_DAYS": "abc", "CL_ORGANISER_KEY_FILE": "/no"}
    done = subprocess.run(
        [sys.executable, "-m", "app", "check-config"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "error: CL_ORGANISER_KEY_FILE: cannot read /no (No such file or directory)"
    ], "a file that cannot be read stops the reading before the values are parsed"


def test_check_content_checks_what_serve_would_load(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    code, out, _ = run(capsys, "check-content")
    assert code == 0 and out.startswith("ok: ")
    (tmp_path / "content").mkdir()
    monkeypatch.setenv("CL_CONTENT_DIR", str(tmp_path / "content"))
    code, out, errors = run(capsys, "check-content")
    assert code == 1 and out == "" and errors[-1].endswith(f"in {tmp_path / 'content'}")
    shipped = Path(__file__).parents[2]
    assert run(capsys, "check-content", str(shipped))[0] == 0, "a PATH given wins"
    monkeypatch.setenv("CL_PORT", "many")
    assert run(capsys, "check-content")[:1] == (2,)
