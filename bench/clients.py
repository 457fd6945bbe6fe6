"""The client side: one asyncio process holding every socket, and the sessions they watch.

A ``Listener`` is one laptop's event socket. Its receive loop does as little as possible: it
keeps the raw bytes of each frame that mentions ``"phase.changed"`` with the moment it arrived
(``time.perf_counter``) and decodes nothing; the frames are parsed after the measurement.
If the server closes the socket, the listener resumes from its last seq like a browser does.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from http.cookiejar import Cookie, DefaultCookiePolicy
from typing import Any
from urllib.request import Request

import httpx2
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

PHASE_MARK = b'"phase.changed"'
MAX_FRAMES_PER_CONNECTION = 1_000_000
MAX_CONNECTS = 5
OPEN_TIMEOUT_S = 30.0
MAX_FRAME_BYTES = 4 * 1024 * 1024
HTTP_TIMEOUT_S = 30.0

Key = tuple[str, str]
"""A phase change as both the command's answer and the frame name it: (phase id, started_at)."""


class NoCookies(DefaultCookiePolicy):
    """Keep no cookies: the join endpoint sets one per session, and a shared jar would send
    them all with every request (and turn a second join into a rejoin)."""

    def set_ok(self, cookie: Cookie, request: Request) -> bool:
        return False


def http_client(base: str, connections: int = 64) -> httpx2.AsyncClient:
    client = httpx2.AsyncClient(
        base_url=base,
        timeout=httpx2.Timeout(HTTP_TIMEOUT_S),
        limits=httpx2.Limits(max_connections=connections, max_keepalive_connections=connections),
        trust_env=False,
    )
    client.cookies.jar.set_policy(NoCookies())
    return client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True)
class Received:
    seq: int
    key: Key
    at: float


@dataclass(eq=False)
class SessionHandle:
    """One game session as the driver knows it: its tokens, its phase, its sockets."""

    sid: str
    facilitator: str
    players: list[str]
    phases: tuple[str, ...]
    index: int = 0
    seq: int = 0
    """The session's seq when its sockets first connected (their ``after``)."""
    direction: int = 1
    busy: bool = False
    ambiguous: bool = False
    """A command's outcome is unknown (a transport error): the log decides what happened."""
    listeners: list[Listener] = field(default_factory=list)
    expected: list[tuple[Key, float]] = field(default_factory=list)
    """The phase changes of this measurement, with when their command was sent."""

    @property
    def facilitator_headers(self) -> dict[str, str]:
        return bearer(self.facilitator)

    @property
    def at_last(self) -> bool:
        return self.index >= len(self.phases) - 1

    def next_action(self) -> tuple[str, str]:
        """Walk the phases to the end, then back to the start, and so on."""
        if self.index >= len(self.phases) - 1:
            self.direction = -1
        elif self.index <= 0:
            self.direction = 1
        return ("advance" if self.direction > 0 else "back"), self.phases[self.index]


class Listener:
    """One event socket; it records (arrival time, raw frame) for each phase change."""

    def __init__(self, session: SessionHandle, url: str, token: str) -> None:
        self.session = session
        self.url = url
        self.token = token
        self.frames: list[tuple[float, bytes]] = []
        self.last_raw: bytes | None = None
        self.mark_seq = session.seq
        self.connects = 0
        self.connects_at_mark = 0
        self.failures: list[str] = []
        self.close_codes: list[int | None] = []
        self.ready = asyncio.Event()

    def resume_from(self) -> int:
        if self.last_raw is None:
            return self.session.seq
        try:
            seq = json.loads(self.last_raw).get("seq")
        except ValueError:
            return self.session.seq
        return int(seq) if isinstance(seq, int) else self.session.seq

    def mark(self) -> None:
        """Start a measurement: forget earlier frames, remember where the stream stood."""
        self.mark_seq = self.resume_from()
        self.connects_at_mark = self.connects
        self.frames = []

    def phase_frames(self) -> list[Received]:
        parsed: list[Received] = []
        for at, raw in self.frames:
            frame: dict[str, Any] = json.loads(raw)
            if frame.get("type") != "phase.changed":
                continue
            phase = frame["data"]["phase"]
            key = (str(phase["id"]), str(phase["started_at"]))
            parsed.append(Received(int(frame["seq"]), key, at))
        return parsed

    async def run(self, gate: asyncio.Semaphore, deadline: float) -> None:
        """Connect (at most ``MAX_CONNECTS`` times, never past ``deadline``) and listen."""
        for _attempt in range(MAX_CONNECTS):
            if time.perf_counter() > deadline:
                return
            try:
                async with gate:
                    socket = await connect(
                        self.url,
                        compression=None,
                        ping_interval=None,
                        proxy=None,
                        open_timeout=OPEN_TIMEOUT_S,
                        close_timeout=1,
                        max_size=MAX_FRAME_BYTES,
                    )
                    hello = {"token": self.token, "after": self.resume_from()}
                    await socket.send(json.dumps(hello))
            except (OSError, WebSocketException, TimeoutError) as problem:
                self.failures.append(repr(problem))
                await asyncio.sleep(0.5)
                continue
            self.connects += 1
            self.ready.set()
            try:
                await self._receive(socket)
            except ConnectionClosed as closed:
                self.close_codes.append(closed.rcvd.code if closed.rcvd else None)
            finally:
                await socket.close()

    async def _receive(self, socket: ClientConnection) -> None:
        clock = time.perf_counter
        for _ in range(MAX_FRAMES_PER_CONNECTION):
            raw = await socket.recv(decode=False)
            arrived = clock()
            data = raw if isinstance(raw, bytes) else raw.encode()
            self.last_raw = data
            if PHASE_MARK in data:
                self.frames.append((arrived, data))
