"""Services layer: who holds a token, remembered so a busy session does not ask the database
on every request and every socket.

A principal never changes once created; it only ends, when its token is revoked (a removed
player, a re-issued staff link) or its session is deleted, and then it must stop working at once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from app.engine import commands as cmd
from app.engine.vocabulary import PRINCIPAL_KINDS, PrincipalKind


@dataclass(frozen=True)
class Who:
    """An authenticated principal of one session."""

    session_id: str
    kind: PrincipalKind
    player_id: str | None = None

    @property
    def actor(self) -> cmd.Actor:
        return cmd.Actor(self.kind, self.player_id)


def principal_kind(stored: str) -> PrincipalKind:
    """A principal's kind as read back from its row; any other word there is a broken row."""
    for kind in PRINCIPAL_KINDS:
        if kind == stored:
            return kind
    raise ValueError(f"a principal of unknown kind {stored!r}")


TTL_S = 60.0
"""How long a remembered principal is trusted without asking the database again: a backstop for
a revocation whose broadcast to this worker was lost (the broadcast backend was down then)."""
ENDED_KEPT = 4096
"""How many ended tokens and sessions are remembered, so that a lookup which read the row just
before it was deleted cannot put it back into the cache just after it was forgotten."""


class PrincipalCache:
    def __init__(self, capacity: int = 20_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._capacity = capacity
        self._clock = clock
        self._known: OrderedDict[str, tuple[Who, float]] = OrderedDict()
        self._ended: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token_hash: str) -> Who | None:
        with self._lock:
            entry = self._known.get(token_hash)
            if entry is None:
                return None
            who, since = entry
            if self._clock() - since > TTL_S:
                del self._known[token_hash]
                return None
            self._known.move_to_end(token_hash)
            return who

    def put(self, token_hash: str, who: Who) -> None:
        with self._lock:
            if token_hash in self._ended or who.session_id in self._ended:
                return  # ended while it was being looked up: never remember it again
            self._known[token_hash] = (who, self._clock())
            while len(self._known) > self._capacity:
                self._known.popitem(last=False)

    def _end(self, key: str) -> None:
        self._ended[key] = None
        self._ended.move_to_end(key)
        while len(self._ended) > ENDED_KEPT:
            self._ended.popitem(last=False)

    def forget(self, token_hash: str) -> None:
        """A revoked token: the next request with it asks the database, which says no."""
        with self._lock:
            self._known.pop(token_hash, None)
            self._end(token_hash)

    def forget_session(self, session_id: str) -> None:
        with self._lock:
            for token_hash in [
                h for h, (w, _) in self._known.items() if w.session_id == session_id
            ]:
                del self._known[token_hash]
            self._end(session_id)
