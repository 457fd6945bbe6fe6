"""A laptop at the table loses nothing: not on a reload, not when the live socket drops because
the server died and came back. Typed text is kept, the seat is kept, and what happened in the
meantime is shown as soon as the page is back."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import WebSocketRoute, expect

from app.realtime.connection import TOO_SLOW
from tests.browser.harness import SERVER_ENV, GameApi, Laptops
from tests.browser.player_page import LIVE_SOCKET, PlayerPage, role_name
from tests.e2e.server import ServerProcess

pytestmark = pytest.mark.browser


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server of this test's own, to kill and restart on the same port and data dir."""
    server = ServerProcess(tmp_path, SERVER_ENV)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_a_reload_keeps_typed_text_and_the_seat(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("r1-prep")
    noor = await PlayerPage.open(await laptops.new("Noor"), game, game.players[0])
    await noor.note_field.fill("Nog navragen: wie zag Robin het laatst?")

    await noor.page.reload()
    await noor.live(after=1)
    await expect(noor.note_field).to_have_value("Nog navragen: wie zag Robin het laatst?")
    await expect(noor.region("seat")).to_have_attribute("data-seated", "true")
    role = role_name(game, noor.player.role_id)
    await expect(noor.region("seat-title")).to_contain_text(role)
    await expect(noor.page.locator(".masthead .who")).to_have_text("Noor")
    assert [p["name"] for p in (await game.state())["players"]] == ["Noor", "Sem"]


async def test_a_reload_keeps_a_reflection_being_typed(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("r1-reflection")
    noor = await PlayerPage.open(await laptops.new("Noor"), game, game.players[0])
    field = noor.region("questions").locator("textarea").first
    await field.fill("De grootste botsing was met de wijkagent")

    await noor.page.reload()
    await noor.live(after=1)
    await noor.laptop.settle()
    await expect(field).to_have_value("De grootste botsing was met de wijkagent", timeout=2_000)


@pytest.mark.parametrize("how", ["sigkill", "sigterm"])
async def test_the_page_comes_back_after_the_server_went_down(
    own_server: ServerProcess, laptops: Laptops, how: str
) -> None:
    async with GameApi(own_server.base) as api:
        game = await api.new_game(["Noor", "Sem"])
        await game.advance_to("intro")
        laptop = await laptops.new("Noor", base_url=own_server.base)
        laptop.allow(
            kind="console",
            text=r"^WebSocket connection to 'ws://[^']+/s/[^/']+/live' failed: "
            r".*ERR_CONNECTION_REFUSED$",
            reason="Chromium reports each retry of the live socket while the server is down",
        )
        laptop.allow(
            kind="console",
            url=r"/static/vendor/htmx/htmx\.min\.js$",
            text=r"^\[object Event\]$",
            reason="htmx logs each failed retry of the live socket (htmx:wsError) while the "
            "server is down",
        )
        noor = await PlayerPage.open(laptop, game, game.players[0])
        offline = noor.page.locator("#offline")
        await expect(offline).to_be_hidden()
        await noor.note_field.fill("Getypt voor de storing")
        sockets = len(noor.sockets)

        if how == "sigkill":
            own_server.kill()
        else:
            await asyncio.to_thread(own_server.stop)
        await expect(offline).to_be_visible()
        await asyncio.to_thread(own_server.start)
        moved = await game.advance()  # most likely before the page is back: its retries wait

        await noor.live(after=sockets, within=30)
        await expect(offline).to_be_hidden(timeout=30_000)
        await noor.expect_phase(moved)
        await expect(noor.note_field).to_have_value("Getypt voor de storing")
        await noor.add_note("Na de storing")  # the page works again, forms and all
        await expect(noor.region("notes")).to_contain_text("Na de storing")
        noor.assert_not_reloaded()
        await noor.page.close()  # before the server stops at teardown


async def test_the_page_comes_back_after_being_dropped_as_too_slow(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    laptop = await laptops.new("Noor")
    routes: list[WebSocketRoute] = []

    def through(route: WebSocketRoute) -> None:
        route.connect_to_server()
        routes.append(route)

    await laptop.context.route_web_socket(LIVE_SOCKET, through)
    noor = await PlayerPage.open(laptop, game, game.players[0])
    await noor.page.evaluate(
        """() => document.body.addEventListener("htmx:wsClose", (event) => {
            window.clCloseCode = event.detail.event.code;
        })"""
    )
    # What the server does to a socket whose queue is full.
    await routes[0].close(code=TOO_SLOW, reason="too slow")
    await expect(noor.page.locator("#offline")).to_be_visible()
    assert await noor.page.evaluate("() => window.clCloseCode") == TOO_SLOW
    try:
        await noor.live(after=1, within=4)  # the first retry comes within a second
    finally:
        await noor.page.close()
