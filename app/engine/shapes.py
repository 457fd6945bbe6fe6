"""Engine layer: how engine facts look on the wire (JSON-ready dicts, ISO times, one language).

Only shapes live here; who may see which shape is decided in ``views``. A record has the same
shape whether it arrives in a live frame or in a state snapshot, so a client can merge the two.

The API speaks UTC (``…Z``). The session's record, made to be read later by people in one place
(the report, the exports), shows its times in the session's zone, with their offset: the caller
passes that zone as a ``tzinfo``, since finding one by name reads the system's zone data.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, tzinfo
from typing import Any

from app.engine import events as ev
from app.engine.spec import DocumentSpec, ScenarioSpec, pick
from app.engine.state import SessionState, Timer

_OWN_IDS = ("collision_id", "note_id", "agreement_id", "reflection_id", "message_id")


def iso(moment: float | None, zone: tzinfo | None = None) -> str | None:
    """``2025-05-06T12:05:01.123Z``, or in ``zone`` with its offset: ``…T14:05:01.123+02:00``."""
    if moment is None:
        return None
    stamp = datetime.fromtimestamp(moment, zone or UTC).isoformat(timespec="milliseconds")
    return stamp if zone is not None else stamp.replace("+00:00", "Z")


def phase(
    spec: ScenarioSpec, timer: Timer, language: str, zone: tzinfo | None = None
) -> dict[str, Any]:
    index = spec.phase_index(timer.phase_id)
    current = spec.phases[index]
    following = spec.phases[index + 1] if index + 1 < len(spec.phases) else None
    return {
        "id": current.id,
        "kind": current.kind,
        "round": current.round,
        "logic": current.logic,
        "title": pick(current.title, language),
        "instructions": pick(current.instructions, language),
        "index": index,
        "next": {"id": following.id, "title": pick(following.title, language)}
        if following
        else None,
        "duration_s": current.duration_s,
        "started_at": iso(timer.started_at, zone),
        "deadline": iso(timer.deadline, zone),
        "paused": timer.paused,
        "remaining_s": timer.remaining_s,
    }


def timer_of(event: ev.PhaseEvent) -> Timer:
    return Timer(
        event.phase_id,
        event.started_at,
        event.budget_s,
        event.deadline,
        event.paused,
        event.remaining_s,
    )


def document(
    scenario: ScenarioSpec,
    spec: DocumentSpec,
    released_at: float,
    language: str,
    zone: tzinfo | None = None,
) -> dict[str, Any]:
    return {
        "id": spec.id,
        "title": pick(spec.title, language),
        "body": pick(spec.body, language),
        "audience": list(spec.audience),
        "phase_id": spec.phase_id,
        "round": scenario.phases[scenario.phase_index(spec.phase_id)].round,
        "inject": spec.is_inject,
        "released_at": iso(released_at, zone),
    }


def record_from_event(event: ev.Event, at: float) -> dict[str, Any]:
    data = ev.encode(event)
    for key in _OWN_IDS:
        if key in data:
            data["id"] = data.pop(key)
    data["at"] = iso(at)
    return data


def record(item: Any, zone: tzinfo | None = None) -> dict[str, Any]:
    """A state record (collision, note, agreement, reflection) in its wire shape."""
    data = {
        f.name: list(v) if isinstance(v := getattr(item, f.name), tuple) else v
        for f in dataclasses.fields(item)
    }
    data["at"] = iso(item.at, zone)
    if zone is not None and data.get("edited_at") is not None:  # the API sends epoch seconds
        data["edited_at"] = iso(item.edited_at, zone)
    return data


def mayor(state: SessionState, language: str) -> dict[str, Any] | None:
    """The mayor's needs with the latest verdict on each."""
    mayor = state.spec.mayor
    if mayor is None:
        return None
    needs = []
    for need in mayor.needs:
        verdict = state.verdict(need.id)
        needs.append(
            {
                "id": need.id,
                "title": pick(need.title, language),
                "verdict": verdict.verdict if verdict else None,
                "comment": verdict.comment if verdict else "",
            }
        )
    return {"brief_id": mayor.brief_id, "needs": needs}
