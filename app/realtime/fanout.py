"""Realtime layer: one event to many sockets, rendered once per audience, never blocking.

Sockets that share an audience (the same kind, role, language and rendering: JSON frames for
API clients, HTML fragments for the browser pages) get the very same bytes, so
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
from app.realtime.connection import GONE, Connection, Renderer


def json_frame(
    state: SessionState, audience: views.Audience, record: Recorded, language: str
) -> str | None:
    """The API clients' rendering: the JSON frame ``{seq, type, at, data}``."""
    frame = views.frame(state, audience, record, language)
    return json.dumps(frame, ensure_ascii=False) if frame else None


def fan_out(state: SessionState, record: Recorded, connections: Iterable[Connection]) -> int:
    """Queue ``record`` for every connection; returns how many renders it took."""
    rendered: dict[tuple[views.Audience, str, Renderer], str | None] = {}
    for connection in connections:
        audience = views.audience_of(state, connection.kind, connection.player_id)
        if audience is None:
            connection.kick(GONE)
            continue
        key = (audience, connection.language, connection.render)
        if key not in rendered:
            rendered[key] = connection.render(state, audience, record, connection.language)
        connection.offer(record.seq, rendered[key])
    return len(rendered)
