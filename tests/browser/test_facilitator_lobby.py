"""From /organiser to the facilitator's panel (issue 5): opening a session, a table of ten
joining live, seating them evenly, one manual move, and a removal that asks first."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from tests.browser.harness import (
    Game,
    GameApi,
    Laptops,
    Screenshots,
    assert_accessible,
)
from tests.browser.player_page import role_ids, ui_text
from tests.browser.staff_page import StaffPage

pytestmark = pytest.mark.browser

TABLE = ["Noor", "Sem", "Lot", "Bram", "Fenna", "Joris", "Mila", "Daan", "Sara", "Thijs"]


async def _game_from_the_opened_page(page: Page, game_api: GameApi) -> Game:
    """The session the organiser just opened, read off the page that shows its links once."""
    links = [await code.inner_text() for code in await page.locator("dl.links code").all()]
    assert len(links) == 2, f"a facilitator link and an observer link: {links}"
    facilitator, observer = (link.strip() for link in links)
    href = await page.locator('dl.links a[href^="/s/"]').get_attribute("href")
    assert href is not None
    join_code = (await page.locator(".join-code").inner_text()).strip()
    scenario = next(s for s in await game_api.scenarios() if s["default"])
    return Game(
        api=game_api,
        id=href.removeprefix("/s/"),
        join_code=join_code,
        facilitator_token=facilitator.split("#", 1)[1],
        observer_token=observer.split("#", 1)[1],
        facilitator_url=facilitator,
        observer_url=observer,
        join_url=f"{game_api.base_url}/join?code={join_code}",
        scenario=scenario,
    )


async def test_opening_a_session_and_seating_a_table_of_ten(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    organiser = await laptops.new("organiser")
    await organiser.sign_in_organiser()
    page = await organiser.open("/organiser")
    await assert_accessible(page)
    async with page.expect_navigation():
        await page.locator('form[action="/organiser/sessions"] [type="submit"]').click()
    game = await _game_from_the_opened_page(page, game_api)

    # The organiser's browser is now the facilitator's: "Open the session" is the panel.
    await page.locator(f'dl.links a[href="/s/{game.id}"]').click()
    await page.wait_for_url(re.compile(rf"/s/{re.escape(game.id)}$"))
    await expect(page.locator(".masthead .who")).to_have_text(ui_text("Facilitator", "nl"))
    await page.close()
    panel = await StaffPage.open(organiser, game, f"/s/{game.id}")
    lobby = panel.region("lobby")
    await expect(lobby.locator(".code")).to_have_text(game.join_code)

    for name in [*TABLE, "Ilse"]:
        await game.join(name)
    await expect(lobby.locator("select")).to_have_count(len(TABLE) + 1)  # live, no reload

    # Ilse joined by mistake: Remove asks first; "no" keeps her, "yes" removes her.
    remove = lobby.get_by_role("button", name=f"{ui_text('Remove', 'nl')} Ilse")
    panel.page.once("dialog", lambda dialog: dialog.dismiss())
    await remove.click()
    await expect(lobby.locator("select")).to_have_count(len(TABLE) + 1)
    panel.page.once("dialog", lambda dialog: dialog.accept())
    await remove.click()
    await expect(lobby.locator("select")).to_have_count(len(TABLE))
    assert "Ilse" not in [p["name"] for p in (await game.state())["players"]]
    await expect(panel.region("grid").locator(".seat")).to_have_count(0)

    await lobby.get_by_role("button", name=ui_text("Fill the roles evenly", "nl")).click()
    rows = panel.region("grid").locator("tbody tr")
    await expect(rows).to_have_count(len(role_ids(game)))
    for row in await rows.all():
        await expect(row.locator(".seat")).to_have_count(2)
    seats = {p["name"]: p["role_id"] for p in (await game.state())["players"]}
    assert all(seats.values()), seats

    # One manual move: Noor to another role, by the select alone (it posts on change).
    noor = next(p for p in (await game.state())["players"] if p["name"] == "Noor")
    elsewhere = next(r for r in role_ids(game) if r != noor["role_id"])
    await lobby.get_by_label("Noor", exact=True).select_option(elsewhere)
    await expect(panel.region("grid").locator("tbody tr", has_text="Noor")).to_have_count(1)
    moved = next(p for p in (await game.state())["players"] if p["name"] == "Noor")
    assert moved["role_id"] == elsewhere
    row = panel.region("grid").locator("tbody tr").nth(role_ids(game).index(elsewhere))
    await expect(row.locator(".seat", has_text="Noor")).to_have_count(1)
    await expect(lobby.get_by_label("Noor", exact=True)).to_have_value(elsewhere)
    panel.assert_not_reloaded()

    await assert_accessible(panel.page)
    await staff_screenshots.take(panel.page, "panel-lobby")

    # Back on the organiser's list, the session is there with its players.
    listing = await organiser.open("/organiser")
    row = listing.locator("table.sessions tbody tr", has_text=game.join_code)
    await expect(row.locator("td").nth(3)).to_have_text(re.compile(r"^\d+$"))  # see below
    await expect(row.get_by_role("button", name=ui_text("Open panel", "nl"))).to_be_visible()
    await assert_accessible(listing)
    await staff_screenshots.take(listing, "organiser")


async def test_the_organisers_list_counts_the_players_still_in(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem", "Ilse"], seat=False)
    ilse = game.players[2]
    await game.api.call("DELETE", game.url(f"players/{ilse.id}"), token=game.facilitator_token)
    assert len((await game.state())["players"]) == 2
    organiser = await laptops.new("organiser")
    await organiser.sign_in_organiser()
    listing = await organiser.open("/organiser")
    row = listing.locator("table.sessions tbody tr", has_text=game.join_code)
    await expect(row.locator("td").nth(3)).to_have_text("2", timeout=2_000)
