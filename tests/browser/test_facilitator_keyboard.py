"""The facilitator's panel for someone without a mouse (issue 5): what a keyboard, a screen
reader or speech input meet on the phase controls."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.harness import GameApi, Laptops, assert_accessible
from tests.browser.player_page import ui_text
from tests.browser.staff_page import open_panel

pytestmark = pytest.mark.browser


async def test_the_phase_controls_work_by_keyboard(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    panel = await open_panel(laptops, game)
    phases = game.scenario["phases"]
    pushes = panel.received
    await panel.region("phase").locator('button[value="advance"]').press("Enter")
    await expect(panel.region("phase-title")).to_have_text(str(phases[1]["title"]))
    await panel.pushed(pushes)  # the form's answer and the push both redraw the controls
    await panel.laptop.settle()
    pause = panel.region("phase").get_by_role("button", name=ui_text("Pause", "nl"))
    await pause.press("Space")
    await expect(panel.region("phase").locator(".timer")).to_have_attribute("data-paused", "true")
    assert (await game.state())["phase"]["paused"] is True


async def test_the_focus_stays_on_the_phase_controls_after_next(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    panel = await open_panel(laptops, game)
    pushes = panel.received
    await panel.region("phase").locator('button[value="advance"]').press("Enter")
    await expect(panel.region("phase-title")).to_have_text(str(game.scenario["phases"][1]["title"]))
    await panel.pushed(pushes)
    await panel.laptop.settle()
    focused = await panel.page.evaluate(
        "() => document.getElementById('phase')?.contains(document.activeElement) ?? false"
    )
    assert focused, "the focus left the phase controls"


async def test_the_extend_buttons_are_named_by_their_text(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("intro")
    panel = await open_panel(laptops, game)
    await expect(panel.region("phase").locator('button[name="seconds"]')).to_have_count(2)
    await assert_accessible(panel.page, include="#phase")
