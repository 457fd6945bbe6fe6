"""Engine layer: ``Frozen``, the base of the engine's families of frozen dataclasses.

Events and the records the state keeps are small frozen dataclasses that share parts (an id, what
a collision says); deriving from ``Frozen`` makes a class one, and ``dataclass_transform`` tells
mypy so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, dataclass_transform


@dataclass_transform(frozen_default=True)
class Frozen:
    """Every subclass is a frozen dataclass. Its fields come in the order ``dataclasses`` collects
    them, from the last base to the first and then the class's own: a class that adds a shared
    part to a base that holds an id names the part first, so the id leads (in the log too)."""

    def __init_subclass__(cls, /, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(frozen=True)(cls)
