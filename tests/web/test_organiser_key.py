"""The organiser key: shown only by the start that generated it, kept owner-only, and a weak
``CL_ORGANISER_KEY`` stops the server with one line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app import cli
from app.settings import Settings
from app.web.app import create_app
from app.web.runtime import KEY_FILE, KeySource, load_organiser_key

STRONG = "a-strong-organiser-key-of-32-chars"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[dict[str, Any]]:
    """``colliding-logics serve`` up to the moment uvicorn would listen; records its calls."""
    for name in list(os.environ):
        if name.startswith("CL_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CL_DATA_DIR", str(tmp_path))
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append(options))
    return calls


def test_only_the_start_that_generates_the_key_prints_it(
    served: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["serve", "--port", "8123"]) == 0
    first = capsys.readouterr().out
    key = (tmp_path / KEY_FILE).read_text().strip()
    assert f"http://127.0.0.1:8123/organiser#{key}" in first
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(f".{KEY_FILE}")] == []

    assert cli.main(["serve", "--port", "8123"]) == 0
    again = capsys.readouterr().out
    assert key not in again
    assert "http://127.0.0.1:8123/organiser " in again and str(tmp_path / KEY_FILE) in again
    assert len(served) == 2


def test_a_key_from_the_environment_is_never_printed(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CL_ORGANISER_KEY", STRONG)
    assert cli.main(["serve"]) == 0
    out = capsys.readouterr().out
    assert STRONG not in out and "CL_ORGANISER_KEY" in out
    assert not (tmp_path / KEY_FILE).exists()


def test_a_short_key_stops_serve_with_one_line(
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CL_ORGANISER_KEY", "x" * 23)
    assert cli.main(["serve"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and served == []
    [line] = captured.err.splitlines()
    assert "CL_ORGANISER_KEY" in line and "23" in line and "24" in line
    assert "x" * 23 not in line


def test_a_short_key_stops_the_process_without_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CL_")}
    env |= {"CL_ORGANISER_KEY": "short", "CL_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "app", "serve", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_create_app_refuses_a_short_key_too(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        create_app(Settings(data_dir=tmp_path, organiser_key="k" * 12))
    assert "CL_ORGANISER_KEY" in str(stopped.value.code) and "12" in str(stopped.value.code)
    create_app(Settings(data_dir=tmp_path, organiser_key="k" * 24))


def test_the_key_file_is_read_back_and_never_replaced(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "new")
    made = load_organiser_key(settings)
    assert made.source is KeySource.GENERATED and len(made.value) >= 24
    kept = load_organiser_key(settings)
    assert kept.source is KeySource.FILE and kept.value == made.value
    (tmp_path / "new" / KEY_FILE).write_text("short\n")
    with pytest.raises(SystemExit):
        load_organiser_key(settings)
