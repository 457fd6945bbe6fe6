"""Engine layer: the facilitator's own moves: removing a player, the mayor's verdict, the screen.

The facilitator plays the mayor in round 3 and records a verdict per need; recording again
replaces the earlier verdict, but both stay in the log for the debrief's timeline.
"""

from __future__ import annotations

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine import texts
from app.engine.state import SessionState
from app.engine.vocabulary import SCREEN_SHOWS, VERDICTS


def remove_player(state: SessionState, command: cmd.RemovePlayer) -> list[ev.Event]:
    if state.player(command.player_id) is None:
        raise cmd.NotFound(f"no player {command.player_id!r} in this session")
    return [ev.PlayerRemoved(player_id=command.player_id)]


def record_verdict(state: SessionState, command: cmd.RecordVerdict) -> list[ev.Event]:
    mayor = state.spec.mayor
    if mayor is None:
        raise cmd.Conflict("this scenario has no mayor")
    if command.need_id not in {n.id for n in mayor.needs}:
        raise cmd.Invalid(f"the mayor has no need {command.need_id!r}")
    if command.verdict not in VERDICTS:
        raise cmd.Invalid(f"verdict must be one of {', '.join(VERDICTS)}")
    comment = texts.field_text(command.comment, "comment", cmd.SHORT_TEXT_MAX, required=False)
    return [ev.VerdictRecorded(need_id=command.need_id, verdict=command.verdict, comment=comment)]


def show_on_screen(state: SessionState, command: cmd.ShowOnScreen) -> list[ev.Event]:
    if command.show not in SCREEN_SHOWS:
        raise cmd.Invalid(f"the screen can show {', '.join(SCREEN_SHOWS)}")
    question = command.question_id if command.show == "question" else None
    if command.show == "question" and question not in {q.id for q in state.spec.questions}:
        raise cmd.Invalid("choose one of the scenario's questions to show")
    if state.screen.show == command.show and state.screen.question_id == question:
        return []
    return [ev.ScreenChanged(show=command.show, question_id=question)]
