"""Web layer: health and the catalogue of installed scenarios."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.engine.spec import pick
from app.web.deps import RuntimeDep

router = APIRouter(tags=["meta"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/api/scenarios")
async def scenarios(runtime: RuntimeDep, language: str | None = None) -> list[dict[str, Any]]:
    """Every installed scenario, its roles and phases, in ``language`` or its own first one."""
    listing = []
    for spec in runtime.ctx.content.scenarios.values():
        lang = language if language in spec.languages else spec.languages[0]
        listing.append(
            {
                "id": spec.id,
                "title": pick(spec.title, lang),
                "summary": pick(spec.summary, lang),
                "default": spec.default,
                "languages": list(spec.languages),
                "roles": [{"id": r.id, "name": pick(r.name, lang)} for r in spec.roles],
                "phases": [
                    {
                        "id": p.id,
                        "kind": p.kind,
                        "round": p.round,
                        "logic": p.logic,
                        "title": pick(p.title, lang),
                        "duration_s": p.duration_s,
                    }
                    for p in spec.phases
                ],
            }
        )
    return listing
