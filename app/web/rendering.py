"""Web layer: the Jinja environment, and the two ways a page is rendered: whole, or by region.

Rendering one named block on its own is what lets one Jinja block serve the full page, the
answer to an htmx form and a push over the live socket: the page is rendered whole once, and
afterwards only the blocks an event touches are rendered again, with the very same context.

Every template is ``.html`` so autoescaping always applies, user text included. Case documents
are Markdown written by scenario authors; they are rendered with raw HTML switched off, so a
document can never carry a script either. UI strings go through ``_()`` so that translation
catalogs can be plugged in without touching templates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from app.engine import shapes
from app.resources import shipped
from app.web.i18n import chosen_language, translator

MARKDOWN_CACHE = 1024
"""Rendered document bodies kept: every document of several scenarios, in both languages."""
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@lru_cache(maxsize=MARKDOWN_CACHE)
def markdown(text: str, title: str | None = None, depth: int = 3) -> Markup:
    """Render a document body inside a page: its headings start at ``depth`` (so they nest
    under the page's own), and an opening heading that repeats ``title`` is left out.

    A case document is rendered for every page that shows it, every time a region holding it
    is pushed, but its text never changes: each (text, title, depth) is parsed once. The
    texts come from the installed scenarios, never from players, so the cache stays small."""
    tokens = _MARKDOWN.parse(text)
    if (
        title is not None
        and len(tokens) >= 3
        and tokens[0].type == "heading_open"
        and tokens[1].content.strip().casefold() == title.strip().casefold()
    ):
        tokens = tokens[3:]
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + depth - 1)}"
    return Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))  # noqa: S704


def templates() -> Jinja2Templates:
    environment = Environment(
        loader=FileSystemLoader(shipped("templates")),
        autoescape=select_autoescape(["html"], default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    environment.filters["markdown"] = markdown
    environment.filters["isotime"] = lambda moment: shapes.iso(moment) or ""
    return Jinja2Templates(env=environment)


pages = templates()
"""The one template set of this server; it holds configuration only, no request state."""


def render_page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Every page speaks the reader's language and knows where it is (for the toggle)."""
    language = context.get("lang") or chosen_language(request)
    context = {"lang": language, "_": translator(language), "here": request.url.path} | context
    return pages.TemplateResponse(request, template, context, status_code=status)


def render_blocks(template: str, names: Iterable[str], context: Mapping[str, Any]) -> str:
    page = pages.env.get_template(template)
    runtime = page.new_context(dict(context))
    return "".join("".join(page.blocks[name](runtime)) for name in names)
