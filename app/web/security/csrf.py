"""Web layer: the CSRF token a page sends back in a header on every htmx request.

It is derived from the sign-in cookie's secret, so it needs no storage, differs per person and
session, and cannot be guessed by a site that cannot read the cookie. It backs up the origin
check and the SameSite cookie; any one of the three stops a cross-site form.
"""

from __future__ import annotations

import hashlib

from app.services.tokens import same_secret

HEADER = "x-csrf-token"


def token_for(secret: str) -> str:
    return hashlib.sha256(f"csrf:{secret}".encode()).hexdigest()[:40]


def valid(secret: str, presented: str | None) -> bool:
    return presented is not None and same_secret(presented, token_for(secret))
