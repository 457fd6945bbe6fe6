"""Engine layer: the session's record as tables, for the exports.

Every row carries the session, the round, the phase, the role and the time, so a spreadsheet of
one table still says where each line belongs. Duo notes are private to the duo: the event log
keeps that a note was written, by which role and when, but never its text. Names can be
replaced by stable pseudonyms ("Speler 1"), so a record can leave the training room. Times are
ISO 8601 in the zone the caller gives (the session's), with their offset.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from app.engine import events as ev
from app.engine import shapes
from app.engine.spec import pick
from app.engine.state import SessionState
from app.engine.views import Audience, sees_duo_only

FIRST = ("session_id", "round", "phase_id", "role_id", "at")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def player_names(
    state: SessionState, log: Sequence[ev.Recorded], pseudonymise: bool
) -> dict[str, str]:
    """Every player who ever joined (removed ones too), by id."""
    joined = [r.event for r in log if isinstance(r.event, ev.PlayerJoined)]
    if pseudonymise:
        return {e.player_id: f"Speler {n}" for n, e in enumerate(joined, start=1)}
    return {e.player_id: e.name for e in joined}


def _round_of(state: SessionState, phase_id: str) -> int | None:
    return state.spec.phases[state.spec.phase_index(phase_id)].round


def _first(
    state: SessionState,
    round_: int | None,
    phase_id: str,
    role_id: str | None,
    at: float,
    zone: tzinfo | None,
) -> tuple[Any, ...]:
    """The values under ``FIRST``, in its order: where and when a row belongs."""
    return (state.session_id, round_, phase_id, role_id or "", shapes.iso(at, zone))


def _collisions(state: SessionState, zone: tzinfo | None) -> Table:
    columns = (
        *FIRST,
        "collision_id",
        "logic",
        "roles",
        "note",
        "starred",
        "designed_id",
        "by",
        "edited_at",
    )
    rows = [
        (
            *_first(state, c.round, c.phase_id, ";".join(c.roles), c.at, zone),
            c.id,
            c.logic,
            ";".join(c.roles),
            c.note,
            c.starred,
            c.designed_id or "",
            c.by,
            shapes.iso(c.edited_at, zone),
        )
        for c in state.collisions
    ]
    return Table("collisions", columns, rows)


def _agreements(state: SessionState, names: dict[str, str], zone: tzinfo | None) -> Table:
    columns = (
        *FIRST,
        "agreement_id",
        "written_by",
        "what",
        "who",
        "when",
        "monitor",
        "fallback",
        "review",
        "outcome",
    )
    rows = [
        (
            *_first(state, _round_of(state, a.phase_id), a.phase_id, a.role_id, a.at, zone),
            a.id,
            names.get(a.by, a.by),
            a.what,
            a.who,
            a.when,
            a.monitor,
            a.fallback,
            a.review,
            a.outcome or "",
        )
        for a in state.agreements
    ]
    return Table("agreements", columns, rows)


def _reflections(
    state: SessionState, names: dict[str, str], language: str, zone: tzinfo | None
) -> Table:
    questions = {q.id: pick(q.text, language) for q in state.spec.questions}
    columns = (*FIRST, "reflection_id", "player", "question_id", "question", "text")
    rows = [
        (
            *_first(state, _round_of(state, r.phase_id), r.phase_id, r.role_id, r.at, zone),
            r.id,
            names.get(r.player_id, ""),
            r.question_id or "",
            questions.get(r.question_id or "", ""),
            r.text,
        )
        for r in state.reflections
    ]
    return Table("reflections", columns, rows)


def _event_data(event: ev.Event, names: dict[str, str]) -> dict[str, Any]:
    data = ev.encode(event)
    if isinstance(event, ev.NoteAdded) and not sees_duo_only(
        Audience("facilitator"), event.role_id
    ):
        data["text"] = ""  # the duo's own; the log shows only that a note was written
    if isinstance(event, ev.SessionCreated):
        del data["seat_codes"]  # each still opens a duo's seat: a record leaves the room
    if "name" in data and "player_id" in data:
        data["name"] = names.get(data["player_id"], data["name"])
    return data


def _events(
    state: SessionState, log: Sequence[ev.Recorded], names: dict[str, str], zone: tzinfo | None
) -> Table:
    columns = (*FIRST, "seq", "type", "player", "data")
    phase_id = state.spec.phases[0].id
    rows = []
    for record in log:
        event = record.event
        if isinstance(event, ev.PhaseChanged):
            phase_id = event.phase_id
        data = _event_data(event, names)
        player = str(data.get("player_id", ""))
        role_id = str(data.get("role_id") or "")
        rows.append(
            (
                *_first(state, _round_of(state, phase_id), phase_id, role_id, record.at, zone),
                record.seq,
                event.type,
                names.get(player, ""),
                json.dumps(data, ensure_ascii=False),
            )
        )
    return Table("events", columns, rows)


def tables(
    state: SessionState,
    log: Sequence[ev.Recorded],
    language: str,
    pseudonymise: bool = False,
    zone: tzinfo | None = None,
) -> list[Table]:
    names = player_names(state, log, pseudonymise)
    return [
        _collisions(state, zone),
        _agreements(state, names, zone),
        _reflections(state, names, language, zone),
        _events(state, log, names, zone),
    ]
