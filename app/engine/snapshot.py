"""Engine layer: the whole current picture for one viewer, what ``GET /state`` answers.

It decides nothing itself: every item passes through a rule in ``views``, so the snapshot and
the live frames can never disagree about who sees what. Its ``TypedDict``s say which keys every
viewer gets and which (``NotRequired``) only some audiences do, so a page reading one has to
allow for its absence.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import tzinfo
from typing import NotRequired, TypedDict

from app.engine import debrief, shapes
from app.engine.debrief import Figures
from app.engine.seating import seat_codes
from app.engine.shapes import (
    AgreementRecord,
    CollisionRecord,
    DocumentView,
    InjectView,
    MayorView,
    MessageRecord,
    NoteRecord,
    PhaseView,
    ReflectionRecord,
)
from app.engine.spec import pick
from app.engine.state import SessionState
from app.engine.views import (
    Audience,
    may_read,
    sees_activity,
    sees_collision,
    sees_duo_and_staff,
    sees_duo_only,
    sees_figures,
    sees_message,
    sees_role_logics,
    sees_staff_matters,
)
from app.engine.vocabulary import ScreenShow


class Me(TypedDict):
    """Who is looking, as the caller knows them; the snapshot hands it back unchanged."""

    kind: str
    player_id: NotRequired[str | None]
    role_id: NotRequired[str | None]
    name: NotRequired[str | None]


class SessionInfo(TypedDict):
    id: str
    scenario_id: str
    language: str
    join_code: str
    joining_open: bool
    seat_codes: NotRequired[dict[str, str]]  # the staff's (``views.sees_staff_matters``)


class RoleCard(TypedDict):
    id: str
    name: str
    organisation: str
    core_task: str
    logics: NotRequired[dict[str, str]]  # the role's own duo's and the staff's


class PlayerCard(TypedDict):
    id: str
    name: str
    role_id: str | None
    online: bool


class QuestionView(TypedDict):
    id: str
    text: str


class ScreenView(TypedDict):
    show: ScreenShow
    question: QuestionView | None


class Activity(TypedDict):
    notes: int
    reflections: int


class Snapshot(TypedDict):
    """The keys without ``NotRequired`` reach every viewer; the others follow ``views``."""

    seq: int
    session: SessionInfo
    phase: PhaseView
    me: Me
    roles: list[RoleCard]
    players: list[PlayerCard]
    documents: list[DocumentView]
    questions: list[QuestionView]
    agreements: list[AgreementRecord]
    notes: list[NoteRecord]
    reflections: list[ReflectionRecord]
    messages: list[MessageRecord]
    hands: list[str]
    screen: ScreenView
    collisions: NotRequired[list[CollisionRecord]]  # staff's and, starred ones, the screen's
    mayor: NotRequired[MayorView | None]  # staff's
    figures: NotRequired[Figures]  # staff's and the screen's
    activity: NotRequired[dict[str, Activity]]  # the facilitator's, by role
    script: NotRequired[str]  # the facilitator's
    injects: NotRequired[list[InjectView]]  # the facilitator's: what is out, what falls due


def _roles(state: SessionState, audience: Audience, language: str) -> list[RoleCard]:
    cards = []
    for role in state.spec.roles:
        card: RoleCard = {
            "id": role.id,
            "name": pick(role.name, language),
            "organisation": pick(role.organisation, language),
            "core_task": pick(role.core_task, language),
        }
        if sees_role_logics(audience, role.id):
            card["logics"] = {k: pick(v, language) for k, v in role.logics.items()}
        cards.append(card)
    return cards


def _documents(
    state: SessionState, audience: Audience, language: str, zone: tzinfo | None
) -> list[DocumentView]:
    released = {r.document_id: r.at for r in state.released}
    readable = (d for d in state.spec.documents if d.id in released and may_read(d, audience))
    return [
        shapes.document(state.spec, d, released[d.id], language, zone)
        for d in sorted(readable, key=lambda d: released[d.id])
    ]


def _screen(state: SessionState, language: str) -> ScreenView:
    question = next((q for q in state.spec.questions if q.id == state.screen.question_id), None)
    return {
        "show": state.screen.show,
        "question": {"id": question.id, "text": pick(question.text, language)}
        if question
        else None,
    }


def snapshot(
    state: SessionState,
    audience: Audience,
    me: Me,
    language: str,
    online: Collection[str] = (),
    zone: tzinfo | None = None,
) -> Snapshot:
    """``zone``: the times' zone (see ``shapes``); the API's UTC without one."""
    spec = state.spec
    role_of = {p.id: p.role_id for p in state.players}
    view: Snapshot = {
        "seq": state.seq,
        "session": {
            "id": state.session_id,
            "scenario_id": spec.id,
            "language": state.language,
            "join_code": state.join_code,
            "joining_open": state.joining_open,
        },
        "phase": shapes.phase(spec, state.timer, language, zone),
        "me": me,
        "roles": _roles(state, audience, language),
        "players": [
            {"id": p.id, "name": p.name, "role_id": p.role_id, "online": p.id in online}
            for p in state.players
        ],
        "documents": _documents(state, audience, language, zone),
        "questions": [
            {"id": q.id, "text": pick(q.text, language)}
            for q in spec.questions
            if q.phase_id == state.timer.phase_id
        ],
        "agreements": [shapes.record(a, zone) for a in state.agreements],
        "notes": [
            shapes.record(n, zone) for n in state.notes if sees_duo_only(audience, n.role_id)
        ],
        "reflections": [
            shapes.record(r, zone)
            for r in state.reflections
            if sees_duo_and_staff(audience, r.role_id)
        ],
        "messages": [
            shapes.record(m, zone) for m in state.messages if sees_message(audience, m.role_id)
        ],
        "hands": [p for p in state.hands if sees_duo_and_staff(audience, role_of.get(p))],
        "screen": _screen(state, language),
    }
    if audience.staff or audience.kind == "screen":
        view["collisions"] = [
            shapes.record(c, zone) for c in state.collisions if sees_collision(audience, c.starred)
        ]
    if sees_staff_matters(audience):
        view["mayor"] = shapes.mayor(state, language)
        view["session"]["seat_codes"] = seat_codes(state)
    if sees_figures(audience):
        view["figures"] = debrief.figures(state, language)
    if sees_activity(audience):
        view["activity"] = {
            role: {
                "notes": sum(1 for n in state.notes if n.role_id == role),
                "reflections": sum(1 for r in state.reflections if r.role_id == role),
            }
            for role in spec.role_ids
        }
    if audience.kind == "facilitator":
        view["script"] = pick(state.phase.script, language)
        view["injects"] = [shapes.inject(state, d, language) for d in spec.documents if d.is_inject]
    return view
