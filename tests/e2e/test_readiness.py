"""Readiness of a real server process whose Redis goes away and comes back, checked by the very
command the image's HEALTHCHECK runs (on the port named by ``CL_PORT``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2
import pytest
import redis

from tests.e2e.bots import KEY
from tests.e2e.server import ServerProcess, free_port
from tests.packaging.test_deployment import healthcheck_command


class RedisProcess:
    """A Redis of this test's own, so that it can be stopped without harming anyone else's."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        where = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            ["redis-server", *where, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        _until(lambda: _answers(client), "redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def _until(condition: Callable[[], bool], failure: str, within_s: float = 30) -> None:
    limit = time.monotonic() + within_s
    while not condition():
        if time.monotonic() > limit:
            raise AssertionError(failure)
        time.sleep(0.1)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisProcess]:
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed; CI must run this test", pytrace=False)
        pytest.skip("redis-server is not installed")
    server = RedisProcess(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_not_ready_while_redis_is_gone_and_ready_once_it_is_back(
    tmp_path: Path, own_redis: RedisProcess
) -> None:
    server = ServerProcess(tmp_path, {"CL_ORGANISER_KEY": KEY, "CL_BROADCAST_URL": own_redis.url})
    server.start()
    health = {**os.environ, "CL_PORT": str(server.port)}

    def healthy() -> bool:
        check = subprocess.run(healthcheck_command(), env=health, capture_output=True, timeout=30)
        return check.returncode == 0

    def ready() -> int:
        return httpx2.get(f"{server.base}/readyz", timeout=10).status_code

    try:
        assert ready() == 200 and healthy()
        own_redis.stop()
        _until(lambda: ready() == 503, "never said it was not ready")
        answer = httpx2.get(f"{server.base}/readyz", timeout=10).json()
        assert answer["status"] == "not ready" and answer["checks"]["database"] == "ok"
        assert answer["checks"]["broadcast"] != "ok"
        assert not healthy()
        assert httpx2.get(f"{server.base}/healthz", timeout=10).status_code == 200, "alive"
        own_redis.start()
        _until(lambda: ready() == 200, "not ready again after Redis came back")
        assert healthy()
    finally:
        server.stop()
