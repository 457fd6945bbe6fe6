"""Web layer: every refusal becomes a 4xx with a JSON ``detail``; bad input never becomes a 500."""

from __future__ import annotations

from fastapi import FastAPI, Request
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


def install(app: FastAPI) -> None:
    app.add_exception_handler(CommandRejected, _rejected)
    app.add_exception_handler(UnknownSession, _unknown_session)
    app.add_exception_handler(NoSuchCode, _no_such_code)
