"""Benchmark layer, the infrastructure of a run: the servers it measures and their services.

One app process on SQLite with the in-memory broadcast and the bare baseline serve the whole
ladder; at ``--sessions`` two more app processes share PostgreSQL (in a schema of their own,
dropped afterwards) and Redis, when both answer.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis
from psycopg import sql

from bench.server import ServerHandle, app_command, baseline_command, free_port, launch
from bench.stand import Stand
from bench.targets import AppTarget

SETTLE_S = 1.0
"""Pause after the servers answer, before the first session opens."""


@dataclass(frozen=True)
class Site:
    """Where a run's servers live: a working folder, the organiser key they share, and the
    run's log."""

    workdir: Path
    key: str
    say: Callable[[str], None]

    def app_env(self, name: str, database_url: str, broadcast_url: str) -> dict[str, str]:
        data = self.workdir / name
        data.mkdir(parents=True, exist_ok=True)
        return {
            "CL_DATA_DIR": str(data),
            "CL_ORGANISER_KEY": self.key,
            "CL_DATABASE_URL": database_url,
            "CL_BROADCAST_URL": broadcast_url,
        }

    async def start_app_and_baseline(self) -> tuple[ServerHandle, ServerHandle]:
        port_app, port_base = free_port(), free_port()
        self.say(f"starting app (SQLite, one process) on :{port_app} and baseline on :{port_base}")
        app_env = self.app_env("app", "", "memory://")
        app_server, base_server = await asyncio.gather(
            asyncio.to_thread(
                launch, "app", app_command(port_app), app_env, self.workdir, port_app
            ),
            asyncio.to_thread(
                launch, "baseline", baseline_command(port_base), {}, self.workdir, port_base
            ),
        )
        await asyncio.sleep(SETTLE_S)
        return app_server, base_server

    @asynccontextmanager
    async def two_processes(self, pg_url: str, redis_url: str, seed: int) -> AsyncIterator[Stand]:
        """Two app processes over PostgreSQL (a schema of its own) and Redis, as one stand;
        ``services_problem`` must have found both reachable."""
        schema = f"bench_{secrets.token_hex(4)}"
        await asyncio.to_thread(_schema, pg_url, schema, True)
        url = with_search_path(pg_url, schema)
        ports = [free_port(), free_port()]
        self.say(f"starting two app processes (PostgreSQL schema {schema}, Redis) on {ports}")
        servers: list[ServerHandle] = []
        stand: Stand | None = None
        try:
            launched = await asyncio.gather(
                *(
                    asyncio.to_thread(
                        launch,
                        f"app-pg{i}",
                        app_command(port),
                        self.app_env(f"pg{i}", url, redis_url),
                        self.workdir,
                        port,
                    )
                    for i, port in enumerate(ports)
                ),
                return_exceptions=True,
            )
            servers = [s for s in launched if isinstance(s, ServerHandle)]
            failed = [s for s in launched if not isinstance(s, ServerHandle)]
            if failed:
                raise RuntimeError(f"could not start the two processes: {failed[0]}")
            await asyncio.sleep(SETTLE_S)
            stand = Stand(AppTarget("app-2proc", servers, self.key), seed)
            yield stand
        finally:
            if stand is not None:
                await stand.close()
            for server in servers:
                server.stop()
            await asyncio.to_thread(_schema, pg_url, schema, False)


def services_problem(pg_url: str, redis_url: str) -> str | None:
    """Why the two-process run cannot take place, or None when PostgreSQL and Redis answer."""
    try:
        with psycopg.connect(pg_url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as problem:
        return f"PostgreSQL at {pg_url} is not reachable ({problem})"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as problem:
        return f"Redis at {redis_url} is not reachable ({problem})"
    return None


def with_search_path(url: str, schema: str) -> str:
    """The same database, but every table in ``schema``: the test suite resets ``public``
    while it runs, and the benchmark must neither see nor disturb that."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def _schema(url: str, schema: str, create: bool) -> None:
    statement = (
        sql.SQL("CREATE SCHEMA {}") if create else sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE")
    )
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(statement.format(sql.Identifier(schema)))
