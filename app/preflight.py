"""Command line: the checks ``check-config`` and ``serve`` run before anything listens.

A misspelt variable, a database that does not answer or a data folder the server cannot write
would otherwise show up as a traceback, or worse as a server that runs with the wrong data. So
every problem becomes one plain line starting with ``error:``, naming the variable, and no
check hides another. Secrets never appear in a line: neither a key nor a URL's password.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from app.secret_files import variable
from app.settings import Settings

PROBE_TIMEOUT_S = 5
"""How long a database or broadcast server may take to answer before it counts as down."""


def shown(url: str) -> str:
    """``url`` without its password, for a line that may end up in a log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, _, place = parts.netloc.rpartition("@")
    return parts._replace(netloc=f"{user.split(':', 1)[0]}:***@{place}").geturl()


def _folder_problem(folder: Path, name: str) -> str | None:
    """Whether the server could create ``folder`` (if need be) and write in it."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"error: {name}: {existing} is not a folder"
    try:
        os.rmdir(tempfile.mkdtemp(dir=existing, prefix=".cl-check-"))
    except OSError as failure:
        return f"error: {name}: cannot write in {existing} ({failure.strerror})"
    return None


def _postgres_problem(url: str, name: str) -> str | None:
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.pool import NullPool

    from app.db.connect import normalise_url

    try:
        engine = create_engine(
            normalise_url(url),
            poolclass=NullPool,
            connect_args={"connect_timeout": PROBE_TIMEOUT_S},
        )
        with engine.connect():
            pass
        engine.dispose()
    except (SQLAlchemyError, ValueError) as failure:
        reason = str(getattr(failure, "orig", None) or failure).strip().splitlines()[0]
        return f"error: {name}: cannot connect to {shown(url)} ({reason})"
    return None


def _database_problem(settings: Settings) -> str | None:
    """The default SQLite file lies in the data folder, whose own check speaks for it."""
    url = settings.resolved_database_url()
    name = variable("database_url" if settings.database_url else "data_dir")
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        database = make_url(url).database
        if not database or database == ":memory:":
            return None
        path = Path(database)
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            return f"error: {name}: cannot read and write {path}"
        return _folder_problem(path.parent, name) if settings.database_url else None
    if scheme.split("+")[0] in ("postgresql", "postgres"):
        return _postgres_problem(url, name)
    return f"error: {name}: use sqlite:///path or postgresql://user@host:5432/db, not {scheme}://"


def _broadcast_problem(settings: Settings) -> str | None:
    from app.realtime.broadcast import backend_for

    url = settings.broadcast_url
    name = variable("broadcast_url")
    try:
        backend_for(url)
    except ValueError as failure:
        return f"error: {failure}"
    scheme = urlsplit(url).scheme.lower()
    if scheme.startswith("postgres"):
        return _postgres_problem(url, name)
    if not scheme.startswith("redis"):
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=PROBE_TIMEOUT_S, socket_timeout=PROBE_TIMEOUT_S
        )
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, ValueError) as failure:
        return f"error: {name}: no answer from Redis at {shown(url)} ({failure})"
    return None


def _cookie_problem(settings: Settings) -> str | None:
    public, secure = settings.public_url or "", settings.secure_cookies
    if public.startswith("https:") and not secure:
        return (
            "error: CL_PUBLIC_URL is https, but CL_SECURE_COOKIES is not true: set "
            "CL_SECURE_COOKIES=true, or sign-in cookies may travel over plain HTTP"
        )
    if public.startswith("http:") and secure:
        return (
            "error: CL_SECURE_COOKIES=true needs HTTPS, but CL_PUBLIC_URL is http: browsers "
            "would drop the sign-in cookies"
        )
    return None


def _left_behind(settings: Settings) -> str | None:
    """An older version kept its data in ./var of wherever it started: starting afresh
    elsewhere, without a word, would look like lost sessions and a new key."""
    old = Path("var").absolute()
    if "data_dir" in settings.model_fields_set or old == settings.data_dir.absolute():
        return None
    if not (old / "colliding-logics.db").exists():
        return None
    return (
        f"error: {old} holds the data of an older version, but the data folder is now "
        f"{settings.data_dir}: set CL_DATA_DIR={old} to keep using it, or "
        f"CL_DATA_DIR={settings.data_dir} to start afresh"
    )


def problems(settings: Settings) -> list[str]:
    """What stops ``settings`` from serving, beyond reading them: the folders, the servers
    (asked at the same time, so two that hang cost ``PROBE_TIMEOUT_S`` once) and the cookies."""
    with ThreadPoolExecutor(2) as pool:
        servers = [
            pool.submit(probe, settings) for probe in (_database_problem, _broadcast_problem)
        ]
        found = [
            _cookie_problem(settings),
            _left_behind(settings),
            _folder_problem(settings.data_dir, variable("data_dir")),
            *(server.result() for server in servers),
        ]
    return [line for line in found if line is not None]


def _kind(url: str) -> str:
    """A checked URL as the summary names it: ``PostgreSQL postgresql://cl:***@db/cl``."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        return f"SQLite {make_url(url).database}"
    if scheme == "memory":
        return "in this process only"
    return f"{'Redis' if scheme.startswith('redis') else 'PostgreSQL'} {shown(url)}"


def summary(settings: Settings) -> str:
    """One line for the log: what this server runs with."""
    return (
        f"ok: database {_kind(settings.resolved_database_url())}; "
        f"broadcast {_kind(settings.broadcast_url)}; data in {settings.data_dir.absolute()}; "
        f"public URL: {settings.public_url or 'the address of each request'}"
    )
