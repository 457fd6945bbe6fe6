"""Where the real PostgreSQL and Redis for the tests are, and whether they may be skipped.

A developer without PostgreSQL or Redis gets those tests skipped with a reason; CI (``CI`` set)
turns the same situation into a failure, so a green CI always means both were tested.
"""

from __future__ import annotations

import os

import pytest

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def _unavailable(what: str, why: Exception) -> None:
    message = f"{what} is not reachable ({why})"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must run these tests", pytrace=False)
    pytest.skip(message)


def postgres_url() -> str:
    configured = os.environ.get("CL_TEST_POSTGRES_URL") or os.environ.get("CL_DATABASE_URL", "")
    url = configured if configured.startswith("postgres") else DEFAULT_POSTGRES
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as problem:
        _unavailable("PostgreSQL", problem)
    return url


def redis_url() -> str:
    url = os.environ.get("CL_TEST_REDIS_URL", DEFAULT_REDIS)
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as problem:
        _unavailable("Redis", problem)
    return url


def reset_postgres(url: str) -> None:
    """Start the run from an empty schema, so migrations run from the first one."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")
