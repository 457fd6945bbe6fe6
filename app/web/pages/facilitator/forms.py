"""Web layer: the htmx forms on the facilitator's panel, each one safe to click twice.

Phase buttons carry the phase they were drawn for (``from_phase``), so a double click or a
second facilitator's click on a stale panel is refused instead of skipping a phase.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from app.engine import commands as cmd
from app.engine import phases
from app.engine.vocabulary import NeedVerdict, PhaseAction, ScreenShow
from app.services import queries, staff_links
from app.web.deps import FacilitatorForm, PublicBase, RuntimeDep, session_token
from app.web.i18n import chosen_language
from app.web.pages.registry import act
from app.web.rendering import render_page
from app.web.runtime import Runtime
from app.web.schemas import Identifier
from app.web.security.texts import ShortText, ShortTextOrEmpty

router = APIRouter(include_in_schema=False)
ID = Annotated[Identifier, Form()]
OPTIONAL_ID = Annotated[Identifier | None, Form()]


@router.post("/s/{sid}/f/phase")
async def phase(
    request: Request,
    who: FacilitatorForm,
    runtime: RuntimeDep,
    action: Annotated[PhaseAction, Form()],
    from_phase: ID,
    seconds: Annotated[int | None, Form(ge=1, le=cmd.EXTEND_MAX_S)] = None,
) -> Response:
    return await act(request, runtime, who, phases.phase_command(action, from_phase, seconds))


@router.post("/s/{sid}/f/joining")
async def joining(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, open: Annotated[bool, Form()]
) -> Response:
    return await act(request, runtime, who, cmd.SetJoining(open))


@router.post("/s/{sid}/f/autoseat")
async def autoseat(request: Request, who: FacilitatorForm, runtime: RuntimeDep) -> Response:
    return await act(request, runtime, who, cmd.AutoSeat())


@router.post("/s/{sid}/f/seat")
async def seat(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, player_id: ID, role_id: ID
) -> Response:
    return await act(request, runtime, who, cmd.AssignSeat(player_id, role_id))


@router.post("/s/{sid}/f/remove")
async def remove(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, player_id: ID
) -> Response:
    return await act(request, runtime, who, cmd.RemovePlayer(player_id))


@router.post("/s/{sid}/f/inject")
async def inject(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, document_id: ID
) -> Response:
    return await act(request, runtime, who, cmd.ReleaseInject(document_id))


@router.post("/s/{sid}/f/message")
async def message(
    request: Request,
    who: FacilitatorForm,
    runtime: RuntimeDep,
    text: Annotated[ShortText, Form()],
    role_id: Annotated[str, Form(max_length=cmd.IDENTIFIER_MAX)] = "",
) -> Response:
    command = cmd.SendMessage(text, role_id or None)
    return await act(request, runtime, who, command)


@router.post("/s/{sid}/f/lower")
async def lower(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, player_id: ID
) -> Response:
    return await act(request, runtime, who, cmd.LowerHand(player_id))


@router.post("/s/{sid}/f/verdict")
async def verdict(
    request: Request,
    who: FacilitatorForm,
    runtime: RuntimeDep,
    need_id: ID,
    verdict: Annotated[NeedVerdict, Form()],
    comment: Annotated[ShortTextOrEmpty, Form()] = "",
) -> Response:
    command = cmd.RecordVerdict(need_id, verdict, comment)
    return await act(request, runtime, who, command)


@router.post("/s/{sid}/f/screen")
async def screen(
    request: Request,
    who: FacilitatorForm,
    runtime: RuntimeDep,
    show: Annotated[ScreenShow, Form()],
    question_id: OPTIONAL_ID = None,
    quiet: Annotated[bool, Form()] = False,
) -> Response:
    """``quiet`` is for forms on other pages (the debrief), which have no screen region."""
    answer = await act(request, runtime, who, cmd.ShowOnScreen(show, question_id))
    return Response(status_code=204) if quiet else answer


async def _links_answer(
    request: Request,
    runtime: Runtime,
    sid: str,
    observer_url: str | None = None,
    revoked: int | None = None,
) -> Response:
    """What the panel's staff-links box shows; a new link only here, once."""
    state = await queries.state(runtime.ctx, sid)
    language = chosen_language(request, state.language)
    return render_page(
        request, "parts/staff_links.html", lang=language, observer_url=observer_url, revoked=revoked
    )


@router.post("/s/{sid}/f/links/observer")
async def new_observer_link(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, base: PublicBase
) -> Response:
    token = await staff_links.reissue_observer(runtime.ctx, who.session_id)
    return await _links_answer(
        request, runtime, who.session_id, observer_url=f"{base}/enter#{token}"
    )


@router.post("/s/{sid}/f/links/facilitators")
async def end_other_facilitator_links(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep
) -> Response:
    """This browser's own link (its cookie, which the form was authenticated by) survives."""
    kept = session_token(request, who.session_id)
    assert kept is not None, "FacilitatorForm authenticated this very cookie"
    revoked = await staff_links.revoke_other_facilitators(runtime.ctx, who.session_id, kept)
    return await _links_answer(request, runtime, who.session_id, revoked=revoked)
