"""Web layer: the pages' live socket, which pushes HTML fragments swapped in place by htmx.

On every (re)connect the page gets a fresh render of all its live regions, so a laptop that
slept or lost Wi-Fi is current again at once; after that each event pushes only the regions it
touches, rendered once per audience and language from the same blocks as the full page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from fastapi import APIRouter, WebSocket

from app.engine import events as ev
from app.engine import views
from app.engine.spec import pick
from app.engine.state import SessionState
from app.realtime import stream
from app.realtime.connection import (
    BAD_ORIGIN,
    BAD_TOKEN,
    GONE,
    Connection,
    Greeter,
    Renderer,
    Scene,
    Watcher,
)
from app.services import queries, sessions
from app.web.blocks import render_blocks
from app.web.deps import SessionId, get_runtime, session_cookie
from app.web.i18n import chosen_language, translator
from app.web.origins import socket_origin_ok
from app.web.page_context import context
from app.web.templating import pages

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class LivePage:
    template: str
    regions: tuple[str, ...]
    touched: dict[str, tuple[str, ...]]
    """For each event type, the regions it changes; an event not listed changes none."""
    presence: tuple[str, ...] = ()
    """The regions that show who is online."""


PLAYER_PAGE = LivePage(
    template="play.html",
    regions=(
        "phase",
        "seat",
        "briefs",
        "casefile",
        "messages",
        "questions",
        "notes",
        "agreements",
        "reflections",
    ),
    touched={
        "phase.changed": ("phase", "questions"),
        "phase.paused": ("phase",),
        "phase.resumed": ("phase",),
        "phase.extended": ("phase",),
        "player.joined": ("seat",),
        "document.released": ("briefs", "casefile"),
        "note.added": ("notes",),
        "agreement.added": ("agreements",),
        "reflection.added": ("reflections",),
        "message.sent": ("messages",),
        "hand.raised": ("messages",),
        "hand.lowered": ("messages",),
    },
)
LIVE_PAGES = {"player": PLAYER_PAGE}


def _announcement(state: SessionState, record: ev.Recorded, language: str) -> str:
    """A polite spoken line for screen readers; it never moves the focus."""
    _ = translator(language)
    event = record.event
    if isinstance(event, ev.DocumentReleased):
        document = state.spec.document(event.document_id)
        label = _("New in the case file")
        return f"{label}: {pick(document.title, language)}" if document else ""
    if isinstance(event, ev.MessageSent):
        label = _("Message from the facilitator")
        return f"{label}: {event.text}"
    if isinstance(event, ev.PhaseChanged):
        phase = state.spec.phases[state.spec.phase_index(event.phase_id)]
        label = _("New phase")
        return f"{label}: {pick(phase.title, language)}"
    return ""


def _render(page: LivePage, scene: Scene, names: tuple[str, ...], announcement: str = "") -> str:
    page_context = context(
        scene.state,
        scene.audience,
        scene.language,
        translator(scene.language),
        time.time(),
        online=scene.online,
    )
    page_context["announcement"] = announcement
    if announcement:
        names = (*names, "announcer")
    return render_blocks(pages.env, page.template, names, page_context)


def html_renderer(page: LivePage) -> Renderer:
    def render(scene: Scene, record: ev.Recorded) -> str | None:
        if views.frame(scene.state, scene.audience, record, scene.language) is None:
            return None
        if isinstance(record.event, ev.SeatAssigned | ev.PlayerRemoved):
            names = page.regions
        else:
            names = page.touched.get(record.event.type, ())
        if not names:
            return None
        return _render(page, scene, names, _announcement(scene.state, record, scene.language))

    return render


def html_greeter(page: LivePage) -> Greeter:
    def greet(scene: Scene) -> list[str]:
        return [_render(page, scene, page.regions)]

    return greet


def html_watcher(page: LivePage) -> Watcher | None:
    if not page.presence:
        return None

    def watch(scene: Scene) -> str | None:
        return _render(page, scene, page.presence)

    return watch


_HANDLERS = {
    kind: (html_renderer(page), html_greeter(page), html_watcher(page))
    for kind, page in LIVE_PAGES.items()
}


@router.websocket("/s/{sid}/live")
async def live(socket: WebSocket, sid: SessionId) -> None:
    if not socket_origin_ok(socket):
        await socket.close(BAD_ORIGIN)
        return
    runtime = get_runtime(socket)
    token = socket.cookies.get(session_cookie(sid))
    who = await sessions.authenticate(runtime.ctx, token) if token else None
    await socket.accept()
    if who is None or who.session_id != sid:
        await socket.close(BAD_TOKEN)
        return
    kind = queries.viewer_kind(who)
    if kind not in _HANDLERS:
        await socket.close(GONE)
        return
    current = await queries.state(runtime.ctx, sid)
    render, greet, watch = _HANDLERS[kind]
    connection = Connection(
        session_id=sid,
        kind=kind,
        player_id=who.player_id,
        language=chosen_language(socket, current.language),
        last_seq=current.seq,
        send=socket.send_text,
        render=render,
        greet=greet,
        watch=watch,
    )
    await stream.serve(runtime.hub, socket, connection)
