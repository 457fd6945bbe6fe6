"""Engine layer: what happened, one class per fact, in the past tense.

Events are the source of truth: they are stored as ``(type, data)`` and replayed to rebuild a
session. Each event carries every value its consequences need (a phase event carries the whole
timer), so that replaying never has to re-run a rule or consult a clock.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, TypeAlias, get_args

from app.engine.spec import Logic
from app.engine.vocabulary import AgreementOutcome, NeedVerdict, ScreenShow

DEFAULT_TIMEZONE = "Europe/Amsterdam"
"""A session's time zone when its organiser chose none, and for logs older than the choice."""


@dataclass(frozen=True)
class BaseEvent:
    """What every event is; ``type`` is the name used in the log and on the wire. ``Event``
    below names each one, so ``evolve`` can match them all."""

    type: ClassVar[str] = ""


@dataclass(frozen=True)
class SessionCreated(BaseEvent):
    type: ClassVar[str] = "session.created"
    scenario_id: str
    language: str
    join_code: str = ""
    seat_codes: tuple[str, ...] = ()
    """One seat card's code per role, in the scenario's role order: each its own random secret,
    so the join code that every player sees seats nobody in a chosen duo. Staff-only."""
    timezone: str = DEFAULT_TIMEZONE
    """The IANA name of the zone the session's record shows its times in (report, exports)."""


@dataclass(frozen=True)
class PlayerJoined(BaseEvent):
    type: ClassVar[str] = "player.joined"
    player_id: str
    name: str


@dataclass(frozen=True)
class SeatAssigned(BaseEvent):
    type: ClassVar[str] = "seat.assigned"
    player_id: str
    role_id: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class PhaseChanged(PhaseEvent):
    type: ClassVar[str] = "phase.changed"
    direction: str
    """``advance`` or ``back``."""


@dataclass(frozen=True)
class PhasePaused(PhaseEvent):
    type: ClassVar[str] = "phase.paused"


@dataclass(frozen=True)
class PhaseResumed(PhaseEvent):
    type: ClassVar[str] = "phase.resumed"


@dataclass(frozen=True)
class PhaseExtended(PhaseEvent):
    type: ClassVar[str] = "phase.extended"
    seconds: int


@dataclass(frozen=True)
class DocumentReleased(BaseEvent):
    type: ClassVar[str] = "document.released"
    document_id: str
    by: str
    """``phase`` when the game reached the document's phase, ``facilitator`` or ``timer``."""


@dataclass(frozen=True)
class CollisionLogged(BaseEvent):
    type: ClassVar[str] = "collision.logged"
    collision_id: str
    roles: tuple[str, ...]
    logic: Logic
    note: str
    starred: bool
    designed_id: str | None
    phase_id: str
    round: int | None
    by: str


@dataclass(frozen=True)
class NoteAdded(BaseEvent):
    type: ClassVar[str] = "note.added"
    note_id: str
    player_id: str
    role_id: str
    text: str


@dataclass(frozen=True)
class AgreementAdded(BaseEvent):
    type: ClassVar[str] = "agreement.added"
    agreement_id: str
    what: str
    who: str
    when: str
    monitor: str
    fallback: str
    review: str
    by: str
    """``facilitator`` or the id of the player who wrote it down."""
    role_id: str | None
    phase_id: str


@dataclass(frozen=True)
class ReflectionAdded(BaseEvent):
    type: ClassVar[str] = "reflection.added"
    reflection_id: str
    player_id: str
    role_id: str | None
    phase_id: str
    question_id: str | None
    text: str


@dataclass(frozen=True)
class MessageSent(BaseEvent):
    type: ClassVar[str] = "message.sent"
    message_id: str
    text: str
    role_id: str | None
    """The role it is for; None means everyone."""


@dataclass(frozen=True)
class HandRaised(BaseEvent):
    type: ClassVar[str] = "hand.raised"
    player_id: str
    role_id: str | None


@dataclass(frozen=True)
class HandLowered(BaseEvent):
    type: ClassVar[str] = "hand.lowered"
    player_id: str
    role_id: str | None
    by: str
    """``facilitator`` when answered, ``player`` when the player took it back."""


@dataclass(frozen=True)
class PlayerRemoved(BaseEvent):
    type: ClassVar[str] = "player.removed"
    player_id: str
    left: bool = False
    """True when the player left on their own ("I am someone else"), not removed by staff."""


@dataclass(frozen=True)
class JoiningChanged(BaseEvent):
    """The facilitator closed or reopened joining: while closed no code seats anyone."""

    type: ClassVar[str] = "joining.changed"
    open: bool


@dataclass(frozen=True)
class VerdictRecorded(BaseEvent):
    type: ClassVar[str] = "verdict.recorded"
    need_id: str
    verdict: NeedVerdict
    comment: str


@dataclass(frozen=True)
class ScreenChanged(BaseEvent):
    type: ClassVar[str] = "screen.changed"
    show: ScreenShow
    question_id: str | None


@dataclass(frozen=True)
class CollisionEdited(BaseEvent):
    """The whole collision as it reads after the edit, so replay needs no merging rules."""

    type: ClassVar[str] = "collision.edited"
    collision_id: str
    roles: tuple[str, ...]
    logic: Logic
    note: str
    starred: bool
    designed_id: str | None
    by: str


@dataclass(frozen=True)
class CollisionDeleted(BaseEvent):
    type: ClassVar[str] = "collision.deleted"
    collision_id: str
    by: str


@dataclass(frozen=True)
class AgreementReviewed(BaseEvent):
    type: ClassVar[str] = "agreement.reviewed"
    agreement_id: str
    outcome: AgreementOutcome


Event: TypeAlias = (
    SessionCreated
    | PlayerJoined
    | SeatAssigned
    | PhaseChanged
    | PhasePaused
    | PhaseResumed
    | PhaseExtended
    | DocumentReleased
    | CollisionLogged
    | NoteAdded
    | AgreementAdded
    | ReflectionAdded
    | MessageSent
    | HandRaised
    | HandLowered
    | PlayerRemoved
    | JoiningChanged
    | VerdictRecorded
    | ScreenChanged
    | CollisionEdited
    | CollisionDeleted
    | AgreementReviewed
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
