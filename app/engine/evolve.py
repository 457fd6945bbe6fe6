"""Engine layer: ``evolve(state, event) -> state``; ``replay`` rebuilds any session from its log.

Evolving applies facts without judging them: all rules were applied in ``decide`` before the
event existed. That is what makes replaying an old log safe after the rules change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, TypeVar, assert_never

from app.engine import events as ev
from app.engine.events import CollisionContent
from app.engine.spec import ScenarioSpec
from app.engine.state import (
    Agreement,
    Collision,
    Message,
    Note,
    Player,
    Reflection,
    Release,
    Screen,
    SessionState,
    Timer,
    Verdict,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Kept = TypeVar("Kept", bound="DataclassInstance")


def start(spec: ScenarioSpec, session_id: str, created: ev.Recorded) -> SessionState:
    """The state right after ``session.created``: the first phase, untouched."""
    if not isinstance(created.event, ev.SessionCreated):
        raise ValueError("a session's log must open with session.created")
    first = spec.phases[0]
    return SessionState(
        spec=spec,
        session_id=session_id,
        language=created.event.language,
        join_code=created.event.join_code,
        seat_codes=created.event.seat_codes,
        timezone=created.event.timezone,
        created_at=created.at,
        seq=created.seq,
        timer=Timer(first.id, created.at, None, None),
    )


def replay(spec: ScenarioSpec, session_id: str, log: Iterable[ev.Recorded]) -> SessionState:
    records = iter(log)
    state = start(spec, session_id, next(records))
    for record in records:
        state = evolve(state, record)
    return state


def evolve(state: SessionState, record: ev.Recorded) -> SessionState:
    return replace(_applied(state, record.event, record.at), seq=record.seq)


def _applied(state: SessionState, event: ev.Event, at: float) -> SessionState:
    match event:
        case ev.SessionCreated():
            return state  # ``start`` read it; a log holds it once, first
        case ev.PhaseEvent():
            return replace(state, timer=Timer.of(event))
        case ev.PlayerJoined():
            return _joined(state, event, at)
        case ev.SeatAssigned():
            return _seated(state, event)
        case ev.DocumentReleased():
            return replace(state, released=(*state.released, _kept(Release, event, at=at)))
        case ev.CollisionLogged():
            item = _written(Collision, event.collision_id, event, at)
            logged = state.collisions_logged + 1
            return replace(state, collisions=(*state.collisions, item), collisions_logged=logged)
        case ev.NoteAdded():
            return replace(state, notes=(*state.notes, _written(Note, event.note_id, event, at)))
        case ev.AgreementAdded():
            agreement = _written(Agreement, event.agreement_id, event, at)
            return replace(state, agreements=(*state.agreements, agreement))
        case ev.ReflectionAdded():
            reflection = _written(Reflection, event.reflection_id, event, at)
            return replace(state, reflections=(*state.reflections, reflection))
        case ev.MessageSent():
            message = _written(Message, event.message_id, event, at)
            return replace(state, messages=(*state.messages, message))
        case ev.HandRaised():
            return replace(state, hands=(*state.hands, event.player_id))
        case ev.HandLowered():
            return replace(state, hands=tuple(p for p in state.hands if p != event.player_id))
        case ev.PlayerRemoved():
            return _removed(state, event)
        case ev.JoiningChanged():
            return replace(state, joining_open=event.open)
        case ev.VerdictRecorded():
            return replace(state, verdicts=(*state.verdicts, _kept(Verdict, event, at=at)))
        case ev.ScreenChanged():
            return replace(state, screen=_kept(Screen, event))
        case ev.CollisionEdited():
            return _edited(state, event, at)
        case ev.CollisionDeleted():
            kept = tuple(c for c in state.collisions if c.id != event.collision_id)
            return replace(state, collisions=kept)
        case ev.AgreementReviewed():
            return _reviewed(state, event)
        case _:
            assert_never(event)


def _kept(kind: type[Kept], source: DataclassInstance, **more: Any) -> Kept:
    """A ``kind`` that keeps the fields ``source`` has by the same name, and ``more``: the state
    keeps what its events say under their names, so a field added to both needs nothing here."""
    names = {f.name for f in fields(kind)}
    values = {f.name: getattr(source, f.name) for f in fields(source) if f.name in names}
    return kind(**values, **more)


def _written(kind: type[Kept], own_id: str, event: ev.Event, at: float) -> Kept:
    """A record as its event wrote it down: the event's own id (``note_id``…) is its ``id``."""
    return _kept(kind, event, id=own_id, at=at)


def _joined(state: SessionState, event: ev.PlayerJoined, at: float) -> SessionState:
    player = Player(event.player_id, event.name, at)
    return replace(state, players=(*state.players, player), players_joined=state.players_joined + 1)


def _seated(state: SessionState, event: ev.SeatAssigned) -> SessionState:
    players = tuple(
        replace(p, role_id=event.role_id) if p.id == event.player_id else p for p in state.players
    )
    return replace(state, players=players)


def _removed(state: SessionState, event: ev.PlayerRemoved) -> SessionState:
    players = tuple(p for p in state.players if p.id != event.player_id)
    hands = tuple(p for p in state.hands if p != event.player_id)
    return replace(state, players=players, hands=hands)


def _edited(state: SessionState, event: ev.CollisionEdited, at: float) -> SessionState:
    """An edit rewrites what the collision says (``CollisionContent``) and nothing else: its
    ``by`` is who edited, not who logged."""
    said = {f.name: getattr(event, f.name) for f in fields(CollisionContent)}
    collisions = tuple(
        replace(c, **said, edited_at=at) if c.id == event.collision_id else c
        for c in state.collisions
    )
    return replace(state, collisions=collisions)


def _reviewed(state: SessionState, event: ev.AgreementReviewed) -> SessionState:
    agreements = tuple(
        replace(a, outcome=event.outcome) if a.id == event.agreement_id else a
        for a in state.agreements
    )
    return replace(state, agreements=agreements)
