"""Realtime layer: telling every worker that a session moved, and the message that says so.

Publishing needs only the broadcast backend, not the hub: the services publish through it, and
the hub is built on the services' context, so the app builds the backend, this publisher, the
context and the hub one after the other, with no object waiting for one built after it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from app.engine import events as ev
from app.realtime.broadcast import BroadcastBackend

log = logging.getLogger(__name__)


def channel_name(session_id: str) -> str:
    return f"cl.{session_id}"


def decode(items: list[dict[str, Any]]) -> list[ev.Recorded]:
    """The records a published message carries, as ``EventPublisher`` encoded them."""
    return [ev.Recorded(i["seq"], i["at"], ev.decode(i["type"], i["data"])) for i in items]


def _encode(records: Sequence[ev.Recorded]) -> list[dict[str, Any]]:
    return [
        {"seq": r.seq, "at": r.at, "type": r.event.type, "data": ev.encode(r.event)}
        for r in records
    ]


class EventPublisher:
    def __init__(self, backend: BroadcastBackend) -> None:
        self.backend = backend

    async def publish(self, session_id: str, records: Sequence[ev.Recorded]) -> None:
        """Tell every worker that ``session_id`` moved; called only after the commit."""
        if not records:
            return
        upto = records[-1].seq
        message = json.dumps({"upto": upto, "records": _encode(records)}, ensure_ascii=False)
        if len(message.encode("utf-8")) > self.backend.max_message_bytes:
            message = json.dumps({"upto": upto})
        try:
            await self.backend.publish(channel_name(session_id), message)
        except Exception:  # the log has it; sockets catch up on their next event or resume
            log.exception("could not broadcast session %s up to seq %s", session_id, upto)
