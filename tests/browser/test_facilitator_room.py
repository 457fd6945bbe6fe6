"""The facilitator's panel and the people at the table (issue 5): case updates, messages,
raised hands, who is online, and the one-way mirror into a duo's laptop."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Locator, expect

from tests.browser.harness import Game, GameApi, Laptops, Screenshots, assert_accessible
from tests.browser.player_page import open_players, role_ids, role_name, ui_text
from tests.browser.staff_page import StaffPage, open_panel

pytestmark = pytest.mark.browser


async def _one_role_inject(game: Game) -> dict[str, Any]:
    injects = await game.api.call("GET", game.url("injects"), token=game.facilitator_token)
    return next(dict(i) for i in injects if len(i["audience"]) == 1 and i["audience"] != ["all"])


def _grid_row(panel: StaffPage, game: Game, role_id: str) -> Locator:
    return panel.region("grid").locator("tbody tr").nth(role_ids(game).index(role_id))


async def test_a_case_update_and_messages_reach_the_right_laptops(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"], seat=False)
    inject = await _one_role_inject(game)
    addressed = str(inject["audience"][0])
    other = next(r for r in role_ids(game) if r != addressed)
    await game.seat(game.players[0], addressed)
    await game.seat(game.players[1], other)
    await game.advance_to(str(inject["phase_id"]))
    panel = await open_panel(laptops, game)
    noor, sem = await open_players(laptops, game)

    release = panel.region("injects").locator("form.inject", has_text=str(inject["title"]))
    await release.get_by_role("button", name=ui_text("Release now", "nl")).press("Enter")
    await expect(release).to_have_class(re.compile(r"\breleased\b"))
    await expect(noor.document(str(inject["id"]))).to_contain_text(str(inject["title"]))

    text = panel.page.locator("#message-text")
    to = panel.page.locator("#message-to")
    send = panel.page.get_by_role("button", name=ui_text("Send", "nl"), exact=True)
    await text.fill("Welkom, we beginnen over twee minuten")
    await send.click()
    for player in (noor, sem):
        await expect(player.region("messages").locator(".message")).to_have_text(
            ["Welkom, we beginnen over twee minuten"]
        )
    await expect(text).to_have_value("")  # sent: the form is empty again
    await expect(panel.region("messages").locator("li")).to_have_count(1)

    await text.fill("Alleen voor Sem")
    await to.select_option(other)
    await send.click()
    await expect(sem.region("messages").locator(".message").first).to_have_text("Alleen voor Sem")
    await expect(panel.region("messages").locator("li").first).to_contain_text(
        role_name(game, other)
    )
    await text.fill("Nog vijf minuten")  # to everyone again: after it, all has arrived
    await to.select_option("")
    await send.click()
    await expect(noor.region("messages").locator(".message")).to_have_text(
        ["Nog vijf minuten", "Welkom, we beginnen over twee minuten"]
    )
    assert "Alleen voor Sem" not in await noor.page.content()
    assert str(inject["title"]) not in await sem.page.content()
    for player in (noor, sem):
        player.assert_not_reloaded()


async def test_the_panel_fits_a_laptop_and_release_now_takes_a_click(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("r1-prep")
    panel = await open_panel(laptops, game)
    button = panel.region("injects").get_by_role("button", name=ui_text("Release now", "nl"))
    await button.first.click(trial=True, timeout=2_000)  # hit-testing, without clicking
    overflow = await panel.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the panel is {overflow}px wider than the laptop's screen"


async def test_a_raised_hand_and_who_is_online(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(["Noor", "Sem", "Lot", "Bram"], seat=False)
    duo, other = role_ids(game)[:2]
    noor_p, sem_p, lot_p, bram_p = game.players
    for player, role in ((noor_p, duo), (sem_p, duo), (lot_p, other), (bram_p, other)):
        await game.seat(player, role)
    await game.advance_to("r1-prep")
    panel = await open_panel(laptops, game)
    duo_row, other_row = _grid_row(panel, game, duo), _grid_row(panel, game, other)
    await expect(duo_row).to_have_class("missing")  # nobody is online yet
    await expect(duo_row.locator(".flag")).to_be_visible()

    noor, sem = await open_players(laptops, game, [noor_p, sem_p])
    await expect(duo_row.locator(".seat.is-online")).to_have_count(2)
    await expect(duo_row).not_to_have_class("missing")
    await expect(other_row).to_have_class("missing")

    # A hand by the page's button, another by the API.
    await noor.page.locator("form.hand button.raise").click()
    hands = panel.region("hands")
    await expect(hands.locator("form.hand-row")).to_have_count(1)
    await expect(hands.locator("form.hand-row")).to_contain_text("Noor")
    await expect(duo_row.locator(".seat", has_text="Noor").locator(".hand-flag")).to_be_visible()
    await game.api.call("POST", game.url("hands"), token=lot_p.token, expect=201)
    await expect(hands.locator("form.hand-row")).to_have_count(2)
    await expect(other_row.locator(".hand-flag")).to_have_count(1)

    answered = hands.locator("form.hand-row", has_text="Noor")
    await answered.get_by_role("button", name=ui_text("Answered", "nl")).click()
    await expect(noor.page.locator("form.hand button.raise")).to_be_visible()
    await expect(noor.page.locator("form.hand button.lower")).to_be_hidden()
    await expect(hands.locator("form.hand-row")).to_have_count(1)
    await expect(duo_row.locator(".hand-flag")).to_have_count(0)
    assert (await game.state())["hands"] == [lot_p.id]

    # Presence: a laptop that closes its page goes offline; a duo without anyone is missing.
    await sem.page.close()
    await expect(duo_row.locator(".seat", has_text="Sem")).to_have_class("seat is-offline")
    await expect(duo_row.locator(".seat", has_text="Noor")).to_have_class("seat is-online")
    await expect(duo_row).not_to_have_class("missing")
    await noor.page.close()
    await expect(duo_row.locator(".seat.is-offline")).to_have_count(2)
    await expect(duo_row).to_have_class("missing")
    await expect(duo_row.locator(".flag")).to_have_text(ui_text("missing", "nl"))
    panel.assert_not_reloaded()


def _two_roles(game: Game) -> tuple[str, str]:
    """A role with case updates in round 2 for the duo, and another."""
    duo = role_ids(game)[2]
    return duo, next(r for r in role_ids(game) if r != duo)


async def test_the_mirror_shows_exactly_one_duos_documents(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    game = await game_api.new_game(["Noor", "Sem", "Lot"], seat=False)
    duo, other = _two_roles(game)
    noor_p, sem_p, lot_p = game.players
    for player, role in ((noor_p, duo), (sem_p, duo), (lot_p, other)):
        await game.seat(player, role)
    await game.advance_to("r2-meeting")
    for inject in await game.api.call("GET", game.url("injects"), token=game.facilitator_token):
        if duo in inject["audience"] or other in inject["audience"]:
            await game.release_inject(str(inject["id"]))
    note = "Alleen voor ons: de moeder belt ons niet terug"
    await game.api.call(
        "POST", game.url("notes"), token=noor_p.token, json={"text": note}, expect=201
    )
    await game.api.call(
        "POST", game.url("notes"), token=lot_p.token, json={"text": "Lots notitie"}, expect=201
    )
    seen = await game.state(noor_p.token)
    assert [n["text"] for n in seen["notes"]] == [note], "the duo does see its note"

    panel = await open_panel(laptops, game)
    mirror = await panel.laptop.open(f"/s/{game.id}/mirror/{duo}")
    await expect(mirror.locator("#mirror-title")).to_contain_text(role_name(game, duo))
    shown = await mirror.locator("[data-document-id]").evaluate_all(
        "docs => docs.map(d => d.dataset.documentId)"
    )
    assert sorted(shown) == sorted(str(d["id"]) for d in seen["documents"])
    assert len(shown) == len(set(shown)), f"a document shown twice: {shown}"
    others = {str(d["id"]) for d in (await game.state(lot_p.token))["documents"]}
    assert others - set(shown), "the other role's own documents differ, and are not shown"
    content = await mirror.content()
    assert note not in content and "Lots notitie" not in content
    await expect(mirror.locator("#notes li")).to_have_count(0)
    await expect(mirror.locator("#note-text")).to_have_count(0)  # read-only
    await expect(mirror.locator("form.hand")).to_have_count(0)
    await assert_accessible(mirror)
    await staff_screenshots.take(mirror, "mirror")


async def test_the_mirror_follows_the_game(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("r1-prep")
    role = str(game.players[0].role_id)
    panel = await open_panel(laptops, game)
    mirror = await panel.laptop.new_page()
    await mirror.clock.install()  # so the poll can be brought forward instead of waited for
    await mirror.goto(f"/s/{game.id}/mirror/{role}")
    documents = await mirror.locator("[data-document-id]").count()
    assert documents > 0
    moved = await game.advance()
    await mirror.clock.run_for(10_500)
    await expect(mirror.locator("#phase-title")).to_have_text(str(moved["title"]), timeout=2_000)
    await expect(mirror.locator("[data-document-id]")).to_have_count(documents)
