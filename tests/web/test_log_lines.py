"""The log's own rules, line by line: what a request target may show, and a traceback's lines
carrying their record's head (a whole server's log is in ``tests/e2e/test_logs.py``)."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from app.logs import JsonLines, Redact, TextLines, redact_target


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("/join?code=K7MP4Q", "/join?code=***"),
        ("/join?code=K7MP4-Q2X9Z&lang=en", "/join?code=***&lang=en"),
        ("/api/sessions/abc/export?format=csv&table=events", None),
        ("/organiser?signed_out=1", None),
        ("/join?K7MP4Q", "/join?***"),
        ("/join?co%64e=K7MP4Q", "/join?***"),
        ("/join?Code=K7MP4Q&code=X&code", "/join?***&code=***&***"),
        ("/join", None),
    ],
)
def test_a_request_target_keeps_only_harmless_values(target: str, shown: str | None) -> None:
    assert redact_target(target) == (shown or target)


def _record(message: str, *args: object, failing: bool = False) -> logging.LogRecord:
    exc_info = None
    if failing:
        try:
            raise ValueError("broken")
        except ValueError:
            exc_info = sys.exc_info()
    return logging.LogRecord("uvicorn.access", logging.INFO, "x.py", 1, message, args, exc_info)


def test_the_access_lines_arguments_are_redacted_before_formatting() -> None:
    record = _record('%s - "%s %s HTTP/%s" %d', "10.0.0.5:4000", "GET", "/join?code=AB", "1.1", 200)
    assert Redact().filter(record)
    assert record.getMessage() == '10.0.0.5:4000 - "GET /join?code=*** HTTP/1.1" 200'
    asked = _record("did you mean %s?", "CL_PORT")
    Redact().filter(asked)
    assert asked.getMessage() == "did you mean CL_PORT?", "only request targets are touched"


def test_every_text_line_of_a_traceback_has_the_records_head() -> None:
    lines = TextLines().format(_record("it failed", failing=True)).splitlines()
    head = lines[0].removesuffix(" it failed")
    assert len(lines) > 2 and all(line.startswith(head) for line in lines)
    assert " INFO [" in head and head.endswith("uvicorn.access:")
    assert lines[-1].endswith("| ValueError: broken")


def test_a_json_line_holds_the_traceback_in_one_field() -> None:
    line = JsonLines().format(_record("it failed", failing=True))
    assert "\n" not in line
    record = json.loads(line)
    assert record["message"] == "it failed" and record["level"] == "INFO"
    assert record["exception"].endswith("ValueError: broken")
