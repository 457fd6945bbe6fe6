"""Web layer: the numbers behind the debrief's pictures: a role x role heatmap and logic bars.

Shades run from white to near-black in one hue-free scale and every cell prints its number, so
the charts read in greyscale and on a poor projector; each chart also ships as a table for
screen readers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

CELL = 52
LABEL = 190


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    count: int
    fill: str
    ink: str


@dataclass(frozen=True)
class Heatmap:
    labels: list[str]
    cells: list[Cell]
    size: int

    @property
    def width(self) -> int:
        return LABEL + self.size * CELL

    @property
    def height(self) -> int:
        return LABEL + self.size * CELL


def _grey(share: float) -> tuple[str, str]:
    level = round(255 - share * (255 - 34))
    return f"#{level:02x}{level:02x}{level:02x}", "#ffffff" if share > 0.5 else "#1b1f24"


def heatmap(matrix: dict[str, dict[str, int]], order: list[str], names: dict[str, str]) -> Heatmap:
    top = max((matrix[a][b] for a in order for b in order), default=0)
    cells = []
    for row, a in enumerate(order):
        for column, b in enumerate(order):
            count = matrix[a][b]
            fill, ink = _grey(count / top if top else 0.0)
            cells.append(Cell(LABEL + column * CELL, LABEL + row * CELL, count, fill, ink))
    return Heatmap([names[r] for r in order], cells, len(order))


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    width: int
    y: int


Key = TypeVar("Key")


def bars(counts: Mapping[Key, int], labels: Mapping[Key, str], full: int = 360) -> list[Bar]:
    top = max(counts.values(), default=0)
    return [
        Bar(labels[key], count, round(full * count / top) if top else 0, 10 + index * 44)
        for index, (key, count) in enumerate(counts.items())
    ]
