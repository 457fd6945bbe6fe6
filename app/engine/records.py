"""Engine layer: what people write down during play: collisions, duo notes, agreements, reflections.

Each record is stamped with the phase it was written in, so the debrief and the exports can
place it in its round without guessing from times. Every text meets the text rule, and each
kind of record has a cap per session (``commands``), so a runaway script fills no log.
"""

from __future__ import annotations

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.spec import LOGICS
from app.engine.state import SessionState
from app.engine.texts import field_text


def capped(count: int, limit: int, what: str) -> None:
    """Refuse one more of ``what`` once ``count`` has reached ``limit``."""
    if count >= limit:
        raise cmd.Conflict(f"the limit of {limit} {what} is reached")


def _seated_role(state: SessionState, actor: cmd.Actor) -> str:
    player = state.player(actor.player_id or "")
    if player is None:
        raise cmd.Forbidden("only a player in this session can do that")
    if player.role_id is None:
        raise cmd.Conflict("you have no role yet; wait until the facilitator seats you")
    return player.role_id


def check_collision(state: SessionState, command: cmd.LogCollision) -> tuple[tuple[str, ...], str]:
    """The rules a collision meets when logged and after every edit: its roles and note."""
    roles = tuple(dict.fromkeys(command.roles))
    if len(roles) < 2:
        raise cmd.Invalid("a collision needs at least two different roles")
    unknown = [r for r in roles if state.spec.role(r) is None]
    if unknown:
        raise cmd.Invalid(f"unknown role {unknown[0]!r}")
    if command.logic not in LOGICS:
        raise cmd.Invalid(f"logic must be one of {', '.join(LOGICS)}")
    designed = command.designed_id
    if designed is not None and designed not in {d.id for d in state.spec.designed_collisions}:
        raise cmd.Invalid(f"unknown designed collision {designed!r}")
    return roles, field_text(command.note, "note", cmd.TEXT_MAX, required=False)


def log_collision(
    state: SessionState, command: cmd.LogCollision, actor: cmd.Actor
) -> list[ev.Event]:
    roles, note = check_collision(state, command)
    capped(state.collisions_logged, cmd.COLLISIONS_MAX, "collisions per session")
    return [
        ev.CollisionLogged(
            collision_id=f"c{state.collisions_logged + 1}",
            roles=roles,
            logic=command.logic,
            note=note,
            starred=command.starred,
            designed_id=command.designed_id,
            phase_id=state.phase.id,
            round=state.phase.round,
            by=actor.kind,
        )
    ]


def add_note(state: SessionState, command: cmd.AddNote, actor: cmd.Actor) -> list[ev.Event]:
    role_id = _seated_role(state, actor)
    written = sum(1 for n in state.notes if n.role_id == role_id)
    capped(written, cmd.NOTES_PER_DUO_MAX, "notes per duo")
    return [
        ev.NoteAdded(
            note_id=f"n{len(state.notes) + 1}",
            player_id=actor.player_id or "",
            role_id=role_id,
            text=field_text(command.text, "text", cmd.TEXT_MAX),
        )
    ]


def add_agreement(
    state: SessionState, command: cmd.AddAgreement, actor: cmd.Actor
) -> list[ev.Event]:
    role_id = _seated_role(state, actor) if actor.kind == "player" else None
    capped(len(state.agreements), cmd.AGREEMENTS_MAX, "agreements per session")
    limit = cmd.SHORT_TEXT_MAX
    return [
        ev.AgreementAdded(
            agreement_id=f"a{len(state.agreements) + 1}",
            what=field_text(command.what, "what", limit),
            who=field_text(command.who, "who", limit),
            when=field_text(command.when, "when", limit),
            monitor=field_text(command.monitor, "monitor", limit, required=False),
            fallback=field_text(command.fallback, "fallback", limit, required=False),
            review=field_text(command.review, "review", limit, required=False),
            by=actor.player_id if actor.kind == "player" and actor.player_id else actor.kind,
            role_id=role_id,
            phase_id=state.phase.id,
        )
    ]


def add_reflection(
    state: SessionState, command: cmd.AddReflection, actor: cmd.Actor
) -> list[ev.Event]:
    player = state.player(actor.player_id or "")
    if player is None:
        raise cmd.Forbidden("only a player in this session can reflect")
    question = command.question_id
    if question is not None and question not in {q.id for q in state.spec.questions}:
        raise cmd.Invalid(f"unknown question {question!r}")
    written = sum(1 for r in state.reflections if r.player_id == player.id)
    capped(written, cmd.REFLECTIONS_PER_PLAYER_MAX, "reflections per player")
    return [
        ev.ReflectionAdded(
            reflection_id=f"r{len(state.reflections) + 1}",
            player_id=player.id,
            role_id=player.role_id,
            phase_id=state.phase.id,
            question_id=question,
            text=field_text(command.text, "text", cmd.TEXT_MAX),
        )
    ]
