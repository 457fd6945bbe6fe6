"""A process environment as an operator would hand it to the command line: no ``CL_`` variable
but the test suite's own, a data folder of the test's, and a working directory of its own (so
that a ``./var`` left in the checkout plays no part)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app import cli


def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.upper().startswith("CL_") and not name.upper().startswith("CL_TEST_"):
            monkeypatch.delenv(name)
    data = tmp_path / "data"
    monkeypatch.setenv("CL_DATA_DIR", str(data))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    """``colliding-logics ARGV``: its exit code, its output, and its error lines."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


def closed_port() -> int:
    """A port on this machine that nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word, like a server that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])
