"""Web layer: every refusal becomes a 4xx with a JSON ``detail``; bad input never becomes a 500.

A refused field is named in the answer: the API keeps FastAPI's list of ``{loc, msg, type}``
(its documented shape), while a page's form gets one sentence its page can show as it is. The
refused input is never echoed back: it may be huge, or hold a lone surrogate that no JSON
encoder can write.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from app.engine.commands import CommandRejected
from app.services.sessions import NoSuchCode
from app.services.states import UnknownSession

_STATUS = {"forbidden": 403, "not_found": 404, "conflict": 409, "invalid": 422}


async def _rejected(request: Request, problem: Exception) -> JSONResponse:
    assert isinstance(problem, CommandRejected)
    return JSONResponse({"detail": problem.message}, status_code=_STATUS[problem.reason])


async def _unknown_session(request: Request, problem: Exception) -> JSONResponse:
    return JSONResponse({"detail": "no such session"}, status_code=404)


async def _no_such_code(request: Request, problem: Exception) -> JSONResponse:
    return JSONResponse({"detail": "no open session has this join code"}, status_code=404)


def _field(error: dict[str, Any]) -> str:
    named = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    return ".".join(named) or "request"


async def _invalid_input(request: Request, problem: Exception) -> JSONResponse:
    assert isinstance(problem, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
        for e in problem.errors()
    ]
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": errors}, status_code=422)
    said = "; ".join(f"{_field(e)}: {e['msg']}" for e in errors)
    return JSONResponse({"detail": said}, status_code=422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid_input)
    app.add_exception_handler(CommandRejected, _rejected)
    app.add_exception_handler(UnknownSession, _unknown_session)
    app.add_exception_handler(NoSuchCode, _no_such_code)
