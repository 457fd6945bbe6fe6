"""Web layer: the debrief and the exports."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from app.services import queries
from app.web.deps import FacilitatorCall, StaffCall
from app.web.pages.debrief.files import Format, export_response
from app.web.schemas import LangQuery

router = APIRouter(prefix="/api/sessions/{sid}", tags=["reports"])


@router.get("/debrief")
async def debrief(caller: StaffCall, lang: LangQuery = None) -> dict[str, Any]:
    return {**await queries.debrief(caller.runtime.ctx, caller.session_id, lang)}


@router.get("/export", response_model=None)
async def export(
    caller: FacilitatorCall,
    format: Format = "json",
    table: str = "collisions",
    pseudonymise: bool = False,
) -> Response:
    """The whole record. ``json``: the log, the tables, the state and the debrief; ``csv``:
    one ``table`` (collisions, agreements, reflections or events) with a header; ``xlsx``: a
    sheet per table; ``html``: the printable report; ``pdf``: the same report as PDF.
    ``pseudonymise`` replaces player names with "Speler 1", "Speler 2", ... In CSV and XLSX a
    text that a spreadsheet would run as a formula starts with an apostrophe. At most two
    exports render at once per server process; a busy server answers 429 with
    ``Retry-After``, and 503 when an export fails or the PDF cannot be made."""
    return await export_response(caller.runtime, caller.session_id, format, table, pseudonymise)
