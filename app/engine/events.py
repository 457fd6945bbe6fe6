"""Engine layer: what happened, one class per fact, in the past tense.

Events are the source of truth: they are stored as ``(type, data)`` and replayed to rebuild a
session. Each event carries every value its consequences need (a phase event carries the whole
timer), so that replaying never has to re-run a rule or consult a clock.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias, get_args

from app.engine.frozen import Frozen
from app.engine.spec import Logic
from app.engine.vocabulary import AgreementOutcome, NeedVerdict, ScreenShow

DEFAULT_TIMEZONE = "Europe/Amsterdam"
"""A session's time zone when its organiser chose none, and for logs older than the choice."""


class BaseEvent(Frozen):
    """What every event is; its class statement names it in the log and on the wire,
    ``class HandRaised(BaseEvent, type="hand.raised")``, and a class without a ``type`` is a family
    of events. ``Event`` below names each event, so ``evolve`` can match them all."""

    type: ClassVar[str] = ""

    def __init_subclass__(cls, /, type: str = "", **kwargs: Any) -> None:
        cls.type = type
        super().__init_subclass__(**kwargs)


class SessionCreated(BaseEvent, type="session.created"):
    scenario_id: str
    language: str
    join_code: str = ""
    seat_codes: tuple[str, ...] = ()
    """One seat card's code per role, in the scenario's role order: each its own random secret,
    so the join code that every player sees seats nobody in a chosen duo. Staff-only."""
    timezone: str = DEFAULT_TIMEZONE
    """The IANA name of the zone the session's record shows its times in (report, exports)."""


class JoiningChanged(BaseEvent, type="joining.changed"):
    """The facilitator closed or reopened joining: while closed no code seats anyone."""

    open: bool


class PlayerJoined(BaseEvent, type="player.joined"):
    player_id: str
    name: str


class SeatAssigned(BaseEvent, type="seat.assigned"):
    player_id: str
    role_id: str


class PlayerRemoved(BaseEvent, type="player.removed"):
    player_id: str
    left: bool = False
    """True when the player left on their own ("I am someone else"), not removed by staff."""


class HandRaised(BaseEvent, type="hand.raised"):
    player_id: str
    role_id: str | None


class HandLowered(BaseEvent, type="hand.lowered"):
    player_id: str
    role_id: str | None
    by: str
    """``facilitator`` when answered, ``player`` when the player took it back."""


class PhaseEvent(BaseEvent):
    """Any change to the current phase or its timer; it carries the whole resulting timer."""

    phase_id: str
    started_at: float
    budget_s: float | None
    """The phase's running time including extensions; None for an untimed phase."""
    deadline: float | None
    """When the time is up; while paused, where it stood at the pause (see ``remaining_s``)."""
    paused: bool
    remaining_s: float | None
    """Seconds left; set only while paused, when the deadline does not move with the clock."""


class PhaseChanged(PhaseEvent, type="phase.changed"):
    direction: str
    """``advance`` or ``back``."""


class PhasePaused(PhaseEvent, type="phase.paused"):
    """The clock stopped; ``remaining_s`` holds what was left of it."""


class PhaseResumed(PhaseEvent, type="phase.resumed"):
    """The clock runs again, its deadline moved on by the time it stood still."""


class PhaseExtended(PhaseEvent, type="phase.extended"):
    seconds: int


class DocumentReleased(BaseEvent, type="document.released"):
    document_id: str
    by: str
    """``phase`` when the game reached the document's phase, ``facilitator`` or ``timer``."""


class CollisionContent(Frozen):
    """What a collision says: as logged, as every edit rewrites it whole, as the state keeps it."""

    roles: tuple[str, ...]
    logic: Logic
    note: str
    starred: bool
    designed_id: str | None


class CollisionEvent(BaseEvent):
    """Any event about one collision, which it names first."""

    collision_id: str


class CollisionLogged(CollisionContent, CollisionEvent, type="collision.logged"):
    phase_id: str
    round: int | None
    by: str


class CollisionEdited(CollisionContent, CollisionEvent, type="collision.edited"):
    """The whole collision as it reads after the edit, so replay needs no merging rules."""

    by: str


class CollisionDeleted(CollisionEvent, type="collision.deleted"):
    by: str


class AgreementTerms(Frozen):
    """What an agreement says, as the event that writes it down and the state both carry it."""

    what: str
    who: str
    when: str
    monitor: str
    """Who sees to it that it is kept; this and the two below may be left empty."""
    fallback: str
    """What happens if it is not kept."""
    review: str
    """When the parties look back on it."""


class AgreementEvent(BaseEvent):
    """Any event about one agreement, which it names first."""

    agreement_id: str


class AgreementAdded(AgreementTerms, AgreementEvent, type="agreement.added"):
    by: str
    """``facilitator`` or the id of the player who wrote it down."""
    role_id: str | None
    phase_id: str


class AgreementReviewed(AgreementEvent, type="agreement.reviewed"):
    outcome: AgreementOutcome


class NoteAdded(BaseEvent, type="note.added"):
    note_id: str
    player_id: str
    role_id: str
    text: str


class ReflectionAdded(BaseEvent, type="reflection.added"):
    reflection_id: str
    player_id: str
    role_id: str | None
    phase_id: str
    question_id: str | None
    text: str


class MessageSent(BaseEvent, type="message.sent"):
    message_id: str
    text: str
    role_id: str | None
    """The role it is for; None means everyone."""


class VerdictRecorded(BaseEvent, type="verdict.recorded"):
    need_id: str
    verdict: NeedVerdict
    comment: str


class ScreenChanged(BaseEvent, type="screen.changed"):
    show: ScreenShow
    question_id: str | None


Event: TypeAlias = (
    SessionCreated
    | JoiningChanged
    | PlayerJoined
    | SeatAssigned
    | PlayerRemoved
    | HandRaised
    | HandLowered
    | PhaseChanged
    | PhasePaused
    | PhaseResumed
    | PhaseExtended
    | DocumentReleased
    | CollisionLogged
    | CollisionEdited
    | CollisionDeleted
    | AgreementAdded
    | AgreementReviewed
    | NoteAdded
    | ReflectionAdded
    | MessageSent
    | VerdictRecorded
    | ScreenChanged
)
"""Every event there is: a log holds only these, and ``evolve`` is checked to apply each."""


@dataclass(frozen=True)
class Recorded:
    """An event as it stands in the log: numbered within its session and stamped."""

    seq: int
    at: float
    event: Event


EVENT_TYPES: dict[str, type[Event]] = {cls.type: cls for cls in get_args(Event)}


def encode(event: Event) -> dict[str, Any]:
    """The event's data as plain JSON-ready values, for the log."""
    return {f.name: _plain(getattr(event, f.name)) for f in dataclasses.fields(event)}


def decode(type_name: str, data: dict[str, Any]) -> Event:
    """Rebuild an event from the log; lists come back as the tuples the dataclasses declare.
    A field added to an event later takes its default when an older log lacks it."""
    cls = EVENT_TYPES[type_name]
    values = {f.name: _frozen(data[f.name]) for f in dataclasses.fields(cls) if f.name in data}
    return cls(**values)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
