"""Services layer: what every service needs, built once per app and passed in explicitly.

``publish`` is how services hand committed events to the realtime layer without importing it:
the web layer wires the hub in, and tests may wire in anything that records what it is given.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from app.content import Content
from app.db.connect import Engines
from app.engine.events import Recorded
from app.services.principals import PrincipalCache
from app.services.states import StateCache

Publisher = Callable[[str, Sequence[Recorded]], Awaitable[None]]
Clock = Callable[[], float]


@dataclass
class ServiceContext:
    engines: Engines
    content: Content
    states: StateCache
    clock: Clock
    publish: Publisher
    principals: PrincipalCache = field(default_factory=PrincipalCache)
