"""Web layer: is a request or a websocket handshake coming from one of our own pages?

Neither Starlette nor uvicorn checks ``Origin`` on a websocket, and its CORS middleware skips
websockets, so without this any site could open a socket with a player's cookie.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import HTTPConnection


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins(connection: HTTPConnection) -> set[str]:
    host = connection.headers.get("host", "")
    allowed = {f"http://{host}".lower(), f"https://{host}".lower()}
    settings = connection.app.state.runtime.settings
    if settings.public_url:
        allowed.add(_origin_of(settings.public_url))
    allowed.update(_origin_of(o) for o in settings.allowed_origins)
    return allowed


def same_origin(connection: HTTPConnection) -> bool:
    """True when the browser says the request comes from our origin: Sec-Fetch-Site, which
    browsers set themselves and pages cannot forge, else Origin, else Referer."""
    fetch_site = connection.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = connection.headers.get("origin")
    if origin is None:
        referer = connection.headers.get("referer")
        if referer is None:
            return False
        origin = _origin_of(referer)
    return origin.lower() in allowed_origins(connection)


def socket_origin_ok(connection: HTTPConnection) -> bool:
    """Browsers always send Origin on a websocket; other clients may omit it and carry no
    ambient cookie risk, so only a present, foreign Origin is refused."""
    origin = connection.headers.get("origin")
    return origin is None or origin.lower() in allowed_origins(connection)
