"""Command line: what ``serve`` prints as it starts: where the room reaches the server, and
how the organiser signs in.

The addresses are the ones players can use: ``CL_PUBLIC_URL`` alone when it is set, else this
machine's LAN addresses when it listens on every interface. The organiser's key itself appears
only when this start generated it; later starts (and a configured key) say where it is
instead, so the key does not pile up in logs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.lan import is_loopback, lan_addresses, url_host
from app.settings import Settings

if TYPE_CHECKING:
    from app.web.runtime import OrganiserKey


def room_addresses(settings: Settings) -> list[str]:
    """Where players can reach the server, best first: ``CL_PUBLIC_URL`` alone when it is set;
    else, listening on every interface, each LAN address of this machine; else the one
    address it listens on. None at all when this machine has no network address yet."""
    if settings.public_url:
        return [settings.public_url]
    port = settings.port
    if settings.host in ("", "0.0.0.0", "::"):  # noqa: S104
        return [f"http://{address}:{port}" for address in lan_addresses()]
    return [f"http://{url_host(settings.host)}:{port}"]


def _reach(settings: Settings, found: bool) -> str:
    """A word on who can connect, when it is not the whole room (behind a proxy on this
    machine, listening on the loopback alone is the point)."""
    if settings.public_url:
        return ""
    if is_loopback(settings.host):
        return (
            f"  (listening on {settings.host}: only this machine can connect; "
            "serve --host 0.0.0.0 or make run lets the room in)\n"
        )
    if not found:
        return (
            "  (no network address found: connect this machine to the room's network; "
            "the links follow once it has one)\n"
        )
    return ""


def banner(settings: Settings, key: OrganiserKey) -> str:
    from app.web.runtime import KeySource

    addresses = room_addresses(settings)
    base = addresses[0] if addresses else f"http://127.0.0.1:{settings.port}"
    joins = "\n".join(f"                   {address}/join" for address in addresses[1:])
    players = f"  players join at: {base}/join\n" + (joins + "\n" if joins else "")
    if key.source is KeySource.GENERATED:
        organiser = (
            f"  organiser link (keep it private): {base}/organiser#{key.value}\n"
            f"    (a new key, kept in {key.path}; it is shown this once)\n"
        )
    elif key.source is KeySource.FILE:
        organiser = f"  organiser page: {base}/organiser (sign in with the key in {key.path})\n"
    else:
        organiser = f"  organiser page: {base}/organiser (sign in with CL_ORGANISER_KEY)\n"
    reach = _reach(settings, bool(addresses))
    return f"Colliding Logics is running at {base}\n{players}{organiser}{reach}"
