"""The staff's pages as the browser tests see them: the facilitator's panel, the observer's
console and the projector screen, each on its own live socket.

``StaffPage`` counts, from the outside and through Playwright only, the frames its page's live
socket received, so a test can wait until the page is connected before it changes the game
and can tell a push from a reload. The helpers below drive the rest of the game over the JSON
API (collisions, the debrief) the way the other people in the room would.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Dialog, Locator, Page, ViewportSize, WebSocket

from tests.browser.harness import LAPTOP, Device, Game, Laptop, Laptops

PANEL_SOCKET = re.compile(r"/s/[A-Za-z0-9_-]+/live$")
SCREEN_SOCKET = re.compile(r"/screen/[A-Za-z0-9_-]+/live$")
PROJECTOR: ViewportSize = {"width": 1920, "height": 1080}

EXTEND_NAME_RULE = "label-content-name-mismatch"
"""The axe rule the panel's +1/+5 min buttons break (test_facilitator_keyboard.py)."""

HTMX_REFUSAL = r"^Response Status Error Code {status} from "
"""What htmx logs to the console when a form's answer is a refusal."""


@dataclass
class StaffPage:
    """One page of the facilitator's or the observer's, or the projector screen."""

    laptop: Laptop
    page: Page
    game: Game
    socket: re.Pattern[str] = PANEL_SOCKET
    frames: list[int] = field(default_factory=list)
    loads: int = 0
    expected_loads: int = 1

    def _on_socket(self, socket: WebSocket) -> None:
        if not self.socket.search(socket.url):
            return
        index = len(self.frames)
        self.frames.append(0)

        def count(_payload: Any) -> None:
            self.frames[index] += 1

        socket.on("framereceived", count)

    def _on_load(self, _page: Page) -> None:
        self.loads += 1

    @classmethod
    async def open(
        cls,
        laptop: Laptop,
        game: Game,
        path: str,
        socket: re.Pattern[str] = PANEL_SOCKET,
        *,
        lands_on: str | None = None,
    ) -> StaffPage:
        """A new tab of ``laptop`` at ``path`` (which may redirect to ``lands_on``, a regex);
        answers once its live socket was greeted."""
        watched = cls(laptop, await laptop.new_page(), game, socket)
        watched.page.on("websocket", watched._on_socket)
        watched.page.on("load", watched._on_load)
        await watched.page.goto(path)
        if lands_on is not None:
            await watched.page.wait_for_url(re.compile(lands_on))
        await watched.live()
        watched.expected_loads = watched.loads
        return watched

    async def live(self, after: int = 0, within: float = 10) -> None:
        """Wait until a socket opened after the first ``after`` got its first frame."""
        limit = time.monotonic() + within
        while not any(count > 0 for count in self.frames[after:]):
            if time.monotonic() > limit:
                raise AssertionError(
                    f"{self.laptop.name}: {self.page.url} got no live frame within {within}s "
                    f"(frames per socket: {self.frames})"
                )
            await asyncio.sleep(0.05)

    @property
    def received(self) -> int:
        """Frames received so far over all of the page's live sockets."""
        return sum(self.frames)

    async def pushed(self, since: int, within: float = 5) -> None:
        """Wait until a frame arrived after the first ``since`` (see ``received``)."""
        limit = time.monotonic() + within
        while self.received <= since:
            if time.monotonic() > limit:
                raise AssertionError(f"{self.laptop.name}: no push within {within}s")
            await asyncio.sleep(0.02)

    def region(self, name: str) -> Locator:
        return self.page.locator(f"#{name}")

    def assert_not_reloaded(self) -> None:
        """Everything since it opened arrived by a push or a form's answer, not a reload."""
        assert self.loads == self.expected_loads, (
            f"{self.laptop.name}: {self.page.url} loaded {self.loads} times, "
            f"{self.expected_loads} expected"
        )

    def accept_dialogs(self) -> None:
        """Say yes to every ``hx-confirm`` question on this page."""

        async def accept(dialog: Dialog) -> None:
            await dialog.accept()

        self.page.on("dialog", accept)

    def allow_refusal(self, path: str, status: int, reason: str) -> None:
        """A form's answer ``status`` for ``path`` (a regex) and htmx's console line about it."""
        self.laptop.allow(url=path, status=status, reason=reason)
        self.laptop.allow(
            kind="console", text=HTMX_REFUSAL.format(status=status) + ".*" + path, reason=reason
        )


async def open_panel(laptops: Laptops, game: Game, name: str = "facilitator") -> StaffPage:
    """The facilitator's laptop, signed in by cookie, on the panel."""
    laptop = await laptops.signed_in(game.id, game.facilitator_token, name)
    return await StaffPage.open(laptop, game, f"/s/{game.id}")


async def open_observer(
    laptops: Laptops, game: Game, name: str = "observer", device: Device = LAPTOP
) -> StaffPage:
    """The observer's laptop, entering by the capability link as the observer would."""
    laptop = await laptops.new(name, device=device)
    lands_on = rf"/s/{re.escape(game.id)}$"
    return await StaffPage.open(laptop, game, f"/enter#{game.observer_token}", lands_on=lands_on)


async def open_screen(panel: StaffPage) -> StaffPage:
    """The projector screen in the facilitator's browser, at full HD."""
    screen = await StaffPage.open(
        panel.laptop, panel.game, f"/screen/{panel.game.id}", SCREEN_SOCKET
    )
    await screen.page.set_viewport_size(PROJECTOR)
    await panel.page.bring_to_front()  # a tab behind another gets no animation frames
    return screen


# --- the rest of the room, over the JSON API ---------------------------------------------------


async def log_collision(
    game: Game,
    roles: list[str],
    logic: str,
    note: str = "",
    *,
    starred: bool = False,
    designed_id: str | None = None,
) -> dict[str, Any]:
    """The observer logs a collision."""
    body: dict[str, Any] = {"roles": roles, "logic": logic, "note": note, "starred": starred}
    if designed_id is not None:
        body["designed_id"] = designed_id
    logged = await game.api.call(
        "POST", game.url("collisions"), token=game.observer_token, json=body, expect=201
    )
    return dict(logged)


async def collisions(game: Game) -> list[dict[str, Any]]:
    """The collisions as the facilitator's state lists them."""
    return [dict(c) for c in (await game.state())["collisions"]]


async def debrief(game: Game) -> dict[str, Any]:
    return dict(await game.api.call("GET", game.url("debrief"), token=game.facilitator_token))


async def designed_collisions(game: Game) -> list[dict[str, Any]]:
    """The scenario's built-in collisions (id, round, logic, roles, title)."""
    return [dict(d) for d in (await debrief(game))["designed"]]


async def eventually(
    check: Callable[[], Awaitable[Any]], expected: Any, *, within: float = 5
) -> None:
    """Poll ``check`` until it answers ``expected``, for what only the API shows."""
    limit = time.monotonic() + within
    while (answer := await check()) != expected:
        if time.monotonic() > limit:
            raise AssertionError(f"expected {expected!r} within {within}s, still {answer!r}")
        await asyncio.sleep(0.05)


async def after_htmx_request(page: Page, act: Awaitable[None]) -> None:
    """Do ``act`` (a click) and wait until htmx has handled the request it caused, swaps and
    console lines included: htmx fires ``htmx:afterRequest`` after swapping the answer."""
    await page.evaluate(
        """() => { window.clTestHandled = new Promise(done => document.body.addEventListener(
            "htmx:afterRequest", () => done(null), { once: true })); }"""
    )
    await act
    await page.evaluate("() => window.clTestHandled")
