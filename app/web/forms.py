"""Web layer: what every htmx form on a live page shares: who posts, and what it answers.

Forms post with the sign-in cookie, so each one also needs our origin and the page's CSRF
header. A form answers with the regions it changed, rendered from the same blocks as the page,
so the writer sees the result even before the live socket brings it to everyone else.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.engine import views
from app.services import queries, sessions
from app.services.principals import Who
from app.web.deps import RuntimeDep, SessionId, session_cookie
from app.web.i18n import chosen_language
from app.web.live_pages import LIVE_PAGES
from app.web.runtime import Runtime
from app.web.security import csrf
from app.web.security.origins import same_origin


async def form_principal(request: Request, sid: SessionId, runtime: RuntimeDep) -> Who:
    token = request.cookies.get(session_cookie(sid))
    who = await sessions.authenticate(runtime.ctx, token) if token else None
    if who is None or who.session_id != sid or token is None:
        raise HTTPException(401, "sign in to this session first")
    if not same_origin(request) or not csrf.valid(token, request.headers.get(csrf.HEADER)):
        raise HTTPException(403, "this form did not come from your page")
    return who


FormWho = Annotated[Who, Depends(form_principal)]


async def facilitator_form(who: FormWho) -> Who:
    if who.kind != "facilitator":
        raise HTTPException(403, "only the facilitator may do this")
    return who


FacilitatorForm = Annotated[Who, Depends(facilitator_form)]


async def regions(
    request: Request, runtime: Runtime, who: Who, names: tuple[str, ...]
) -> HTMLResponse:
    """The named regions of this principal's page, as they stand after the change."""
    state = await queries.state(runtime.ctx, who.session_id)
    kind = queries.viewer_kind(who)
    audience = views.audience_of(state, kind, who.player_id)
    page = LIVE_PAGES.get(kind)
    if audience is None or page is None:
        raise HTTPException(404, "you are no longer in this session")
    language = chosen_language(request, state.language)
    online = runtime.hub.online(who.session_id)
    return HTMLResponse(page.render(state, audience, language, names, online))
