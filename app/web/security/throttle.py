"""Web layer: rate limits on guessing and on writing, as one middleware that routes never see.

Guessing: a join with an unknown code and a sign-in with a wrong token or key are failures,
counted per client address; after ``FAILURES_PER_WINDOW`` of them within ``FAILURE_WINDOW_S``,
that address gets 429 on those endpoints, right codes included, until the oldest failure is a
window old. Right answers are never counted, so a whole classroom behind one NAT address can
join at once. The address is the connection's peer (``scope["client"]``): behind a reverse
proxy, uvicorn must be told to trust the proxy's ``X-Forwarded-For`` (``--forwarded-allow-ips``),
or every client counts as the proxy. An IPv6 client counts as its /64 network, which is what
one household or one phone is given.

Writing: every state-changing request under a session, in the API or from a page's form, spends
one token of its principal's bucket (``WRITE_BURST`` at once, ``WRITES_PER_S`` after that). A
principal is the token it presents, kept only as a hash.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import time
from collections.abc import Callable

from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.deps import bearer, session_cookie
from app.web.rendering import render_page
from app.web.security.ratelimit import FailureLog, TokenBuckets, retry_after

FAILURES_PER_WINDOW = 20
FAILURE_WINDOW_S = 60.0
WRITE_BURST = 60
WRITES_PER_S = 5.0
TRACKED_MAX = 10_000
"""Addresses, and principals, each limiter remembers at most (the least recent go first)."""

_ANY = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})
_READS = frozenset({"GET", "HEAD", "OPTIONS"})
_GUESSES: tuple[tuple[frozenset[str], re.Pattern[str], frozenset[int]], ...] = (
    (frozenset({"POST"}), re.compile(r"/api/join"), frozenset({404})),
    (frozenset({"POST"}), re.compile(r"/join"), frozenset({404})),
    (frozenset({"POST"}), re.compile(r"/api/auth/signin"), frozenset({401})),
    (frozenset({"POST"}), re.compile(r"/organiser/signin"), frozenset({401})),
    (_ANY, re.compile(r"/api/sessions(/[^/]+(/archive)?)?"), frozenset({401})),
)
"""Where a wrong guess shows: method, path, and the statuses that mean "wrong"."""
_PAGE_GUESSES = {"/join": "/join", "/organiser/signin": "/organiser"}
"""Plain HTML forms, answered with a page (not JSON) that leads back to the form's page."""
_WRITES = re.compile(r"/api/sessions/(?P<api>[^/]+)(/.*)?|/s/(?P<page>[^/]+)/.+")


def client_key(scope: Scope) -> str:
    client = scope.get("client")
    host = client[0] if client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _watched(method: str, path: str) -> frozenset[int]:
    for methods, pattern, statuses in _GUESSES:
        if method in methods and pattern.fullmatch(path):
            return statuses
    return frozenset()


def _principal(scope: Scope, method: str, path: str) -> bytes | None:
    """The hashed token of a write under a session; None for reads and anything else."""
    found = _WRITES.fullmatch(path) if method not in _READS else None
    if found is None:
        return None
    connection = HTTPConnection(scope)
    sid = found["api"] or found["page"]
    token = (bearer(connection) if found["api"] else None) or connection.cookies.get(
        session_cookie(sid)
    )
    return hashlib.sha256(token.encode()).digest() if token else None


class Throttle:
    def __init__(self, app: ASGIApp, clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.clock = clock
        self.failures = FailureLog(FAILURES_PER_WINDOW, FAILURE_WINDOW_S, TRACKED_MAX)
        self.writes = TokenBuckets(WRITE_BURST, WRITES_PER_S, TRACKED_MAX)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        wrong = _watched(method, path)
        address = client_key(scope)
        if wrong:
            wait = self.failures.wait(address, self.clock())
            if wait > 0:
                await self._guessing(scope, receive, send, wait)
                return
        principal = _principal(scope, method, path)
        if principal is not None:
            wait = self.writes.take(principal, self.clock())
            if wait > 0:
                detail = (
                    f"too many writes: at most {WRITE_BURST} at once and {WRITES_PER_S:g} a "
                    f"second after that; try again in {retry_after(wait)} s"
                )
                await _json_refusal(send, detail, wait)
                return
        if not wrong:
            await self.app(scope, receive, send)
            return

        async def counting(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in wrong:
                self.failures.failed(address, self.clock())
            await send(message)

        await self.app(scope, receive, counting)

    async def _guessing(self, scope: Scope, receive: Receive, send: Send, wait: float) -> None:
        seconds = retry_after(wait)
        back = _PAGE_GUESSES.get(scope["path"])
        if back is not None:
            request = Request(scope, receive)
            page = render_page(request, "too_many.html", status=429, seconds=seconds, here=back)
            page.headers["retry-after"] = str(seconds)
            await page(scope, receive, send)
            return
        detail = (
            f"too many failed joins or sign-ins from this address: at most "
            f"{FAILURES_PER_WINDOW} in {FAILURE_WINDOW_S:g} s; try again in {seconds} s"
        )
        await _json_refusal(send, detail, wait)


async def _json_refusal(send: Send, detail: str, wait: float) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(retry_after(wait)).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})
