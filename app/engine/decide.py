"""Engine layer: ``decide(state, command, actor, now) -> events``, every rule and permission.

Permissions are a table rather than checks scattered over handlers, so that "who may do what"
can be read in one place and tested exhaustively; the rules are one ``match`` over every
command, which mypy checks leaves none out. ``create`` opens a log; ``run`` is the whole
move (decide, number, evolve) for tests and for the service alike.
"""

from __future__ import annotations

from typing import assert_never

from app.engine import commands as cmd
from app.engine import contact, facilitation, observation, phases, records, seating
from app.engine import events as ev
from app.engine.evolve import evolve, start
from app.engine.spec import ScenarioSpec
from app.engine.state import SessionState

_FACILITATOR: frozenset[cmd.ActorKind] = frozenset({"facilitator"})
_STAFF: frozenset[cmd.ActorKind] = frozenset({"facilitator", "observer"})
_PLAYER: frozenset[cmd.ActorKind] = frozenset({"player"})
_PLAYER_OR_FACILITATOR: frozenset[cmd.ActorKind] = frozenset({"player", "facilitator"})

_ALLOWED: dict[type[cmd.Command], frozenset[cmd.ActorKind]] = {
    cmd.Join: frozenset({"guest"}),
    cmd.SetJoining: _FACILITATOR,
    cmd.Leave: _PLAYER,
    cmd.AutoSeat: _FACILITATOR,
    cmd.AssignSeat: _FACILITATOR,
    cmd.Advance: _FACILITATOR,
    cmd.Back: _FACILITATOR,
    cmd.Pause: _FACILITATOR,
    cmd.Resume: _FACILITATOR,
    cmd.Extend: _FACILITATOR,
    cmd.ReleaseInject: _FACILITATOR,
    cmd.FireTimers: frozenset({"system"}),
    cmd.LogCollision: _STAFF,
    cmd.AddNote: _PLAYER,
    cmd.AddAgreement: _PLAYER_OR_FACILITATOR,
    cmd.AddReflection: _PLAYER,
    cmd.SendMessage: _FACILITATOR,
    cmd.RaiseHand: _PLAYER,
    cmd.LowerHand: _PLAYER_OR_FACILITATOR,
    cmd.EditCollision: _STAFF,
    cmd.ToggleStar: _STAFF,
    cmd.DeleteCollision: _STAFF,
    cmd.ReviewAgreement: _FACILITATOR,
    cmd.RemovePlayer: _FACILITATOR,
    cmd.RecordVerdict: _FACILITATOR,
    cmd.ShowOnScreen: _FACILITATOR,
}
"""Who may send each command: the whole permission model on one screen."""

_AFTER_THE_END = frozenset({cmd.AddNote, cmd.AddAgreement, cmd.AddReflection, cmd.RaiseHand})
"""What players can no longer do once the session is closed; the staff can still tidy up."""


def may(actor: cmd.Actor, command: type[cmd.Command]) -> bool:
    return actor.kind in _ALLOWED[command]


def decide(
    state: SessionState, command: cmd.Command, actor: cmd.Actor, now: float
) -> list[ev.Event]:
    if not may(actor, type(command)):
        raise cmd.Forbidden(f"a {actor.kind} may not do that")
    if actor.kind == "player" and state.player(actor.player_id or "") is None:
        raise cmd.Forbidden("unknown player")
    if type(command) in _AFTER_THE_END and state.phase.kind == "closed":
        raise cmd.Conflict("this session has ended")
    return _events(state, command, actor, now)


def _events(
    state: SessionState, command: cmd.Command, actor: cmd.Actor, now: float
) -> list[ev.Event]:
    """The rule for each command, once its sender is known to be allowed."""
    match command:
        case cmd.Join():
            return seating.join(state, command)
        case cmd.SetJoining():
            return seating.set_joining(state, command)
        case cmd.Leave():
            return seating.leave(state, actor)
        case cmd.AutoSeat():
            return seating.auto_seat(state)
        case cmd.AssignSeat():
            return seating.assign(state, command)
        case cmd.Advance() | cmd.Back() | cmd.Pause() | cmd.Resume() | cmd.Extend():
            return phases.change_phase(state, command, now)
        case cmd.ReleaseInject():
            return _release_inject(state, command)
        case cmd.FireTimers():
            return [
                ev.DocumentReleased(document_id=d, by="timer")
                for d in phases.due_injects(state, now)
            ]
        case cmd.LogCollision():
            return records.log_collision(state, command, actor)
        case cmd.AddNote():
            return records.add_note(state, command, actor)
        case cmd.AddAgreement():
            return records.add_agreement(state, command, actor)
        case cmd.AddReflection():
            return records.add_reflection(state, command, actor)
        case cmd.SendMessage():
            return contact.send_message(state, command)
        case cmd.RaiseHand():
            return contact.raise_hand(state, actor)
        case cmd.LowerHand():
            return contact.lower_hand(state, command, actor)
        case cmd.EditCollision():
            return observation.edit_collision(state, command, actor)
        case cmd.ToggleStar():
            return observation.toggle_star(state, command, actor)
        case cmd.DeleteCollision():
            return observation.delete_collision(state, command, actor)
        case cmd.ReviewAgreement():
            return observation.review_agreement(state, command)
        case cmd.RemovePlayer():
            return facilitation.remove_player(state, command)
        case cmd.RecordVerdict():
            return facilitation.record_verdict(state, command)
        case cmd.ShowOnScreen():
            return facilitation.show_on_screen(state, command)
        case _:
            assert_never(command)


def _release_inject(state: SessionState, command: cmd.ReleaseInject) -> list[ev.Event]:
    document = state.spec.document(command.document_id)
    if document is None or not document.is_inject:
        raise cmd.NotFound(f"no inject {command.document_id!r} in this scenario")
    if state.is_released(document.id):
        return []
    return [ev.DocumentReleased(document_id=document.id, by="facilitator")]


def number(state: SessionState, new: list[ev.Event], now: float) -> list[ev.Recorded]:
    return [ev.Recorded(state.seq + i, now, e) for i, e in enumerate(new, start=1)]


def apply(state: SessionState, recorded: list[ev.Recorded]) -> SessionState:
    for record in recorded:
        state = evolve(state, record)
    return state


def run(
    state: SessionState, command: cmd.Command, actor: cmd.Actor, now: float
) -> tuple[SessionState, list[ev.Recorded]]:
    recorded = number(state, decide(state, command, actor, now), now)
    return apply(state, recorded), recorded


def create(
    spec: ScenarioSpec,
    session_id: str,
    language: str,
    now: float,
    join_code: str = "",
    seat_codes: tuple[str, ...] = (),
    timezone: str = ev.DEFAULT_TIMEZONE,
) -> tuple[SessionState, list[ev.Recorded]]:
    """Open a session's log: ``session.created``, then the documents of the first phase."""
    if language not in spec.languages:
        raise cmd.Invalid(f"scenario {spec.id!r} has no language {language!r}")
    if seat_codes and len(seat_codes) != len(spec.roles):
        raise cmd.Invalid("a session needs one seat code per role")
    opened = ev.SessionCreated(
        scenario_id=spec.id,
        language=language,
        join_code=join_code,
        seat_codes=seat_codes,
        timezone=timezone,
    )
    created = ev.Recorded(1, now, opened)
    state = start(spec, session_id, created)
    rest = number(state, phases.reached_documents(state, 0), now)
    return apply(state, rest), [created, *rest]
