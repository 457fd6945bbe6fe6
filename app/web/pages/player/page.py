"""Web layer: the player's page: which regions it has and which events touch them.

The player's context is the shared page context as it is: everything on a duo's page comes
from what its audience may see, so nothing needs adding.
"""

from __future__ import annotations

from app.web.pages.base import PageContext, page_context
from app.web.pages.live import LivePage

PLAYER = LivePage[PageContext](
    template="play.html",
    build=page_context,
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
        "phase.changed": ("questions",),
        "player.joined": ("seat",),
        "note.added": ("notes",),
        "agreement.added": ("agreements",),
        "reflection.added": ("reflections",),
        "message.sent": ("messages",),
        "hand.raised": ("messages",),
        "hand.lowered": ("messages",),
    },
    adds={"document.released": "released"},
)
