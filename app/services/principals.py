"""Services layer: who holds a token, remembered so a busy session does not ask the database
on every request and every socket.

A principal never changes once created; it only ends, when its token is revoked (a removed
player, a re-issued staff link) or its session is deleted, and then it must stop working at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from app.engine import commands as cmd


@dataclass(frozen=True)
class Who:
    """An authenticated principal of one session."""

    session_id: str
    kind: str
    player_id: str | None = None

    @property
    def actor(self) -> cmd.Actor:
        kind: cmd.ActorKind = (
            "player"
            if self.kind == "player"
            else ("facilitator" if self.kind == "facilitator" else "observer")
        )
        return cmd.Actor(kind, self.player_id)


class PrincipalCache:
    def __init__(self, capacity: int = 20_000) -> None:
        self._capacity = capacity
        self._known: OrderedDict[str, Who] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token_hash: str) -> Who | None:
        with self._lock:
            who = self._known.get(token_hash)
            if who is not None:
                self._known.move_to_end(token_hash)
            return who

    def put(self, token_hash: str, who: Who) -> None:
        with self._lock:
            self._known[token_hash] = who
            while len(self._known) > self._capacity:
                self._known.popitem(last=False)

    def forget(self, token_hash: str) -> None:
        """A revoked token: the next request with it asks the database, which says no."""
        with self._lock:
            self._known.pop(token_hash, None)

    def forget_session(self, session_id: str) -> None:
        with self._lock:
            for token_hash in [h for h, w in self._known.items() if w.session_id == session_id]:
                del self._known[token_hash]
