"""Content layer: scenarios and roles, read from YAML and Markdown into the engine's specs.

Content lives in two folders under one root: ``roles/<id>.yaml`` (professional roles, shared by
all scenarios) and ``scenarios/<id>/`` (a ``scenario.yaml`` plus ``documents/*.md``). The file
formats are described in ``role_format`` and ``scenario_format``. ``load_content`` checks all
of it and reports every mistake at once as a ``ContentError``.
"""

from __future__ import annotations

from pathlib import Path

from app.content.loader import Content, load_content
from app.content.problems import ContentError, Problem

__all__ = ["Content", "ContentError", "Problem", "load_content", "shipped_root"]

_APP_DIR = Path(__file__).resolve().parent.parent


def shipped_root() -> Path:
    """Where the scenarios and roles that come with the server are.

    An installed wheel carries them inside the package (``app/_content``); a source checkout has
    them at the repository root. When neither is there, the wheel location is returned so that
    ``load_content`` reports the missing folders as problems.
    """
    candidates = (_APP_DIR / "_content", _APP_DIR.parent)
    for candidate in candidates:
        if (candidate / "scenarios").is_dir():
            return candidate
    return candidates[0]
