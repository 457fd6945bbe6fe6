"""Engine layer: ``decide(state, command, actor, now) -> events``, every rule and permission.

Permissions are a table rather than checks scattered over handlers, so that "who may do what"
can be read in one place and tested exhaustively. ``create`` opens a log; ``run`` is the whole
move (decide, number, evolve) for tests and for the service alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.engine import commands as cmd
from app.engine import contact, facilitation, observation, phases, records, seating
from app.engine import events as ev
from app.engine.evolve import evolve, start
from app.engine.spec import ScenarioSpec
from app.engine.state import SessionState

Handler = Callable[[SessionState, Any, cmd.Actor, float], list[ev.Event]]

_FACILITATOR = frozenset({"facilitator"})
_STAFF = frozenset({"facilitator", "observer"})


def _release_inject(state: SessionState, command: cmd.ReleaseInject) -> list[ev.Event]:
    document = state.spec.document(command.document_id)
    if document is None or not document.is_inject:
        raise cmd.NotFound(f"no inject {command.document_id!r} in this scenario")
    if state.is_released(document.id):
        return []
    return [ev.DocumentReleased(document_id=document.id, by="facilitator")]


def _fire_timers(state: SessionState, now: float) -> list[ev.Event]:
    return [ev.DocumentReleased(document_id=d, by="timer") for d in phases.due_injects(state, now)]


_RULES: dict[type[cmd.Command], tuple[frozenset[str], Handler]] = {
    cmd.Join: (frozenset({"guest"}), lambda s, c, a, n: seating.join(s, c)),
    cmd.SetJoining: (_FACILITATOR, lambda s, c, a, n: seating.set_joining(s, c)),
    cmd.Leave: (frozenset({"player"}), lambda s, c, a, n: seating.leave(s, a)),
    cmd.AutoSeat: (_FACILITATOR, lambda s, c, a, n: seating.auto_seat(s)),
    cmd.AssignSeat: (_FACILITATOR, lambda s, c, a, n: seating.assign(s, c)),
    cmd.Advance: (_FACILITATOR, lambda s, c, a, n: phases.change_phase(s, c, n)),
    cmd.Back: (_FACILITATOR, lambda s, c, a, n: phases.change_phase(s, c, n)),
    cmd.Pause: (_FACILITATOR, lambda s, c, a, n: phases.change_phase(s, c, n)),
    cmd.Resume: (_FACILITATOR, lambda s, c, a, n: phases.change_phase(s, c, n)),
    cmd.Extend: (_FACILITATOR, lambda s, c, a, n: phases.change_phase(s, c, n)),
    cmd.ReleaseInject: (_FACILITATOR, lambda s, c, a, n: _release_inject(s, c)),
    cmd.FireTimers: (frozenset({"system"}), lambda s, c, a, n: _fire_timers(s, n)),
    cmd.LogCollision: (
        frozenset({"facilitator", "observer"}),
        lambda s, c, a, n: records.log_collision(s, c, a),
    ),
    cmd.AddNote: (frozenset({"player"}), lambda s, c, a, n: records.add_note(s, c, a)),
    cmd.AddAgreement: (
        frozenset({"player", "facilitator"}),
        lambda s, c, a, n: records.add_agreement(s, c, a),
    ),
    cmd.AddReflection: (frozenset({"player"}), lambda s, c, a, n: records.add_reflection(s, c, a)),
    cmd.SendMessage: (_FACILITATOR, lambda s, c, a, n: contact.send_message(s, c)),
    cmd.EditCollision: (_STAFF, lambda s, c, a, n: observation.edit_collision(s, c, a)),
    cmd.DeleteCollision: (_STAFF, lambda s, c, a, n: observation.delete_collision(s, c, a)),
    cmd.ReviewAgreement: (_FACILITATOR, lambda s, c, a, n: observation.review_agreement(s, c)),
    cmd.RemovePlayer: (_FACILITATOR, lambda s, c, a, n: facilitation.remove_player(s, c)),
    cmd.RecordVerdict: (_FACILITATOR, lambda s, c, a, n: facilitation.record_verdict(s, c)),
    cmd.ShowOnScreen: (_FACILITATOR, lambda s, c, a, n: facilitation.show_on_screen(s, c)),
    cmd.RaiseHand: (frozenset({"player"}), lambda s, c, a, n: contact.raise_hand(s, a)),
    cmd.LowerHand: (
        frozenset({"player", "facilitator"}),
        lambda s, c, a, n: contact.lower_hand(s, c, a),
    ),
}


_AFTER_THE_END = frozenset({cmd.AddNote, cmd.AddAgreement, cmd.AddReflection, cmd.RaiseHand})
"""What players can no longer do once the session is closed; the staff can still tidy up."""


def may(actor: cmd.Actor, command: type[cmd.Command]) -> bool:
    return actor.kind in _RULES[command][0]


def decide(
    state: SessionState, command: cmd.Command, actor: cmd.Actor, now: float
) -> list[ev.Event]:
    allowed, handler = _RULES[type(command)]
    if actor.kind not in allowed:
        raise cmd.Forbidden(f"a {actor.kind} may not do that")
    if actor.kind == "player" and state.player(actor.player_id or "") is None:
        raise cmd.Forbidden("unknown player")
    if type(command) in _AFTER_THE_END and state.phase.kind == "closed":
        raise cmd.Conflict("this session has ended")
    return handler(state, command, actor, now)


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
