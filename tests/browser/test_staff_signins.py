"""Issue 10 in a real browser: the organiser signs in with the key and out again on a shared
laptop, and the facilitator replaces the observer's link from the panel while the observer's
page is open."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.harness import ORGANISER_COOKIE, ORGANISER_KEY, GameApi, Laptop, Laptops
from tests.browser.staff_page import StaffPage, open_observer, open_panel

pytestmark = pytest.mark.browser


async def _cookie_value(laptop: Laptop, name: str) -> str | None:
    for cookie in await laptop.context.cookies():
        if cookie.get("name") == name:
            assert cookie.get("httpOnly") is True, name
            return str(cookie.get("value"))
    return None


async def test_the_organiser_signs_in_with_the_key_and_out_again(laptops: Laptops) -> None:
    laptop = await laptops.new("shared laptop")
    laptop.allow(url=r"/organiser/signin$", status=401, reason="a mistyped key, on purpose")
    page = await laptop.open("/organiser")
    key_field = page.get_by_label(re.compile("^(Organiser key|Organisatorsleutel)$"))

    await key_field.fill("not-the-organiser-key")
    await page.locator("#key-form [type=submit]").click()
    await expect(page.locator("#signin-problem")).to_be_visible()
    assert await _cookie_value(laptop, ORGANISER_COOKIE) is None

    await page.get_by_label(re.compile("^(Organiser key|Organisatorsleutel)$")).fill(ORGANISER_KEY)
    await page.locator("#key-form [type=submit]").click()
    await expect(page.locator('form[action="/organiser/sessions"]')).to_be_visible()
    signin = await _cookie_value(laptop, ORGANISER_COOKIE)
    assert signin is not None and signin != ORGANISER_KEY, "the cookie holds a sign-in, not the key"

    await page.locator("form.signout button").click()
    await page.wait_for_url(re.compile(r"/organiser\?signed_out=1$"))
    await expect(page.locator("#signin-notice")).to_be_visible()
    await expect(page.locator("#key-form")).to_be_visible()
    assert await _cookie_value(laptop, ORGANISER_COOKIE) is None
    # Nothing of the session list stays behind: Back and a fresh visit both ask for the key,
    # and a copy of the old cookie opens nothing any more.
    await page.go_back()
    await expect(page.locator("#key-form")).to_be_visible()
    await laptop.context.add_cookies(
        [{"name": ORGANISER_COOKIE, "value": signin, "url": laptop.base_url, "httpOnly": True}]
    )
    await page.goto("/organiser")
    await expect(page.locator("#key-form")).to_be_visible()
    await expect(page.locator('form[action="/organiser/sessions"]')).to_have_count(0)


async def test_the_panel_replaces_the_observers_link(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(players=2)
    panel = await open_panel(laptops, game)
    observer = await open_observer(laptops, game)
    observer.laptop.allow(url=rf"/s/{game.id}$", status=401, reason="the old link was ended")

    panel.accept_dialogs()
    await panel.page.locator('form[hx-post$="/f/links/observer"] button').click()
    new_link = panel.page.locator("#new-observer-link")
    await expect(new_link).to_have_text(re.compile(r"/enter#[A-Za-z0-9_-]{40,}$"))
    token = (await new_link.inner_text()).rpartition("#")[2]
    assert token != game.observer_token

    # The observer's open page is closed by the server (4404), reloads, and is signed out.
    await expect(observer.page.locator("main")).to_contain_text(
        re.compile("not signed in|niet aangemeld")
    )
    await game_api.call("GET", game.url("state"), token=game.observer_token, expect=401)

    # The new link opens the observer's console on another laptop; the panel still works.
    replacement = await laptops.new("new observer")
    lands_on = rf"/s/{re.escape(game.id)}$"
    fresh = await StaffPage.open(replacement, game, f"/enter#{token}", lands_on=lands_on)
    await expect(fresh.page.locator("#live")).to_be_visible()
    await panel.page.reload()
    await expect(panel.page.locator("#new-link")).to_be_empty()
    assert token not in await panel.page.content(), "the new link is shown once, kept nowhere"
