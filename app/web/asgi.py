"""Web layer: the app factory uvicorn imports in each worker when serving with ``--workers``."""

from __future__ import annotations

from fastapi import FastAPI

from app.settings import Settings
from app.web.app import create_app


def create() -> FastAPI:
    return create_app(Settings())
