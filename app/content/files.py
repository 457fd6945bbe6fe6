"""Content layer: reading content files without letting any read error escape.

Authors edit these files by hand, so a missing file, a stray non-UTF-8 byte, a YAML syntax slip
or a key written twice must each become a ``Problem`` instead of a traceback. Duplicate keys are
refused because YAML would otherwise silently keep the last one and hide half a translation.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from app.content.problems import WHOLE_FILE, ProblemLog


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that treats a repeated mapping key as an error."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise ConstructorError(
                    None, None, f"key {key!r} appears twice", key_node.start_mark
                )
            if isinstance(key, Hashable):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_text(path: Path, log: ProblemLog, file: str, path_in_file: str = WHOLE_FILE) -> str | None:
    """Read a UTF-8 file (a byte-order mark is tolerated); None after logging why not."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        log.add(file, path_in_file, "file is missing")
        return None
    except OSError as error:
        log.add(file, path_in_file, f"cannot be read ({error.strerror or error})")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        log.add(file, path_in_file, f"is not UTF-8 text (bad byte at offset {error.start})")
        return None


def read_yaml(path: Path, log: ProblemLog, file: str) -> object | None:
    """Parse a YAML file; None (after logging) when it is unreadable, invalid or empty."""
    text = read_text(path, log, file)
    if text is None:
        return None
    try:
        data: object = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        log.add(file, WHOLE_FILE, f"YAML syntax error{where}: {error.problem or error}")
        return None
    except yaml.YAMLError as error:
        log.add(file, WHOLE_FILE, f"YAML error: {error}")
        return None
    if data is None:
        log.add(file, WHOLE_FILE, "file is empty")
    return data
