"""Engine layer: THE one place that decides what a player, facilitator, observer or the
projector screen may see.

Everything that leaves the server about a session, the state snapshot over HTTP and every frame
over the websocket, is decided here from an ``Audience``: the viewer's kind and, for a player,
the role it holds now. Two viewers with the same audience see the same bytes, which is what lets
the fan-out render each event once per audience instead of once per socket. ``snapshot`` only
assembles what the rules below allow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, NotRequired, TypedDict

from app.engine import events as ev
from app.engine import shapes
from app.engine.shapes import PhaseView
from app.engine.spec import ALL, FACILITATOR, DocumentSpec
from app.engine.state import SessionState, Timer

ViewerKind = Literal["facilitator", "observer", "player", "screen"]
STAFF = ("facilitator", "observer")


class PhaseNews(TypedDict):
    """A phase event's data: the phase as it now stands, and what an extension added."""

    phase: PhaseView
    seconds: NotRequired[int]


class Frame(TypedDict):
    seq: int
    type: str
    at: str
    data: Mapping[str, Any]
    """A ``PhaseNews``, a ``DocumentView`` or the event's own fields (``record_from_event``):
    which one follows from ``type``, a string no type checker narrows on, so readers get a
    mapping."""


@dataclass(frozen=True)
class Audience:
    kind: ViewerKind
    role_id: str | None = None
    mirror: bool = False
    """The facilitator looking through a duo's eyes: everything that duo sees but its notes."""

    @property
    def staff(self) -> bool:
        return self.kind in STAFF


def audience_of(state: SessionState, kind: ViewerKind, player_id: str | None) -> Audience | None:
    """The audience a principal belongs to now; None for a player no longer in the session."""
    if kind != "player":
        return Audience(kind)
    player = state.player(player_id or "")
    return Audience("player", player.role_id) if player else None


def may_read(document: DocumentSpec, audience: Audience) -> bool:
    """Players read what is for all or for their role; the observer reads all but the
    facilitator's own documents, because spotting collisions needs every role's brief; the
    projector shows no document at all."""
    names = set(document.audience)
    if audience.kind == "facilitator":
        return True
    if audience.kind == "observer":
        return bool(names - {FACILITATOR})
    if audience.kind == "screen":
        return False
    return ALL in names or (audience.role_id is not None and audience.role_id in names)


def sees_duo_only(audience: Audience, role_id: str | None) -> bool:
    """Duo notes: the duo's alone, not even the facilitator's, not even through the mirror."""
    return (
        role_id is not None
        and audience.kind == "player"
        and not audience.mirror
        and audience.role_id == role_id
    )


def sees_duo_and_staff(audience: Audience, role_id: str | None) -> bool:
    """Reflections and raised hands: the duo's and the facilitators'."""
    return audience.staff or sees_duo_only(audience, role_id)


def sees_collision(audience: Audience, starred: bool) -> bool:
    """Collisions are the staff's; starred ones are meant for the plenary, so the screen too."""
    return audience.staff or (audience.kind == "screen" and starred)


def sees_message(audience: Audience, role_id: str | None) -> bool:
    if audience.staff:
        return True
    if audience.kind == "screen":
        return False
    return role_id is None or audience.role_id == role_id


def sees_role_logics(audience: Audience, role_id: str) -> bool:
    """A role's own take on the logics is its preparation material: that duo's and staff's."""
    return audience.staff or audience.role_id == role_id


def sees_activity(audience: Audience) -> bool:
    """How many notes and reflections each duo wrote (never what): the facilitator's grid."""
    return audience.kind == "facilitator"


def sees_figures(audience: Audience) -> bool:
    """The debrief's counts, the designed collisions and the mayor's verdict: the staff's, and
    the projector's for the plenary (no observer's note is among them)."""
    return audience.staff or audience.kind == "screen"


def sees_staff_matters(audience: Audience) -> bool:
    """The mayor's verdicts, the script and the join code's seat cards."""
    return audience.staff


def _may_see(audience: Audience, event: ev.Event) -> bool:
    if isinstance(event, ev.CollisionLogged | ev.CollisionEdited):
        return sees_collision(audience, event.starred)
    if isinstance(event, ev.CollisionDeleted):
        return audience.staff or audience.kind == "screen"
    if isinstance(event, ev.NoteAdded):
        return sees_duo_only(audience, event.role_id)
    if isinstance(event, ev.ReflectionAdded | ev.HandRaised | ev.HandLowered):
        return sees_duo_and_staff(audience, event.role_id)
    if isinstance(event, ev.MessageSent):
        return sees_message(audience, event.role_id)
    if isinstance(event, ev.VerdictRecorded):
        return sees_staff_matters(audience)
    return True


def _event_data(
    state: SessionState, audience: Audience, event: ev.Event, at: float, language: str
) -> Mapping[str, Any] | None:
    if isinstance(event, ev.PhaseEvent):
        news: PhaseNews = {"phase": shapes.phase(state.spec, Timer.of(event), language)}
        if isinstance(event, ev.PhaseExtended):
            news["seconds"] = event.seconds
        return news
    if isinstance(event, ev.DocumentReleased):
        document = state.spec.document(event.document_id)
        if document is None or not may_read(document, audience):
            return None
        return shapes.document(state.spec, document, at, language)
    if not _may_see(audience, event):
        return None
    data = shapes.record_from_event(event, at)
    if isinstance(event, ev.SessionCreated) and not sees_staff_matters(audience):
        del data["seat_codes"]  # each opens a duo's seat: only the staff print the cards
    return data


def frame(
    state: SessionState, audience: Audience, record: ev.Recorded, language: str
) -> Frame | None:
    """One websocket frame ``{seq, type, at, data}``, or None if this audience may not see it."""
    data = _event_data(state, audience, record.event, record.at, language)
    if data is None:
        return None
    return {"seq": record.seq, "type": record.event.type, "at": shapes.iso(record.at), "data": data}
