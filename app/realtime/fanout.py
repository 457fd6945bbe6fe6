"""Realtime layer: one event to many sockets, rendered once per audience, never blocking.

Sockets that share an audience (the same kind, role, language and rendering: JSON frames for
API clients, HTML fragments for the browser pages) get the very same bytes, so
a session of twelve laptops costs at most a handful of renders per event. Handing a frame over
is a non-blocking queue put: a socket whose queue is full is dropped to resume later, and the
others never wait for it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable

from app.engine import views
from app.engine.events import Recorded
from app.engine.state import SessionState
from app.realtime.connection import GONE, Connection, Renderer, Scene, Watcher

log = logging.getLogger(__name__)


def json_frame(scene: Scene, record: Recorded) -> str | None:
    """The API clients' rendering: the JSON frame ``{seq, type, at, data}``."""
    frame = views.frame(scene.state, scene.audience, record, scene.language)
    return json.dumps(frame, ensure_ascii=False) if frame else None


def _safely(render: Renderer, scene: Scene, record: Recorded) -> str | None:
    """One broken rendering must not stop the session for everyone: it is logged and skipped,
    and the socket catches up at its next (re)connect."""
    try:
        return render(scene, record)
    except Exception:
        log.exception("rendering %s for %s failed", record.event.type, scene.audience)
        return None


def online(connections: Iterable[Connection]) -> frozenset[str]:
    return frozenset(c.player_id for c in connections if c.player_id and not c.closed)


def fan_out(
    state: SessionState,
    record: Recorded,
    connections: Collection[Connection],
    present: frozenset[str] = frozenset(),
) -> int:
    """Queue ``record`` for every connection; returns how many renders it took."""
    rendered: dict[tuple[views.Audience, str, Renderer], str | None] = {}
    for connection in connections:
        audience = views.audience_of(state, connection.kind, connection.player_id)
        if audience is None:
            connection.kick(GONE)
            continue
        key = (audience, connection.language, connection.render)
        if key not in rendered:
            scene = Scene(state, audience, connection.language, present)
            rendered[key] = _safely(connection.render, scene, record)
        connection.offer(record.seq, rendered[key])
    return len(rendered)


def presence_changed(
    state: SessionState, connections: Collection[Connection], present: frozenset[str]
) -> None:
    """Tell the sockets that watch presence (the facilitator's grid) who is here now."""
    rendered: dict[tuple[views.Audience, str, Watcher], str | None] = {}
    for connection in connections:
        audience = views.audience_of(state, connection.kind, connection.player_id)
        if connection.watch is None or audience is None:
            continue
        key = (audience, connection.language, connection.watch)
        if key not in rendered:
            rendered[key] = connection.watch(Scene(state, audience, connection.language, present))
        payload = rendered[key]
        if payload is not None:
            connection.push(payload)
