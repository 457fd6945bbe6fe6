"""Configuration layer: the addresses other machines in the room can use to reach this one.

A game leader starts the server on their own laptop and opens its pages there, through
``127.0.0.1``; a link or QR code built from that address is useless to everyone else. So the
server finds the machine's own LAN addresses, without the internet and without running any
program: the source address the kernel would pick for a few destinations (a UDP ``connect``
sends no packet), the address of each network interface (Linux), and what the host's own name
resolves to. Only IPv4, which people can type from a seat card; never a loopback, link-local
or unspecified address. The address of the default route comes first: that is the network the
room most likely shares.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

_PROBES = ("192.0.2.1", "10.254.254.254", "172.31.254.254", "192.168.254.254")
"""Destinations whose route tells which local address faces them: the first goes by the
default route; without one (a room's own Wi-Fi router, no internet) the others find a private
network whose range holds them. The interfaces find the rest, on Linux."""
_VIRTUAL = ("lo", "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "tailscale", "wg")
"""Interfaces of containers, virtual machines and tunnels: nobody in the room can use them."""
_SIOCGIFADDR = 0x8915  # Linux: read an interface's IPv4 address
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def _usable(address: str) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return parsed.version == 4 and not (
        parsed.is_loopback or parsed.is_link_local or parsed.is_unspecified or parsed.is_multicast
    )


def _routed() -> Iterator[str]:
    for destination in _PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                probe.connect((destination, 9))
            except OSError:  # no route that way
                continue
            yield str(probe.getsockname()[0])


def _interfaces() -> Iterator[str]:
    if not sys.platform.startswith("linux"):
        return
    import fcntl  # not on Windows

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as handle:
        for _, name in socket.if_nameindex():
            if name.startswith(_VIRTUAL):
                continue
            request = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(handle.fileno(), _SIOCGIFADDR, request)
            except OSError:  # an interface without an IPv4 address
                continue
            yield socket.inet_ntoa(answer[20:24])


def _named() -> Iterator[str]:
    try:
        found = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return
    for *_, address in found:
        yield str(address[0])


def _unique(addresses: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(a for a in addresses if _usable(a)))


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that others on its networks can reach, best first.

    The host's name is asked only when nothing else answered: it may go to a DNS server."""
    found = _unique([*_routed(), *_interfaces()])
    return found or _unique(_named())


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, as in a URL or ``--host``) means this machine
    only, so that nobody else can use it."""
    name = host.strip("[]").lower().rstrip(".")
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def room_base(base: str, listening: str) -> str:
    """``base`` (a request's own address), or, when it names this machine's loopback while the
    server listens on ``listening`` beyond it, the same address with the first LAN address as
    its host: the page was opened on the server's own laptop, but its links are for the room."""
    parts = urlsplit(base)
    if not is_loopback(parts.hostname or "") or is_loopback(listening):
        return base
    addresses = lan_addresses()
    if not addresses:
        return base
    netloc = addresses[0] if parts.port is None else f"{addresses[0]}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))


def url_host(host: str) -> str:
    """``host`` as it goes into a URL: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
