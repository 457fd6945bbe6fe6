"""The facilitator's panel (issue 5): opening a session from /organiser, seating a table of
ten, walking every phase with the Next button, and the mayor's verdict in round 3."""

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
from tests.browser.player_page import role_ids, ui_text
from tests.browser.staff_page import StaffPage, open_panel

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

    for name in TABLE:
        await game.join(name)
    await expect(lobby.locator("select")).to_have_count(len(TABLE))  # live, no reload
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
    assert panel.loads == 1, "everything arrived without a reload"

    await assert_accessible(panel.page)
    await staff_screenshots.take(panel.page, "panel-lobby")

    # Back on the organiser's list, the session is there with its players.
    listing = await organiser.open("/organiser")
    row = listing.locator("table.sessions tbody tr", has_text=game.join_code)
    await expect(row.locator("td").nth(3)).to_have_text(str(len(TABLE)))
    await expect(row.get_by_role("button", name=ui_text("Open panel", "nl"))).to_be_visible()
    await assert_accessible(listing)
    await staff_screenshots.take(listing, "organiser")


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
    panel.accept_dialogs()
    panel.allow_refusal(r"/f/phase$", 409, "a second click on a stale Next is refused")
    posts = _PhaseRequests()
    posts.watch(panel.page)
    phases = game.scenario["phases"]

    for index in range(len(phases) - 1):
        following = phases[index + 1]
        button = panel.region("phase").locator('button[value="advance"]')
        await expect(button).to_contain_text(str(following["title"]))
        await button.dblclick()  # the double click of a hurried facilitator
        for page in (panel, second):
            await expect(page.region("phase-title")).to_have_text(str(following["title"]))
            await expect(page.region("phase")).to_have_attribute("data-kind", following["kind"])
        await _all_answered(panel.page, posts)
        phase = (await game.state())["phase"]
        assert phase["index"] == index + 1, f"one double click moved to {phase['id']}"
        if following["id"] == "r1-meeting":
            await staff_screenshots.take(panel.page, "panel-meeting")
        if following["id"] == "r1-prep":
            await _timer_and_back(panel, game)

    await expect(panel.region("phase").locator('button[value="advance"]')).to_have_count(0)
    assert (await game.state())["phase"]["id"] == "closed"
    assert panel.loads == 1 and second.loads == 1, "the panels were never reloaded"


async def _timer_and_back(panel: StaffPage, game: Game) -> None:
    """In a timed phase: pause, five minutes more, resume; then Back (confirmed) and on."""
    timer = panel.region("phase").locator(".timer")
    await panel.region("phase").get_by_role("button", name=ui_text("Pause", "nl")).click()
    await expect(timer).to_have_attribute("data-paused", "true")
    before = (await game.state())["phase"]["remaining_s"]
    await (
        panel.region("phase").get_by_role("button", name=ui_text("Five minutes more", "nl")).click()
    )
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
    form = mayor.locator("form.verdict", has=panel.page.locator(f'input[value="{need["id"]}"]'))
    await expect(form.locator("legend")).to_have_text(str(need["title"]))
    await expect(mayor.locator("details.mayor-brief")).to_have_count(1)

    comment = "Kim is in beeld, over de grens nog niet"
    await form.get_by_label(ui_text("partly met", "nl"), exact=True).check()
    await form.get_by_label(ui_text("Comment", "nl")).fill(comment)
    await form.get_by_role("button", name=ui_text("Record verdict", "nl")).click()

    form = panel.region("mayor").locator(
        "form.verdict", has=panel.page.locator(f'input[value="{need["id"]}"]')
    )
    await expect(form.locator('input[value="partly"]')).to_be_checked()
    await expect(form.get_by_label(ui_text("Comment", "nl"))).to_have_value(comment)
    recorded = {n["id"]: n for n in (await game.state())["mayor"]["needs"]}
    assert recorded[need["id"]]["verdict"] == "partly"
    assert recorded[need["id"]]["comment"] == comment
    assert all(recorded[n["id"]]["verdict"] is None for n in needs if n["id"] != need["id"])

    # The +1/+5 min buttons' own bug is checked (and xfailed) just below.
    await assert_accessible(panel.page, disable=[EXTEND_NAME_RULE])
    await staff_screenshots.take(panel.page, "panel-round-3-mayor")


EXTEND_NAME_RULE = "label-content-name-mismatch"


@pytest.mark.xfail(
    strict=True,
    reason="BUG templates/console.html: the '+1 min' and '+5 min' buttons carry "
    "aria-label 'One minute more'/'Five minutes more', which does not contain their visible "
    "text, so a speech-input user saying 'click plus five min' cannot reach them (WCAG 2.5.3 "
    "Label in Name; axe label-content-name-mismatch, serious)",
)
async def test_the_extend_buttons_are_named_by_their_text(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("intro")
    panel = await open_panel(laptops, game)
    await expect(panel.region("phase").locator('button[name="seconds"]')).to_have_count(2)
    await assert_accessible(panel.page, include="#phase")
