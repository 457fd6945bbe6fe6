"""The player's page (``/s/{sid}``) as the browser tests see it: a laptop on it, its live socket.

``PlayerPage`` watches the page from the outside, through Playwright, without putting anything
into it: which live sockets it opened and whether each got its first frame (the server's
fresh render of every region, sent on every (re)connect), and how often the page loaded, so a
test can tell that something arrived live rather than through a reload.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Locator, Page, WebSocket, expect

from app.web.i18n import translator
from tests.browser.harness import LAPTOP, Device, Game, Laptop, Laptops, Player

LIVE_SOCKET = re.compile(r"/s/[A-Za-z0-9_-]+/live$")
CLOCK = re.compile(r"^\d{2}:\d{2}$")

AGREEMENT = {
    "what": "Huisbezoek bij de familie aan de Vlietstraat",
    "who": "Wijkteam samen met de jeugdbeschermer",
    "when": "Binnen een week",
    "monitor": "Procesregisseur",
    "fallback": "Opschalen naar het Zorg- en Veiligheidshuis",
    "review": "Over vier weken",
}
"""An agreement with all its windows filled: who does what and when, who monitors it, what
if it is not kept, when to look back."""


def ui_text(msgid: str, language: str) -> str:
    """A UI string as the app's own catalog translates it, so no test hard-codes wording."""
    return translator(language)(msgid)


def clock_seconds(text: str) -> int:
    """``"14:58"`` → 898."""
    assert CLOCK.match(text.strip()), f"not a mm:ss countdown: {text!r}"
    minutes, seconds = text.strip().split(":")
    return int(minutes) * 60 + int(seconds)


def clock_text(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def role_name(game: Game, role_id: str | None) -> str:
    """The role's name as ``/api/scenarios`` gives it (the scenario's first language)."""
    return next(str(r["name"]) for r in game.scenario["roles"] if r["id"] == role_id)


def role_ids(game: Game) -> list[str]:
    return [str(r["id"]) for r in game.scenario["roles"]]


@dataclass
class PlayerPage:
    """One player's laptop showing their session page."""

    laptop: Laptop
    page: Page
    game: Game
    player: Player
    sockets: list[WebSocket] = field(default_factory=list)
    frames: list[int] = field(default_factory=list)
    """Frames received, per live socket in the order they were opened."""
    loads: int = 0
    expected_loads: int = 1

    def _on_socket(self, socket: WebSocket) -> None:
        if not LIVE_SOCKET.search(socket.url):
            return
        index = len(self.sockets)
        self.sockets.append(socket)
        self.frames.append(0)

        def received(_payload: Any) -> None:
            self.frames[index] += 1

        socket.on("framereceived", received)

    def _on_load(self, _page: Page) -> None:
        self.loads += 1

    @classmethod
    def _watch(cls, laptop: Laptop, page: Page, game: Game, player: Player) -> PlayerPage:
        watched = cls(laptop, page, game, player)
        page.on("websocket", watched._on_socket)
        page.on("load", watched._on_load)
        return watched

    @classmethod
    async def open(cls, laptop: Laptop, game: Game, player: Player) -> PlayerPage:
        """A new tab on the session page, signed in by cookie, its live socket greeted."""
        await laptop.sign_in(game.id, player.token)
        watched = cls._watch(laptop, await laptop.new_page(), game, player)
        await watched.page.goto(f"/s/{game.id}")
        await watched.live()
        watched.expected_loads = watched.loads
        return watched

    @classmethod
    async def join(cls, laptop: Laptop, game: Game, name: str) -> PlayerPage:
        """Join through the /join form, as a person at the table does; the new player is
        added to ``game.players`` with the token the form's cookie holds."""
        page = await laptop.new_page()
        watched = cls._watch(laptop, page, game, Player("", name, ""))
        await page.goto("/join")
        await page.locator("#join_code").fill(game.join_code)
        await page.locator("#name").fill(name)
        await page.locator('form[action="/join"] [type="submit"]').click()
        await page.wait_for_url(re.compile(rf"/s/{re.escape(game.id)}$"))
        cookies = await laptop.context.cookies()
        token = next(str(c.get("value")) for c in cookies if c.get("name") == game.cookie_name)
        players = (await game.state())["players"]
        ids = [str(p["id"]) for p in players if p["name"] == name]
        assert len(ids) == 1, f"expected one player named {name!r}: {players}"
        watched.player = Player(ids[0], name, token)
        game.players.append(watched.player)
        await watched.live()
        watched.expected_loads = watched.loads
        return watched

    async def live(self, after: int = 0, within: float = 10) -> None:
        """Wait until a live socket opened after the first ``after`` ones got its first frame:
        from then on every event reaches this page by a push (and the greeting itself renders
        the state of its own moment, so nothing that happened before is lost either). After a
        reload or an outage pass the number of sockets the page had before it."""
        limit = time.monotonic() + within
        while not any(count > 0 for count in self.frames[after:]):
            if time.monotonic() > limit:
                raise AssertionError(
                    f"{self.laptop.name}: no live socket after the first {after} was greeted "
                    f"within {within}s (frames received per socket: {self.frames})"
                )
            await asyncio.sleep(0.05)

    def assert_not_reloaded(self) -> None:
        assert self.loads == self.expected_loads, (
            f"{self.laptop.name}: the page loaded again ({self.loads} loads, "
            f"{self.expected_loads} expected)"
        )

    def region(self, name: str) -> Locator:
        """A live region by its id: phase, seat, briefs, casefile, messages, questions, notes,
        agreements, reflections, announcer."""
        return self.page.locator(f"#{name}")

    def document(self, document_id: str) -> Locator:
        return self.page.locator(f'[data-document-id="{document_id}"]')

    @property
    def note_field(self) -> Locator:
        return self.page.locator("#note-text")

    async def add_note(self, text: str) -> None:
        await self.note_field.fill(text)
        await self.page.locator('form[hx-post$="/notes"] [type="submit"]').click()

    async def add_agreement(self, windows: dict[str, str]) -> None:
        """Fill the agreement form (``what``, ``who``, ``when``, ``monitor``, ``fallback``,
        ``review``) and send it."""
        form = self.page.locator("form.agreement-form")
        for name, value in windows.items():
            await form.locator(f'[name="{name}"]').fill(value)
        await form.locator('[type="submit"]').click()

    async def expect_phase(self, phase: dict[str, Any]) -> None:
        """The phase region shows ``phase`` (an API phase: its title and kind)."""
        await expect(self.region("phase-title")).to_have_text(str(phase["title"]))
        await expect(self.region("phase")).to_have_attribute("data-kind", str(phase["kind"]))

    async def active_element_id(self) -> str:
        return str(await self.page.evaluate("() => document.activeElement?.id ?? ''"))


async def open_players(
    laptops: Laptops,
    game: Game,
    players: list[Player] | None = None,
    *,
    device: Device = LAPTOP,
) -> list[PlayerPage]:
    """One laptop per player (all of the game's by default), each on its session page."""
    opened = []
    for player in players if players is not None else game.players:
        laptop = await laptops.new(player.name, device=device)
        opened.append(await PlayerPage.open(laptop, game, player))
    return opened


async def facilitator_message(game: Game, text: str, role_id: str | None = None) -> None:
    body: dict[str, Any] = {"text": text}
    if role_id is not None:
        body["role_id"] = role_id
    await game.api.call(
        "POST", game.url("messages"), token=game.facilitator_token, json=body, expect=201
    )
