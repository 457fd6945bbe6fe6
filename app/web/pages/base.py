"""Web layer: what every session page's template needs, from the snapshot the API answers.

The context is the same for every viewer in one audience and language, so a live push can be
rendered once and sent to all of them; anything about "me" is left to the page's script.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import TypedDict

from app.engine import shapes
from app.engine.shapes import DocumentView, PhaseView
from app.engine.snapshot import PlayerCard, RoleCard, Snapshot
from app.engine.spec import Logic
from app.web.i18n import N_, translator
from app.web.pages.live import Seen

LOGIC_MSGIDS: dict[Logic, str] = {
    "professional": N_("professional logic"),
    "network": N_("network logic"),
    "organisational": N_("organisational logic"),
}


class PageContext(TypedDict):
    view: Snapshot
    roles: dict[str, RoleCard]
    role: RoleCard | None
    duo: list[PlayerCard]
    names: dict[str, str]
    briefs: list[DocumentView]
    casefile: list[DocumentView]
    logic_names: dict[Logic, str]
    now: str | None
    clock: str
    lang: str
    _: Callable[[str], str]


def clock_text(phase: PhaseView, now: float) -> str:
    """The countdown as it reads now, so a page shows the time even before its script runs."""
    if phase["paused"] and phase["remaining_s"] is not None:
        left = float(phase["remaining_s"])
    elif phase["deadline"] is not None:
        left = datetime.fromisoformat(phase["deadline"]).timestamp() - now
    else:
        return ""
    seconds = max(0, math.ceil(left))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def page_context(seen: Seen) -> PageContext:
    view, audience = seen.view, seen.audience
    translate = translator(seen.language)
    roles = {r["id"]: r for r in view["roles"]}
    mine = [audience.role_id] if audience.role_id else []
    return {
        "view": view,
        "roles": roles,
        "role": roles.get(audience.role_id) if audience.role_id else None,
        "duo": [p for p in view["players"] if mine and p["role_id"] == audience.role_id],
        "names": {p["id"]: p["name"] for p in view["players"]},
        "briefs": [d for d in reversed(view["documents"]) if mine and d["audience"] == mine],
        "casefile": [d for d in reversed(view["documents"]) if d["audience"] != mine or not mine],
        "logic_names": {k: translate(v) for k, v in LOGIC_MSGIDS.items()},
        "now": shapes.iso(seen.now),
        "clock": clock_text(view["phase"], seen.now),
        "lang": seen.language,
        "_": translate,
    }
