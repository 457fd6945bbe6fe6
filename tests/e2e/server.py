"""A real server in a child process, as an operator would run it, for tests that kill it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    def __init__(self, data_dir: Path, env: dict[str, str], port: int | None = None) -> None:
        self.port = port or free_port()
        self.data_dir = data_dir
        self.env = {**os.environ, "CL_DATA_DIR": str(data_dir), **env}
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / f"server-{self.port}.log"
        self.errors: Path | None = None
        """When set, stderr (the server's log) goes to this file, and ``log`` keeps stdout."""
        self.command_extra: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        command = [
            sys.executable,
            "-m",
            "app",
            "serve",
            "--port",
            str(self.port),
            *self.command_extra,
        ]
        with self.log.open("ab") as log, (self.errors or self.log).open("ab") as errors:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                stdout=log,
                stderr=errors if self.errors else subprocess.STDOUT,
                cwd=self.data_dir,
            )
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log.read_text()}")
            try:
                if httpx2.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx2.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as when a machine loses power."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
