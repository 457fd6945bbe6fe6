"""Engine layer: joining and seating players in role duos.

Five roles, two seats each, for 5-12 players: auto-seating always puts the next player in the
emptiest role (ties go to the scenario's role order), so below ten players some roles have one
player and above ten some roles get a third seat. Players the facilitator already placed stay put.
"""

from __future__ import annotations

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.state import SessionState


def seat_code(join_code: str, role_number: int) -> str:
    """The code on a seat card: the session's code plus the role's number (1-9), so a card
    can be read out or typed as easily as the join code itself."""
    return f"{join_code}-{role_number}"


def seat_codes(state: SessionState) -> dict[str, str]:
    return {
        role.id: seat_code(state.join_code, number)
        for number, role in enumerate(state.spec.roles, start=1)
    }


def join(state: SessionState, command: cmd.Join) -> list[ev.Event]:
    name = " ".join(command.name.split())
    if not name:
        raise cmd.Invalid("name must not be empty")
    if len(name) > cmd.NAME_MAX:
        raise cmd.Invalid(f"name must be at most {cmd.NAME_MAX} characters")
    if state.phase.kind == "closed":
        raise cmd.Conflict("this session has ended")
    if command.role_id is not None and state.spec.role(command.role_id) is None:
        raise cmd.Invalid(f"unknown role {command.role_id!r}")
    player_id = f"p{len(state.players) + 1}"
    joined: list[ev.Event] = [ev.PlayerJoined(player_id=player_id, name=name)]
    if command.role_id is not None:
        joined.append(ev.SeatAssigned(player_id=player_id, role_id=command.role_id))
    return joined


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
    player = state.player(command.player_id)
    if player is None:
        raise cmd.NotFound(f"no player {command.player_id!r} in this session")
    if state.spec.role(command.role_id) is None:
        raise cmd.Invalid(f"unknown role {command.role_id!r}")
    if player.role_id == command.role_id:
        return []
    return [ev.SeatAssigned(player_id=player.id, role_id=command.role_id)]
