"""Web layer: the observer's page: its regions, the events that touch them, and its context:
the scenario's built-in collisions per round, each marked once something was logged against it."""

from __future__ import annotations

from typing import TypedDict

from app.engine.shapes import CollisionRecord
from app.engine.spec import ROUNDS, Logic, Round, pick
from app.web.pages.base import PageContext, page_context
from app.web.pages.live import COLLISION_EVENTS, LivePage, Seen


class Designed(TypedDict):
    id: str
    round: Round
    logic: Logic
    roles: list[str]
    title: str
    watch_for: str
    observed: int


class ObserverContext(PageContext):
    designed_by_round: list[tuple[Round, list[Designed]]]
    current_round: int | None
    """The running phase's round; 0 for the lobby and None after the rounds."""
    role_names: dict[str, str]
    default_logic: Logic
    log: list[CollisionRecord]


def observer_context(seen: Seen) -> ObserverContext:
    """The observer's builder; the facilitator logs collisions from the panel instead."""
    page = page_context(seen)
    logged = seen.view.get("collisions", [])
    observed: dict[str, int] = {}
    for collision in logged:
        if collision["designed_id"]:
            observed[collision["designed_id"]] = observed.get(collision["designed_id"], 0) + 1
    designed: list[Designed] = [
        {
            "id": d.id,
            "round": d.round,
            "logic": d.logic,
            "roles": list(d.roles),
            "title": pick(d.title, seen.language),
            "watch_for": pick(d.watch_for, seen.language),
            "observed": observed.get(d.id, 0),
        }
        for d in seen.spec.designed_collisions
    ]
    phase = seen.view["phase"]
    return {
        **page,
        "designed_by_round": [
            (number, [d for d in designed if d["round"] == number]) for number in ROUNDS
        ],
        "current_round": phase["round"],
        "role_names": {r["id"]: r["name"] for r in seen.view["roles"]},
        "default_logic": phase["logic"] or "professional",
        "log": list(reversed(logged)),
    }


OBSERVER = LivePage[ObserverContext](
    template="observer.html",
    build=observer_context,
    regions=("phase", "timeline", "checklist"),
    touched={"phase.changed": ("checklist",)}
    | dict.fromkeys(COLLISION_EVENTS, ("timeline", "checklist")),
)
