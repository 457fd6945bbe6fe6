"""Smoke tests of the pages that exist: joining, capability links, the organiser's page.

They also check the harness itself: that it notices console errors, page errors and failed
answers, and that axe-core runs under the app's CSP.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.harness import (
    LAPTOP,
    ORGANISER_KEY,
    TABLET,
    Device,
    GameApi,
    Laptop,
    Laptops,
    Screenshots,
    assert_accessible,
    axe_check,
    problem_report,
)

pytestmark = pytest.mark.browser


async def _cookie(laptop: Laptop, name: str) -> dict[str, object]:
    for cookie in await laptop.context.cookies():
        if cookie.get("name") == name:
            return dict(cookie)
    raise AssertionError(f"{laptop.name} has no cookie {name!r}")


async def test_joining_from_the_form_lands_on_the_session_page(
    laptops: Laptops, game_api: GameApi, screenshots: Screenshots
) -> None:
    game = await game_api.new_game()
    sam = await laptops.new("Sam")
    page = await sam.new_page()
    await page.goto("/join")
    await page.locator("#join_code").fill(game.join_code)
    await page.locator("#name").fill("Sam")
    await page.locator('form[action="/join"] [type="submit"]').click()
    await page.wait_for_url(re.compile(rf"/s/{re.escape(game.id)}$"))

    await expect(page.locator(".masthead")).to_contain_text("Sam")
    cookie = await _cookie(sam, game.cookie_name)
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"
    players = (await game.state())["players"]
    assert [p["name"] for p in players] == ["Sam"]
    await screenshots.take(page, "session")


@pytest.mark.parametrize("principal", ["facilitator", "observer"])
async def test_a_capability_link_opens_the_session(
    laptops: Laptops, game_api: GameApi, principal: str
) -> None:
    game = await game_api.new_game(players=3)
    token = game.facilitator_token if principal == "facilitator" else game.observer_token
    laptop = await laptops.new(principal)

    page = await laptop.enter(token)

    assert page.url.endswith(f"/s/{game.id}"), "the token left the address bar"
    assert (await _cookie(laptop, game.cookie_name))["httpOnly"] is True
    if principal == "facilitator":  # the panel: the join code and who joined
        await expect(page.locator("main")).to_contain_text(game.join_code)
        for player in game.players:
            await expect(page.locator("main")).to_contain_text(player.name)
    else:  # the observer's console, made for logging collisions, not for seating people
        await expect(page.locator("form#capture")).to_be_visible()

    moved = await game.advance()
    await page.reload()
    await expect(page.locator("h1").first).to_contain_text(moved["title"])


async def test_a_player_laptop_signed_in_by_cookie_sees_its_seat(
    laptops: Laptops, game_api: GameApi, screenshots: Screenshots
) -> None:
    game = await game_api.new_game(players=["Noor", "Sem", "Lot", "Bram", "Fenna"])
    noor = game.players[0]
    assert noor.role_id is not None, "seated by new_game"
    laptop = await laptops.signed_in(game.id, noor.token, "Noor", device=TABLET)

    page = await laptop.open(f"/s/{game.id}")

    await expect(page.locator(".masthead")).to_contain_text("Noor")
    role_name = next(r["name"] for r in game.scenario["roles"] if r["id"] == noor.role_id)
    await expect(page.locator("main")).to_contain_text(role_name)
    await screenshots.take(page, "tablet")


async def test_a_wrong_capability_link_says_so(laptops: Laptops) -> None:
    laptop = await laptops.new()
    laptop.allow(url=r"/api/auth/signin$", status=401, reason="the link is not valid")
    page = await laptop.new_page()
    await page.goto("/enter#not-a-real-token")
    await expect(page.locator("#signin-failed")).to_be_visible()
    assert page.url.endswith("/enter")


async def test_the_organiser_link_signs_in_and_shows_the_form(
    laptops: Laptops, screenshots: Screenshots
) -> None:
    organiser = await laptops.new("organiser")
    page = await organiser.new_page()
    await page.goto(f"/organiser#{ORGANISER_KEY}")

    form = page.locator('form[action="/organiser/sessions"]')
    await expect(form).to_be_visible()
    assert page.url.endswith("/organiser"), "the key left the address bar"
    await expect(page.locator("h1")).to_be_visible()
    assert await form.locator('input[name="scenario_id"]').count() >= 1
    assert (await _cookie(organiser, "cl_organiser"))["httpOnly"] is True
    await screenshots.take(page, "open-a-session")


async def test_the_organiser_form_opens_a_session(laptops: Laptops) -> None:
    organiser = await laptops.new("organiser")
    await organiser.sign_in_organiser()
    page = await organiser.new_page()
    await page.goto("/organiser")
    form = page.locator('form[action="/organiser/sessions"]')
    await form.locator('select[name="language"]').select_option("en")
    async with page.expect_navigation() as navigation:
        await form.locator('[type="submit"]').click()
    opened = await navigation.value
    assert opened is not None and opened.status == 201, await page.content()

    await expect(page.locator(".join-code")).to_have_text(re.compile(r"^\s*[A-Z0-9]{6}\s*$"))
    await page.locator('a[href^="/s/"]').first.click()
    await page.wait_for_url(re.compile(r"/s/[A-Za-z0-9_-]+$"))


@pytest.mark.parametrize("device", [LAPTOP, TABLET], ids=["laptop", "tablet"])
async def test_the_join_page_is_accessible(
    laptops: Laptops, screenshots: Screenshots, device: Device
) -> None:
    laptop = await laptops.new(device=device)
    page = await laptop.new_page()
    await page.goto("/join?code=ABC123")
    await assert_accessible(page)
    await screenshots.take(page, "join")


async def test_the_join_page_with_a_problem_is_accessible(laptops: Laptops) -> None:
    laptop = await laptops.new()
    laptop.allow(url=r"/join$", status=404, reason="a wrong code gets the form again, as a 404")
    page = await laptop.new_page()
    await page.goto("/join")
    await page.locator("#join_code").fill("NOPE12")
    await page.locator("#name").fill("Ann")
    await page.locator('form[action="/join"] [type="submit"]').click()
    await expect(page.locator('[role="alert"]')).to_be_visible()
    await assert_accessible(page)


async def test_the_organiser_page_is_accessible(laptops: Laptops) -> None:
    organiser = await laptops.new("organiser")
    await organiser.sign_in_organiser()
    page = await organiser.new_page()
    await page.goto("/organiser")
    await expect(page.locator('form[action="/organiser/sessions"]')).to_be_visible()
    await assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/join",
        "/enter",
        "/organiser",
        "/docs",
    ],
)
async def test_every_page_has_an_icon(laptops: Laptops, path: str) -> None:
    """Without a declared icon Chromium asks for /favicon.ico; a 404 there is a console error.
    Checked directly rather than by waiting for the browser's own request, which comes late."""
    laptop = await laptops.new()
    page = await laptop.new_page()
    await page.goto(path, wait_until="domcontentloaded")
    declared = await page.evaluate(
        "() => document.querySelector('link[rel~=\"icon\"]')?.href ?? null"
    )
    href = str(declared or f"{laptop.base_url}/favicon.ico")
    laptop.allow(url=r"/favicon\.ico$", status=404, reason="reported by the assertion below")
    if not href.startswith("data:"):
        answer = await page.request.get(href)
        assert answer.ok, f"{path}: its icon {href} answers {answer.status}"


