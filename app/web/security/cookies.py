"""Web layer: the one way this server names, sets and clears its cookies.

Every cookie is HttpOnly, SameSite=Lax and path-wide. Behind HTTPS (``CL_SECURE_COOKIES``) each
is also Secure and named with the ``__Host-`` prefix, which browsers accept only from a secure
origin, with ``Path=/`` and without ``Domain``: a neighbouring subdomain or a plain-HTTP
man-in-the-middle can then neither plant nor overwrite one.

Whether this connection uses the prefix is per app (its settings), so the security middleware
sets it for the length of each connection (``cookie_policy``); ``cookie_name`` reads it. Every
reader and writer thereby agrees on a name without passing the settings around, and two apps in
one process keep their own policy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from starlette.responses import Response

from app.settings import Settings

SESSION_COOKIE_MAX_AGE_S = 7 * 24 * 3600
HOST_PREFIX = "__Host-"

_prefixed: ContextVar[bool] = ContextVar("cl_host_prefixed_cookies", default=False)


@contextmanager
def cookie_policy(secure: bool) -> Iterator[None]:
    """Within this block (one connection), cookie names carry ``__Host-`` when ``secure``."""
    token = _prefixed.set(secure)
    try:
        yield
    finally:
        _prefixed.reset(token)


def cookie_name(base: str) -> str:
    return HOST_PREFIX + base if _prefixed.get() else base


def set_signin(
    response: Response,
    name: str,
    token: str,
    settings: Settings,
    max_age_s: int = SESSION_COOKIE_MAX_AGE_S,
) -> None:
    response.set_cookie(
        name,
        token,
        max_age=max_age_s,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


def set_preference(response: Response, base: str, value: str, max_age_s: int) -> None:
    """A harmless choice (the language), under the same naming and Secure rule as sign-ins."""
    response.set_cookie(
        cookie_name(base),
        value,
        max_age=max_age_s,
        httponly=True,
        samesite="lax",
        secure=_prefixed.get(),
        path="/",
    )


def clear_signin(response: Response, name: str, settings: Settings) -> None:
    """Browsers drop a ``__Host-`` cookie only when told so with the same attributes."""
    response.delete_cookie(
        name, httponly=True, samesite="lax", secure=settings.secure_cookies, path="/"
    )
