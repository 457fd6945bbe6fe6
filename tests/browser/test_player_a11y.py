"""The player's page in every state of a game, on a laptop and on a tablet: no serious or
critical WCAG 2.1 A/AA violation (axe-core), and a screenshot of each state for a person to
look at (``CL_SCREENSHOT_DIR``)."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.harness import (
    LAPTOP,
    TABLET,
    Device,
    Game,
    GameApi,
    Laptops,
    Screenshots,
    assert_accessible,
)
from tests.browser.player_page import AGREEMENT, PlayerPage, role_name

pytestmark = pytest.mark.browser

TABLE = ["Noor", "Sem", "Lot", "Bram", "Fenna", "Joris", "Mila", "Daan", "Sara", "Thijs"]


async def _at(noor: PlayerPage, game: Game, phase_id: str) -> None:
    await noor.expect_phase(await game.advance_to(phase_id))


async def _check(noor: PlayerPage, screenshots: Screenshots, state: str) -> None:
    await noor.laptop.settle()
    await assert_accessible(noor.page)
    await screenshots.take(noor.page, state)


@pytest.mark.parametrize("device", [LAPTOP, TABLET], ids=["laptop-1366x768", "tablet"])
async def test_every_state_of_the_player_page_is_accessible(
    laptops: Laptops, game_api: GameApi, screenshots: Screenshots, device: Device
) -> None:
    game = await game_api.new_game(TABLE[:4], seat=False)
    laptop = await laptops.new("Noor", device=device)
    noor = await PlayerPage.open(laptop, game, game.players[0])
    await expect(noor.region("seat").locator(".person")).to_have_count(4)
    await _check(noor, screenshots, "1-waiting-room")

    for name in TABLE[4:]:
        await game.join(name)
    await game.seat_auto()
    sem = next(p for p in game.players if p.role_id == noor.player.role_id and p is not noor.player)
    await expect(noor.region("seat-title")).to_contain_text(role_name(game, noor.player.role_id))
    await expect(noor.region("seat")).to_contain_text(sem.name)
    await _check(noor, screenshots, "2-role-reveal")

    await _at(noor, game, "r1-prep")
    await expect(noor.region("briefs").locator("[data-document-id]")).not_to_have_count(0)
    await _check(noor, screenshots, "3-preparation")

    await _at(noor, game, "r1-meeting")
    await noor.add_note("Robin: verdachte of slachtoffer? Eerst horen wat de school zegt.")
    partner_note = "Niet zeggen wat we over het adres weten"
    await game.api.call(
        "POST", game.url("notes"), token=sem.token, json={"text": partner_note}, expect=201
    )
    await noor.add_agreement(AGREEMENT)
    await expect(noor.region("notes").locator("li")).to_have_count(2)
    await expect(noor.region("agreements").locator(".agreement")).to_have_count(1)
    await expect(noor.page.locator("form.agreement-form")).to_be_visible()
    await _check(noor, screenshots, "4-meeting")

    await _at(noor, game, "r1-reflection")
    forms = noor.region("questions").locator("form.reflection")
    await expect(forms).not_to_have_count(0)
    await forms.first.locator("textarea").fill("We botsten vooral met de wijkagent.")
    await forms.first.locator('[type="submit"]').click()
    await expect(noor.region("reflections").locator(".reflection")).to_have_count(1)
    await _check(noor, screenshots, "5-reflection")

    await _at(noor, game, "debrief")
    await _check(noor, screenshots, "6-debrief")
    await _at(noor, game, "closed")
    await _check(noor, screenshots, "7-closed")
    noor.assert_not_reloaded()
