"""Realtime layer: one open event socket and its bounded queue.

A laptop on a poor Wi-Fi link must never slow the session down for the others: the fan-out only
ever drops a pre-rendered frame into this queue, and when the queue is full the socket is closed
with ``TOO_SLOW`` so that the client reconnects and resumes from its last seq.
"""

from __future__ import annotations

import asyncio
from collections import deque
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
"""The session was deleted, or this socket's token revoked, or its player removed."""
BAD_REQUEST = 4400
REPLACED = 4409
"""The same token opened a newer socket and this, its oldest, made room; like every 4xxx code,
browsers' htmx does not reconnect on it (it does on 1006, 1011, 1012 and 1013 only)."""
UNEXPECTED = 1008
"""The client sent a frame it had no reason to send (pages send none, API clients one)."""
TOO_BIG = 1009
TOO_SLOW = 1013
"""'Try again later': the one close code, besides a restart, that browsers' htmx reconnects on."""
RESTARTING = 1012
QUEUE_SIZE = 256
MAX_FRAME_BYTES = 8 * 1024
"""The largest frame a client may send; the event socket's first frame is a few dozen bytes."""
SOCKETS_PER_PRINCIPAL = 4
"""Open sockets per token on one worker: a few tabs and the projector; the oldest gives way."""


@dataclass(eq=False, slots=True)
class Connection:
    """A socket's identity and its mailbox: a bounded deque and one waiter, far lighter than
    an ``asyncio.Queue`` (thousands of these live in one process)."""

    session_id: str
    kind: ViewerKind
    player_id: str | None
    language: str
    last_seq: int
    send: Callable[[str], Awaitable[None]]
    render: Renderer
    greet: Greeter | None = None
    watch: Watcher | None = None
    token_hash: str | None = None
    """Which token opened it, so that revoking the token closes it."""
    close_code: int = 1000
    closed: bool = False
    _items: deque[tuple[int | None, str | None]] = field(default_factory=deque)
    _waiter: asyncio.Future[None] | None = None

    def _put(self, item: tuple[int | None, str | None]) -> None:
        if self.closed:
            return
        if len(self._items) >= QUEUE_SIZE:
            self.kick(TOO_SLOW)
            return
        self._items.append(item)
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def offer(self, seq: int, payload: str | None) -> None:
        """Queue one event (``None`` when this viewer may not see it: it still moves ``seq``)."""
        self._put((seq, payload))

    def push(self, payload: str) -> None:
        """Queue something that is not an event (a presence change); it carries no seq."""
        self._put((None, payload))

    def kick(self, code: int) -> None:
        """Close this socket with ``code``; wakes the sender even when its mailbox is full."""
        if self.closed:
            return
        self.close_code = code
        self.closed = True
        self._wake()

    async def next(self) -> tuple[int | None, str | None] | None:
        """The next queued item, or None once the connection is closed."""
        while not self._items and not self.closed:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        if self.closed:
            return None
        return self._items.popleft()

    def pending(self) -> list[tuple[int | None, str | None]]:
        """What is queued and not yet sent (for tests and diagnostics)."""
        return list(self._items)

    def fresh(self, seq: int | None) -> bool:
        """True once per seq: replay and live delivery may overlap, a client sees each once."""
        if seq is None:
            return True
        if seq <= self.last_seq:
            return False
        self.last_seq = seq
        return True
