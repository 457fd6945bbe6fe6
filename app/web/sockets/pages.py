"""Web layer: the pages' live socket, which pushes HTML fragments swapped in place by htmx.

On every (re)connect the page gets a fresh render of all its live regions, so a laptop that
slept or lost Wi-Fi is current again at once; after that each event pushes only the regions it
touches, rendered once per audience and language from the same blocks as the full page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, WebSocket

from app.engine import events as ev
from app.engine import views
from app.engine.spec import ScenarioSpec, pick
from app.realtime import stream
from app.realtime.connection import (
    BAD_ORIGIN,
    BAD_TOKEN,
    Connection,
    Greeter,
    Renderer,
    Scene,
    Watcher,
)
from app.services import queries
from app.services.context import Clock
from app.services.tokens import hash_token
from app.web.deps import SessionId, get_runtime, session_token, signed_in
from app.web.i18n import chosen_language, translator
from app.web.pages.live import LivePage, seen
from app.web.pages.registry import LIVE_PAGES
from app.web.security.origins import socket_origin_ok

router = APIRouter(include_in_schema=False)


def _announcement(spec: ScenarioSpec, record: ev.Recorded, language: str) -> str:
    """A polite spoken line for screen readers; it never moves the focus."""
    _ = translator(language)
    event = record.event
    if isinstance(event, ev.DocumentReleased):
        document = spec.document(event.document_id)
        private = (
            document is not None
            and len(document.audience) == 1
            and document.audience[0] not in ("all", "facilitator", "observer")
        )
        label = _("New in your brief") if private else _("New in the case file")
        return f"{label}: {pick(document.title, language)}" if document else ""
    if isinstance(event, ev.MessageSent):
        label = _("Message from the facilitator")
        return f"{label}: {event.text}"
    if isinstance(event, ev.PhaseChanged):
        phase = spec.phases[spec.phase_index(event.phase_id)]
        label = _("New phase")
        return f"{label}: {pick(phase.title, language)}"
    return ""


@dataclass(frozen=True)
class PageSocket:
    """How one live page is served over its socket. Built once per app with the app's clock,
    so sockets that share an audience share these very callables, which is what lets the
    fan-out render an event once for all of them."""

    render: Renderer
    greet: Greeter
    watch: Watcher | None


def _render(
    page: LivePage[Any],
    scene: Scene,
    now: float,
    names: tuple[str, ...],
    spoken: str = "",
    added: Mapping[str, Any] | None = None,
) -> str:
    view = seen(scene.state, scene.audience, scene.language, now, scene.online)
    return page.render(view, names, spoken, added)


def page_socket(page: LivePage[Any], clock: Clock) -> PageSocket:
    """Regions are re-rendered from the viewer's own snapshot, so an event the staff or the
    projector may not see can still refresh what they may see (the facilitator's note counts,
    the projector's heatmap) without revealing anything; the spoken announcement and what a
    page adds (a released document) come from the event's frame, which the view rules decide
    like everything else. A player's page shows nothing of what its duo may not see (another
    duo's notes, hands and reflections, another role's brief or message), so such an event
    sends it nothing at all: even an empty push would tell that another duo wrote."""

    def render(scene: Scene, record: ev.Recorded) -> str | None:
        frame = views.frame(scene.state, scene.audience, record, scene.language)
        names = page.regions_for((record.event.type,))
        adds = page.adds.get(record.event.type) if frame is not None else None
        if frame is None and scene.audience.kind == "player":
            return None
        if adds is not None:
            names = (*names, adds)
        if not names:
            return None
        spoken = _announcement(scene.state.spec, record, scene.language) if frame else ""
        added = frame["data"] if adds is not None and frame is not None else None
        return _render(page, scene, clock(), names, spoken, added)

    def greet(scene: Scene) -> list[str]:
        return [_render(page, scene, clock(), page.regions)]

    def watch(scene: Scene) -> str | None:
        return _render(page, scene, clock(), page.presence)

    return PageSocket(render, greet, watch if page.presence else None)


def page_sockets(clock: Clock) -> dict[views.ViewerKind, PageSocket]:
    return {kind: page_socket(page, clock) for kind, page in LIVE_PAGES.items()}


@router.websocket("/s/{sid}/live")
async def live(socket: WebSocket, sid: SessionId) -> None:
    """A page's own view: the player's laptop, or the facilitator's panel."""
    await _serve(socket, sid, screen=False)


@router.websocket("/screen/{sid}/live")
async def live_screen(socket: WebSocket, sid: SessionId) -> None:
    """The projector, opened from the facilitator's browser but showing the room's view."""
    await _serve(socket, sid, screen=True)


async def _serve(socket: WebSocket, sid: str, screen: bool) -> None:
    if not socket_origin_ok(socket):
        await socket.close(BAD_ORIGIN)
        return
    runtime = get_runtime(socket)
    token = session_token(socket, sid) or ""
    who = await signed_in(runtime, sid, token)
    await socket.accept()
    if who is None or (screen and who.kind != "facilitator"):
        await stream.close_quietly(socket, BAD_TOKEN)
        return
    kind: views.ViewerKind = "screen" if screen else queries.viewer_kind(who)
    current = await queries.state(runtime.ctx, sid)
    served = runtime.page_sockets[kind]
    connection = Connection(
        session_id=sid,
        kind=kind,
        player_id=who.player_id,
        language=chosen_language(socket, current.language),
        last_seq=current.seq,
        send=socket.send_text,
        render=served.render,
        greet=served.greet,
        watch=served.watch,
        token_hash=hash_token(token),
    )
    await stream.serve(runtime.hub, socket, connection)
