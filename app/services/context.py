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
from app.services.metrics import Metrics
from app.services.principals import PrincipalCache
from app.services.states import StateCache

Publisher = Callable[[str, Sequence[Recorded]], Awaitable[None]]
Clock = Callable[[], float]
Forgetter = Callable[[str, Sequence[str] | None], Awaitable[None]]
"""``forget(session_id, token_hashes)``: those tokens (or, with None, the whole session) are
gone. Every worker must drop them from its caches and close the sockets that used them; the
web layer wires in the hub, which tells the other workers over the broadcast backend."""


@dataclass
class ServiceContext:
    engines: Engines
    content: Content
    states: StateCache
    clock: Clock
    publish: Publisher
    principals: PrincipalCache = field(default_factory=PrincipalCache)
    forget: Forgetter | None = None
    """None forgets in this process only (tests without a hub); see ``Forgetter``."""
    metrics: Metrics = field(default_factory=Metrics)
