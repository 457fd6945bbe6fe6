"""Services layer: time zones by their IANA names, for the times in a session's record.

Each session keeps the name of its zone (chosen when it opens, ``Europe/Amsterdam`` unless the
organiser chose another), and the report and the exports show their times there. Names are
checked against the zone data this machine has (the system's, or the ``tzdata`` package), less
the files there that name no place (``localtime``, ``Factory``) and the copies under ``posix/``
and ``right/`` (the latter counting leap seconds, which would shift every time). A machine that
lacks a zone's data shows UTC, and says UTC.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import UTC, datetime, tzinfo

from app.engine.events import DEFAULT_TIMEZONE

NAME_MAX = 64
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$"
"""What an IANA name looks like (``Europe/Amsterdam``, ``Etc/GMT+2``): no dots, no spaces."""
_NAME = re.compile(NAME_PATTERN)
_NO_PLACE = frozenset({"localtime", "Factory", "posixrules"})
_COPIES = ("posix/", "right/")

__all__ = ["DEFAULT_TIMEZONE", "NAME_MAX", "NAME_PATTERN", "known", "names", "stamp", "zone"]


def _lookup(name: str) -> tzinfo | None:
    if len(name) > NAME_MAX or not _NAME.fullmatch(name) or name in _NO_PLACE:
        return None
    if name.startswith(_COPIES):
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def known(name: str) -> bool:
    """Whether ``name`` is a zone of this machine's data (``Europe/Amsterdam``, ``UTC``). The
    default always is, so that a machine without zone data still opens sessions (in UTC)."""
    return name == DEFAULT_TIMEZONE or _lookup(name) is not None


@functools.cache
def names() -> tuple[str, ...]:
    """Every zone this machine knows, sorted, for the organiser's form (read once: ~0.2 s)."""
    return tuple(sorted(zoneinfo.available_timezones() - _NO_PLACE))


def zone(name: str) -> tzinfo:
    """The zone called ``name``, or UTC where its data is missing (its ``str`` says which)."""
    return _lookup(name) or UTC


def stamp(moment: float, where: tzinfo) -> str:
    """``2025-05-06 14:05 (Europe/Amsterdam, UTC+02:00)``: a time for people to read."""
    local = datetime.fromtimestamp(moment, where)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} ({where}, UTC{offset[:3]}:{offset[3:]})"
