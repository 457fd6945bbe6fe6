"""The debrief page (issue 6): the heatmap and its table, the bars per logic, the rounds with
their collisions, designed against observed, the mayor's verdict and the reflections without
names; for the facilitator also the agreements after the mayor."""

from __future__ import annotations

import pytest
from playwright.async_api import Locator, Page, expect

from tests.browser.harness import GameApi, Laptops, Screenshots, assert_accessible
from tests.browser.played_game import COMMENT, NAMES, REFLECTION, PlayedGame, play_to_the_debrief
from tests.browser.player_page import AGREEMENT, role_ids, ui_text
from tests.browser.staff_page import designed_collisions

pytestmark = pytest.mark.browser


def _chart_table(page: Page, chart: str) -> Locator:
    return page.locator("figure.chart", has=page.locator(f"svg.{chart}")).locator("table")


async def _check_the_figures(page: Page, played: PlayedGame) -> None:
    game = played.game
    roles = role_ids(game)
    heatmap = page.locator("svg.heatmap")
    await expect(heatmap).to_be_visible()
    table = _chart_table(page, "heatmap")
    pairs = played.matrix()
    expected = [[str(pairs.get((a, b), 0)) for b in roles] for a in roles]
    for row, counts in zip(await table.locator("tbody tr").all(), expected, strict=True):
        await expect(row.locator("td")).to_have_text(counts)
    drawn = await heatmap.locator("text.count").all_text_contents()
    assert drawn == [count for row in expected for count in row], "the picture says the same"

    bars = _chart_table(page, "bars").locator("td")
    await expect(bars).to_have_text([str(n) for n in played.by_logic().values()])

    round_one = page.locator("section.round").first
    await expect(round_one.locator("article.collision")).to_have_count(3)
    await expect(round_one.locator("article.collision").first).to_have_class("collision starred")
    await expect(round_one.locator("article.collision").first).to_contain_text("Voor de plenaire")
    await expect(page.locator("section.round").nth(1).locator("article.collision")).to_have_count(1)

    designed = {str(d["id"]): d for d in await designed_collisions(game)}
    observed = page.locator("ul.designed > li.observed")
    await expect(observed).to_have_count(1)
    await expect(observed).to_contain_text(str(designed[played.designed_id]["title"]))
    await expect(observed.locator(".mark")).to_have_text(ui_text("surfaced", "nl"))
    unobserved = page.locator("ul.designed > li.unobserved")
    await expect(unobserved).to_have_count(len(designed) - 1)
    await expect(unobserved.locator(".mark")).to_have_text(
        [ui_text("did not surface", "nl")] * (len(designed) - 1)
    )

    verdicts = page.locator("dl.verdicts dd")
    await expect(verdicts.first).to_have_text(f"{ui_text('partly met', 'nl')}: {COMMENT}")
    await expect(verdicts.nth(1)).to_have_text(ui_text("no verdict yet", "nl"))

    reflection = page.locator("blockquote.reflection")
    await expect(reflection).to_have_count(1)
    await expect(reflection.locator("p")).to_have_text(REFLECTION)
    text = await page.locator("main").inner_text()
    for name in NAMES:
        assert name not in text, f"the debrief names {name}"


async def test_the_facilitators_debrief(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    played = await play_to_the_debrief(game_api)
    game = played.game
    facilitator = await laptops.signed_in(game.id, game.facilitator_token, "facilitator")
    page = await facilitator.open(f"/s/{game.id}/debrief")
    await _check_the_figures(page, played)
    await expect(page.locator("form.export")).to_be_visible()
    await assert_accessible(page)
    await staff_screenshots.take(page, "debrief")

    # Did the agreement survive the mayor? The answer reloads the page (HX-Refresh).
    review = page.locator("form.review", has_text=AGREEMENT["what"])
    async with page.expect_navigation():
        await review.get_by_role("button", name=ui_text("changed", "nl")).click()
    review = page.locator("form.review", has_text=AGREEMENT["what"])
    pressed = review.get_by_role("button", name=ui_text("changed", "nl"))
    await expect(pressed).to_have_attribute("aria-pressed", "true")
    await expect(review.locator('button[aria-pressed="true"]')).to_have_count(1)
    agreement = (await game.state())["agreements"][0]
    assert agreement["outcome"] == "changed"
    await expect(page.locator("section.round").first.locator(".agreements-list")).to_contain_text(
        ui_text("changed", "nl")
    )


async def test_the_observers_debrief(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    played = await play_to_the_debrief(game_api)
    game = played.game
    observer = await laptops.signed_in(game.id, game.observer_token, "observer")
    console = await observer.open(f"/s/{game.id}")
    await console.locator(".masthead").get_by_role("link", name=ui_text("Debrief", "nl")).click()
    await console.wait_for_url(f"**/s/{game.id}/debrief")
    await _check_the_figures(console, played)
    await expect(console.locator("form.export")).to_have_count(0)  # the facilitator's
    await expect(console.locator("form.screen-choice")).to_have_count(0)
    await expect(console.locator("form.review")).to_have_count(0)
    await assert_accessible(console)
    await staff_screenshots.take(console, "debrief-observer")


async def test_the_pseudonym_choice_survives_the_debriefs_refresh(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("debrief")
    facilitator = await laptops.signed_in(game.id, game.facilitator_token, "facilitator")
    page = await facilitator.new_page()
    await page.clock.install()  # so the refresh can be brought forward instead of waited for
    await page.goto(f"/s/{game.id}/debrief")
    box = page.locator('form.export input[name="pseudonymise"]')
    await box.check()
    async with page.expect_response(lambda r: r.url.endswith("/debrief")):
        await page.clock.run_for(20_500)
    await page.wait_for_timeout(200)  # the swap
    await expect(box).to_be_checked(timeout=1_000)
