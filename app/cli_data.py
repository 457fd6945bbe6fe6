"""Command line: the commands that keep the data, ``backup``, ``restore`` and ``migrate``.

They print one plain line per problem and exit non-zero, never a traceback: an operator runs
them from scripts and cron jobs. They read the environment as ``serve`` does, and stop on the
same mistakes in it. Exit 2 means they cannot apply here (a mistake in the environment,
PostgreSQL for backup and restore, a database that cannot be opened), 1 a problem with what
they were given or found.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app import environment
from app.settings import Settings

T = TypeVar("T")


def _settings() -> Settings | None:
    """The server's settings; None after printing why the environment cannot give them (a
    misspelt ``CL_DATA_DIR`` would point these commands at another folder)."""
    settings, problems = environment.load()
    for line in problems:
        print(line, file=sys.stderr)
    return None if problems else settings


def _database_problem(problem: Exception) -> str:
    """One line, without the URL (it may hold a password)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError

    if isinstance(problem, ArgumentError):
        return "error: CL_DATABASE_URL is not a database URL"
    reason = problem.orig if isinstance(problem, DBAPIError) else problem
    return f"error: cannot open the database: {str(reason).strip().splitlines()[0]}"


def _bounded(url: str) -> str:
    """A PostgreSQL host that drops packets answers within 10 s, not the system's minutes."""
    from sqlalchemy.engine import make_url

    from app.db.connect import normalise_url

    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "postgresql" or "connect_timeout" in parsed.query:
        return url
    return parsed.update_query_dict({"connect_timeout": "10"}).render_as_string(False)


def migrate(check: bool) -> int:
    """``--check`` changes nothing: 0 when the schema is the newest, 1 when it is behind (or
    unknown to this version), 2 when the database cannot be opened."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.db.backup import database_file
    from app.db.connect import connect
    from app.db.migrate import newest_revision, schema_status, upgrade

    settings = _settings()
    if settings is None:
        return 2
    try:
        url = _bounded(settings.resolved_database_url())
        missing = database_file(url)
        if check and missing is not None and not missing.exists():
            print(f"schema behind: no database at {missing} yet, the newest is {newest_revision()}")
            return 1
        engines = connect(url, settings.sqlite_synchronous)
        try:
            if not check:
                upgrade(engines)
                print("database is at the newest schema")
                return 0
            status = schema_status(engines)
        finally:
            engines.dispose()
    except (SQLAlchemyError, OSError) as problem:
        print(_database_problem(problem), file=sys.stderr)
        return 2
    if status.is_current:
        print(f"schema current: {status.newest}")
        return 0
    if not status.is_known:
        print(
            f"schema unknown: the database is at {status.current_name}, which this version "
            f"does not know (its newest is {status.newest}); a newer version wrote it"
        )
        return 1
    print(
        f"schema behind: the database is at {status.current_name}, the newest is "
        f"{status.newest}; run 'colliding-logics migrate'"
    )
    return 1


def _sqlite_only(settings: Settings, tool: str) -> Path | None:
    """The SQLite file, or None after saying which PostgreSQL tool does the job instead."""
    from app.db.backup import database_file

    database = database_file(settings.resolved_database_url())
    if database is None:
        print(
            f"error: the database is not a SQLite file (CL_DATABASE_URL): use PostgreSQL's "
            f"{tool} instead (see 'Backup and restore' in the README)",
            file=sys.stderr,
        )
    return database


def _key_is_the_operators(settings: Settings) -> bool:
    key = settings.organiser_key
    return key is not None and bool(key.get_secret_value().strip())


def _say_problems(lines: list[str]) -> int:
    for line in lines:
        print(line, file=sys.stderr)
    return 1


def _sqlite_target(tool: str) -> tuple[Settings, Path] | None:
    """The settings and the SQLite file a data command works on; None once the reason is said
    (a mistake in the environment, or PostgreSQL, whose own ``tool`` does this job)."""
    settings = _settings()
    database = _sqlite_only(settings, tool) if settings is not None else None
    return None if settings is None or database is None else (settings, database)


def _copying(copy: Callable[[], T]) -> T | int:
    """Run a backup or a restore; every way it can fail becomes lines and exit code 1."""
    import sqlite3

    from app.services.backup_folder import BackupProblem

    try:
        return copy()
    except BackupProblem as problem:
        return _say_problems(problem.lines)
    except (OSError, sqlite3.Error) as problem:
        return _say_problems([f"error: {problem}"])


def backup(dest: Path, force: bool) -> int:
    import time

    from app.services.backup_folder import take
    from app.web.runtime import key_file

    target = _sqlite_target("pg_dump")
    if target is None:
        return 2
    settings, database = target
    key = None if _key_is_the_operators(settings) else key_file(settings)
    taken = _copying(lambda: take(database, key, dest, force, time.time()))
    if isinstance(taken, int):
        return taken
    held = taken.contents
    print(
        f"backed up {held.sessions} session(s) with {held.events} event(s) (schema "
        f"{held.revision}) into {dest}"
    )
    if taken.key == "included":
        print("the organiser key is in it: keep the backup as safe as the server itself")
    elif taken.key == "environment":
        print(
            "the organiser key is not in it: it comes from CL_ORGANISER_KEY (or its _FILE), "
            "so keep it yourself"
        )
    else:
        print(f"warning: no organiser key in {key}: the backup has none", file=sys.stderr)
    return 0


def restore(src: Path, force: bool) -> int:
    from app.db.migrate import newest_revision
    from app.services.backup_folder import restore as restore_folder
    from app.web.runtime import key_file

    target = _sqlite_target("pg_restore")
    if target is None:
        return 2
    settings, database = target
    restored = _copying(lambda: restore_folder(src, database, key_file(settings), force))
    if isinstance(restored, int):
        return restored
    held = restored.contents
    print(
        f"restored {held.sessions} session(s) with {held.events} event(s) from the backup of "
        f"{restored.taken_at} into {database}"
    )
    if restored.key is None:
        print("the backup holds no organiser key: set the CL_ORGANISER_KEY it was taken with")
    else:
        print(f"restored the organiser key into {restored.key}")
        if _key_is_the_operators(settings):
            print("note: CL_ORGANISER_KEY (or its _FILE) is set here: the server uses that key")
    if held.revision != newest_revision():
        print(f"the schema ({held.revision}) is brought to {newest_revision()} at the next start")
    return 0
