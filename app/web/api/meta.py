"""Web layer: health, readiness and the catalogue of installed scenarios.

``/healthz`` says the process answers HTTP: cheap enough for any liveness probe. ``/readyz``
says it can serve a game now (the database, its schema and the broadcast backend: see
``readiness``): the probe for a load balancer, the image's health check and compose.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from app.engine.spec import pick
from app.web.deps import RuntimeDep

router = APIRouter(tags=["meta"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    responses={503: {"description": "Not ready: the body names the checks that failed"}},
)
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    """200 when the database answers, its schema is current and a probe crosses the broadcast
    backend; otherwise 503. Either way within a few seconds, with every check's result."""
    verdict = await runtime.monitor.readiness.verdict()
    body = {"status": "ready" if verdict.ready else "not ready", "checks": verdict.checks}
    return JSONResponse(body, status_code=200 if verdict.ready else 503)


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
