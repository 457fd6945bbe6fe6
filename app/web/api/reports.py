"""Web layer: the debrief and the exports."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from app.services import queries
from app.web.deps import FacilitatorDep, RuntimeDep, SessionId, StaffDep
from app.web.schemas import LangQuery

router = APIRouter(prefix="/api/sessions/{sid}", tags=["reports"])


@router.get("/debrief")
async def debrief(
    sid: SessionId, who: StaffDep, runtime: RuntimeDep, lang: LangQuery = None
) -> dict[str, Any]:
    return await queries.debrief(runtime.ctx, sid, lang)


@router.get("/export", response_model=None)
async def export(
    sid: SessionId,
    who: FacilitatorDep,
    runtime: RuntimeDep,
    format: Literal["json", "csv"] = "json",
) -> Response:
    """JSON: the whole record (log, state, debrief). CSV: the collisions, one row each."""
    if format == "csv":
        body = await queries.export_collisions_csv(runtime.ctx, sid)
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="collisions-{sid}.csv"'},
        )
    record = await queries.export_json(runtime.ctx, sid)
    return JSONResponse(
        record,
        headers={"content-disposition": f'attachment; filename="session-{sid}.json"'},
    )
