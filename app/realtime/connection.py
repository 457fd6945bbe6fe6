"""Realtime layer: one open event socket and its bounded queue.

A laptop on a poor Wi-Fi link must never slow the session down for the others: the fan-out only
ever drops a pre-rendered frame into this queue, and when the queue is full the socket is closed
with ``TOO_SLOW`` so that the client reconnects and resumes from its last seq.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from app.engine.events import Recorded
from app.engine.state import SessionState
from app.engine.views import Audience, ViewerKind


@dataclass(frozen=True)
class Scene:
    """Everything a rendering may depend on; sockets with equal scenes get equal bytes."""

    state: SessionState
    audience: Audience
    language: str
    online: frozenset[str]
    """The players with a live socket on this worker."""


Renderer = Callable[[Scene, Recorded], str | None]
"""Turns one event into what one audience receives, or None when it is not theirs to see."""
Greeter = Callable[[Scene], list[str]]
"""What a socket receives when it (re)connects, instead of a replay: the current picture."""
Watcher = Callable[[Scene], str | None]
"""What a socket receives when someone's presence changes (the facilitator's seat grid)."""

BAD_TOKEN = 4401
BAD_ORIGIN = 4403
GONE = 4404
BAD_REQUEST = 4400
TOO_SLOW = 1013
"""'Try again later': the one close code, besides a restart, that browsers' htmx reconnects on."""
RESTARTING = 1012
QUEUE_SIZE = 256


@dataclass(eq=False)
class Connection:
    session_id: str
    kind: ViewerKind
    player_id: str | None
    language: str
    last_seq: int
    send: Callable[[str], Awaitable[None]]
    render: Renderer
    greet: Greeter | None = None
    watch: Watcher | None = None
    queue: asyncio.Queue[tuple[int | None, str | None]] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_SIZE)
    )
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    close_code: int = 1000

    def offer(self, seq: int, payload: str | None) -> None:
        """Queue one event (``None`` when this viewer may not see it: it still moves ``seq``)."""
        if self.closed.is_set():
            return
        try:
            self.queue.put_nowait((seq, payload))
        except asyncio.QueueFull:
            self.kick(TOO_SLOW)

    def push(self, payload: str) -> None:
        """Queue something that is not an event (a presence change); it carries no seq."""
        if self.closed.is_set():
            return
        try:
            self.queue.put_nowait((None, payload))
        except asyncio.QueueFull:
            self.kick(TOO_SLOW)

    def kick(self, code: int) -> None:
        """Close this socket with ``code``; wakes the sender even when its queue is full."""
        if self.closed.is_set():
            return
        self.close_code = code
        self.closed.set()
        if self.queue.empty():
            self.queue.put_nowait((None, None))

    def fresh(self, seq: int | None) -> bool:
        """True once per seq: replay and live delivery may overlap, a client sees each once."""
        if seq is None:
            return True
        if seq <= self.last_seq:
            return False
        self.last_seq = seq
        return True
