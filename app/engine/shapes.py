"""Engine layer: how engine facts look on the wire (JSON-ready dicts, ISO times, one language).

Only shapes live here; who may see which shape is decided in ``views``. A record has the same
shape whether it arrives in a live frame or in a state snapshot, so a client can merge the two.
Each shape is a ``TypedDict``: a plain dict at run time, so the JSON is what it always was, and
a page that reads a key no shape has is a type error.

The API speaks UTC (``…Z``). The session's record, made to be read later by people in one place
(the report, the exports), shows its times in the session's zone, with their offset: the caller
passes that zone as a ``tzinfo``, since finding one by name reads the system's zone data.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal, TypedDict, cast, overload

from app.engine import events as ev
from app.engine import phases
from app.engine.spec import DocumentSpec, Logic, PhaseKind, ScenarioSpec, pick
from app.engine.state import (
    Agreement,
    Collision,
    Message,
    Note,
    Reflection,
    SessionState,
    Timer,
)
from app.engine.vocabulary import AgreementOutcome, NeedVerdict

_OWN_IDS = ("collision_id", "note_id", "agreement_id", "reflection_id", "message_id")


class NextPhase(TypedDict):
    id: str
    title: str


class PhaseView(TypedDict):
    id: str
    kind: PhaseKind
    round: int | None
    logic: Logic | None
    title: str
    instructions: str
    index: int
    next: NextPhase | None
    duration_s: int
    started_at: str
    deadline: str | None
    paused: bool
    remaining_s: float | None


class DocumentView(TypedDict):
    id: str
    title: str
    body: str
    audience: list[str]
    phase_id: str
    round: int | None
    inject: bool
    released_at: str


class InjectView(TypedDict):
    """An inject as the facilitator steers it: out yet, and when a timed one falls due."""

    id: str
    title: str
    phase_id: str
    trigger: Literal["manual", "timed"] | None
    after_s: int | None
    audience: list[str]
    released: bool
    due_at: str | None


class MayorNeed(TypedDict):
    id: str
    title: str
    verdict: NeedVerdict | None
    comment: str


class MayorView(TypedDict):
    brief_id: str
    needs: list[MayorNeed]


# The records below repeat their state dataclass's fields in order, tuples as lists and ``at``
# as ISO text; ``tests/engine/test_shapes.py`` holds each to its dataclass.


class CollisionRecord(TypedDict):
    id: str
    roles: list[str]
    logic: Logic
    note: str
    starred: bool
    designed_id: str | None
    phase_id: str
    round: int | None
    by: str
    at: str
    edited_at: float | str | None  # epoch seconds in the API, ISO text in the session's zone


class NoteRecord(TypedDict):
    id: str
    player_id: str
    role_id: str
    text: str
    at: str


class AgreementRecord(TypedDict):
    id: str
    what: str
    who: str
    when: str
    monitor: str
    fallback: str
    review: str
    by: str
    role_id: str | None
    phase_id: str
    at: str
    outcome: AgreementOutcome | None


class ReflectionRecord(TypedDict):
    id: str
    player_id: str
    role_id: str | None
    phase_id: str
    question_id: str | None
    text: str
    at: str


class MessageRecord(TypedDict):
    id: str
    text: str
    role_id: str | None
    at: str


@overload
def iso(moment: float, zone: tzinfo | None = None) -> str: ...
@overload
def iso(moment: float | None, zone: tzinfo | None = None) -> str | None: ...
def iso(moment: float | None, zone: tzinfo | None = None) -> str | None:
    """``2025-05-06T12:05:01.123Z``, or in ``zone`` with its offset: ``…T14:05:01.123+02:00``."""
    if moment is None:
        return None
    stamp = datetime.fromtimestamp(moment, zone or UTC).isoformat(timespec="milliseconds")
    return stamp if zone is not None else stamp.replace("+00:00", "Z")


def phase(spec: ScenarioSpec, timer: Timer, language: str, zone: tzinfo | None = None) -> PhaseView:
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


def document(
    scenario: ScenarioSpec,
    spec: DocumentSpec,
    released_at: float,
    language: str,
    zone: tzinfo | None = None,
) -> DocumentView:
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


def inject(state: SessionState, spec: DocumentSpec, language: str) -> InjectView:
    return {
        "id": spec.id,
        "title": pick(spec.title, language),
        "phase_id": spec.phase_id,
        "trigger": spec.trigger,
        "after_s": spec.after_s,
        "audience": list(spec.audience),
        "released": state.is_released(spec.id),
        "due_at": iso(phases.due_moment(state, spec)),
    }


def record_from_event(event: ev.Event, at: float) -> dict[str, Any]:
    """Any event's fields as a live frame's data, its own id as ``id``.

    Its keys are those of whichever event it was (``events.encode``), so the one type that fits
    them all is a dict; the event dataclasses are where those keys are typed.
    """
    data = ev.encode(event)
    for key in _OWN_IDS:
        if key in data:
            data["id"] = data.pop(key)
    data["at"] = iso(at)
    return data


StateRecord = Collision | Note | Agreement | Reflection | Message
RecordView = CollisionRecord | NoteRecord | AgreementRecord | ReflectionRecord | MessageRecord


@overload
def record(item: Collision, zone: tzinfo | None = None) -> CollisionRecord: ...
@overload
def record(item: Note, zone: tzinfo | None = None) -> NoteRecord: ...
@overload
def record(item: Agreement, zone: tzinfo | None = None) -> AgreementRecord: ...
@overload
def record(item: Reflection, zone: tzinfo | None = None) -> ReflectionRecord: ...
@overload
def record(item: Message, zone: tzinfo | None = None) -> MessageRecord: ...
def record(item: StateRecord, zone: tzinfo | None = None) -> RecordView:
    """A state record in its wire shape: its dataclass's fields, read generically so a field
    added to the state reaches the wire. The cast names them for the readers; it holds because
    ``tests/engine/test_shapes.py`` fails when a record type and its dataclass part ways."""
    data = {
        f.name: list(v) if isinstance(v := getattr(item, f.name), tuple) else v
        for f in dataclasses.fields(item)
    }
    data["at"] = iso(item.at, zone)
    if zone is not None and isinstance(item, Collision) and item.edited_at is not None:
        data["edited_at"] = iso(item.edited_at, zone)  # the API sends epoch seconds
    return cast("RecordView", data)


def mayor(state: SessionState, language: str) -> MayorView | None:
    """The mayor's needs with the latest verdict on each."""
    mayor = state.spec.mayor
    if mayor is None:
        return None
    needs: list[MayorNeed] = []
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
