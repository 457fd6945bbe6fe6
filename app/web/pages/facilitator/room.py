"""Web layer: the panel's pages for the room: the seat cards and the one-way mirror.

Both are for the facilitator's browser. The mirror renders a duo's audience without its notes,
through the same view rules as everyone else, so it cannot show more than the rules allow.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.engine import views
from app.engine.seating import seat_codes
from app.services import queries
from app.services.tokens import shown_seat_code
from app.web.deps import FacilitatorPage, RuntimeDep, SessionId, public_base
from app.web.i18n import chosen_language
from app.web.pages.base import PageContext, page_context
from app.web.pages.live import seen
from app.web.pages.player.page import PLAYER
from app.web.qr import qr_svg
from app.web.rendering import render_blocks, render_page
from app.web.runtime import Runtime
from app.web.schemas import Identifier

router = APIRouter(include_in_schema=False)


@router.get("/s/{sid}/cards")
async def cards(
    request: Request, sid: SessionId, who: FacilitatorPage, runtime: RuntimeDep
) -> HTMLResponse:
    """Printable seat cards: each role's code puts a player straight into that duo. A seat
    code is a secret, so it travels after '#', which never reaches a server log."""
    state = await queries.state(runtime.ctx, sid)
    language = chosen_language(request, state.language)
    view = seen(state, views.Audience("facilitator"), language, runtime.ctx.clock()).view
    codes = seat_codes(state)
    base = public_base(request, runtime)
    seats = []
    for role in view["roles"]:
        code = codes.get(role["id"])
        if code is None:
            continue  # a session opened before seat cards had secrets of their own
        shown = shown_seat_code(code)
        url = f"{base}/join#{shown}"
        seats.append({"role": role, "code": shown, "url": url, "qr": qr_svg(url, role["name"])})
    return render_page(
        request, "cards.html", seats=seats, lang=language, session_language=state.language
    )


class MirrorContext(PageContext):
    mirror: bool
    here: str


async def _mirror(request: Request, sid: str, role_id: str, runtime: Runtime) -> MirrorContext:
    state = await queries.state(runtime.ctx, sid)
    if state.spec.role(role_id) is None:
        raise HTTPException(404, "no such role in this scenario")
    language = chosen_language(request, state.language)
    audience = views.Audience("player", role_id, mirror=True)
    page = page_context(seen(state, audience, language, runtime.ctx.clock()))
    return {**page, "mirror": True, "here": f"/s/{sid}/mirror/{role_id}"}


@router.get("/s/{sid}/mirror/{role_id}")
async def mirror(
    request: Request, sid: SessionId, role_id: Identifier, who: FacilitatorPage, runtime: RuntimeDep
) -> HTMLResponse:
    """Exactly what one duo sees, read-only, except the duo's own notes."""
    return render_page(request, PLAYER.template, **await _mirror(request, sid, role_id, runtime))


@router.get("/s/{sid}/mirror/{role_id}/regions")
async def mirror_regions(
    request: Request, sid: SessionId, role_id: Identifier, who: FacilitatorPage, runtime: RuntimeDep
) -> HTMLResponse:
    """The mirror's regions as they stand now, for its regular refresh."""
    page = await _mirror(request, sid, role_id, runtime)
    return HTMLResponse(render_blocks(PLAYER.template, PLAYER.regions, page))
