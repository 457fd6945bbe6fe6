"""Services layer: the session's record for taking away: JSON, CSV per table, and XLSX.

Everything is built from the log and the state through ``engine.ledger``, so each format holds
the same rows, and the JSON carries the log itself next to the tables and the debrief. The
spreadsheet formats write every text through ``export_text``, so no cell is ever a formula and
no character in the log can make a file fail. The CSV quotes every text (numbers stay bare),
as OWASP advises, so that a reader splitting on semicolons as well as commas still keeps
``Bellen;=1+1`` in one cell. A reader that splits on another separator than the comma and
ignores the quotes (Excel with a Dutch list separator, when the file is double-clicked) does not
read this file as CSV at all, and no escaping survives that: the XLSX is the safe choice there.
Every time is ISO 8601 in the session's zone, with its offset; the JSON names the zone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from anyio import to_thread
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from app.db import repository as repo
from app.engine import debrief, ledger, shapes, views
from app.engine import snapshot as pictures
from app.engine.events import Recorded
from app.engine.spec import pick
from app.engine.state import SessionState
from app.services import export_text, zones
from app.services.context import ServiceContext

TABLES = ("collisions", "agreements", "reflections", "events")


@dataclass(frozen=True)
class Record:
    state: SessionState
    log: list[Recorded]
    actors: dict[int, str]


def _load(ctx: ServiceContext, session_id: str) -> Record:
    with Session(ctx.engines.read) as db:
        state = ctx.states.load(db, session_id)
        log = repo.events_after(db, session_id, upto=state.seq)
        actors = {r.seq: r.actor for r in repo.event_rows(db, session_id) if r.seq <= state.seq}
    return Record(state, log, actors)


async def load(ctx: ServiceContext, session_id: str) -> Record:
    return await to_thread.run_sync(_load, ctx, session_id)


def as_json(record: Record, pseudonymise: bool = False) -> dict[str, Any]:
    state, language = record.state, record.state.language
    where = zones.zone(state.timezone)
    tables = ledger.tables(state, record.log, language, pseudonymise, where)
    names = ledger.player_names(state, record.log, pseudonymise)
    picture = pictures.snapshot(
        state, views.Audience("facilitator"), {"kind": "facilitator"}, language, zone=where
    )
    picture["session"].pop("seat_codes", None)  # as in the log's rows: see ``ledger``
    for player in picture["players"]:
        player["name"] = names.get(player["id"], player["name"])
    events = next(t for t in tables if t.name == "events")
    return {
        "session": {
            "id": state.session_id,
            "scenario_id": state.spec.id,
            "scenario_title": pick(state.spec.title, language),
            "language": language,
            "timezone": str(where),
            "pseudonymised": pseudonymise,
        },
        "events": [
            {
                "seq": row[5],
                "type": row[6],
                "at": row[4],
                "round": row[1],
                "phase_id": row[2],
                "actor": record.actors.get(row[5], ""),
                "data": json.loads(row[8]),
            }
            for row in events.rows
        ],
        "tables": {
            t.name: [dict(zip(t.columns, row, strict=True)) for row in t.rows]
            for t in tables
            if t.name != "events"
        },
        "state": picture,
        "debrief": debrief.debrief(state, record.log, language, where),
        "exported_at": shapes.iso(record.log[-1].at, where) if record.log else None,
    }


def _tables(record: Record, pseudonymise: bool) -> list[ledger.Table]:
    state = record.state
    return ledger.tables(
        state, record.log, state.language, pseudonymise, zones.zone(state.timezone)
    )


def as_csv(record: Record, table: str, pseudonymise: bool = False) -> str:
    chosen = next(t for t in _tables(record, pseudonymise) if t.name == table)
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(chosen.columns)
    writer.writerows([export_text.cell(value) for value in row] for row in chosen.rows)
    return out.getvalue()


def _write_row(sheet: Worksheet, number: int, values: Sequence[object]) -> None:
    """Text is typed as a string whatever it looks like: openpyxl would otherwise read a
    leading ``=`` as a formula and ``#N/A`` as an error value. Empty values stay empty cells."""
    for column, value in enumerate(values, start=1):
        content = export_text.sheet_cell(value)
        if content == "":
            continue
        written = sheet.cell(row=number, column=column, value=content)
        if isinstance(content, str):
            written.data_type = "s"


def as_xlsx(record: Record, pseudonymise: bool = False) -> bytes:
    """One sheet per table, with a frozen header row."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in _tables(record, pseudonymise):
        sheet = book.create_sheet(table.name)
        for number, values in enumerate((table.columns, *table.rows), start=1):
            _write_row(sheet, number, values)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
