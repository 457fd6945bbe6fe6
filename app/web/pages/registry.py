"""Web layer: the live pages by audience, and what an htmx form answers with.

A form answers with the regions its command's events changed on the sender's own page, rendered
from the same blocks as the page, so the writer sees the result even before the live socket
brings it to everyone else. Which regions those are is the page's declaration (``regions_for``),
never a list kept by hand in the route. A command that changed nothing (a second click on an
inject already out, seating a room that is seated) answers with the whole page's regions: the
click came from a page that did not know, so it is brought up to date.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException
from fastapi.responses import HTMLResponse, Response

from app.engine import commands as cmd
from app.engine import views
from app.services import queries
from app.web.deps import Caller
from app.web.i18n import chosen_language
from app.web.pages.facilitator.page import FACILITATOR
from app.web.pages.live import LivePage, seen
from app.web.pages.observer.page import OBSERVER
from app.web.pages.player.page import PLAYER
from app.web.pages.screen import SCREEN

LIVE_PAGES: dict[views.ViewerKind, LivePage[Any]] = {
    "player": PLAYER,
    "facilitator": FACILITATOR,
    "observer": OBSERVER,
    "screen": SCREEN,
}


async def act(sender: Caller, command: cmd.Command) -> Response:
    """A form's whole work: the command under the session's lock, then the regions of the
    sender's own page that its events changed, as they stand after it."""
    state, records = await sender.handle(command)
    who, runtime = sender.who, sender.runtime
    kind = queries.viewer_kind(who)
    page = LIVE_PAGES[kind]
    names = page.regions_for(r.event.type for r in records) if records else page.regions
    audience = views.audience_of(state, kind, who.player_id)
    if audience is None:
        raise HTTPException(404, "you are no longer in this session")
    language = chosen_language(sender.request, state.language)
    online = runtime.hub.online(who.session_id)
    now = runtime.ctx.clock()
    return HTMLResponse(page.render(seen(state, audience, language, now, online), names))
