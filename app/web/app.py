"""Web layer: ``create_app(settings)``, the one place where all the parts are put together.

Start-up refuses bad content and migrates the database before the first request; shutdown
stops the scheduler, tells every socket to reconnect elsewhere, and closes the backend.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.content import load_content, shipped_root
from app.db.connect import connect
from app.db.migrate import upgrade
from app.realtime.broadcast import backend_for
from app.realtime.hub import Hub
from app.realtime.publisher import EventPublisher
from app.resources import shipped
from app.services import retention, scheduler
from app.services.context import Clock, ServiceContext
from app.services.states import StateCache
from app.settings import Settings
from app.web import errors
from app.web.api import (
    auth,
    contact,
    facilitation,
    links,
    meta,
    organising,
    play,
    records,
    reports,
    sessions,
)
from app.web.ops import metrics
from app.web.ops.monitor import Monitor
from app.web.pages import entry, organiser, screen
from app.web.pages.debrief import page as debrief
from app.web.pages.facilitator import forms as panel_forms
from app.web.pages.facilitator import room
from app.web.pages.observer import forms as observer_forms
from app.web.pages.player import forms as player_forms
from app.web.runtime import Runtime, organiser_key, require_usable_key
from app.web.security.headers import SecurityHeaders
from app.web.security.limits import BodyLimit
from app.web.security.throttle import Throttle
from app.web.sockets import events
from app.web.sockets import pages as live
from app.web.sockets.pages import page_sockets

RETENTION_CHECK_S = 3600


async def _forget(runtime: Runtime) -> None:
    """Once an hour, delete finished sessions past ``CL_RETENTION_DAYS`` (if it is set)."""
    days = runtime.settings.retention_days
    if days is None:
        return
    while not runtime.stop.is_set():
        try:
            await retention.purge(runtime.ctx, days)  # which closes their sockets everywhere
        except Exception:
            logging.getLogger(__name__).exception("retention pass failed; trying again later")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(runtime.stop.wait(), timeout=RETENTION_CHECK_S)


def create_app(settings: Settings | None = None, clock: Clock = time.time) -> FastAPI:
    settings = settings or Settings()
    require_usable_key(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        content = load_content(settings.content_dir or shipped_root())
        engines = connect(settings.resolved_database_url(), settings.sqlite_synchronous)
        upgrade(engines)
        backend = backend_for(settings.broadcast_url)
        await backend.connect()
        publisher = EventPublisher(backend)
        ctx = ServiceContext(engines, content, StateCache(content), clock, publisher.publish)
        hub = Hub(ctx, backend)
        ctx.forget = hub.forget
        await hub.start()
        monitor = Monitor(settings, ctx, hub)
        key = organiser_key(settings)
        runtime = Runtime(settings, ctx, hub, key, monitor, page_sockets(clock))
        app.state.runtime = runtime
        # Everything built so far lives as long as the process: keep it out of the collector's
        # sight, so that full collections (which stop the server) only walk what play creates.
        gc.collect()
        gc.freeze()
        timers = asyncio.create_task(scheduler.run(ctx, runtime.stop), name="scheduler")
        forgetting = asyncio.create_task(_forget(runtime), name="retention")
        presence = asyncio.create_task(hub.keep_presence(runtime.stop), name="presence")
        watching = asyncio.create_task(monitor.run(runtime.stop), name="monitor")
        try:
            yield
        finally:
            runtime.stop.set()
            with contextlib.suppress(asyncio.CancelledError):
                await timers
            for task in (forgetting, presence, watching):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await runtime.exports.close()
            await hub.close()
            await backend.disconnect()
            engines.dispose()

    app = FastAPI(
        title="Colliding Logics",
        summary="Server for the serious game 'botsende logica's' (colliding logics)",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    for module in (
        meta,
        metrics,
        auth,
        sessions,
        organising,
        links,
        play,
        records,
        contact,
        facilitation,
        reports,
        events,
        entry,
        organiser,
        screen,
        room,
        debrief,
        observer_forms,
        player_forms,
        panel_forms,
        live,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=shipped("static")), name="static")
    app.add_middleware(Throttle, clock=clock)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def create() -> FastAPI:
    """The factory uvicorn imports in each worker when serving with ``--workers``: every
    worker reads its settings from the environment it was started in."""
    return create_app(Settings())
