"""The projector screen and the seat cards (issue 5). The screen follows the facilitator's
panel live and shows only what the whole room may see: never a document's text, never a
collision that was not starred for the plenary."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.harness import (
    Game,
    GameApi,
    Laptops,
    Screenshots,
    assert_accessible,
    problem_report,
)
from tests.browser.player_page import AGREEMENT, CLOCK, clock_seconds, role_ids, ui_text
from tests.browser.staff_page import (
    PROJECTOR,
    StaffPage,
    after_htmx_request,
    eventually,
    log_collision,
    open_panel,
    open_screen,
)

pytestmark = pytest.mark.browser

MARKUP = re.compile(r"[*_#>\[\]|`]")


def _passages(body: str) -> list[str]:
    """A few words from each plain line of a document: text the screen must never show."""
    passages = []
    for line in body.splitlines():
        words = line.split()
        if len(words) >= 8 and not MARKUP.search(line):
            passages.append(" ".join(words[:7]))
    return passages


async def _document_passages(game: Game) -> list[str]:
    documents = (await game.state())["documents"]
    found = [p for d in documents for p in _passages(str(d["body"]))]
    assert len(found) >= len(documents), "every released document has a plain line to look for"
    return found


async def _shows_nothing_private(screen: StaffPage, game: Game, hidden: list[str]) -> None:
    text = " ".join((await screen.page.locator("body").inner_text()).split())
    for passage in [*await _document_passages(game), *hidden]:
        assert passage not in text, f"the projector shows {passage!r}"


async def _choose(panel: StaffPage, label: str, show: str, screen: StaffPage) -> None:
    await panel.region("screen").get_by_role("button", name=label, exact=True).click()
    pressed = panel.region("screen").get_by_role("button", name=label, exact=True)
    await expect(pressed).to_have_attribute("aria-pressed", "true")
    await expect(screen.region("stage")).to_have_attribute("data-show", show)


async def test_the_projector_follows_the_panel(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    game = await game_api.new_game(["Noor", "Sem", "Lot", "Bram", "Fenna"])
    panel = await open_panel(laptops, game)
    screen = await open_screen(panel)
    stage = screen.region("stage")
    await expect(stage).to_have_attribute("data-show", "join")
    await expect(stage.locator(".join-code")).to_have_text(game.join_code)
    await expect(stage.locator(".joined .name")).to_have_count(5)
    await assert_accessible(screen.page)
    await staff_screenshots.take(screen.page, "projector-join")

    await _choose(panel, ui_text("Phase and timer", "nl"), "phase", screen)
    await panel.region("phase").locator('button[value="advance"]').click()
    intro: dict[str, Any] = game.scenario["phases"][1]
    await expect(stage.locator("h1")).to_have_text(str(intro["title"]))
    value = stage.locator(".timer .timer-value")
    await expect(value).to_have_text(CLOCK)
    assert 0 < clock_seconds(await value.inner_text()) <= int(intro["duration_s"])
    await expect(value).not_to_have_text(await value.inner_text(), timeout=3_000)  # it runs
    await panel.region("phase").get_by_role("button", name=ui_text("Pause", "nl")).click()
    await expect(stage.locator(".timer")).to_have_attribute("data-paused", "true")
    await panel.region("phase").get_by_role("button", name=ui_text("Resume", "nl")).click()
    await expect(stage.locator(".timer")).to_have_attribute("data-paused", "false")
    await panel.region("phase").locator('button[value="advance"]').click()
    prep: dict[str, Any] = game.scenario["phases"][2]
    await expect(stage.locator("h1")).to_have_text(str(prep["title"]))
    instructions = str((await game.state())["phase"]["instructions"])
    await expect(stage.locator(".stage-instructions")).to_have_text(instructions)
    await _shows_nothing_private(screen, game, [])
    await assert_accessible(screen.page)
    await staff_screenshots.take(screen.page, "projector-phase")

    await game.advance()  # the meeting: agreements are made there
    noor = game.players[0]
    await game.api.call(
        "POST", game.url("agreements"), token=noor.token, json=AGREEMENT, expect=201
    )
    await _choose(panel, ui_text("Agreements", "nl"), "agreements", screen)
    await expect(stage.locator(".agreement h3")).to_have_text([AGREEMENT["what"]])
    await expect(stage.locator(".agreement")).to_contain_text(AGREEMENT["fallback"])
    await assert_accessible(screen.page)
    await staff_screenshots.take(screen.page, "projector-agreements")

    roles = role_ids(game)
    secret = "Alleen voor de observator: de wijkagent zei verdachte"
    starred = "Wie mag wat delen over Jesse"
    await log_collision(game, roles[:2], "professional", secret)
    await log_collision(game, roles[1:3], "professional", starred, starred=True)
    await _choose(panel, ui_text("Starred collisions", "nl"), "collisions", screen)
    await expect(stage.locator(".collision")).to_have_count(1)
    await expect(stage.locator(".collision")).to_contain_text(starred)
    later = "Een tweede, live gemarkeerd"
    await log_collision(game, roles[2:4], "network", later, starred=True)
    await expect(stage.locator(".collision")).to_have_count(2)  # it arrived live
    await _shows_nothing_private(screen, game, [secret])
    await assert_accessible(screen.page)
    await staff_screenshots.take(screen.page, "projector-starred-collisions")
    screen.assert_not_reloaded()
    panel.assert_not_reloaded()


async def test_the_debrief_puts_the_heatmap_on_the_projector(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    game = await game_api.new_game(["Noor", "Sem", "Lot", "Bram", "Fenna"])
    await game.advance_to("r1-meeting")
    roles = role_ids(game)
    await log_collision(game, roles[:2], "professional", "Eerste", starred=True)
    await log_collision(game, [roles[0], roles[2], roles[3]], "professional", "Tweede")
    await game.advance_to("debrief")
    panel = await open_panel(laptops, game)
    screen = await open_screen(panel)
    debrief = await panel.laptop.open(f"/s/{game.id}/debrief")
    chooser = debrief.locator("form.screen-choice")
    await chooser.get_by_role("button", name=ui_text("Heatmap", "nl"), exact=True).click()
    await eventually(lambda: _shown(game), "heatmap")

    # A freshly loaded projector does draw it (the whole page renders fine): a picture of it.
    fresh = await panel.laptop.open(f"/screen/{game.id}")
    await fresh.set_viewport_size(PROJECTOR)
    heatmap = fresh.locator("#stage svg.heatmap")
    await expect(heatmap).to_be_visible()
    counts = await heatmap.locator("text.count").all_text_contents()
    assert sum(int(c) for c in counts) == 2 * (1 + 3), "each pair, both ways"
    await assert_accessible(fresh)
    await staff_screenshots.take(fresh, "projector-heatmap")
    await fresh.close()

    # The projector that was already open follows live.
    await expect(screen.region("stage")).to_have_attribute("data-show", "heatmap", timeout=2_000)
    await expect(screen.region("stage").locator("svg.heatmap")).to_be_visible()
    await _shows_nothing_private(screen, game, ["Tweede"])
    verdict = ui_text("The mayor's verdict", "nl")
    await chooser.get_by_role("button", name=verdict, exact=True).click()
    await expect(screen.region("stage")).to_have_attribute("data-show", "verdict")
    await expect(screen.region("stage").locator("dl.verdicts dt")).not_to_have_count(0)


async def _shown(game: Game) -> str:
    return str((await game.state())["screen"]["show"])


async def test_the_debriefs_projector_buttons_raise_no_console_error(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("debrief")
    facilitator = await laptops.signed_in(game.id, game.facilitator_token, "facilitator")
    debrief = await facilitator.open(f"/s/{game.id}/debrief")
    chooser = debrief.locator("form.screen-choice")
    button = chooser.get_by_role("button", name=ui_text("Agreements", "nl"), exact=True)
    await after_htmx_request(debrief, button.click())
    assert await _shown(game) == "agreements"
    await facilitator.settle()
    problems = facilitator.forget()  # judged here rather than again at teardown
    assert not problems, problem_report(problems)


async def test_the_seat_cards(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    game = await game_api.new_game()
    panel = await open_panel(laptops, game)
    link = panel.page.get_by_role("link", name=ui_text("Seat cards", "nl"))
    async with panel.page.context.expect_page() as opened:
        await link.click()
    cards = await opened.value
    await cards.wait_for_load_state()
    assert cards.url.endswith(f"/s/{game.id}/cards")
    names = [str(r["name"]) for r in game.scenario["roles"]]
    card = cards.locator("article.seat-card")
    await expect(card).to_have_count(2 * len(names))  # one for each duo partner
    await expect(card.locator("h2")).to_have_text([n for n in names for _ in (1, 2)])
    seat_codes = (await game.state())["session"]["seat_codes"]
    codes = [seat_codes[str(r["id"])] for r in game.scenario["roles"]]
    shown = [f"{c[:5]}-{c[5:]}" for c in codes]  # printed in two groups of five
    await expect(card.locator(".join-code")).to_have_text([c for c in shown for _ in (1, 2)])
    await expect(card.locator("svg")).to_have_count(2 * len(names))  # a QR code on each
    await assert_accessible(cards)
    await staff_screenshots.take(cards, "seat-cards")

    # A seat code puts a newcomer straight into that duo.
    joined = await game.api.call(
        "POST", "/api/join", json={"join_code": shown[2], "name": "Ilse"}, expect=201
    )
    seated = {p["id"]: p["role_id"] for p in (await game.state())["players"]}
    assert seated[joined["player_id"]] == game.scenario["roles"][2]["id"]
