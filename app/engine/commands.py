"""Engine layer: what someone asks for, and who is asking.

Commands carry only what the asker chose; everything the server knows better (time, ids,
the current phase) is added by ``decide``. Shape limits (lengths, ranges) live here as constants
so that the web layer's validation and the engine's rules cannot drift apart. Commands
are grouped by the rules module that decides them, in the order ``decide`` matches them.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from app.engine.frozen import Frozen
from app.engine.spec import Logic
from app.engine.vocabulary import AgreementOutcome, NeedVerdict, PrincipalKind, ScreenShow

NAME_MAX = 60
TEXT_MAX = 10_000
SHORT_TEXT_MAX = 2_000
CODE_MAX = 32
"""A join or seat code as typed, spaces and dashes included."""
IDENTIFIER_MAX = 80
"""Ids of roles, phases, documents, questions and records."""
EXTEND_MAX_S = 4 * 3600

# Caps per session, far above a real half-day game (five duos, about four hours), so that only
# a runaway script meets them; they keep a session's log, its pages and its exports bounded.
NOTES_PER_DUO_MAX = 300
AGREEMENTS_MAX = 100
REFLECTIONS_PER_PLAYER_MAX = 40
COLLISIONS_MAX = 1_000
"""Counts every collision ever logged, deleted ones included: each one stays in the log."""
MESSAGES_MAX = 300

ActorKind = PrincipalKind | Literal["guest", "system"]


class Actor(Frozen):
    """The principal behind a command.

    ``guest`` is someone holding only the join code; ``system`` is the scheduler acting on a
    due timer.
    """

    kind: ActorKind
    player_id: str | None = None


FACILITATOR_ACTOR = Actor("facilitator")
OBSERVER_ACTOR = Actor("observer")
SYSTEM_ACTOR = Actor("system")
GUEST_ACTOR = Actor("guest")


class BaseCommand(Frozen):
    """What every command is; ``Command`` below names each one, so ``decide`` can match them all."""


# Joining and seats: the rules in seating.py.
class Join(BaseCommand):
    name: str
    role_id: str | None = None
    """Set when the player used a seat card: they go straight into that role's duo."""


class SetJoining(BaseCommand):
    """Close joining once everyone is seated (no code seats anyone then), or reopen it."""

    open: bool


class Leave(BaseCommand):
    """A player leaves the session on their own ("I am someone else" on a shared laptop)."""


class AutoSeat(BaseCommand):
    """Seat every unseated player in the emptiest role, so the duos fill evenly."""


class AssignSeat(BaseCommand):
    player_id: str
    role_id: str


# The phase and its timer: phases.py.
class Advance(BaseCommand):
    from_phase: str | None = None


class Back(BaseCommand):
    from_phase: str | None = None


class Pause(BaseCommand):
    from_phase: str | None = None


class Resume(BaseCommand):
    from_phase: str | None = None


class Extend(BaseCommand):
    seconds: int
    from_phase: str | None = None


# Injects, released by hand or on their timer: decide.py.
class ReleaseInject(BaseCommand):
    document_id: str


class FireTimers(BaseCommand):
    """Release every timed inject whose moment has come; sent by the scheduler."""


# What the room writes down: records.py.
class LogCollision(BaseCommand):
    roles: tuple[str, ...]
    logic: Logic
    note: str = ""
    starred: bool = False
    designed_id: str | None = None
    """The scenario's designed collision this one turned out to be, if the observer saw one."""


class AddNote(BaseCommand):
    text: str


class AddAgreement(BaseCommand):
    what: str
    who: str
    when: str
    monitor: str = ""
    fallback: str = ""
    review: str = ""


class AddReflection(BaseCommand):
    text: str
    question_id: str | None = None
    """The debrief question it answers; None for a thought of the player's own."""


# Talking to the room: contact.py.
class SendMessage(BaseCommand):
    text: str
    role_id: str | None = None
    """The one duo it is for; None speaks to the whole room."""


class RaiseHand(BaseCommand):
    """A player asks for the facilitator's attention."""


class LowerHand(BaseCommand):
    """The facilitator answers a raised hand, or the player takes it back."""

    player_id: str | None = None
    """Whose hand: the facilitator must say, a player may leave it out (only their own goes)."""


# Correcting and reviewing the record: observation.py.
class EditCollision(BaseCommand):
    """Change what was logged; only the fields given change (None leaves a field as it was)."""

    collision_id: str
    roles: tuple[str, ...] | None = None
    logic: Logic | None = None
    note: str | None = None
    starred: bool | None = None
    designed_id: str | None = None
    clear_designed: bool = False
    """Drop the match with a designed collision, which ``designed_id=None`` cannot say."""


class ToggleStar(BaseCommand):
    """Star a collision, or take its star away: the flag is read under the session's lock, so
    two clicks at once star and unstar rather than both starring."""

    collision_id: str


class DeleteCollision(BaseCommand):
    collision_id: str


class ReviewAgreement(BaseCommand):
    """After the mayor: did this agreement survive as it was, changed, or not at all?"""

    agreement_id: str
    outcome: AgreementOutcome


# The facilitator's other moves: facilitation.py.
class RemovePlayer(BaseCommand):
    player_id: str


class RecordVerdict(BaseCommand):
    """The mayor's verdict on one need, as the facilitator playing the mayor records it."""

    need_id: str
    verdict: NeedVerdict
    comment: str = ""


class ShowOnScreen(BaseCommand):
    """What the projector shows: the phase and timer, how to join, or a plenary moment."""

    show: ScreenShow
    question_id: str | None = None
    """The question on the screen when ``show`` is ``question``; ignored otherwise."""


PhaseCommand: TypeAlias = Advance | Back | Pause | Resume | Extend

Command: TypeAlias = (
    Join
    | SetJoining
    | Leave
    | AutoSeat
    | AssignSeat
    | PhaseCommand
    | ReleaseInject
    | FireTimers
    | LogCollision
    | AddNote
    | AddAgreement
    | AddReflection
    | SendMessage
    | RaiseHand
    | LowerHand
    | EditCollision
    | ToggleStar
    | DeleteCollision
    | ReviewAgreement
    | RemovePlayer
    | RecordVerdict
    | ShowOnScreen
)
"""Every command there is: ``decide`` takes exactly these, and mypy checks it handles each."""


class CommandRejected(Exception):
    """A command the rules refuse; ``reason`` tells the web layer which 4xx to answer."""

    reason: Literal["forbidden", "not_found", "conflict", "invalid"] = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Forbidden(CommandRejected):
    reason = "forbidden"


class NotFound(CommandRejected):
    reason = "not_found"


class Conflict(CommandRejected):
    reason = "conflict"


class Invalid(CommandRejected):
    reason = "invalid"
