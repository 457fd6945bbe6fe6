"""Web layer: what a page template needs, built from the same snapshot the API answers.

The context is the same for every viewer in one audience and language, so a live push can be
rendered once and sent to all of them; anything about "me" is left to the page's script.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from typing import Any

from app.engine import shapes, snapshot, views
from app.engine.state import SessionState
from app.web.i18n import N_

LOGIC_MSGIDS = {
    "professional": N_("professional logic"),
    "network": N_("network logic"),
    "organisational": N_("organisational logic"),
}


def clock_text(phase: dict[str, Any], now: float, deadline: float | None) -> str:
    """The countdown as it reads now, so a page shows the time even before its script runs."""
    if phase.get("paused") and phase.get("remaining_s") is not None:
        left = float(phase["remaining_s"])
    elif deadline is not None:
        left = deadline - now
    else:
        return ""
    seconds = max(0, math.ceil(left))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def context(
    state: SessionState,
    audience: views.Audience,
    language: str,
    translate: Callable[[str], str],
    now: float,
    me: dict[str, Any] | None = None,
    online: Collection[str] = (),
) -> dict[str, Any]:
    view = snapshot.snapshot(state, audience, me or {"kind": audience.kind}, language, online)
    roles = {r["id"]: r for r in view["roles"]}
    role = roles.get(audience.role_id) if audience.role_id else None
    mine = [audience.role_id] if audience.role_id else []
    return {
        "view": view,
        "roles": roles,
        "role": role,
        "duo": [
            p for p in view["players"] if audience.role_id and p["role_id"] == audience.role_id
        ],
        "names": {p["id"]: p["name"] for p in view["players"]},
        "briefs": [d for d in reversed(view["documents"]) if d["audience"] == mine and mine],
        "casefile": [d for d in reversed(view["documents"]) if d["audience"] != mine or not mine],
        "logic_names": {k: translate(v) for k, v in LOGIC_MSGIDS.items()},
        "now": shapes.iso(now),
        "clock": clock_text(view["phase"], now, state.timer.deadline),
        "lang": language,
        "_": translate,
    }
