"""Engine layer: joining and seating players in role duos.

Five roles, two seats each, for 5-12 players: auto-seating always puts the next player in the
emptiest role (ties go to the scenario's role order), so below ten players some roles have one
player and above ten some roles get a third seat. Players the facilitator already placed stay put.

A seat card seats its holder only while joining is open and its role has room, because a duo's
seat opens that duo's private brief and notes: a card that still worked once the duo was full
would let a second device slip into a duo unnoticed.
"""

from __future__ import annotations

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine import texts
from app.engine.state import SessionState

SEATS_PER_ROLE = 2
SEATS_PER_ROLE_LARGE = 3
LARGE_FROM_PLAYERS = 11
"""From this many players a role may hold a trio instead of a duo."""


class JoiningClosed(cmd.Forbidden):
    """The facilitator closed joining."""


class SessionFull(cmd.Conflict):
    """Every seat a session can take is taken."""


class RoleFull(cmd.Conflict):
    """A seat card's duo (or trio) is complete."""


def max_players(state: SessionState) -> int:
    """The most players a session takes: every role filled as a trio."""
    return len(state.spec.roles) * SEATS_PER_ROLE_LARGE


def seats_per_role(players: int) -> int:
    return SEATS_PER_ROLE_LARGE if players >= LARGE_FROM_PLAYERS else SEATS_PER_ROLE


def seat_codes(state: SessionState) -> dict[str, str]:
    """The seat cards' codes by role (staff-only: ``views.sees_staff_matters``)."""
    return dict(zip(state.spec.role_ids, state.seat_codes, strict=False))


def join(state: SessionState, command: cmd.Join) -> list[ev.Event]:
    name = " ".join(texts.clean_text(command.name, "name").split())
    if not name:
        raise cmd.Invalid("name must not be empty")
    if len(name) > cmd.NAME_MAX:
        raise cmd.Invalid(f"name must be at most {cmd.NAME_MAX} characters")
    if state.phase.kind == "closed":
        raise cmd.Conflict("this session has ended")
    if not state.joining_open:
        raise JoiningClosed("joining is closed: ask the game leader to open it")
    if command.role_id is not None and state.spec.role(command.role_id) is None:
        raise cmd.Invalid(f"unknown role {command.role_id!r}")
    players = len(state.players) + 1
    if players > max_players(state):
        raise SessionFull(f"this session is full: it takes at most {max_players(state)} players")
    if command.role_id is not None:
        room = seats_per_role(players)
        if len(state.duo(command.role_id)) >= room:
            raise RoleFull(
                f"this seat card's role is full ({room} seats): ask the game leader for a seat"
            )
    player_id = f"p{state.players_joined + 1}"
    joined: list[ev.Event] = [ev.PlayerJoined(player_id=player_id, name=name)]
    if command.role_id is not None:
        joined.append(ev.SeatAssigned(player_id=player_id, role_id=command.role_id))
    return joined


def set_joining(state: SessionState, command: cmd.SetJoining) -> list[ev.Event]:
    if state.joining_open == command.open:
        return []
    return [ev.JoiningChanged(open=command.open)]


def leave(state: SessionState, actor: cmd.Actor) -> list[ev.Event]:
    return [ev.PlayerRemoved(player_id=actor.player_id or "", left=True)]


def auto_seat(state: SessionState) -> list[ev.Event]:
    counts = {role_id: 0 for role_id in state.spec.role_ids}
    for player in state.players:
        if player.role_id in counts:
            counts[player.role_id] += 1
    events: list[ev.Event] = []
    for player in state.players:
        if player.role_id is not None:
            continue
        role_id = min(counts, key=lambda r: counts[r])
        counts[role_id] += 1
        events.append(ev.SeatAssigned(player_id=player.id, role_id=role_id))
    return events


def assign(state: SessionState, command: cmd.AssignSeat) -> list[ev.Event]:
    """The facilitator seats anyone anywhere: they are trusted with the room's seating, and a
    swap between two full duos has to pass through a third seat for a moment."""
    player = state.player(command.player_id)
    if player is None:
        raise cmd.NotFound(f"no player {command.player_id!r} in this session")
    if state.spec.role(command.role_id) is None:
        raise cmd.Invalid(f"unknown role {command.role_id!r}")
    if player.role_id == command.role_id:
        return []
    return [ev.SeatAssigned(player_id=player.id, role_id=command.role_id)]
