"""Web layer: what the observer's console needs on top of the shared page context: the
scenario's built-in collisions per round, each marked once something was logged against it."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from app.engine import views
from app.engine.spec import pick
from app.engine.state import SessionState
from app.web.i18n import translator
from app.web.page_context import context


def observer_context(
    state: SessionState,
    audience: views.Audience,
    language: str,
    now: float,
    online: Collection[str] = (),
) -> dict[str, Any]:
    """A live page's builder (see ``live_pages``); the page is always the observer's."""
    translate = translator(language)
    page = context(state, views.Audience("observer"), language, translate, now, online=online)
    observed: dict[str, int] = {}
    for collision in state.collisions:
        if collision.designed_id:
            observed[collision.designed_id] = observed.get(collision.designed_id, 0) + 1
    designed = [
        {
            "id": d.id,
            "round": d.round,
            "logic": d.logic,
            "roles": list(d.roles),
            "title": pick(d.title, language),
            "watch_for": pick(d.watch_for, language),
            "observed": observed.get(d.id, 0),
        }
        for d in state.spec.designed_collisions
    ]
    current = state.phase.round
    return page | {
        "designed_by_round": [
            (number, [d for d in designed if d["round"] == number]) for number in (1, 2, 3)
        ],
        "current_round": current,
        "role_names": {r["id"]: r["name"] for r in page["view"]["roles"]},
        "default_logic": state.phase.logic or "professional",
        "log": list(reversed(page["view"].get("collisions", []))),
    }
