"""Web layer: what a live page is: its template, its regions, and which events touch which region.

A page is rendered whole once; afterwards only the regions an event touches are rendered again,
from the same blocks and the same context. ``render`` is the one way to do either, and
``regions_for`` the one answer to "what did these events change", so a form's answer, a live
push and the first render can never drift apart. Each audience's page declares itself in its
own module (``player``, ``facilitator``, ``observer``, ``screen``).

A page builder gets a ``Seen``: the snapshot its audience may see and the scenario, never the
session's state, so a page cannot show what the view rules did not let through.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from app.engine import events as ev
from app.engine import snapshot, views
from app.engine.snapshot import Me, Snapshot
from app.engine.spec import ScenarioSpec
from app.engine.state import SessionState
from app.web.rendering import render_blocks

PHASE_EVENTS = ("phase.changed", "phase.paused", "phase.resumed", "phase.extended")
COLLISION_EVENTS = ("collision.logged", "collision.edited", "collision.deleted")
SEATING_EVENTS = (ev.SeatAssigned.type, ev.PlayerRemoved.type)
"""Who sits where changes what a duo may see everywhere on its page: every region is redrawn."""


@dataclass(frozen=True)
class Seen:
    """What one audience sees of a session at one moment: the only input a page builder gets."""

    view: Snapshot
    spec: ScenarioSpec
    audience: views.Audience
    language: str
    now: float


def seen(
    state: SessionState,
    audience: views.Audience,
    language: str,
    now: float,
    online: Collection[str] = (),
    me: Me | None = None,
) -> Seen:
    """The one place where a page looks at the state: through the audience's snapshot."""
    view = snapshot.snapshot(state, audience, me or {"kind": audience.kind}, language, online)
    return Seen(view, state.spec, audience, language, now)


Context = TypeVar("Context", bound=Mapping[str, Any])


@dataclass(frozen=True)
class LivePage(Generic[Context]):
    template: str
    build: Callable[[Seen], Context]
    regions: tuple[str, ...]
    touched: Mapping[str, tuple[str, ...]]
    """For each event type, the regions it changes; an event not listed changes none. Every
    phase event also changes a page's ``phase`` region (its title and clock), without saying so."""
    presence: tuple[str, ...] = ()
    """The regions that show who is online."""
    speaks: bool = True
    """Whether the page has the polite ``announcer`` region for screen readers."""
    adds: Mapping[str, str] = field(default_factory=dict)
    """For an event type, the block that adds what the event brought (its frame's data, as
    ``added``) instead of redrawing a region that holds everything before it: a released
    document joins the case file, and a push carries that one document."""

    def regions_for(self, event_types: Iterable[str]) -> tuple[str, ...]:
        """The regions these events change, in the page's own order."""
        changed: set[str] = set()
        for kind in event_types:
            changed.update(self.regions if kind in SEATING_EVENTS else self.touched.get(kind, ()))
            if kind in PHASE_EVENTS:
                changed.add("phase")
        return tuple(name for name in self.regions if name in changed)

    def render(
        self,
        seen: Seen,
        names: tuple[str, ...],
        announcement: str = "",
        added: Mapping[str, Any] | None = None,
    ) -> str:
        """The named blocks; ``added`` is what an ``adds`` block adds."""
        if announcement and self.speaks:
            names = (*names, "announcer")
        context: Mapping[str, Any] = self.build(seen)
        extra = {"announcement": announcement, "added": added}
        return render_blocks(self.template, names, {**context, **extra})
