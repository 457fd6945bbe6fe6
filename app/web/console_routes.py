"""Web layer: the htmx forms on the facilitator's panel, each one safe to click twice.

Phase buttons carry the phase they were drawn for (``from_phase``), so a double click or a
second facilitator's click on a stale panel is refused instead of skipping a phase.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from app.engine import commands as cmd
from app.services import queries, staff_links
from app.services.commands import handle
from app.web.deps import PublicBase, RuntimeDep, session_cookie
from app.web.forms import FacilitatorForm, regions
from app.web.i18n import chosen_language
from app.web.render import render_page
from app.web.runtime import Runtime
from app.web.schemas import Identifier
from app.web.security.texts import ShortText, ShortTextOrEmpty

router = APIRouter(include_in_schema=False)
ID = Annotated[Identifier, Form()]
OPTIONAL_ID = Annotated[Identifier | None, Form()]
_PHASE = {"advance": cmd.Advance, "back": cmd.Back, "pause": cmd.Pause, "resume": cmd.Resume}


@router.post("/s/{sid}/f/phase")
async def phase(
    request: Request,
    who: FacilitatorForm,
    runtime: RuntimeDep,
    action: Annotated[str, Form(pattern="^(advance|back|pause|resume|extend)$")],
    from_phase: ID,
    seconds: Annotated[int | None, Form(ge=1, le=cmd.EXTEND_MAX_S)] = None,
) -> Response:
    command: cmd.Command
    if action == "extend":
        if seconds is None:
            raise HTTPException(422, "extend needs seconds")
        command = cmd.Extend(seconds, from_phase)
    else:
        command = _PHASE[action](from_phase)
    await handle(runtime.ctx, who.session_id, command, who.actor)
    return await regions(request, runtime, who, ("phase", "injects", "screen"))


@router.post("/s/{sid}/f/joining")
async def joining(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, open: Annotated[bool, Form()]
) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.SetJoining(open), who.actor)
    return await regions(request, runtime, who, ("lobby",))


@router.post("/s/{sid}/f/autoseat")
async def autoseat(request: Request, who: FacilitatorForm, runtime: RuntimeDep) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.AutoSeat(), who.actor)
    return await regions(request, runtime, who, ("grid", "lobby"))


@router.post("/s/{sid}/f/seat")
async def seat(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, player_id: ID, role_id: ID
) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.AssignSeat(player_id, role_id), who.actor)
    return await regions(request, runtime, who, ("grid", "lobby"))


@router.post("/s/{sid}/f/remove")
async def remove(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, player_id: ID
) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.RemovePlayer(player_id), who.actor)
    return await regions(request, runtime, who, ("grid", "hands", "lobby"))


@router.post("/s/{sid}/f/inject")
async def inject(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, document_id: ID
) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.ReleaseInject(document_id), who.actor)
    return await regions(request, runtime, who, ("injects", "mayor"))


@router.post("/s/{sid}/f/message")
async def message(
    request: Request,
    who: FacilitatorForm,
    runtime: RuntimeDep,
    text: Annotated[ShortText, Form()],
    role_id: Annotated[str, Form(max_length=cmd.IDENTIFIER_MAX)] = "",
) -> Response:
    command = cmd.SendMessage(text, role_id or None)
    await handle(runtime.ctx, who.session_id, command, who.actor)
    return await regions(request, runtime, who, ("messages",))


@router.post("/s/{sid}/f/lower")
async def lower(
    request: Request, who: FacilitatorForm, runtime: RuntimeDep, player_id: ID
) -> Response:
    await handle(runtime.ctx, who.session_id, cmd.LowerHand(player_id), who.actor)
    return await regions(request, runtime, who, ("grid", "hands"))


@router.post("/s/{sid}/f/verdict")
async def verdict(
    request: Request,
    who: FacilitatorForm,
    runtime: RuntimeDep,
    need_id: ID,
    verdict: Annotated[str, Form(pattern="^(met|partly|not_met)$")],
    comment: Annotated[ShortTextOrEmpty, Form()] = "",
) -> Response:
    command = cmd.RecordVerdict(need_id, verdict, comment)
    await handle(runtime.ctx, who.session_id, command, who.actor)
    return await regions(request, runtime, who, ("mayor",))


@router.post("/s/{sid}/f/screen")
async def screen(
    request: Request,
    who: FacilitatorForm,
    runtime: RuntimeDep,
    show: Annotated[str, Form(pattern=f"^({'|'.join(cmd.SCREEN_SHOWS)})$")],
    question_id: OPTIONAL_ID = None,
    quiet: Annotated[bool, Form()] = False,
) -> Response:
    """``quiet`` is for forms on other pages (the debrief), which have no screen region."""
    await handle(runtime.ctx, who.session_id, cmd.ShowOnScreen(show, question_id), who.actor)
    if quiet:
        return Response(status_code=204)
    return await regions(request, runtime, who, ("screen",))


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
    kept = request.cookies.get(session_cookie(who.session_id))
    assert kept is not None, "FacilitatorForm authenticated this very cookie"
    revoked = await staff_links.revoke_other_facilitators(runtime.ctx, who.session_id, kept)
    return await _links_answer(request, runtime, who.session_id, revoked=revoked)
