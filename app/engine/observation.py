"""Engine layer: the observer's second thoughts: editing, starring and deleting logged
collisions, and the facilitator's review of which agreements survived the mayor.

An edit is an event carrying the whole collision as it now reads, and a deletion is an event
too: the log keeps what was first written, so the debrief and the export can be trusted.
"""

from __future__ import annotations

from dataclasses import replace

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.records import check_collision
from app.engine.state import Collision, SessionState
from app.engine.vocabulary import AGREEMENT_OUTCOMES


def _collision(state: SessionState, collision_id: str) -> Collision:
    found = next((c for c in state.collisions if c.id == collision_id), None)
    if found is None:
        raise cmd.NotFound(f"no collision {collision_id!r} in this session")
    return found


def edit_collision(
    state: SessionState, command: cmd.EditCollision, actor: cmd.Actor
) -> list[ev.Event]:
    current = _collision(state, command.collision_id)
    designed = None if command.clear_designed else command.designed_id or current.designed_id
    wanted = cmd.LogCollision(
        roles=command.roles if command.roles is not None else current.roles,
        logic=command.logic if command.logic is not None else current.logic,
        note=command.note if command.note is not None else current.note,
        starred=command.starred if command.starred is not None else current.starred,
        designed_id=designed,
    )
    roles, note = check_collision(state, wanted)
    after = replace(
        current,
        roles=roles,
        logic=wanted.logic,
        note=note,
        starred=wanted.starred,
        designed_id=wanted.designed_id,
    )
    if after == current:
        return []
    return [
        ev.CollisionEdited(
            collision_id=current.id,
            roles=roles,
            logic=wanted.logic,
            note=note,
            starred=wanted.starred,
            designed_id=wanted.designed_id,
            by=actor.kind,
        )
    ]


def toggle_star(state: SessionState, command: cmd.ToggleStar, actor: cmd.Actor) -> list[ev.Event]:
    """The star flips from what the log says now, never from what a page showed a moment ago."""
    current = _collision(state, command.collision_id)
    return edit_collision(state, cmd.EditCollision(current.id, starred=not current.starred), actor)


def delete_collision(
    state: SessionState, command: cmd.DeleteCollision, actor: cmd.Actor
) -> list[ev.Event]:
    _collision(state, command.collision_id)
    return [ev.CollisionDeleted(collision_id=command.collision_id, by=actor.kind)]


def review_agreement(state: SessionState, command: cmd.ReviewAgreement) -> list[ev.Event]:
    agreement = next((a for a in state.agreements if a.id == command.agreement_id), None)
    if agreement is None:
        raise cmd.NotFound(f"no agreement {command.agreement_id!r} in this session")
    if command.outcome not in AGREEMENT_OUTCOMES:
        raise cmd.Invalid(f"outcome must be one of {', '.join(AGREEMENT_OUTCOMES)}")
    if agreement.outcome == command.outcome:
        return []
    return [ev.AgreementReviewed(agreement_id=agreement.id, outcome=command.outcome)]
