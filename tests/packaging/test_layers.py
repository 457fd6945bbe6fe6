"""Every module of ``app`` imports only from its own layer or the layers below it.

The layers, bottom to top, are ``engine → content → db → services → realtime → web → entry``. A
module may import from its own layer and any layer below; the engine imports nothing but the
standard library and itself, so the rules of the game can be read, tested and reused without a
database, a web framework or a network.

Beside that chain sits the **foundation**: settings, the environment read into them, secret files,
logging, where shipped files live and the machine's addresses. It may import only the standard
library, third-party packages and itself, and only ``db`` and the layers above may import it: the
engine and the content describe a game, not a deployment, so they never read a setting.

The top-level modules that are not foundation are the **entry** layer, above ``web``: the command
line, the checks ``serve`` runs before it listens and the banner it prints. They start the server,
so they may reach every layer, and no other layer imports them.

The checker reads each file with ``ast`` rather than importing it, so imports inside functions and
under ``if TYPE_CHECKING:`` count too: a deferred import is still a dependency.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"

CHAIN = ("engine", "content", "db", "services", "realtime", "web", "entry")
FOUNDATION = "foundation"
FOUNDATION_USED_FROM = "db"
ENGINE = CHAIN[0]
STANDARD_LIBRARY = sys.stdlib_module_names | {"_typeshed"}
"""``_typeshed`` is the type checkers' own description of the standard library: it exists only
under ``if TYPE_CHECKING:`` (importing it at run time fails at once), so it adds no dependency."""

TOP_LEVEL = {
    "settings": FOUNDATION,
    "environment": FOUNDATION,
    "secret_files": FOUNDATION,
    "logs": FOUNDATION,
    "resources": FOUNDATION,
    "lan": FOUNDATION,
    "banner": "entry",
    "preflight": "entry",
    "cli": "entry",
    "cli_data": "entry",
    "__main__": "entry",
}
"""Where each module directly in ``app/`` sits; the packages are layers named after themselves."""


@dataclass(frozen=True)
class Violation:
    line: int
    message: str


def layer_of(module: str) -> str | None:
    """The root package counts as engine: ``app/__init__.py`` runs before every engine module."""
    parts = module.split(".")
    if parts == ["app"]:
        return ENGINE
    if parts[1] in CHAIN:
        return parts[1]
    return TOP_LEVEL.get(parts[1])


def may_import(layer: str) -> frozenset[str]:
    """Derived from ``CHAIN`` so that the order is written down once."""
    if layer == FOUNDATION:
        return frozenset({FOUNDATION})
    below = CHAIN[: CHAIN.index(layer) + 1]
    if layer in CHAIN[CHAIN.index(FOUNDATION_USED_FROM) :]:
        return frozenset((*below, FOUNDATION))
    return frozenset(below)


def _imported(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    """Names a statement imports; ``from a import b`` counts as ``a.b``, which may be a module."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = package.rsplit(".", node.level - 1)[0]
        base = f"{anchor}.{base}" if base else anchor
    return [base if alias.name == "*" else f"{base}.{alias.name}" for alias in node.names]


def violations(module: str, source: str, is_package: bool = False) -> list[Violation]:
    """Takes source text, not a path, so the tests below can show that it catches what it must."""
    layer = layer_of(module)
    if layer is None:
        return [Violation(1, "has no layer: add it to TOP_LEVEL in this test")]
    allowed = may_import(layer)
    package = module if is_package else module.rpartition(".")[0]
    found = []
    imports = (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Import | ast.ImportFrom))
    for node in imports:
        for target in _imported(node, package):
            top = target.split(".")[0]
            if top == "app":
                target_layer = layer_of(target)
                if target_layer not in allowed:
                    message = f"{layer} imports {target} ({target_layer or 'no layer'})"
                    found.append(Violation(node.lineno, message))
            elif layer == ENGINE and top not in STANDARD_LIBRARY:
                found.append(Violation(node.lineno, f"engine imports {target} (not stdlib)"))
    return sorted(found, key=lambda violation: violation.line)


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_import_in_app_runs_down_the_layers() -> None:
    found = [
        f"{path.relative_to(APP.parent)}:{violation.line}: {violation.message}"
        for path in sorted(APP.rglob("*.py"))
        for violation in violations(
            _module_name(path), path.read_text(encoding="utf-8"), path.name == "__init__.py"
        )
    ]
    report = "\n".join(found)
    assert not found, f"{len(found)} imports against the layers:\n{report}"


def test_the_table_names_only_modules_that_exist() -> None:
    assert all((APP / f"{name}.py").is_file() for name in TOP_LEVEL), sorted(
        name for name in TOP_LEVEL if not (APP / f"{name}.py").is_file()
    )


ENGINE_SOURCE = """\
import json
from typing import TYPE_CHECKING

import sqlalchemy

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from app.web.app import create_app


def late() -> None:
    from app import settings
    from app.engine.state import SessionState
"""


def test_the_checker_catches_every_kind_of_import_in_the_engine() -> None:
    found = violations("app.engine.fake", ENGINE_SOURCE)
    assert [(v.line, v.message) for v in found] == [
        (4, "engine imports sqlalchemy (not stdlib)"),
        (9, "engine imports app.web.app.create_app (web)"),
        (13, "engine imports app.settings (foundation)"),
    ]


@pytest.mark.parametrize(
    ("module", "source", "is_package", "caught"),
    [
        ("app.content.loader", "from app.db import tables\n", False, True),
        ("app.content.loader", "from app.settings import Settings\n", False, True),
        ("app.content.loader", "from ..services import queries\n", False, True),
        ("app.content", "from .loader import load_content\n", True, False),
        ("app.db.connect", "from app import settings\n", False, False),
        ("app.settings", "from app.db.connect import connect\n", False, True),
        ("app.settings", "from app.secret_files import variable\n", False, False),
        ("app.web.app", "import app.realtime.hub\nimport fastapi\n", False, False),
        ("app.services.queries", "import app.cli\n", False, True),
        ("app.cli", "from app.web.app import create_app\n", False, False),
        ("app.newcomer", "import os\n", False, True),
    ],
)
def test_the_checker_knows_up_from_down(
    module: str, source: str, is_package: bool, caught: bool
) -> None:
    assert bool(violations(module, source, is_package)) is caught
