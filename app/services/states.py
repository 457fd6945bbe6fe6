"""Services layer: a bounded cache of rebuilt session states, kept up to date from the log.

Replaying a whole log on every command would grow with the session; instead the cache keeps the
last state and applies only the events it has not seen. It is read from request threads, so
every change is under a lock, and it stays correct with several workers because it always asks
the database what came after the seq it holds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlmodel import Session

from app.content import Content
from app.db import repository as repo
from app.engine import events as ev
from app.engine.decide import apply
from app.engine.evolve import replay
from app.engine.spec import ScenarioSpec
from app.engine.state import SessionState


class UnknownSession(LookupError):
    """The session does not exist (or no longer does)."""


class StateCache:
    def __init__(self, content: Content, capacity: int = 2000) -> None:
        self._content = content
        self._capacity = capacity
        self._states: OrderedDict[str, SessionState] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, db: Session, session_id: str, known_seq: int | None = None) -> SessionState:
        """The session's state as the database has it now; ``known_seq`` (the locked row's
        ``last_seq``) spares the query when the cache is already there."""
        with self._lock:
            cached = self._states.get(session_id)
        if cached is not None and known_seq is not None and cached.seq == known_seq:
            return cached
        if cached is None:
            records = repo.events_after(db, session_id)
            if not records or not isinstance(records[0].event, ev.SessionCreated):
                raise UnknownSession(session_id)
            state = replay(self._scenario(records[0].event.scenario_id), session_id, records)
        else:
            state = apply(cached, repo.events_after(db, session_id, cached.seq))
        self.put(state)
        return state

    def put(self, state: SessionState) -> None:
        with self._lock:
            held = self._states.get(state.session_id)
            if held is None or held.seq <= state.seq:
                self._states[state.session_id] = state
            self._states.move_to_end(state.session_id)
            while len(self._states) > self._capacity:
                self._states.popitem(last=False)

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._states.pop(session_id, None)

    def _scenario(self, scenario_id: str) -> ScenarioSpec:
        try:
            return self._content.scenarios[scenario_id]
        except KeyError as missing:
            raise UnknownSession(f"scenario {scenario_id!r} is no longer installed") from missing
