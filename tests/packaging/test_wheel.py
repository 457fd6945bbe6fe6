"""A non-editable install carries everything and runs from any working directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (
    "app/_content/scenarios/lindendal/scenario.yaml",
    "app/_content/roles/wijkagent.yaml",
    "app/_content/templates/base.html",
    "app/_content/static/vendor/htmx/htmx.min.js",
    "app/_content/static/vendor/htmx/LICENSE",
    "app/db/migrations/env.py",
    "app/db/migrations/versions/0001_initial.py",
)

SMOKE = """
import sys, tempfile
import app
from fastapi.testclient import TestClient
from app.settings import Settings
from app.web.app import create_app
assert app.__file__.startswith(sys.argv[1]), app.__file__
data = tempfile.mkdtemp()
with TestClient(create_app(Settings(data_dir=data, database_url=None))) as client:
    assert client.get("/api/scenarios").json(), "scenarios ship in the wheel"
    assert client.get("/join").status_code == 200, "templates ship in the wheel"
    assert client.get("/static/css/app.css").status_code == 200, "static files ship"
print("ok")
"""


def _wheel(tmp_path: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    return next((tmp_path / "dist").glob("colliding_logics-*.whl"))


def test_the_wheel_ships_content_and_runs_elsewhere(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        missing = [name for name in SHIPPED if name not in names]
        assert not missing, missing
        assert not any(name.startswith(("tests/", "app/_content/tests")) for name in names)
        site = tmp_path / "site"
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for command in (["-m", "app", "check-content"], ["-c", SMOKE, str(site)]):
        result = subprocess.run(
            [sys.executable, *command],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
