"""Configuration layer: one log for every process of the server, on stderr.

``serve`` configures logging once, before anything logs, and hands uvicorn the same
``dictConfig``, which uvicorn applies again in each worker process: so uvicorn's loggers and the
application's own write through one handler, and every line carries its time (with its UTC
offset), level, process and logger, as text or as one JSON object per line (``CL_LOG_FORMAT``).
A traceback's lines carry the same head in the text format, and sit in one field in JSON.

No secret belongs in a URL here: tokens travel in fragments, headers and a socket's first frame.
But the join QR code's link carries the join code in its query, and a visitor may type anything
into one, so the access log keeps a query's values only for parameters known to hold nothing
secret. SQLAlchemy would log every statement with its parameters once the root logger is at
INFO; its loggers stay at WARNING.
"""

from __future__ import annotations

import json
import logging
import logging.config
import re
import sys
from datetime import datetime
from typing import Any, Literal, TextIO, TypeGuard

LogFormat = Literal["text", "json"]
PUBLIC_QUERY = frozenset({"format", "table", "pseudonymise", "language", "lang", "signed_out"})
"""Query parameters whose values are shown in the log; every other value is ``***``."""
QUIET = (
    "sqlalchemy",
    "websockets",
    "fontTools",
    "weasyprint",
    "multipart",
    "alembic.runtime.plugins",
)
"""Libraries that say too much at INFO (SQLAlchemy: every statement and its parameters;
Alembic: each of its plugins, in every worker)."""
_NAME = re.compile(r"[a-z_]{1,32}")


def redact_target(target: str) -> str:
    """A request target as the log may show it: ``/join?code=***``."""
    path, mark, query = target.partition("?")
    if not mark:
        return target
    shown = []
    for pair in query.split("&"):
        name, equals, _value = pair.partition("=")
        if name in PUBLIC_QUERY:
            shown.append(pair)
        else:
            shown.append(f"{name}=***" if equals and _NAME.fullmatch(name) else "***")
    return f"{path}?{'&'.join(shown)}"


class Redact(logging.Filter):
    """Passes every record, with any request target among its arguments redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(_is_target(a) for a in record.args):
            record.args = tuple(redact_target(a) if _is_target(a) else a for a in record.args)
        return True


def _is_target(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and value.startswith("/") and "?" in value


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds")


class TextLines(logging.Formatter):
    """``2025-05-06T14:05:01.123+02:00 INFO [4242] app.services.retention: …``"""

    def format(self, record: logging.LogRecord) -> str:
        head = f"{_time(record)} {record.levelname} [{record.process}] {record.name}:"
        lines = [f"{head} {record.getMessage()}"]
        if record.exc_info:
            lines += [
                f"{head} | {line}" for line in self.formatException(record.exc_info).split("\n")
            ]
        if record.stack_info:
            lines += [f"{head} | {line}" for line in record.stack_info.split("\n")]
        return "\n".join(lines)


class JsonLines(logging.Formatter):
    """One object per line: ``time``, ``level``, ``pid``, ``logger``, ``message`` and, when
    there is one, ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "pid": record.process,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False)


class Stderr(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is when a record comes, not to the stream it was when
    logging was set up (which a test harness may have closed since)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """``StreamHandler`` sets it; the property answers instead."""


def config(log_format: LogFormat) -> dict[str, Any]:
    """The ``dictConfig`` for ``serve`` and for uvicorn (``log_config``)."""
    formatter = JsonLines if log_format == "json" else TextLines
    through_root = {"level": "INFO", "handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": Redact}},
        "formatters": {"line": {"()": formatter}},
        "handlers": {
            "stderr": {
                "()": Stderr,
                "formatter": "line",
                "filters": ["redact"],
            }
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {
            **{name: dict(through_root) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")},
            **{name: {"level": "WARNING"} for name in QUIET},
        },
    }


def configure(log_format: LogFormat) -> None:
    logging.config.dictConfig(config(log_format))
    logging.captureWarnings(True)
