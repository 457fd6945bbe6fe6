"""Command line: ``colliding-logics serve | check-config | check-content | migrate | backup |
restore``.

``serve`` runs ``check-config`` and ``check-content`` before it listens, so a misspelt variable,
a broken scenario or an unreachable database is reported in words at start-up, one line each
(exit 2 for the configuration, 1 for the content), rather than as errors during a session.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app import environment, logs, preflight
from app.banner import banner
from app.cli_data import backup, migrate, restore
from app.content import ContentError, load_content, shipped_root
from app.secret_files import variable
from app.settings import Settings


def check_content(path: Path | None) -> int:
    root = path or shipped_root()
    try:
        content = load_content(root)
    except ContentError as problem:
        for item in problem.problems:
            print(f"error: {item}", file=sys.stderr)
        print(f"{len(problem.problems)} problem(s) in {root}", file=sys.stderr)
        return 1
    names = ", ".join(content.scenarios)
    print(f"ok: {len(content.scenarios)} scenario(s) ({names}), {len(content.roles)} role(s)")
    return 0


def check_served_content(path: Path | None) -> int:
    """``check-content`` without a path checks what ``serve`` would load: ``CL_CONTENT_DIR``
    when it is set, else the shipped content."""
    if path is None:
        settings, problems = environment.load()
        if settings is None:
            print("\n".join(problems), file=sys.stderr)
            return 2
        path = settings.content_dir
    return check_content(path)


def _checked(workers: int = 1) -> Settings | None:
    """The settings, when nothing stops them from serving; else None, each problem printed."""
    from app.web.runtime import key_problem

    settings, problems = environment.load()
    if settings is not None:
        problems += [line for line in [key_problem(settings)] if line is not None]
        if workers > 1 and settings.broadcast_url.startswith("memory:"):
            problems.append(
                "error: several workers need a shared broadcast: set CL_BROADCAST_URL to "
                "redis://host:6379/0 or to your postgresql:// URL (see 'Scaling out' in the "
                "README)"
            )
        problems += preflight.problems(settings)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return None
    return settings


def check_config() -> int:
    """0 and a one-line summary when ``serve`` could start with this environment; else 2."""
    settings = _checked()
    if settings is None:
        return 2
    print(preflight.summary(settings))
    return 0


def serve(host: str | None, port: int | None, workers: int) -> int:
    """``--host`` and ``--port`` override ``CL_HOST`` and ``CL_PORT``; the app learns them too
    (it hands out a LAN address only when it listens beyond the loopback)."""
    import uvicorn

    from app.realtime.connection import MAX_FRAME_BYTES
    from app.web.runtime import load_organiser_key

    checked = _checked(workers)
    if checked is None:
        return 2
    listen = {
        "host": checked.host if host is None else host,
        "port": checked.port if port is None else port,
    }
    settings = checked.model_copy(update=listen)
    logs.configure(settings.log_format)  # before anything logs: the key file, migrations
    print(preflight.summary(settings))
    if check_content(settings.content_dir) != 0:
        return 1
    print(banner(settings, load_organiser_key(settings)), flush=True)
    options = {
        "host": settings.host,
        "port": settings.port,
        "ws_per_message_deflate": False,
        "ws_max_size": MAX_FRAME_BYTES,  # a bigger frame is refused (1009) before it is read
        "timeout_graceful_shutdown": 10,
        "proxy_headers": True,
        "log_config": logs.config(settings.log_format),  # applied again in every worker
    }
    if workers > 1:  # each worker builds its settings from the environment
        os.environ.update({variable(name): str(value) for name, value in listen.items()})
        uvicorn.run("app.web.app:create", factory=True, workers=workers, **options)  # type: ignore[arg-type]
    else:
        from app.web.app import create_app

        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
    return 0


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, not {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="colliding-logics", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="start the server")
    run.add_argument("--host", help="0.0.0.0 for every network interface (default: CL_HOST)")
    run.add_argument("--port", type=_port, help="default: CL_PORT")
    run.add_argument("--workers", type=int, default=1, help="worker processes on this host")
    commands.add_parser("check-config", help="check the CL_ variables, folders and servers")
    check = commands.add_parser("check-content", help="validate scenarios/ and roles/")
    check.add_argument("path", nargs="?", type=Path, help="folder holding scenarios/ and roles/")
    upgrade = commands.add_parser("migrate", help="bring the database to the newest schema")
    upgrade.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if the schema is behind"
    )
    keep = commands.add_parser("backup", help="copy the SQLite database and the key, live")
    keep.add_argument("dest", type=Path, help="a new or empty folder for the backup")
    keep.add_argument("--force", action="store_true", help="replace a backup already in DEST")
    put_back = commands.add_parser("restore", help="put a backup back into CL_DATA_DIR")
    put_back.add_argument("src", type=Path, help="a folder written by 'backup'")
    put_back.add_argument(
        "--force", action="store_true", help="replace the database and key already there"
    )
    args = parser.parse_args(argv)
    if args.command == "backup":
        return backup(args.dest, args.force)
    if args.command == "restore":
        return restore(args.src, args.force)
    if args.command == "serve":
        return serve(args.host, args.port, args.workers)
    if args.command == "check-config":
        return check_config()
    if args.command == "check-content":
        return check_served_content(args.path)
    return migrate(args.check)


if __name__ == "__main__":
    sys.exit(main())
