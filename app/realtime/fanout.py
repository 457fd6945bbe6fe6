"""Realtime layer: one event to many sockets, rendered once per audience, never blocking.

Sockets that share an audience (the same kind, role and language) get the very same bytes, so
a session of twelve laptops costs at most a handful of renders per event. Handing a frame over
is a non-blocking queue put: a socket whose queue is full is dropped to resume later, and the
others never wait for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from app.engine import views
from app.engine.events import Recorded
from app.engine.state import SessionState
from app.realtime.connection import GONE, Connection


def fan_out(state: SessionState, record: Recorded, connections: Iterable[Connection]) -> int:
    """Queue ``record`` for every connection; returns how many renders it took."""
    rendered: dict[tuple[views.Audience, str], str | None] = {}
    for connection in connections:
        audience = views.audience_of(state, connection.kind, connection.player_id)
        if audience is None:
            connection.kick(GONE)
            continue
        key = (audience, connection.language)
        if key not in rendered:
            frame = views.frame(state, audience, record, connection.language)
            rendered[key] = json.dumps(frame, ensure_ascii=False) if frame else None
        connection.offer(record.seq, rendered[key])
    return len(rendered)
