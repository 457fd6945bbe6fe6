"""The facilitator's panel (issue 5): walking every phase with the Next button, a double click
and a stale button included, the timer controls, and the mayor's verdict in round 3."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.async_api import Page, Request, expect

from tests.browser.harness import (
    Game,
    GameApi,
    Laptops,
    Screenshots,
    assert_accessible,
)
from tests.browser.player_page import ui_text
from tests.browser.staff_page import StaffPage, open_panel

pytestmark = pytest.mark.browser

TABLE = ["Noor", "Sem", "Lot", "Bram", "Fenna", "Joris", "Mila", "Daan", "Sara", "Thijs"]


@dataclass
class _PhaseRequests:
    """The panel's phase posts: how many went out and how many were answered."""

    sent: int = 0
    answered: int = 0

    def watch(self, page: Page) -> None:
        page.on("request", self._sent)
        page.on("requestfinished", self._answered)
        page.on("requestfailed", self._answered)

    @staticmethod
    def _is_phase(request: Request) -> bool:
        return request.method == "POST" and request.url.endswith("/f/phase")

    def _sent(self, request: Request) -> None:
        self.sent += self._is_phase(request)

    def _answered(self, request: Request) -> None:
        self.answered += self._is_phase(request)


async def _all_answered(page: Page, posts: _PhaseRequests) -> None:
    for _ in range(100):
        if posts.sent and posts.answered >= posts.sent:
            return
        await page.wait_for_timeout(20)
    raise AssertionError(f"phase posts still open: {posts}")


async def test_walking_every_phase_with_the_next_button(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    game = await game_api.new_game(TABLE)
    panel = await open_panel(laptops, game)
    second = await StaffPage.open(panel.laptop, game, f"/s/{game.id}")  # a second screen
    await panel.page.bring_to_front()  # a tab behind another gets no animation frames
    panel.accept_dialogs()
    panel.allow_refusal(r"/f/phase$", 409, "a second click on a stale Next is refused")
    posts = _PhaseRequests()
    posts.watch(panel.page)
    phases = game.scenario["phases"]

    for index in range(len(phases) - 1):
        following = phases[index + 1]
        button = panel.region("phase").locator('button[value="advance"]')
        await expect(button).to_contain_text(str(following["title"]))
        pushes = panel.received
        await button.dblclick()  # the double click of a hurried facilitator
        for page in (panel, second):
            await expect(page.region("phase-title")).to_have_text(str(following["title"]))
            await expect(page.region("phase")).to_have_attribute("data-kind", following["kind"])
        await _all_answered(panel.page, posts)
        await panel.pushed(pushes)  # the push redraws the phase once more: then click on
        phase = (await game.state())["phase"]
        assert phase["index"] == index + 1, f"one double click moved to {phase['id']}"
        if following["id"] == "r1-meeting":
            await staff_screenshots.take(panel.page, "panel-meeting")
        if following["id"] == "r1-prep":
            await _timer_and_back(panel, game)
            await _a_stale_next_is_refused(panel, game, str(phases[index]["id"]))

    await expect(panel.region("phase").locator('button[value="advance"]')).to_have_count(0)
    assert (await game.state())["phase"]["id"] == "closed"
    panel.assert_not_reloaded()
    second.assert_not_reloaded()


async def _a_stale_next_is_refused(panel: StaffPage, game: Game, stale: str) -> None:
    """A Next drawn for an earlier phase (a second click that comes late, a panel that missed
    an update) is refused by the server instead of moving the game on."""
    before = (await game.state())["phase"]
    status = await panel.page.evaluate(
        """async ([url, stale]) => {
            const live = document.getElementById("live");
            const headers = JSON.parse(live.getAttribute("hx-headers"));
            const body = new URLSearchParams({ action: "advance", from_phase: stale });
            const answer = await fetch(url, { method: "POST", headers, body });
            await answer.text();  // read to the end, as the panel's own requests are
            return answer.status;
        }""",
        [f"/s/{game.id}/f/phase", stale],
    )
    assert status == 409, f"a stale Next was answered {status}"
    assert (await game.state())["phase"]["id"] == before["id"]


async def _timer_and_back(panel: StaffPage, game: Game) -> None:
    """In a timed phase: pause, five minutes more, resume; then Back (confirmed) and on."""
    timer = panel.region("phase").locator(".timer")
    await panel.region("phase").get_by_role("button", name=ui_text("Pause", "nl")).click()
    await expect(timer).to_have_attribute("data-paused", "true")
    before = (await game.state())["phase"]["remaining_s"]
    await panel.region("phase").get_by_role("button", name="+5 " + ui_text("min", "nl")).click()
    await expect(timer).to_have_attribute("data-remaining", re.compile(r"\d"))
    after = (await game.state())["phase"]["remaining_s"]
    assert round(after - before) == 300, (before, after)
    await panel.region("phase").get_by_role("button", name=ui_text("Resume", "nl")).click()
    await expect(timer).to_have_attribute("data-paused", "false")

    current = (await game.state())["phase"]
    await panel.region("phase").get_by_role("button", name=ui_text("Back", "nl")).click()
    previous = game.scenario["phases"][current["index"] - 1]
    await expect(panel.region("phase-title")).to_have_text(str(previous["title"]))
    await panel.region("phase").locator('button[value="advance"]').click()
    await expect(panel.region("phase-title")).to_have_text(str(current["title"]))


async def test_the_mayors_verdict_in_round_three(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    game = await game_api.new_game(TABLE)
    await game.advance_to("r3-meeting")
    panel = await open_panel(laptops, game)
    mayor = panel.region("mayor")
    needs = (await game.state())["mayor"]["needs"]
    need = needs[1]
    form = mayor.locator(f'form.verdict[data-need="{need["id"]}"]')
    await expect(form.locator("legend")).to_have_text(str(need["title"]))
    await expect(mayor.locator("details.mayor-brief")).to_have_count(1)

    comment = "Kim is in beeld, over de grens nog niet"
    await form.get_by_label(ui_text("partly met", "nl"), exact=True).check()
    await form.get_by_label(ui_text("Comment", "nl")).fill(comment)
    async with panel.page.expect_response(lambda answer: "/f/verdict" in answer.url) as sent:
        await form.get_by_role("button", name=ui_text("Record verdict", "nl")).click()
    assert (await sent.value).ok, "the verdict is recorded before the panel is read again"

    form = panel.region("mayor").locator(f'form.verdict[data-need="{need["id"]}"]')
    await expect(form.locator('input[value="partly"]')).to_be_checked()
    await expect(form.get_by_label(ui_text("Comment", "nl"))).to_have_value(comment)
    recorded = {n["id"]: n for n in (await game.state())["mayor"]["needs"]}
    assert recorded[need["id"]]["verdict"] == "partly"
    assert recorded[need["id"]]["comment"] == comment
    assert all(recorded[n["id"]]["verdict"] is None for n in needs if n["id"] != need["id"])

    await assert_accessible(panel.page)
    await staff_screenshots.take(panel.page, "panel-round-3-mayor")
