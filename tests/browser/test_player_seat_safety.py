"""A shared classroom laptop and a closed door (issue 10): the next trainee is asked before
becoming the last one, nothing of theirs stays behind, and nobody gets in once joining closes."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from app.realtime.connection import SOCKETS_PER_PRINCIPAL
from tests.browser.harness import GameApi, Laptops
from tests.browser.player_page import PlayerPage, ui_text
from tests.browser.staff_page import open_panel

pytestmark = pytest.mark.browser


async def _drafts(page: Page, session_id: str) -> list[str]:
    keys: list[str] = await page.evaluate(
        "prefix => Object.keys(window.localStorage).filter(k => k.startsWith(prefix))",
        f"cl:{session_id}:",
    )
    return [k for k in keys if ":draft:" in k]


async def _fill_join(page: Page, code: str, name: str) -> None:
    await page.goto("/join")
    await page.locator("#join_code").fill(code)
    await page.locator("#name").fill(name)
    await page.locator('form[action="/join"] [type="submit"]').click()


async def test_the_next_trainee_is_asked_and_the_last_ones_drafts_go(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game([])
    await game.advance_to("r1-prep")
    laptop = await laptops.new("gedeelde laptop")
    anna = await PlayerPage.join(laptop, game, "Anna")
    await game.api.call(
        "PUT",
        f"/api/sessions/{game.id}/seats/{anna.player.id}",
        token=game.facilitator_token,
        json={"role_id": "wijkagent"},
    )
    await expect(anna.note_field).to_be_visible()
    await anna.note_field.fill("Wat Anna nog wilde vragen")
    assert await _drafts(anna.page, game.id), "the typed note is kept as a draft"

    laptop.allow(url=r"/join$", status=409, reason="the laptop is asked first")
    await _fill_join(anna.page, game.join_code, "Bram")
    someone_else = anna.page.get_by_role("button", name=ui_text("I am someone else", "nl"))
    await expect(someone_else).to_be_visible()
    await expect(anna.page.locator("main")).to_contain_text("Anna")
    async with anna.page.expect_navigation():
        await someone_else.click()
    joining = anna.page.locator("#joining")
    await expect(joining).to_have_attribute("data-forget-drafts", f"cl:{game.id}:")
    assert await _drafts(anna.page, game.id) == [], "Anna's draft left with her"
    assert [p["name"] for p in (await game.state())["players"]] == []

    await anna.page.locator("#name").fill("Bram")
    await anna.page.locator('form[action="/join"] [type="submit"]').click()
    await anna.page.wait_for_url(f"**/s/{game.id}")
    await expect(anna.page.locator(".masthead .who")).to_have_text("Bram")
    assert [p["name"] for p in (await game.state())["players"]] == ["Bram"]


async def test_a_closed_door_is_shown_on_the_panel_and_the_join_page(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor"])
    panel = await open_panel(laptops, game)
    lobby = panel.region("lobby")
    await lobby.get_by_role("button", name=ui_text("Close joining", "nl")).click()
    closed = ui_text("Joining is closed: no code lets anyone in.", "nl")
    await expect(lobby).to_contain_text(closed)
    assert (await game.state())["session"]["joining_open"] is False

    laptop = await laptops.new("te laat")
    laptop.allow(url=r"/join$", status=403, reason="joining is closed")
    page = await laptop.new_page()
    await _fill_join(page, game.join_code, "Laat")
    await expect(page.get_by_role("alert")).to_have_text(
        ui_text("Joining is closed. Ask the game leader to open it.", "nl")
    )

    await lobby.get_by_role("button", name=ui_text("Reopen joining", "nl")).click()
    await expect(lobby).to_contain_text(ui_text("Close joining", "nl"))
    await PlayerPage.join(await laptops.new("op tijd"), game, "Op tijd")


async def test_a_page_pushed_aside_by_too_many_tabs_says_so(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor"])
    laptop = await laptops.new("Noor")
    first = await PlayerPage.open(laptop, game, game.players[0])
    for _ in range(SOCKETS_PER_PRINCIPAL):  # the fifth socket of one sign-in closes the oldest
        await PlayerPage.open(laptop, game, game.players[0])
    elsewhere = first.page.locator("#elsewhere")
    await expect(elsewhere).to_be_visible()
    await expect(first.page.locator("#offline")).to_be_hidden()
    await first.page.reload()
    await expect(elsewhere).to_be_hidden()
