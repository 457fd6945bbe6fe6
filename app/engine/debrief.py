"""Engine layer: the debrief, computed from the state and the log alone.

Because the figures are derived on demand from what was logged, the debrief can never disagree
with the export, and an edit to a collision shows up in both at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from itertools import combinations
from typing import NotRequired, TypedDict

from app.engine import events as ev
from app.engine import shapes
from app.engine.shapes import AgreementRecord, CollisionRecord, MayorView, ReflectionRecord
from app.engine.spec import LOGICS, Logic, Round, pick
from app.engine.state import SessionState
from app.engine.vocabulary import NeedVerdict

_TIMELINE = (
    ev.PhaseChanged,
    ev.DocumentReleased,
    ev.CollisionLogged,
    ev.AgreementAdded,
    ev.VerdictRecorded,
)


class DesignedView(TypedDict):
    id: str
    round: Round
    logic: Logic
    roles: list[str]
    title: str
    question: str
    observed: bool


class Figures(TypedDict):
    by_logic: dict[Logic, int]
    matrix: dict[str, dict[str, int]]
    designed: list[DesignedView]
    mayor: MayorView | None


class DebriefQuestion(TypedDict):
    id: str
    phase_id: str
    text: str


class TimelineEntry(TypedDict):
    """One moment of the timeline; the keys after ``type`` are those of its kind of event."""

    seq: int
    at: str
    type: str
    phase_id: NotRequired[str]
    title: NotRequired[str]  # the phase's or the document's
    document_id: NotRequired[str]
    by: NotRequired[str]
    collision_id: NotRequired[str]
    roles: NotRequired[list[str]]
    logic: NotRequired[Logic]
    starred: NotRequired[bool]
    agreement_id: NotRequired[str]
    what: NotRequired[str]
    need_id: NotRequired[str]
    verdict: NotRequired[NeedVerdict]


class Debrief(Figures):
    collisions: list[CollisionRecord]
    agreements: list[AgreementRecord]
    reflections: list[ReflectionRecord]
    questions: list[DebriefQuestion]
    timeline: list[TimelineEntry]


def matrix(state: SessionState) -> dict[str, dict[str, int]]:
    """How often each pair of roles collided; symmetric, with every role present."""
    roles = state.spec.role_ids
    counts = {a: dict.fromkeys(roles, 0) for a in roles}
    for collision in state.collisions:
        for a, b in combinations(collision.roles, 2):
            counts[a][b] += 1
            counts[b][a] += 1
    return counts


def _timeline_entry(
    state: SessionState, record: ev.Recorded, language: str, zone: tzinfo | None
) -> TimelineEntry:
    event = record.event
    at = shapes.iso(record.at, zone)
    entry: TimelineEntry = {"seq": record.seq, "at": at, "type": event.type}
    if isinstance(event, ev.PhaseChanged):
        phase = state.spec.phases[state.spec.phase_index(event.phase_id)]
        entry |= {"phase_id": phase.id, "title": pick(phase.title, language)}
    elif isinstance(event, ev.DocumentReleased):
        document = state.spec.document(event.document_id)
        title = pick(document.title, language) if document else event.document_id
        entry |= {"document_id": event.document_id, "title": title, "by": event.by}
    elif isinstance(event, ev.CollisionLogged):
        entry |= {
            "collision_id": event.collision_id,
            "roles": list(event.roles),
            "logic": event.logic,
            "starred": event.starred,
        }
    elif isinstance(event, ev.AgreementAdded):
        entry |= {"agreement_id": event.agreement_id, "what": event.what}
    elif isinstance(event, ev.VerdictRecorded):
        entry |= {"need_id": event.need_id, "verdict": event.verdict}
    return entry


def figures(state: SessionState, language: str) -> Figures:
    """The numbers of the debrief: counts, never the observer's words, so the projector may
    show them to the room."""
    observed = {c.designed_id for c in state.collisions if c.designed_id}
    return {
        "by_logic": {
            logic: sum(1 for c in state.collisions if c.logic == logic) for logic in LOGICS
        },
        "matrix": matrix(state),
        "designed": [
            {
                "id": d.id,
                "round": d.round,
                "logic": d.logic,
                "roles": list(d.roles),
                "title": pick(d.title, language),
                "question": pick(d.question, language),
                "observed": d.id in observed,
            }
            for d in state.spec.designed_collisions
        ],
        "mayor": shapes.mayor(state, language),
    }


def debrief(
    state: SessionState, log: Sequence[ev.Recorded], language: str, zone: tzinfo | None = None
) -> Debrief:
    """``zone``: the times' zone (see ``shapes``); the API's UTC without one."""
    return {
        **figures(state, language),
        "collisions": [shapes.record(c, zone) for c in state.collisions],
        "agreements": [shapes.record(a, zone) for a in state.agreements],
        "reflections": [shapes.record(r, zone) for r in state.reflections],
        "questions": [
            {"id": q.id, "phase_id": q.phase_id, "text": pick(q.text, language)}
            for q in state.spec.questions
            if state.spec.phases[state.spec.phase_index(q.phase_id)].kind == "debrief"
        ],
        "timeline": [
            _timeline_entry(state, r, language, zone) for r in log if isinstance(r.event, _TIMELINE)
        ],
    }
