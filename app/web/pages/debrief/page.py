"""Web layer: the debrief page for the facilitator and the observer, and its downloads.

The debrief builds itself from the event log on every load (and refreshes itself while open),
so it is never out of step with what was logged.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.engine import commands as cmd
from app.engine.vocabulary import AgreementOutcome, ScreenShow
from app.services import exports
from app.web.deps import (
    FacilitatorForm,
    FacilitatorPage,
    RuntimeDep,
    SessionId,
    StaffPage,
    session_token,
)
from app.web.i18n import N_, chosen_language, translator
from app.web.pages.debrief.context import debrief_context
from app.web.pages.debrief.files import Format, export_response
from app.web.pages.facilitator.page import SCREEN_CHOICES
from app.web.rendering import render_page
from app.web.schemas import Identifier
from app.web.security import csrf

router = APIRouter(include_in_schema=False)
TABLE_NAMES = {
    "collisions": N_("collisions"),
    "agreements": N_("agreements"),
    "reflections": N_("reflections"),
    "events": N_("event log"),
}
DEBRIEF_SCREEN: tuple[tuple[ScreenShow, str], ...] = (
    *SCREEN_CHOICES,
    ("heatmap", N_("Heatmap")),
    ("designed", N_("Built-in collisions")),
    ("verdict", N_("The mayor's verdict")),
)


@router.get("/s/{sid}/debrief")
async def debrief_page(
    request: Request, sid: SessionId, who: StaffPage, runtime: RuntimeDep
) -> Response:
    record = await exports.load(runtime.ctx, sid)
    language = chosen_language(request, record.state.language)
    translate = translator(language)
    token = session_token(request, sid) or ""
    return render_page(
        request,
        "debrief.html",
        lang=language,
        session_id=sid,
        who_kind=who.kind,
        csrf=csrf.token_for(token) if who.kind == "facilitator" else "",
        screen_choices=[(key, translate(label)) for key, label in DEBRIEF_SCREEN],
        table_names={t: translate(label) for t, label in TABLE_NAMES.items()},
        **debrief_context(record, language, translate),
    )


@router.get("/s/{sid}/report")
async def report(
    request: Request,
    sid: SessionId,
    who: FacilitatorPage,
    runtime: RuntimeDep,
    pseudonymise: bool = False,
) -> Response:
    """The printable report; print it, or save it as PDF from the browser."""
    return await export_response(runtime, sid, "html", "", pseudonymise, request)


@router.get("/s/{sid}/export/{fmt}")
@router.get("/s/{sid}/export/{fmt}/{table}")
async def download(
    request: Request,
    sid: SessionId,
    fmt: Format,
    who: FacilitatorPage,
    runtime: RuntimeDep,
    table: str = "collisions",
    pseudonymise: bool = False,
) -> Response:
    return await export_response(runtime, sid, fmt, table, pseudonymise, request)


@router.post("/s/{sid}/f/outcome")
async def outcome(
    sender: FacilitatorForm,
    agreement_id: Annotated[Identifier, Form()],
    outcome: Annotated[AgreementOutcome, Form()],
) -> Response:
    """After the mayor; the page reloads so the whole debrief shows the change."""
    await sender.handle(cmd.ReviewAgreement(agreement_id, outcome))
    return Response(status_code=204, headers={"HX-Refresh": "true"})
