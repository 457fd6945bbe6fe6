"""Packaging: where the files that ship beside the code (templates, static, content) are.

An installed wheel carries them inside the package, under ``app/_content`` (see the hatch
``force-include`` in pyproject.toml); a source checkout has them at the repository root. No code
may depend on the working directory, so everything asks here.
"""

from __future__ import annotations

from pathlib import Path

_APP_DIR = Path(__file__).resolve().parent
_ROOTS = (_APP_DIR / "_content", _APP_DIR.parent)


def shipped(name: str) -> Path:
    """The shipped folder ``name``; the wheel's location when neither has it, so that a
    missing folder is reported where an installed server would look for it."""
    for root in _ROOTS:
        if (root / name).is_dir():
            return root / name
    return _ROOTS[0] / name
