"""Installing as an IT department would: from the lock (hashes checked), or offline from a
wheelhouse that ``make wheelhouse`` built, into a fresh virtual environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx2
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.e2e.server import free_port

ROOT = Path(__file__).resolve().parents[2]
PINNED = re.compile(
    r"^([A-Za-z0-9._-]+)==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", re.M
)
KEY = "wheelhouse-organiser-key-0123456789"


def _locked(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text()
    pins: dict[str, str] = {
        canonicalize_name(m.group(1)): m.group(2) for m in PINNED.finditer(text)
    }
    requirement_lines = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    assert len(requirement_lines) == len(pins), "every pinned package carries its hashes"
    return pins


def _satisfied(requirements: list[str], pins: dict[str, str]) -> None:
    for line in requirements:
        wanted = Requirement(line)
        pinned = pins.get(canonicalize_name(wanted.name))
        assert pinned is not None, f"{wanted.name} is not in the lock: run make lock"
        assert wanted.specifier.contains(pinned), f"{wanted.name}=={pinned} misses {line}"


def test_the_lock_pins_every_dependency_with_its_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    _satisfied(project["project"]["dependencies"], _locked("run.txt"))
    _satisfied(project["build-system"]["requires"], _locked("build.txt"))


def test_the_image_installs_only_what_the_lock_names() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", dockerfile, re.M)
    assert base is not None and re.fullmatch(r"python:3\.11\.\d+-slim-\w+", base.group(1))
    froms = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert froms and all(image == "${PYTHON_IMAGE}" for image in froms), froms
    installs = re.findall(r"pip (?:install|wheel) [^&\n]*", dockerfile)
    assert installs
    for command in installs:
        hashed = "--require-hashes -r " in command
        own_wheel = "--no-deps" in command and ("/wheels/" in command or command.endswith(" ."))
        assert hashed or own_wheel, command


def _offline_environment() -> dict[str, str]:
    """No index, no machine-wide pip configuration or find-links, no CL_* of the test run."""
    kept = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "CL_", "PYTHON", "VIRTUAL_ENV"))
    }
    return kept | {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}


def _serves(venv: Path, data: Path) -> None:
    port = free_port()
    env = _offline_environment() | {"CL_DATA_DIR": str(data), "CL_ORGANISER_KEY": KEY}
    command = [str(venv / "bin" / "colliding-logics"), "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=env, cwd=data, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(300):
            assert server.poll() is None, "the installed server exited"
            try:
                if httpx2.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx2.HTTPError:
                time.sleep(0.1)
        assert httpx2.get(f"{base}/join", timeout=5).status_code == 200
        assert httpx2.get(f"{base}/api/scenarios", timeout=5).json()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_wheelhouse_installs_without_an_index(tmp_path: Path) -> None:
    wheelhouse, venv, data = tmp_path / "wheelhouse", tmp_path / "venv", tmp_path / "data"
    subprocess.run(
        ["make", "-s", "wheelhouse", f"WHEELHOUSE={wheelhouse}", f"VENV={sys.prefix}"],
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    assert (wheelhouse / "requirements.txt").is_file()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    offline = _offline_environment()
    subprocess.run(
        [
            *(str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"),
            *("--no-index", "--find-links", str(wheelhouse), "colliding-logics"),
        ],
        env=offline,
        cwd=tmp_path,
        check=True,
        timeout=600,
    )
    data.mkdir()
    for command in (["check-content"], ["migrate"], ["migrate", "--check"]):
        done = subprocess.run(
            [str(venv / "bin" / "colliding-logics"), *command],
            env=offline | {"CL_DATA_DIR": str(data)},
            cwd=data,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    _serves(venv, data)
