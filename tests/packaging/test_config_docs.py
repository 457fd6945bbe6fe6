"""The README's "Configuration" section and the code cannot drift apart: its table lists every
``CL_`` variable the server reads, each once, with the code's default; its commands are the
command line's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import cli
from app.environment import known_variables
from app.settings import Settings

README = Path(__file__).parents[2] / "README.md"


def _section(title: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.index("\n## ", start + 1)
    return text[start:end].splitlines()


def _table() -> dict[str, list[str]]:
    rows: dict[str, list[str]] = {}
    for line in _section("Configuration"):
        found = re.match(r"\| `(CL_\w+)` \|(.*)\|$", line)
        if found is None:
            continue
        name = found.group(1)
        assert name not in rows, f"{name} is listed twice"
        rows[name] = [cell.strip() for cell in found.group(2).split(" | ")]
    return rows


def test_the_table_lists_every_variable_the_server_reads() -> None:
    assert set(_table()) == known_variables()


def test_the_table_gives_the_codes_defaults() -> None:
    table = _table()
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, bool):
            written = str(default).lower()
        elif isinstance(default, str | int):
            written = str(default)
        else:  # None, or computed: the table says it in words
            continue
        assert table[f"CL_{name.upper()}"][0] == f"`{written}`", name


def test_the_commands_are_the_command_lines(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    usage = capsys.readouterr().out
    commands = set(re.search(r"\{([a-z,-]+)\}", usage).group(1).split(","))  # type: ignore[union-attr]
    documented = set()
    for line in _section("Configuration"):
        if line.startswith("| `colliding-logics "):
            documented |= set(re.findall(r"(?:colliding-logics |, `)([a-z-]+)", line))
    assert documented == commands
