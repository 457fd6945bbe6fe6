"""The player's page follows the game live: who joined, the role reveal, phases and the timer,
released case updates. Everything arrives over the live socket, never through a reload."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.harness import Game, GameApi, Laptops
from tests.browser.player_page import (
    CLOCK,
    PlayerPage,
    clock_seconds,
    clock_text,
    role_name,
)

pytestmark = pytest.mark.browser

OTHERS = ["Fenna", "Lot", "Sem", "Joris", "Mila", "Daan", "Sara", "Thijs", "Bram"]
"""With the one who joins by the form, ten players: every role gets a duo."""


async def test_joining_then_the_role_reveal(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game()
    noor = await PlayerPage.join(await laptops.new("Noor"), game, "Noor")
    me = noor.player.id

    seat = noor.region("seat")
    await expect(seat).to_have_attribute("data-seated", "false")
    await expect(seat.locator(f'.person.me[data-player-id="{me}"]')).to_have_text("Noor")
    await expect(seat.locator(".person")).to_have_count(1)
    await expect(noor.note_field).to_be_hidden()  # the tools come with the role

    fenna = await game.join(OTHERS[0])
    await expect(seat.locator(f'.person[data-player-id="{fenna.id}"]')).to_have_text("Fenna")
    for name in OTHERS[1:]:
        await game.join(name)
    await expect(seat.locator(".person")).to_have_count(len(OTHERS) + 1)

    seated = await game.seat_auto()
    partners = [p for p in game.players if p.role_id == seated[me] and p.id != me]
    assert len(partners) == 1, f"ten players over five roles make duos: {seated}"
    await expect(seat).to_have_attribute("data-seated", "true")
    await expect(noor.region("seat-title")).to_contain_text(role_name(game, seated[me]))
    partner = seat.locator(f'.person[data-player-id="{partners[0].id}"]')
    await expect(partner).to_have_text(partners[0].name)
    await expect(seat.locator(".person")).to_have_count(2)  # the duo, no longer everyone
    await expect(noor.note_field).to_be_visible()
    await expect(noor.region("briefs")).to_be_visible()
    noor.assert_not_reloaded()


async def test_the_tab_title_follows_the_phase(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    noor = await PlayerPage.open(await laptops.new("Noor"), game, game.players[0])
    lobby = game.scenario["phases"][0]
    await expect(noor.page).to_have_title(re.compile(re.escape(str(lobby["title"]))))
    moved = await game.advance()
    await noor.expect_phase(moved)
    await expect(noor.page).to_have_title(re.compile(re.escape(str(moved["title"]))), timeout=2_000)


async def _focus_and_type(player: PlayerPage, text: str) -> None:
    await player.note_field.click()
    await player.page.keyboard.type(text)


async def test_a_phase_change_and_the_countdown(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    noor = await PlayerPage.open(await laptops.new("Noor"), game, game.players[0])
    await expect(noor.page.locator("#phase .timer")).to_have_count(0)  # the lobby has none
    await _focus_and_type(noor, "half a thought")

    moved = await game.advance()
    await noor.expect_phase(moved)
    value = noor.page.locator("#phase .timer .timer-value")
    await expect(value).to_have_text(CLOCK)
    first = await value.inner_text()
    assert clock_seconds(first) <= moved["duration_s"]
    await expect(value).not_to_have_text(first, timeout=3_000)  # it counts down
    assert clock_seconds(await value.inner_text()) < clock_seconds(first)

    await game.phase("pause")
    await expect(noor.page.locator("#phase .timer")).to_have_attribute("data-paused", "true")
    await expect(noor.page.locator("#phase .timer .timer-state")).to_be_visible()
    frozen = await value.inner_text()
    await noor.page.wait_for_timeout(1_500)
    assert await value.inner_text() == frozen, "a paused countdown must stand still"

    await game.phase("extend", seconds=300)
    await expect(value).to_have_text(clock_text(clock_seconds(frozen) + 300))

    await game.phase("resume")
    await expect(noor.page.locator("#phase .timer")).to_have_attribute("data-paused", "false")
    extended = clock_text(clock_seconds(frozen) + 300)
    await expect(value).not_to_have_text(extended, timeout=3_000)

    # All along the player kept typing where they were.
    assert await noor.active_element_id() == "note-text"
    await expect(noor.note_field).to_have_value("half a thought")
    noor.assert_not_reloaded()


async def _inject_for_one_role(game: Game) -> dict[str, Any]:
    """A case update meant for exactly one role (it lands in that duo's brief)."""
    injects = await game.api.call("GET", game.url("injects"), token=game.facilitator_token)
    return next(i for i in injects if len(i["audience"]) == 1 and i["audience"] != ["all"])


async def _inject_for_all(game: Game) -> dict[str, Any]:
    injects = await game.api.call("GET", game.url("injects"), token=game.facilitator_token)
    return next(i for i in injects if i["audience"] == ["all"])


async def _seated_for_an_update(game_api: GameApi) -> tuple[Game, dict[str, Any]]:
    """Noor in the role a one-role case update is for, Sem in another; in the intro."""
    game = await game_api.new_game(["Noor", "Sem"])
    inject = await _inject_for_one_role(game)
    role = str(inject["audience"][0])
    other = next(str(r["id"]) for r in game.scenario["roles"] if r["id"] != role)
    await game.seat(game.players[0], role)
    await game.seat(game.players[1], other)
    await game.advance_to("intro")
    return game, inject


async def test_released_case_updates_arrive_without_moving_the_focus(
    laptops: Laptops, game_api: GameApi
) -> None:
    game, mine = await _seated_for_an_update(game_api)
    everyone = await _inject_for_all(game)
    noor = await PlayerPage.open(await laptops.new("Noor"), game, game.players[0])
    sem = await PlayerPage.open(await laptops.new("Sem"), game, game.players[1])
    await _focus_and_type(noor, "wat weten we al")

    announcer = noor.region("announcer")
    await expect(announcer).to_have_attribute("aria-live", "polite")

    await game.release_inject(str(mine["id"]))
    brief = noor.region("briefs").locator(f'[data-document-id="{mine["id"]}"]')
    await expect(brief).to_contain_text(str(mine["title"]))
    await expect(announcer).to_contain_text(str(mine["title"]))

    await game.release_inject(str(everyone["id"]))
    for player in (noor, sem):
        update = player.region("casefile").locator(f'[data-document-id="{everyone["id"]}"]')
        await expect(update).to_contain_text(str(everyone["title"]))
        await expect(player.region("announcer")).to_contain_text(str(everyone["title"]))
    # Sem's role was not addressed: the first update is nowhere on Sem's page.
    await expect(sem.document(str(mine["id"]))).to_have_count(0)
    assert str(mine["title"]) not in await sem.page.content()

    assert await noor.active_element_id() == "note-text"
    await expect(noor.note_field).to_have_value("wat weten we al")
    noor.assert_not_reloaded()


async def test_a_released_case_update_is_marked_new(laptops: Laptops, game_api: GameApi) -> None:
    game, mine = await _seated_for_an_update(game_api)
    noor = await PlayerPage.open(await laptops.new("Noor"), game, game.players[0])
    await game.release_inject(str(mine["id"]))
    update = noor.document(str(mine["id"]))
    await expect(update).to_have_count(1)
    await expect(update).to_have_class(re.compile(r"\bis-new\b"), timeout=2_000)
    await expect(update.locator(".new-badge")).to_be_visible(timeout=1_000)
