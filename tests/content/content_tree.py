"""Content layer tests: a writable copy of the minimal valid content tree, broken on purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.content import ContentError, Problem, load_content

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
SCENARIO_FILE = "scenarios/mini/scenario.yaml"


class ContentTree:
    """A copy of the minimal fixture that a test breaks in one place."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str = SCENARIO_FILE) -> Any:
        return yaml.safe_load(self.path(relative).read_text(encoding="utf-8"))

    def write(self, data: Any, relative: str = SCENARIO_FILE) -> None:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        self.path(relative).write_text(text, encoding="utf-8")

    def edit(self, change: Callable[[Any], None], relative: str = SCENARIO_FILE) -> None:
        data = self.read(relative)
        change(data)
        self.write(data, relative)

    def problems(self) -> list[Problem]:
        with pytest.raises(ContentError) as caught:
            load_content(self.root)
        return caught.value.problems

    def fields(self, file: str = SCENARIO_FILE) -> dict[str, str]:
        """Field path -> message, for the problems in one file."""
        return {p.field: p.message for p in self.problems() if p.file == file}
