"""Web layer: the live pages: which template, which regions, which events touch which region.

A page is rendered whole once; afterwards only the regions an event touches are rendered again,
from the same blocks and the same context. ``render`` is the one way to do either, so a form's
answer, a live push and the first render can never drift apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from app.engine import views
from app.engine.state import SessionState
from app.web import charts
from app.web.blocks import render_blocks
from app.web.console_context import console_context
from app.web.i18n import translator
from app.web.observer_context import observer_context
from app.web.page_context import context
from app.web.templating import pages

Builder = Callable[[SessionState, views.Audience, str, float, Collection[str]], dict[str, Any]]

_COLLISIONS = ("collision.logged", "collision.edited", "collision.deleted")
_PHASE = {
    "phase.changed": ("phase",),
    "phase.paused": ("phase",),
    "phase.resumed": ("phase",),
    "phase.extended": ("phase",),
}


@dataclass(frozen=True)
class LivePage:
    template: str
    build: Builder
    regions: tuple[str, ...]
    touched: Mapping[str, tuple[str, ...]]
    """For each event type, the regions it changes; an event not listed changes none."""
    presence: tuple[str, ...] = ()
    """The regions that show who is online."""
    speaks: bool = True
    """Whether the page has the polite ``announcer`` region for screen readers."""

    def render(
        self,
        state: SessionState,
        audience: views.Audience,
        language: str,
        names: tuple[str, ...],
        online: Collection[str] = (),
        extra: dict[str, Any] | None = None,
    ) -> str:
        page = self.build(state, audience, language, time.time(), online) | (extra or {})
        return render_blocks(pages.env, self.template, names, page)

    def full(
        self,
        state: SessionState,
        audience: views.Audience,
        language: str,
        online: Collection[str] = (),
        me: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The context of the whole page, for the first render."""
        page = self.build(state, audience, language, time.time(), online)
        if me is not None:
            page["view"]["me"] = me
        return page


def _player(
    state: SessionState,
    audience: views.Audience,
    language: str,
    now: float,
    online: Collection[str],
) -> dict[str, Any]:
    return context(state, audience, language, translator(language), now, online=online)


PLAYER = LivePage(
    template="play.html",
    build=_player,
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
    touched=_PHASE
    | {
        "phase.changed": ("phase", "questions"),
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

FACILITATOR = LivePage(
    template="console.html",
    build=console_context,
    regions=(
        "phase",
        "grid",
        "hands",
        "lobby",
        "injects",
        "messages",
        "screen",
        "mayor",
        "agreements",
        "collisions",
    ),
    touched=_PHASE
    | {
        "phase.changed": ("phase", "injects", "screen"),
        "player.joined": ("grid", "lobby"),
        "joining.changed": ("lobby",),
        "document.released": ("injects", "mayor"),
        "note.added": ("grid",),
        "reflection.added": ("grid",),
        "agreement.added": ("agreements",),
        "message.sent": ("messages",),
        "hand.raised": ("grid", "hands"),
        "hand.lowered": ("grid", "hands"),
        "verdict.recorded": ("mayor",),
        "screen.changed": ("screen",),
    }
    | dict.fromkeys(_COLLISIONS, ("collisions",)),
    presence=("grid",),
)


OBSERVER = LivePage(
    template="observer.html",
    build=observer_context,
    regions=("phase", "timeline", "checklist"),
    touched=_PHASE
    | {"phase.changed": ("phase", "checklist")}
    | dict.fromkeys(_COLLISIONS, ("timeline", "checklist")),
)


def _screen(
    state: SessionState,
    audience: views.Audience,
    language: str,
    now: float,
    online: Collection[str],
) -> dict[str, Any]:
    page = context(state, views.Audience("screen"), language, translator(language), now)
    figures = page["view"]["figures"]
    names = {r["id"]: r["name"] for r in page["view"]["roles"]}
    return page | {
        "role_names": names,
        "heatmap": charts.heatmap(figures["matrix"], list(state.spec.role_ids), names),
    }


SCREEN = LivePage(
    template="screen.html",
    build=_screen,
    speaks=False,
    regions=("stage",),
    touched=dict.fromkeys(
        (
            *_PHASE,
            "player.joined",
            "agreement.added",
            *_COLLISIONS,
            "screen.changed",
            "verdict.recorded",
        ),
        ("stage",),
    ),
)

LIVE_PAGES: dict[str, LivePage] = {
    "player": PLAYER,
    "facilitator": FACILITATOR,
    "observer": OBSERVER,
    "screen": SCREEN,
}
