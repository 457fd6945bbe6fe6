"""Web layer: the pages for the room: the projector screen, the seat cards, the one-way mirror.

All three are for the facilitator's browser. The screen and the mirror render through the same
view rules as everyone else (the screen's audience, a duo's audience without its notes), so
neither can show more than the rules allow.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.engine import views
from app.engine.seating import seat_codes
from app.services import queries
from app.services.tokens import shown_seat_code
from app.web.blocks import render_blocks
from app.web.deps import RuntimeDep, SessionId, public_base
from app.web.i18n import chosen_language, translator
from app.web.live_pages import PLAYER, SCREEN
from app.web.page_auth import page_principal
from app.web.page_context import context
from app.web.qr import qr_svg
from app.web.render import render_page
from app.web.runtime import Runtime
from app.web.schemas import Identifier
from app.web.templating import pages

router = APIRouter(include_in_schema=False)


def _join_url(request: Request, runtime: Runtime, code: str) -> str:
    return f"{public_base(request, runtime)}/join?code={code}"


def _seat_url(request: Request, runtime: Runtime, code: str) -> str:
    """A seat code is a secret, so it travels after '#', which never reaches a server log."""
    return f"{public_base(request, runtime)}/join#{code}"


@router.get("/screen/{sid}")
async def screen(request: Request, sid: SessionId, runtime: RuntimeDep) -> HTMLResponse:
    """The projector: large, high-contrast, and only what the whole room may see."""
    await page_principal(request, sid, runtime, "facilitator")
    state = await queries.state(runtime.ctx, sid)
    language = chosen_language(request, state.language)
    page: dict[str, Any] = SCREEN.full(state, views.Audience("screen"), language)
    join_url = _join_url(request, runtime, state.join_code)
    page |= {"join_url": join_url, "qr": qr_svg(join_url, translator(language)("Join code"))}
    return render_page(request, SCREEN.template, **page)


@router.get("/s/{sid}/cards")
async def cards(request: Request, sid: SessionId, runtime: RuntimeDep) -> HTMLResponse:
    """Printable seat cards: each role's code puts a player straight into that duo."""
    await page_principal(request, sid, runtime, "facilitator")
    state = await queries.state(runtime.ctx, sid)
    language = chosen_language(request, state.language)
    page = context(
        state, views.Audience("facilitator"), language, translator(language), runtime.ctx.clock()
    )
    codes = seat_codes(state)
    seats = []
    for role in page["view"]["roles"]:
        code = codes.get(role["id"])
        if code is None:
            continue  # a session opened before seat cards had secrets of their own
        url = _seat_url(request, runtime, shown_seat_code(code))
        seats.append(
            {
                "role": role,
                "code": shown_seat_code(code),
                "url": url,
                "qr": qr_svg(url, role["name"]),
            }
        )
    return render_page(
        request, "cards.html", seats=seats, lang=language, session_language=state.language
    )


async def _mirror(request: Request, sid: str, role_id: str, runtime: Runtime) -> dict[str, Any]:
    await page_principal(request, sid, runtime, "facilitator")
    state = await queries.state(runtime.ctx, sid)
    if state.spec.role(role_id) is None:
        raise HTTPException(404, "no such role in this scenario")
    language = chosen_language(request, state.language)
    audience = views.Audience("player", role_id, mirror=True)
    page = context(state, audience, language, translator(language), runtime.ctx.clock())
    return page | {"mirror": True, "here": f"/s/{sid}/mirror/{role_id}"}


@router.get("/s/{sid}/mirror/{role_id}")
async def mirror(
    request: Request, sid: SessionId, role_id: Identifier, runtime: RuntimeDep
) -> HTMLResponse:
    """Exactly what one duo sees, read-only, except the duo's own notes."""
    return render_page(request, "play.html", **await _mirror(request, sid, role_id, runtime))


@router.get("/s/{sid}/mirror/{role_id}/regions")
async def mirror_regions(
    request: Request, sid: SessionId, role_id: Identifier, runtime: RuntimeDep
) -> HTMLResponse:
    """The mirror's regions as they stand now, for its regular refresh."""
    page = await _mirror(request, sid, role_id, runtime)
    return HTMLResponse(render_blocks(pages.env, "play.html", PLAYER.regions, page))
