"""Web layer: security headers on every HTTP response, and the cookie policy of each connection.

The CSP allows no inline script or style: htmx is configured through its meta tag and every
script is a file under /static, so an injected ``<script>`` in user text could not run even if
escaping ever failed.

Everything but the static files says ``Cache-Control: no-store``: pages, fragments, API answers
and exports carry a session's names, notes and links, and on a shared classroom laptop neither
the browser's cache nor its back button may hand them to the next group. Behind HTTPS
(``CL_SECURE_COOKIES``) the browser is also told to use HTTPS only (HSTS), and the cookies get
their ``__Host-`` names (see ``cookies``).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.security.cookies import cookie_policy

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HSTS_MAX_AGE_S = 365 * 24 * 3600
HSTS = f"max-age={HSTS_MAX_AGE_S}; includeSubDomains"
NO_STORE = "no-store"
CACHEABLE_PATHS = ("/static/", "/favicon.ico")
"""Shipped files, the same for everyone: the only answers a browser may keep."""
_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def _secure(scope: Scope) -> bool:
    """The app's ``CL_SECURE_COOKIES``; before its start-up has run, nothing is secure yet."""
    runtime = getattr(scope["app"].state, "runtime", None)
    return bool(runtime is not None and runtime.settings.secure_cookies)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        secure = _secure(scope)
        if scope["type"] == "websocket":
            with cookie_policy(secure):
                await self.app(scope, receive, send)
            return
        cacheable = scope["path"].startswith(CACHEABLE_PATHS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _HEADERS.items():
                    headers.setdefault(name, value)
                if not cacheable:
                    headers["cache-control"] = NO_STORE
                if secure:
                    headers["strict-transport-security"] = HSTS
            await send(message)

        with cookie_policy(secure):
            await self.app(scope, receive, with_headers)
