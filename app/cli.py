"""Command line: ``colliding-logics serve | check-content | migrate | backup | restore``.

``serve`` checks the content and the database before it listens, so a broken scenario or an
unreachable database is reported in words at start-up rather than as errors during a session.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_data import backup, migrate, restore
from app.content import ContentError, load_content, shipped_root
from app.settings import Settings

if TYPE_CHECKING:
    from app.web.runtime import OrganiserKey


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


def banner(settings: Settings, host: str, port: int, key: OrganiserKey) -> str:
    """The key itself appears only when this start generated it; later starts (and a key from
    ``CL_ORGANISER_KEY``) say where it is instead, so the key does not pile up in logs."""
    from app.web.runtime import KeySource

    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    base = (settings.public_url or f"http://{shown}:{port}").rstrip("/")
    if key.source is KeySource.GENERATED:
        organiser = (
            f"  organiser link (keep it private): {base}/organiser#{key.value}\n"
            f"    (a new key, kept in {key.path}; it is shown this once)\n"
        )
    elif key.source is KeySource.FILE:
        organiser = f"  organiser page: {base}/organiser (sign in with the key in {key.path})\n"
    else:
        organiser = f"  organiser page: {base}/organiser (sign in with CL_ORGANISER_KEY)\n"
    return f"Colliding Logics is running at {base}\n{organiser}  players join at: {base}/join\n"


def serve(host: str, port: int, workers: int) -> int:
    import uvicorn

    from app.realtime.connection import MAX_FRAME_BYTES
    from app.web.runtime import key_problem, load_organiser_key

    settings = Settings()
    problem = key_problem(settings)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    if workers > 1 and settings.broadcast_url.startswith("memory:"):
        print(
            "error: several workers need a shared broadcast: set CL_BROADCAST_URL to "
            "redis://host:6379/0 or to your postgresql:// URL (see 'Scaling out' in the README)",
            file=sys.stderr,
        )
        return 2
    if check_content(settings.content_dir) != 0:
        return 1
    print(banner(settings, host, port, load_organiser_key(settings)), flush=True)
    options = {
        "host": host,
        "port": port,
        "ws_per_message_deflate": False,
        "ws_max_size": MAX_FRAME_BYTES,  # a bigger frame is refused (1009) before it is read
        "timeout_graceful_shutdown": 10,
        "proxy_headers": True,
    }
    if workers > 1:
        uvicorn.run("app.web.asgi:create", factory=True, workers=workers, **options)  # type: ignore[arg-type]
    else:
        from app.web.app import create_app

        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="colliding-logics", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="start the server")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--workers", type=int, default=1, help="worker processes on this host")
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
    if args.command == "check-content":
        return check_content(args.path)
    return migrate(args.check)


if __name__ == "__main__":
    sys.exit(main())
