"""Engine layer: a session's state as frozen dataclasses.

State is only ever produced by ``evolve`` from events, so it holds facts, not rules. Lists are
tuples in the order things happened, which is also the order every screen shows them in.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.engine.events import DEFAULT_TIMEZONE, AgreementTerms, CollisionContent, PhaseEvent
from app.engine.frozen import Frozen
from app.engine.spec import PhaseSpec, ScenarioSpec
from app.engine.vocabulary import AgreementOutcome, NeedVerdict, ScreenShow


@dataclass(frozen=True)
class Player:
    id: str
    name: str
    joined_at: float
    role_id: str | None = None


@dataclass(frozen=True)
class Timer:
    """The current phase's clock, kept as stored deadlines so that a restart loses nothing."""

    phase_id: str
    started_at: float
    budget_s: float | None
    deadline: float | None
    paused: bool = False
    remaining_s: float | None = None

    @classmethod
    def of(cls, event: PhaseEvent) -> Timer:
        """The clock a phase event sets: each phase event carries the whole of it."""
        return cls(
            event.phase_id,
            event.started_at,
            event.budget_s,
            event.deadline,
            event.paused,
            event.remaining_s,
        )

    def running_s(self, now: float) -> float | None:
        """Seconds of unpaused time this phase has run, or None for an untimed phase."""
        if self.budget_s is None or self.deadline is None:
            return None
        left = (
            self.remaining_s
            if self.paused and self.remaining_s is not None
            else (self.deadline - now)
        )
        return self.budget_s - left


@dataclass(frozen=True)
class Release:
    document_id: str
    at: float
    by: str


class Written(Frozen):
    """Whatever is written down in play and kept as a record, named by its id. A record keeps
    what its event says under the same names, and the parts of it that events share too."""

    id: str


class Collision(CollisionContent, Written):
    """Its id, what it says, then where, by whom and when it was logged."""

    phase_id: str
    round: int | None
    by: str
    at: float
    edited_at: float | None = None


class Note(Written):
    player_id: str
    role_id: str
    text: str
    at: float


class Agreement(AgreementTerms, Written):
    """Its id, its terms, then who wrote it down, where and when, and what became of it."""

    by: str
    role_id: str | None
    phase_id: str
    at: float
    outcome: AgreementOutcome | None = None
    """After round 3: ``kept``, ``changed`` or ``dropped`` by the mayor; None until reviewed."""


class Reflection(Written):
    player_id: str
    role_id: str | None
    phase_id: str
    question_id: str | None
    text: str
    at: float


class Message(Written):
    text: str
    role_id: str | None
    at: float


@dataclass(frozen=True)
class Verdict:
    need_id: str
    verdict: NeedVerdict
    comment: str
    at: float


@dataclass(frozen=True)
class Screen:
    show: ScreenShow = "auto"
    """``auto`` shows how to join in the lobby and the phase and timer after it."""
    question_id: str | None = None


@dataclass(frozen=True)
class SessionState:
    spec: ScenarioSpec
    session_id: str
    language: str
    join_code: str
    created_at: float
    seq: int
    timer: Timer
    seat_codes: tuple[str, ...] = ()
    """The seat cards' codes in the scenario's role order (staff-only; see ``views``)."""
    timezone: str = DEFAULT_TIMEZONE
    """The IANA name of the zone the record's times are shown in."""
    joining_open: bool = True
    players: tuple[Player, ...] = ()
    players_joined: int = 0
    """Every player who ever joined, removed ones included, so a new one never reuses an id."""
    released: tuple[Release, ...] = ()
    collisions: tuple[Collision, ...] = ()
    collisions_logged: int = 0
    """Every collision ever logged, deleted ones included, so a new one never reuses an id."""
    notes: tuple[Note, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    reflections: tuple[Reflection, ...] = ()
    messages: tuple[Message, ...] = ()
    hands: tuple[str, ...] = ()
    """Players with a raised hand, the longest waiting first."""
    verdicts: tuple[Verdict, ...] = ()
    """Every verdict recorded; the latest per need is the mayor's word."""
    screen: Screen = Screen()

    def verdict(self, need_id: str) -> Verdict | None:
        return next((v for v in reversed(self.verdicts) if v.need_id == need_id), None)

    @property
    def phase(self) -> PhaseSpec:
        return self.spec.phases[self.phase_index]

    @property
    def phase_index(self) -> int:
        return self.spec.phase_index(self.timer.phase_id)

    def player(self, player_id: str) -> Player | None:
        return next((p for p in self.players if p.id == player_id), None)

    def is_released(self, document_id: str) -> bool:
        return any(r.document_id == document_id for r in self.released)

    def duo(self, role_id: str) -> tuple[Player, ...]:
        return tuple(p for p in self.players if p.role_id == role_id)
