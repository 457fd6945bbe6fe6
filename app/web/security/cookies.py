"""Web layer: the one way this server sets a sign-in cookie: HttpOnly, SameSite, path-wide."""

from __future__ import annotations

from starlette.responses import Response

from app.settings import Settings

COOKIE_MAX_AGE_S = 7 * 24 * 3600


def set_signin(response: Response, name: str, token: str, settings: Settings) -> None:
    response.set_cookie(
        name,
        token,
        max_age=COOKIE_MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )
