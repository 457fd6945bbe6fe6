"""Content layer: the problems an author has to fix before content loads.

Loading never stops at the first mistake. An author repairing a scenario wants the whole list in
one go, each entry pointing at a file (relative to the content root) and at a dotted field path
inside it, so every step of the loader writes into one ``ProblemLog`` and the loader raises a
single ``ContentError`` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WHOLE_FILE = "(file)"
"""Field name for problems that concern a file as a whole, such as a YAML syntax error."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the content, phrased for the person who writes it."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class ContentError(Exception):
    """Raised once per load, carrying every problem found rather than the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        listing = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the content:\n{listing}")


def field_path(prefix: str, *parts: str | int) -> str:
    """Join path parts the way authors read them: ``phases[3].instructions.en``."""
    path = prefix
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif path:
            path += f".{part}"
        else:
            path = part
    return path


@dataclass
class ProblemLog:
    """Collects problems from every step; identical reports from two routes are kept once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str, path: str, message: str) -> None:
        problem = Problem(file, path or WHOLE_FILE, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def __len__(self) -> int:
        return len(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)
