"""Engine layer: THE one place that decides what a player, facilitator or observer may see.

Everything that leaves the server about a session, the state snapshot over HTTP and every frame
over the websocket, is built here from an ``Audience``: the viewer's kind and, for a player, the
role it holds now. Two viewers with the same audience see the same bytes, which is what lets the
fan-out render each event once per audience instead of once per socket.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from app.engine import events as ev
from app.engine import shapes
from app.engine.spec import ALL, FACILITATOR, DocumentSpec, pick
from app.engine.state import Message, SessionState

ViewerKind = Literal["facilitator", "observer", "player"]
_STAFF = ("facilitator", "observer")


@dataclass(frozen=True)
class Audience:
    kind: ViewerKind
    role_id: str | None = None


def audience_of(state: SessionState, kind: ViewerKind, player_id: str | None) -> Audience | None:
    """The audience a principal belongs to now; None for a player no longer in the session."""
    if kind != "player":
        return Audience(kind)
    player = state.player(player_id or "")
    return Audience("player", player.role_id) if player else None


def may_read(document: DocumentSpec, audience: Audience) -> bool:
    """Players read what is for all or for their role; the observer reads all but the
    facilitator's own documents, because spotting collisions needs every role's brief."""
    names = set(document.audience)
    if audience.kind == "facilitator":
        return True
    if audience.kind == "observer":
        return bool(names - {FACILITATOR})
    return ALL in names or (audience.role_id is not None and audience.role_id in names)


def _sees_duo_record(audience: Audience, role_id: str | None) -> bool:
    """Notes are the duo's alone; reflections are the duo's and the facilitators'."""
    return role_id is not None and audience.kind == "player" and audience.role_id == role_id


def _event_data(
    state: SessionState, audience: Audience, event: ev.Event, at: float, language: str
) -> dict[str, Any] | None:
    if isinstance(event, ev.PhaseEvent):
        data: dict[str, Any] = {"phase": shapes.phase(state.spec, shapes.timer_of(event), language)}
        if isinstance(event, ev.PhaseExtended):
            data["seconds"] = event.seconds
        return data
    if isinstance(event, ev.DocumentReleased):
        document = state.spec.document(event.document_id)
        if document is None or not may_read(document, audience):
            return None
        return shapes.document(state.spec, document, at, language)
    return shapes.record_from_event(event, at) if _may_see(audience, event) else None


def _may_see(audience: Audience, event: ev.Event) -> bool:
    """Records: collisions are the staff's, notes the duo's alone, reflections and raised
    hands the duo's and the staff's; a message is for its role (and staff) or for everyone."""
    staff = audience.kind in _STAFF
    if isinstance(event, ev.CollisionLogged):
        return staff
    if isinstance(event, ev.NoteAdded):
        return _sees_duo_record(audience, event.role_id)
    if isinstance(event, ev.ReflectionAdded | ev.HandRaised | ev.HandLowered):
        return staff or _sees_duo_record(audience, event.role_id)
    if isinstance(event, ev.MessageSent):
        return event.role_id is None or staff or audience.role_id == event.role_id
    return True


def may_see_message(audience: Audience, message: Message) -> bool:
    return message.role_id is None or audience.kind in _STAFF or audience.role_id == message.role_id


def frame(
    state: SessionState, audience: Audience, record: ev.Recorded, language: str
) -> dict[str, Any] | None:
    """One websocket frame ``{seq, type, at, data}``, or None if this audience may not see it."""
    data = _event_data(state, audience, record.event, record.at, language)
    if data is None:
        return None
    return {"seq": record.seq, "type": record.event.type, "at": shapes.iso(record.at), "data": data}


def _role_of(state: SessionState, player_id: str) -> str | None:
    player = state.player(player_id)
    return player.role_id if player else None


def _roles(state: SessionState, audience: Audience, language: str) -> list[dict[str, Any]]:
    """Every role's public card; a role's own take on the logics only for that duo and staff."""
    cards = []
    for role in state.spec.roles:
        card: dict[str, Any] = {
            "id": role.id,
            "name": pick(role.name, language),
            "organisation": pick(role.organisation, language),
            "core_task": pick(role.core_task, language),
        }
        if audience.kind in _STAFF or audience.role_id == role.id:
            card["logics"] = {k: pick(v, language) for k, v in role.logics.items()}
        cards.append(card)
    return cards


def snapshot(
    state: SessionState,
    audience: Audience,
    me: dict[str, Any],
    language: str,
    online: Collection[str] = (),
) -> dict[str, Any]:
    """The whole current picture for one viewer: what ``GET /state`` answers."""
    spec = state.spec
    released = {r.document_id: r.at for r in state.released}
    documents = [
        shapes.document(spec, d, released[d.id], language)
        for d in sorted(
            (d for d in spec.documents if d.id in released and may_read(d, audience)),
            key=lambda d: released[d.id],
        )
    ]
    staff = audience.kind in _STAFF
    view: dict[str, Any] = {
        "seq": state.seq,
        "session": {"id": state.session_id, "scenario_id": spec.id, "language": state.language},
        "phase": shapes.phase(spec, state.timer, language),
        "me": me,
        "roles": _roles(state, audience, language),
        "players": [
            {"id": p.id, "name": p.name, "role_id": p.role_id, "online": p.id in online}
            for p in state.players
        ],
        "documents": documents,
        "questions": [
            {"id": q.id, "text": pick(q.text, language)}
            for q in spec.questions
            if q.phase_id == state.timer.phase_id
        ],
        "agreements": [shapes.record(a) for a in state.agreements],
        "notes": [shapes.record(n) for n in state.notes if _sees_duo_record(audience, n.role_id)],
        "reflections": [
            shapes.record(r)
            for r in state.reflections
            if staff or _sees_duo_record(audience, r.role_id)
        ],
        "messages": [shapes.record(m) for m in state.messages if may_see_message(audience, m)],
        "hands": [
            p for p in state.hands if staff or _sees_duo_record(audience, _role_of(state, p))
        ],
    }
    if staff:
        view["collisions"] = [shapes.record(c) for c in state.collisions]
    if audience.kind == "facilitator":
        view["script"] = pick(state.phase.script, language)
    return view
