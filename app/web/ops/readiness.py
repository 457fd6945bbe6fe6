"""Web layer: whether this worker can serve a game now: ``/readyz``.

Ready means the database answers, its schema is the one this version needs (neither behind nor
written by a newer version), and a probe published on the broadcast backend comes back. Each
check gets ``CHECK_TIMEOUT_S``, all at once, so the answer comes within that whatever is down.

A health checker may ask often, and a database that hangs may hold a thread for minutes: so a
verdict is reused for ``FRESH_S``, concurrent requests share the check in progress, and a
database probe still running in its thread is awaited again rather than joined by another.
The event loop never waits on the database itself. Only changes of verdict are logged.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anyio import to_thread
from sqlalchemy import inspect, text

from app.db.connect import Engines
from app.db.migrate import SchemaStatus, newest_revision

if TYPE_CHECKING:
    from app.web.ops.monitor import BroadcastProbe

log = logging.getLogger(__name__)
CHECK_TIMEOUT_S = 3.0
FRESH_S = 1.0
OK = "ok"


@dataclass(frozen=True)
class Verdict:
    checks: dict[str, str]
    """``database``, ``schema`` and ``broadcast``: ``ok``, or what is wrong, in words."""
    at: float

    @property
    def ready(self) -> bool:
        return all(value == OK for value in self.checks.values())


def _schema(status: SchemaStatus) -> str:
    if status.is_current:
        return OK
    if not status.is_known:
        return f"written by a newer version (revision {status.current_name})"
    return f"behind: at {status.current_name}, this version needs {status.newest} (migrate)"


class Readiness:
    def __init__(self, engines: Engines, probe: BroadcastProbe) -> None:
        self._engines = engines
        self._probe = probe
        self._last: Verdict | None = None
        self._checking: asyncio.Task[Verdict] | None = None
        self._reading: asyncio.Task[SchemaStatus] | None = None
        self._why: dict[str, str] = {}
        """Each failed check's own words, for the log only: the answer names the kind."""

    async def verdict(self) -> Verdict:
        last = self._last
        if last is not None and time.monotonic() - last.at < FRESH_S:
            return last
        if self._checking is None or self._checking.done():
            self._checking = asyncio.create_task(self._check(), name="readiness")
        return await asyncio.shield(self._checking)

    async def _check(self) -> Verdict:
        self._why = {}
        database, broadcast = await asyncio.gather(self._database(), self._broadcast())
        verdict = Verdict(database | {"broadcast": broadcast}, time.monotonic())
        before = self._last
        if before is None or before.checks != verdict.checks:
            if verdict.ready:
                log.info("ready: database, schema and broadcast answer")
            else:
                why = {k: self._why.get(k, v) for k, v in verdict.checks.items() if v != OK}
                log.warning("not ready: %s", why)
        self._last = verdict
        return verdict

    async def _database(self) -> dict[str, str]:
        if self._reading is None or self._reading.done():
            self._reading = asyncio.create_task(to_thread.run_sync(read_schema, self._engines))
            self._reading.add_done_callback(_retrieve)
        try:
            status = await asyncio.wait_for(asyncio.shield(self._reading), CHECK_TIMEOUT_S)
        except TimeoutError:
            return {"database": f"no answer within {CHECK_TIMEOUT_S:g} s", "schema": "unknown"}
        except Exception as failure:
            self._why["database"] = _words(failure)
            return {"database": f"unreachable ({type(failure).__name__})", "schema": "unknown"}
        return {"database": OK, "schema": _schema(status)}

    async def _broadcast(self) -> str:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_S):
                await self._probe.round_trip()
        except TimeoutError:
            return f"no probe came back within {CHECK_TIMEOUT_S:g} s"
        except Exception as failure:
            self._why["broadcast"] = _words(failure)
            return f"unreachable ({type(failure).__name__})"
        return OK


_newest = functools.cache(newest_revision)


def read_schema(engines: Engines) -> SchemaStatus:
    """``migrate.schema_status`` without Alembic's migration context, which logs two INFO lines
    each time it is set up: a prober asking every few seconds would fill the log with them."""
    with engines.read.connect() as connection:
        current = None
        if inspect(connection).has_table("alembic_version"):
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return SchemaStatus(current, _newest())


def _words(failure: Exception) -> str:
    lines = str(getattr(failure, "orig", None) or failure).strip().splitlines()
    return f"{type(failure).__name__}: {lines[0][:200] if lines else ''}"


def _retrieve(task: asyncio.Task[SchemaStatus]) -> None:
    """A probe that finished after its request gave up: its failure is not an error to log."""
    if not task.cancelled():
        task.exception()
