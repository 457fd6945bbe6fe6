"""Web layer: what the facilitator's panel needs on top of the shared page context.

The seat grid counts a duo as present when either partner has a live socket, and shows a role
with nobody online in red, so a missing duo is visible at a glance while talking to the room.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from app.engine import phases, shapes, views
from app.engine.spec import pick
from app.engine.state import SessionState
from app.web.i18n import N_, translator
from app.web.page_context import context

SCREEN_CHOICES = (
    ("auto", N_("Automatic")),
    ("phase", N_("Phase and timer")),
    ("join", N_("How to join")),
    ("agreements", N_("Agreements")),
    ("collisions", N_("Starred collisions")),
)
VERDICT_CHOICES = (("met", N_("met")), ("partly", N_("partly met")), ("not_met", N_("not met")))


def _grid(view: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for role in view["roles"]:
        players = [p for p in view["players"] if p["role_id"] == role["id"]]
        activity = view.get("activity", {}).get(role["id"], {})
        rows.append(
            {
                "role": role,
                "players": players,
                "present": any(p["online"] for p in players),
                "notes": activity.get("notes", 0),
                "reflections": activity.get("reflections", 0),
            }
        )
    return rows


def _injects(state: SessionState, language: str) -> list[dict[str, Any]]:
    spec = state.spec
    return [
        {
            "id": d.id,
            "title": pick(d.title, language),
            "phase_id": d.phase_id,
            "phase_title": pick(spec.phases[spec.phase_index(d.phase_id)].title, language),
            "trigger": d.trigger,
            "released": state.is_released(d.id),
            "due_at": shapes.iso(phases.due_moment(state, d)),
        }
        for d in spec.documents
        if d.is_inject
    ]


def console_context(
    state: SessionState,
    audience: views.Audience,
    language: str,
    now: float,
    online: Collection[str] = (),
) -> dict[str, Any]:
    """A live page's builder (see ``live_pages``); the page is always the facilitator's."""
    translate = translator(language)
    page = context(state, views.Audience("facilitator"), language, translate, now, online=online)
    view = page["view"]
    mayor = view.get("mayor")
    brief = next((d for d in view["documents"] if mayor and d["id"] == mayor["brief_id"]), None)
    return page | {
        "grid": _grid(view),
        "roles_of": {p["id"]: p["role_id"] for p in view["players"]},
        "phase_count": len(state.spec.phases),
        "injects": _injects(state, language),
        "questions": [{"id": q.id, "text": pick(q.text, language)} for q in state.spec.questions],
        "screen_choices": [(key, translate(label)) for key, label in SCREEN_CHOICES],
        "verdict_choices": [(key, translate(label)) for key, label in VERDICT_CHOICES],
        "mayor_brief": brief,
    }
