"""Web layer: the projector screen: large, high contrast, and only what the whole room may see.

It is opened from the facilitator's browser but renders the screen's own audience, so it can
never show more than the view rules allow the room.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.engine import views
from app.services import queries
from app.web import charts
from app.web.deps import FacilitatorPage, RuntimeDep, SessionId, public_base
from app.web.i18n import chosen_language, translator
from app.web.pages.base import PageContext, page_context
from app.web.pages.live import COLLISION_EVENTS, PHASE_EVENTS, LivePage, Seen, seen
from app.web.qr import qr_svg
from app.web.rendering import render_page

router = APIRouter(include_in_schema=False)


class ScreenContext(PageContext):
    role_names: dict[str, str]
    heatmap: charts.Heatmap | None


def screen_context(seen: Seen) -> ScreenContext:
    page = page_context(seen)
    names = {r["id"]: r["name"] for r in seen.view["roles"]}
    figures = seen.view.get("figures")
    return {
        **page,
        "role_names": names,
        "heatmap": charts.heatmap(figures["matrix"], list(seen.spec.role_ids), names)
        if figures
        else None,
    }


SCREEN = LivePage[ScreenContext](
    template="screen.html",
    build=screen_context,
    speaks=False,
    regions=("stage",),
    touched=dict.fromkeys(
        (
            *PHASE_EVENTS,
            "player.joined",
            "agreement.added",
            *COLLISION_EVENTS,
            "screen.changed",
            "verdict.recorded",
        ),
        ("stage",),
    ),
)


@router.get("/screen/{sid}")
async def screen(
    request: Request, sid: SessionId, who: FacilitatorPage, runtime: RuntimeDep
) -> HTMLResponse:
    state = await queries.state(runtime.ctx, sid)
    language = chosen_language(request, state.language)
    page = screen_context(seen(state, views.Audience("screen"), language, runtime.ctx.clock()))
    join_url = f"{public_base(request, runtime)}/join?code={state.join_code}"
    qr = qr_svg(join_url, translator(language)("Join code"))
    return render_page(request, SCREEN.template, **page, join_url=join_url, qr=qr)
