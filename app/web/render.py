"""Web layer: rendering a whole page in the reader's language."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.web.i18n import chosen_language, translator
from app.web.templating import pages


def render_page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Every page speaks the reader's language and knows where it is (for the toggle)."""
    language = context.get("lang") or chosen_language(request)
    context = {"lang": language, "_": translator(language), "here": request.url.path} | context
    return pages.TemplateResponse(request, template, context, status_code=status)