async def test_the_harness_notices_what_must_not_happen(laptops: Laptops) -> None:
    laptop = await laptops.new()
    page = await laptop.new_page()
    await page.goto("/join")
    async with page.expect_event("pageerror"):
        status = await page.evaluate(
            """async () => {
                console.error("boom");
                setTimeout(() => { throw new Error("bang"); });
                return (await fetch("/no-such-page")).status;
            }"""
        )
    assert status == 404
    await laptop.settle()

    problems = laptop.unexpected()
    kinds = {p.kind for p in problems}
    assert {"console", "pageerror", "http"} <= kinds, problems
    report = problem_report(problems)
    assert "boom" in report and "bang" in report and "/no-such-page" in report
    laptop.forget()


async def test_axe_runs_under_the_csp_and_finds_problems(laptops: Laptops) -> None:
    laptop = await laptops.new()
    page = await laptop.new_page()
    await page.goto("/join")
    # Break the page on purpose: an image without alternative text, a nameless button.
    await page.evaluate(
        """() => {
            const main = document.querySelector("main");
            main.append(document.createElement("img"), document.createElement("button"));
            main.lastElementChild.id = "nameless";
        }"""
    )
    violations = {v["id"]: v for v in await axe_check(page)}
    assert {"image-alt", "button-name"} <= violations.keys()
    assert violations["button-name"]["nodes"][0]["target"] == ["#nameless"]
    with pytest.raises(AssertionError, match=r"\[critical\] (image-alt|button-name)"):
        await assert_accessible(page)
