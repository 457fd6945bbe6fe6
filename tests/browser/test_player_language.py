"""The language toggle on the player's page: Dutch first, English on request, and it sticks."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.harness import GameApi, Laptops
from tests.browser.player_page import PlayerPage, ui_text

pytestmark = pytest.mark.browser


async def _document_titles(noor: PlayerPage, language: str) -> dict[str, str]:
    """The documents this player may read, their titles in ``language`` (the API's words)."""
    state = await noor.game.api.call(
        "GET", noor.game.url(f"state?lang={language}"), token=noor.player.token
    )
    return {str(d["id"]): str(d["title"]) for d in state["documents"]}


async def _expect_language(noor: PlayerPage, language: str, phase_title: str) -> None:
    page = noor.page
    await expect(page.locator("html")).to_have_attribute("lang", language)
    await expect(page.locator("form.hand button.raise")).to_have_text(
        ui_text("Raise hand", language)
    )
    await expect(noor.region("notes-title")).to_have_text(ui_text("Duo notes", language))
    await expect(noor.region("phase-title")).to_have_text(phase_title)
    await expect(page.locator(f'nav.language [aria-current][lang="{language}"]')).to_have_count(1)
    for document_id, title in (await _document_titles(noor, language)).items():
        await expect(noor.document(document_id).locator("h3")).to_contain_text(title)


async def test_the_page_speaks_dutch_then_english_on_request(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("r1-prep")
    english = {
        str(p["id"]): str(p["title"])
        for p in (await game_api.call("GET", "/api/scenarios?language=en"))[0]["phases"]
    }
    dutch = {str(p["id"]): str(p["title"]) for p in game.scenario["phases"]}
    assert english["r1-prep"] != dutch["r1-prep"], "the scenario has English titles"
    assert ui_text("Raise hand", "nl") != ui_text("Raise hand", "en")

    noor = await PlayerPage.open(await laptops.new("Noor"), game, game.players[0])
    await _expect_language(noor, "nl", dutch["r1-prep"])
    dutch_titles = await _document_titles(noor, "nl")
    english_titles = await _document_titles(noor, "en")
    assert dutch_titles.keys() == english_titles.keys() and dutch_titles != english_titles

    async with noor.page.expect_navigation():
        await noor.page.locator('nav.language a[hreflang="en"]').click()
    assert noor.page.url.endswith(f"/s/{game.id}"), "the toggle brings the player back"
    await noor.live(after=1)
    await _expect_language(noor, "en", english["r1-prep"])
    content = await noor.page.content()
    leftovers = [title for title in dutch_titles.values() if title in content]
    assert not leftovers, f"Dutch document titles on the English page: {leftovers}"

    await noor.page.reload()
    await noor.live(after=2)
    await _expect_language(noor, "en", english["r1-prep"])

    # What arrives live after the switch is English too.
    await game.advance()
    await expect(noor.region("phase-title")).to_have_text(english["r1-meeting"])

    async with noor.page.expect_navigation():
        await noor.page.locator('nav.language a[hreflang="nl"]').click()
    await _expect_language(noor, "nl", dutch["r1-meeting"])
