"""Web layer: rendering one named block of a page template on its own.

This is what lets one Jinja block serve the full page, the answer to an htmx form and a push
over the live socket: the page is rendered whole once, and afterwards only the blocks an event
touches are rendered again, with the very same context.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import Environment


def render_blocks(
    environment: Environment, template: str, names: Iterable[str], context: dict[str, Any]
) -> str:
    page = environment.get_template(template)
    runtime = page.new_context(context)
    return "".join("".join(page.blocks[name](runtime)) for name in names)
