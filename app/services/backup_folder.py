"""Services layer: a backup folder holds the SQLite database, the organiser key and a manifest.

The key belongs with the database: facilitator and observer links keep working without it (their
tokens are stored as hashes), but the organiser's page and sign-ins need it. A key set through
``CL_ORGANISER_KEY`` is the operator's own and is left out.

Every file is written under a temporary name, synced and renamed, and the manifest comes last:
a folder without one is an interrupted backup, and restore refuses it. The manifest records
each file's SHA-256, so a damaged copy is found before it replaces anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.db.backup import Contents, InUse, inspect, load, snapshot
from app.db.connect import connect
from app.db.migrate import known_revision

FORMAT = "colliding-logics-backup/1"
MANIFEST = "manifest.json"
DATABASE = "colliding-logics.db"
KEY = "organiser.key"


class BackupProblem(Exception):
    """Why a backup or a restore cannot go on: one plain line per problem."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


@dataclass(frozen=True)
class Taken:
    contents: Contents
    key: str
    """``included``, ``environment`` (CL_ORGANISER_KEY: the operator's) or ``missing``."""


@dataclass(frozen=True)
class Restored:
    contents: Contents
    taken_at: str
    key: Path | None
    """Where the key was restored, or None when the backup holds none."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    """Whole or not at all, owner-only, synced: a temporary file (mkstemp makes it 0600)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _same(one: Path, other: Path) -> bool:
    return one.resolve() == other.resolve()


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def take(database: Path, key: Path | None, dest: Path, force: bool, now: float) -> Taken:
    """Back up ``database`` and the generated key file ``key`` (None: CL_ORGANISER_KEY)."""
    if dest.exists() and not dest.is_dir():
        raise BackupProblem(f"error: {dest} is a file; give a folder for the backup")
    if _same(dest, database.parent) or (key is not None and _same(dest, key.parent)):
        raise BackupProblem(f"error: {dest} is the data folder itself; choose another folder")
    if _entries(dest) and not force:
        raise BackupProblem(
            f"error: {dest} is not empty; choose a new folder, or add --force to replace "
            "the backup in it"
        )
    if not database.is_file():
        raise BackupProblem(f"error: no database at {database}: is CL_DATA_DIR the server's?")
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    (dest / MANIFEST).unlink(missing_ok=True)  # until the new one is written, it is unfinished
    partial = dest / f".{DATABASE}.partial"
    partial.unlink(missing_ok=True)
    try:
        snapshot(database, partial)
        contents = inspect(partial)
        if contents.problems:
            raise BackupProblem(*(f"error: the copy of {database}: {p}" for p in contents.problems))
        partial.replace(dest / DATABASE)
    finally:
        partial.unlink(missing_ok=True)  # a failed copy (a full disk) leaves nothing behind
    files = {DATABASE: _sha256(dest / DATABASE)}
    state = "environment" if key is None else "included" if key.is_file() else "missing"
    if state == "included" and key is not None:
        _write_private(dest / KEY, key.read_bytes())
        files[KEY] = _sha256(dest / KEY)
    else:
        (dest / KEY).unlink(missing_ok=True)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds"),
        "schema_revision": contents.revision,
        "sessions": contents.sessions,
        "events": contents.events,
        "organiser_key": state,
        "files": files,
    }
    _write_private(dest / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())
    return Taken(contents, state)


def _manifest(src: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupProblem(
            f"error: {src} holds no readable {MANIFEST}: it is not a finished backup made by "
            "'colliding-logics backup'"
        )
    return manifest


def _checked(src: Path) -> dict[str, Any]:
    """The manifest of a sound backup, or every problem found with the folder."""
    manifest = _manifest(src)
    files = manifest.get("files")
    if not isinstance(files, dict) or DATABASE not in files or not set(files) <= {DATABASE, KEY}:
        raise BackupProblem(f"error: {src / MANIFEST} does not list the backup's files")
    problems = [
        f"error: {src / name} is missing or damaged (its SHA-256 differs from {MANIFEST})"
        for name, digest in sorted(files.items())
        if not (src / name).is_file() or _sha256(src / name) != digest
    ]
    if problems:
        raise BackupProblem(*problems)
    contents = inspect(src / DATABASE)
    problems = [f"error: {src / DATABASE}: {p}" for p in contents.problems]
    if contents.revision is not None and not known_revision(contents.revision):
        problems.append(
            f"error: the backup's schema revision {contents.revision} is newer than this "
            "version of Colliding Logics knows; install the version that made it"
        )
    if problems:
        raise BackupProblem(*problems)
    return manifest


def restore(src: Path, database: Path, key: Path, force: bool) -> Restored:
    """Put the backup in ``src`` back as ``database`` and the key file ``key``."""
    data_dir = key.parent
    if _same(src, data_dir) or _same(src, database.parent):
        raise BackupProblem(f"error: {src} is the data folder itself; restore from a backup")
    manifest = _checked(src)
    present = _entries(data_dir) + ([database.name] if database.exists() else [])
    if present and not force:
        raise BackupProblem(
            f"error: the data folder {data_dir} is not empty ({', '.join(sorted(set(present)))}); "
            "restore into an empty one, or add --force to replace its database and key"
        )
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    connect(f"sqlite:///{database}").dispose()  # creates the file 0600 in a 0700 folder
    try:
        load(src / DATABASE, database)
    except InUse:
        raise BackupProblem(
            f"error: {database} is open in another process (a running server?); stop it first"
        ) from None
    restored = inspect(database, read_only=False)
    if restored.problems:
        raise BackupProblem(*(f"error: the restored {database}: {p}" for p in restored.problems))
    kept = KEY in manifest["files"]
    if kept:
        _write_private(key, (src / KEY).read_bytes())
    return Restored(restored, str(manifest.get("created_at")), key if kept else None)
