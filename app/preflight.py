"""Command line: the checks ``check-config`` and ``serve`` run before anything listens.

A misspelt variable, a database that does not answer or a data folder the server cannot write
would otherwise show up as a traceback, or worse as a server that runs with the wrong data. So
every problem becomes one plain line starting with ``error:``, naming the variable, and none of
them hides another. Secrets never appear in a line: neither a key nor a URL's password.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError
from pydantic_settings import SettingsError
from sqlalchemy.engine import make_url

from app.settings import ENV_PREFIX, FROM_FILE, Settings, SettingsProblem, variable

PROBE_TIMEOUT_S = 5
"""How long a database or broadcast server may take to answer before it counts as down."""
FOREIGN = frozenset({"CL_SITE_ADDRESS", "CL_SCREENSHOT_DIR"})
"""``CL_`` names this project uses outside the server: the compose example's site address and
the browser tests' screenshots; ``CL_TEST_…`` belongs to the test suite."""
_SECRET = frozenset(FROM_FILE)
_PARSE = re.compile(r'field "(\w+)"')


def known_variables() -> set[str]:
    names = {variable(field) for field in Settings.model_fields}
    return names | {variable(field) + "_FILE" for field in FROM_FILE}


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One line per ``CL_`` variable that no setting reads, with the closest known name."""
    known = sorted(known_variables())
    lines = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper in known or upper in FOREIGN:
            continue
        if upper.startswith(ENV_PREFIX + "TEST_"):
            continue
        close = difflib.get_close_matches(upper, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        lines.append(f"error: {name} is not a setting of this server{hint}")
    return lines


def _validation_lines(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        message = item["msg"].removeprefix("Value error, ")
        got = (
            "" if field in _SECRET or item["type"] == "value_error" else f" (got {item['input']!r})"
        )
        lines.append(f"error: {variable(field)}: {message[:1].lower()}{message[1:]}{got}")
    return lines


def load(environ: Mapping[str, str] = os.environ) -> tuple[Settings | None, list[str]]:
    """The settings the server would run with, or the lines saying why there are none; an
    unknown variable is a problem either way."""
    problems = unknown_variables(environ)
    try:
        return Settings(), problems
    except SettingsProblem as failure:
        problems += failure.problems
    except ValidationError as failure:
        problems += _validation_lines(failure)
    except SettingsError as failure:  # a list that is not JSON
        found = _PARSE.search(str(failure))
        name = variable(found.group(1)) if found else "a CL_ variable"
        problems.append(f'error: {name}: not valid JSON (a list is written ["…", "…"])')
    return None, problems


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
    url = settings.resolved_database_url()
    name = variable("database_url")
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        database = make_url(url).database
        if not database or database == ":memory:":
            return None
        path = Path(database)
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            return f"error: {name}: cannot read and write {path}"
        return _folder_problem(path.parent, name)
    if scheme.split("+")[0] in ("postgresql", "postgres"):
        return _postgres_problem(url, name)
    return f"error: {name}: use sqlite:///path or postgresql://user@host:5432/db, not {scheme}://"


def _broadcast_problem(settings: Settings) -> str | None:
    from app.realtime.backend import backend_for

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
    (at most ``PROBE_TIMEOUT_S`` each) and the cookies."""
    found = [
        _cookie_problem(settings),
        _left_behind(settings),
        _folder_problem(settings.data_dir, variable("data_dir")),
        _database_problem(settings),
        _broadcast_problem(settings),
    ]
    return [line for line in found if line is not None]


def summary(settings: Settings) -> str:
    """One line for the log: what this server runs with."""
    url = settings.resolved_database_url()
    database = f"SQLite {make_url(url).database}" if url.startswith("sqlite") else shown(url)
    broadcast = settings.broadcast_url
    fanout = "in this process only" if broadcast.startswith("memory") else shown(broadcast)
    public = settings.public_url or "the address of each request"
    return (
        f"ok: database {database}; broadcast {fanout}; data in {settings.data_dir.absolute()}; "
        f"public URL: {public}"
    )
