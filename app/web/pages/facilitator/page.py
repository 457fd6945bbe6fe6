"""Web layer: the facilitator's panel: its regions, the events that touch them, its context.

The seat grid counts a duo as present when either partner has a live socket, and shows a role
with nobody online in red, so a missing duo is visible at a glance while talking to the room.
"""

from __future__ import annotations

from typing import TypedDict

from app.engine.shapes import DocumentView, InjectView
from app.engine.snapshot import PlayerCard, QuestionView, RoleCard, Snapshot
from app.engine.spec import pick
from app.engine.vocabulary import NeedVerdict, ScreenShow
from app.web.i18n import N_, translator
from app.web.pages.base import PageContext, page_context
from app.web.pages.live import COLLISION_EVENTS, LivePage, Seen

SCREEN_CHOICES: tuple[tuple[ScreenShow, str], ...] = (
    ("auto", N_("Automatic")),
    ("phase", N_("Phase and timer")),
    ("join", N_("How to join")),
    ("agreements", N_("Agreements")),
    ("collisions", N_("Starred collisions")),
)
VERDICT_MSGIDS: dict[NeedVerdict, str] = {
    "met": N_("met"),
    "partly": N_("partly met"),
    "not_met": N_("not met"),
}


class GridRow(TypedDict):
    role: RoleCard
    players: list[PlayerCard]
    present: bool
    notes: int
    reflections: int


class PanelInject(InjectView):
    phase_title: str


class PanelContext(PageContext):
    grid: list[GridRow]
    roles_of: dict[str, str | None]
    phase_count: int
    injects: list[PanelInject]
    questions: list[QuestionView]
    screen_choices: list[tuple[ScreenShow, str]]
    verdict_choices: list[tuple[NeedVerdict, str]]
    mayor_brief: DocumentView | None


def _grid(view: Snapshot) -> list[GridRow]:
    rows: list[GridRow] = []
    activity = view.get("activity", {})
    for role in view["roles"]:
        players = [p for p in view["players"] if p["role_id"] == role["id"]]
        counts = activity.get(role["id"], {"notes": 0, "reflections": 0})
        rows.append(
            {
                "role": role,
                "players": players,
                "present": any(p["online"] for p in players),
                "notes": counts["notes"],
                "reflections": counts["reflections"],
            }
        )
    return rows


def panel_context(seen: Seen) -> PanelContext:
    """The panel's builder; whoever asks, the panel is always the facilitator's."""
    translate = translator(seen.language)
    spec, view = seen.spec, seen.view
    mayor = view.get("mayor")
    brief = next((d for d in view["documents"] if mayor and d["id"] == mayor["brief_id"]), None)
    titles = {p.id: pick(p.title, seen.language) for p in spec.phases}
    return {
        **page_context(seen),
        "grid": _grid(view),
        "roles_of": {p["id"]: p["role_id"] for p in view["players"]},
        "phase_count": len(spec.phases),
        "injects": [
            {**inject, "phase_title": titles[inject["phase_id"]]}
            for inject in view.get("injects", [])
        ],
        "questions": [{"id": q.id, "text": pick(q.text, seen.language)} for q in spec.questions],
        "screen_choices": [(key, translate(label)) for key, label in SCREEN_CHOICES],
        "verdict_choices": [(key, translate(label)) for key, label in VERDICT_MSGIDS.items()],
        "mayor_brief": brief,
    }


FACILITATOR = LivePage[PanelContext](
    template="panel.html",
    build=panel_context,
    regions=(
        "phase",
        "grid",
        "hands",
        "lobby",
        "injects",
        "messages",
        "screen",
        "mayor",
        "agreements",
        "collisions",
    ),
    touched={
        "phase.changed": ("injects", "screen"),
        "player.joined": ("grid", "lobby"),
        "joining.changed": ("lobby",),
        "document.released": ("injects", "mayor"),
        "note.added": ("grid",),
        "reflection.added": ("grid",),
        "agreement.added": ("agreements",),
        "message.sent": ("messages",),
        "hand.raised": ("grid", "hands"),
        "hand.lowered": ("grid", "hands"),
        "verdict.recorded": ("mayor",),
        "screen.changed": ("screen",),
    }
    | dict.fromkeys(COLLISION_EVENTS, ("collisions",)),
    presence=("grid",),
)
