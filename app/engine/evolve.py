"""Engine layer: ``evolve(state, event) -> state``; ``replay`` rebuilds any session from its log.

Evolving applies facts without judging them: all rules were applied in ``decide`` before the
event existed. That is what makes replaying an old log safe after the rules change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import assert_never

from app.engine import events as ev
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
            return replace(state, timer=_timer(event))
        case ev.PlayerJoined():
            return _joined(state, event, at)
        case ev.SeatAssigned():
            return _seated(state, event)
        case ev.DocumentReleased():
            return _released(state, event, at)
        case ev.CollisionLogged():
            return _collision(state, event, at)
        case ev.NoteAdded():
            return _note(state, event, at)
        case ev.AgreementAdded():
            return _agreement(state, event, at)
        case ev.ReflectionAdded():
            return _reflection(state, event, at)
        case ev.MessageSent():
            return _message(state, event, at)
        case ev.HandRaised():
            return replace(state, hands=(*state.hands, event.player_id))
        case ev.HandLowered():
            return replace(state, hands=tuple(p for p in state.hands if p != event.player_id))
        case ev.PlayerRemoved():
            return _removed(state, event)
        case ev.JoiningChanged():
            return replace(state, joining_open=event.open)
        case ev.VerdictRecorded():
            verdict = Verdict(event.need_id, event.verdict, event.comment, at)
            return replace(state, verdicts=(*state.verdicts, verdict))
        case ev.ScreenChanged():
            return replace(state, screen=Screen(event.show, event.question_id))
        case ev.CollisionEdited():
            return _edited(state, event, at)
        case ev.CollisionDeleted():
            kept = tuple(c for c in state.collisions if c.id != event.collision_id)
            return replace(state, collisions=kept)
        case ev.AgreementReviewed():
            return _reviewed(state, event)
        case _:
            assert_never(event)


def _timer(event: ev.PhaseEvent) -> Timer:
    return Timer(
        phase_id=event.phase_id,
        started_at=event.started_at,
        budget_s=event.budget_s,
        deadline=event.deadline,
        paused=event.paused,
        remaining_s=event.remaining_s,
    )


def _joined(state: SessionState, event: ev.PlayerJoined, at: float) -> SessionState:
    player = Player(event.player_id, event.name, at)
    return replace(state, players=(*state.players, player), players_joined=state.players_joined + 1)


def _seated(state: SessionState, event: ev.SeatAssigned) -> SessionState:
    players = tuple(
        replace(p, role_id=event.role_id) if p.id == event.player_id else p for p in state.players
    )
    return replace(state, players=players)


def _released(state: SessionState, event: ev.DocumentReleased, at: float) -> SessionState:
    release = Release(event.document_id, at, event.by)
    return replace(state, released=(*state.released, release))


def _collision(state: SessionState, event: ev.CollisionLogged, at: float) -> SessionState:
    item = Collision(
        id=event.collision_id,
        roles=event.roles,
        logic=event.logic,
        note=event.note,
        starred=event.starred,
        designed_id=event.designed_id,
        phase_id=event.phase_id,
        round=event.round,
        by=event.by,
        at=at,
    )
    return replace(
        state,
        collisions=(*state.collisions, item),
        collisions_logged=state.collisions_logged + 1,
    )


def _note(state: SessionState, event: ev.NoteAdded, at: float) -> SessionState:
    item = Note(event.note_id, event.player_id, event.role_id, event.text, at)
    return replace(state, notes=(*state.notes, item))


def _agreement(state: SessionState, event: ev.AgreementAdded, at: float) -> SessionState:
    item = Agreement(
        id=event.agreement_id,
        what=event.what,
        who=event.who,
        when=event.when,
        monitor=event.monitor,
        fallback=event.fallback,
        review=event.review,
        by=event.by,
        role_id=event.role_id,
        phase_id=event.phase_id,
        at=at,
    )
    return replace(state, agreements=(*state.agreements, item))


def _reflection(state: SessionState, event: ev.ReflectionAdded, at: float) -> SessionState:
    item = Reflection(
        id=event.reflection_id,
        player_id=event.player_id,
        role_id=event.role_id,
        phase_id=event.phase_id,
        question_id=event.question_id,
        text=event.text,
        at=at,
    )
    return replace(state, reflections=(*state.reflections, item))


def _message(state: SessionState, event: ev.MessageSent, at: float) -> SessionState:
    item = Message(event.message_id, event.text, event.role_id, at)
    return replace(state, messages=(*state.messages, item))


def _removed(state: SessionState, event: ev.PlayerRemoved) -> SessionState:
    players = tuple(p for p in state.players if p.id != event.player_id)
    hands = tuple(p for p in state.hands if p != event.player_id)
    return replace(state, players=players, hands=hands)


def _edited(state: SessionState, event: ev.CollisionEdited, at: float) -> SessionState:
    def edit(item: Collision) -> Collision:
        if item.id != event.collision_id:
            return item
        return replace(
            item,
            roles=event.roles,
            logic=event.logic,
            note=event.note,
            starred=event.starred,
            designed_id=event.designed_id,
            edited_at=at,
        )

    return replace(state, collisions=tuple(edit(c) for c in state.collisions))


def _reviewed(state: SessionState, event: ev.AgreementReviewed) -> SessionState:
    agreements = tuple(
        replace(a, outcome=event.outcome) if a.id == event.agreement_id else a
        for a in state.agreements
    )
    return replace(state, agreements=agreements)
