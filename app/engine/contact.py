"""Engine layer: talking to the room: the facilitator's messages and the players' raised hands.

A raised hand stays up until the facilitator answers it or the player lowers it, so a hand
raised during a noisy meeting is never lost; raising it twice is one hand. Messages have a cap
per session, like every other record (``commands.MESSAGES_MAX``).
"""

from __future__ import annotations

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.records import capped
from app.engine.state import SessionState
from app.engine.texts import field_text


def send_message(state: SessionState, command: cmd.SendMessage) -> list[ev.Event]:
    text = field_text(command.text, "text", cmd.SHORT_TEXT_MAX)
    if command.role_id is not None and state.spec.role(command.role_id) is None:
        raise cmd.Invalid(f"unknown role {command.role_id!r}")
    capped(len(state.messages), cmd.MESSAGES_MAX, "messages per session")
    message_id = f"m{len(state.messages) + 1}"
    return [ev.MessageSent(message_id=message_id, text=text, role_id=command.role_id)]


def raise_hand(state: SessionState, actor: cmd.Actor) -> list[ev.Event]:
    player = state.player(actor.player_id or "")
    if player is None:
        raise cmd.Forbidden("only a player in this session can raise a hand")
    if player.role_id is None:
        raise cmd.Conflict("you have no role yet; wait until the facilitator seats you")
    if player.id in state.hands:
        return []
    return [ev.HandRaised(player_id=player.id, role_id=player.role_id)]


def lower_hand(state: SessionState, command: cmd.LowerHand, actor: cmd.Actor) -> list[ev.Event]:
    if actor.kind == "player":
        if command.player_id not in (None, actor.player_id):
            raise cmd.Forbidden("a player can only lower their own hand")
        player_id = actor.player_id or ""
    else:
        if command.player_id is None:
            raise cmd.Invalid("say whose hand to lower")
        player_id = command.player_id
    player = state.player(player_id)
    if player is None:
        raise cmd.NotFound(f"no player {player_id!r} in this session")
    if player_id not in state.hands:
        return []
    by = "player" if actor.kind == "player" else "facilitator"
    return [ev.HandLowered(player_id=player_id, role_id=player.role_id, by=by)]
