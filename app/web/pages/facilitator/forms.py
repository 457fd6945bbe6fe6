"""Web layer: the htmx forms on the facilitator's panel, each one safe to click twice.

Phase buttons carry the phase they were drawn for (``from_phase``), so a double click or a
second facilitator's click on a stale panel is refused instead of skipping a phase.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from app.engine import commands as cmd
from app.engine import phases
from app.engine.vocabulary import ScreenShow
from app.services import queries, staff_links
from app.web.deps import Caller, FacilitatorForm, PublicBase, session_token
from app.web.i18n import chosen_language
from app.web.pages.registry import act
from app.web.rendering import render_page
from app.web.schemas import (
    Identifier,
    JoiningRequest,
    MessageRequest,
    PhaseRequest,
    VerdictRequest,
)

router = APIRouter(include_in_schema=False)
ID = Annotated[Identifier, Form()]
OPTIONAL_ID = Annotated[Identifier | None, Form()]


@router.post("/s/{sid}/f/phase")
async def phase(sender: FacilitatorForm, body: Annotated[PhaseRequest, Form()]) -> Response:
    return await act(sender, phases.phase_command(body.action, body.from_phase, body.seconds))


@router.post("/s/{sid}/f/joining")
async def joining(sender: FacilitatorForm, body: Annotated[JoiningRequest, Form()]) -> Response:
    return await act(sender, cmd.SetJoining(body.open))


@router.post("/s/{sid}/f/autoseat")
async def autoseat(sender: FacilitatorForm) -> Response:
    return await act(sender, cmd.AutoSeat())


@router.post("/s/{sid}/f/seat")
async def seat(sender: FacilitatorForm, player_id: ID, role_id: ID) -> Response:
    return await act(sender, cmd.AssignSeat(player_id, role_id))


@router.post("/s/{sid}/f/remove")
async def remove(sender: FacilitatorForm, player_id: ID) -> Response:
    return await act(sender, cmd.RemovePlayer(player_id))


@router.post("/s/{sid}/f/inject")
async def inject(sender: FacilitatorForm, document_id: ID) -> Response:
    return await act(sender, cmd.ReleaseInject(document_id))


@router.post("/s/{sid}/f/message")
async def message(sender: FacilitatorForm, body: Annotated[MessageRequest, Form()]) -> Response:
    return await act(sender, cmd.SendMessage(**body.fields()))


@router.post("/s/{sid}/f/lower")
async def lower(sender: FacilitatorForm, player_id: ID) -> Response:
    return await act(sender, cmd.LowerHand(player_id))


@router.post("/s/{sid}/f/verdict/{need_id}")
async def verdict(
    sender: FacilitatorForm, need_id: Identifier, body: Annotated[VerdictRequest, Form()]
) -> Response:
    return await act(sender, cmd.RecordVerdict(need_id, body.verdict, body.comment))


@router.post("/s/{sid}/f/screen")
async def screen(
    sender: FacilitatorForm,
    show: Annotated[ScreenShow, Form()],
    question_id: OPTIONAL_ID = None,
    quiet: Annotated[bool, Form()] = False,
) -> Response:
    """``quiet`` is for forms on other pages (the debrief), which have no screen region."""
    answer = await act(sender, cmd.ShowOnScreen(show, question_id))
    return Response(status_code=204) if quiet else answer


async def _links_answer(
    sender: Caller, observer_url: str | None = None, revoked: int | None = None
) -> Response:
    """What the panel's staff-links box shows; a new link only here, once."""
    state = await queries.state(sender.runtime.ctx, sender.session_id)
    language = chosen_language(sender.request, state.language)
    return render_page(
        sender.request,
        "parts/staff_links.html",
        lang=language,
        observer_url=observer_url,
        revoked=revoked,
    )


@router.post("/s/{sid}/f/links/observer")
async def new_observer_link(sender: FacilitatorForm, base: PublicBase) -> Response:
    token = await staff_links.reissue_observer(sender.runtime.ctx, sender.session_id)
    return await _links_answer(sender, observer_url=f"{base}/enter#{token}")


@router.post("/s/{sid}/f/links/facilitators")
async def end_other_facilitator_links(sender: FacilitatorForm) -> Response:
    """This browser's own link (its cookie, which the form was authenticated by) survives."""
    kept = session_token(sender.request, sender.session_id)
    assert kept is not None, "FacilitatorForm authenticated this very cookie"
    ctx = sender.runtime.ctx
    revoked = await staff_links.revoke_other_facilitators(ctx, sender.session_id, kept)
    return await _links_answer(sender, revoked=revoked)
