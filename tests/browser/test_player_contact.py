"""Between a player and the facilitator: a raised hand and the facilitator's messages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import expect

from tests.browser.harness import GameApi, Laptops
from tests.browser.player_page import facilitator_message, open_players

pytestmark = pytest.mark.browser


def _hands(game_state: dict[str, Any]) -> list[str]:
    """Whose hands are up, as the facilitator's state lists them."""
    return [str(hand) for hand in game_state["hands"]]


async def test_raise_hand_and_the_facilitator_lowers_it(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("r1-prep")
    (noor,) = await open_players(laptops, game, game.players[:1])
    raise_button = noor.page.locator("form.hand button.raise")
    lower_button = noor.page.locator("form.hand button.lower")
    await expect(raise_button).to_be_visible()
    await expect(lower_button).to_be_hidden()

    await raise_button.click()
    await expect(lower_button).to_be_visible()
    await expect(raise_button).to_be_hidden()
    await expect(noor.page.locator("#live")).to_have_class(re.compile(r"\bhand-up\b"))
    assert _hands(await game.state()) == [noor.player.id]

    await game.api.call("DELETE", game.url(f"hands/{noor.player.id}"), token=game.facilitator_token)
    await expect(raise_button).to_be_visible()
    await expect(lower_button).to_be_hidden()
    assert _hands(await game.state()) == []

    # The player may also take it back themselves.
    await raise_button.click()
    await expect(lower_button).to_be_visible()
    await lower_button.click()
    await expect(raise_button).to_be_visible()
    assert _hands(await game.state()) == []
    noor.assert_not_reloaded()


async def test_the_waiting_room_has_no_hand_to_raise(laptops: Laptops, game_api: GameApi) -> None:
    """A hand needs a seat: the facilitator answers duos, so the button comes with the role."""
    game = await game_api.new_game(["Noor"], seat=False)
    (noor,) = await open_players(laptops, game)
    await expect(noor.region("seat")).to_have_attribute("data-seated", "false")
    await expect(noor.page.locator("form.hand button.raise")).to_be_hidden()
    await game.seat_auto()
    await expect(noor.region("seat")).to_have_attribute("data-seated", "true")
    await expect(noor.page.locator("form.hand button.raise")).to_be_visible()


async def test_messages_from_the_facilitator(laptops: Laptops, game_api: GameApi) -> None:
    game = await game_api.new_game(["Noor", "Sem"])
    await game.advance_to("intro")
    noor, sem = await open_players(laptops, game)
    messages = noor.region("messages")

    await facilitator_message(game, "Welkom allemaal, we beginnen zo")
    for page in (noor, sem):
        await expect(page.region("messages").locator(".message")).to_have_text(
            ["Welkom allemaal, we beginnen zo"]
        )

    assert sem.player.role_id is not None and sem.player.role_id != noor.player.role_id
    await facilitator_message(game, "Alleen voor jullie duo", sem.player.role_id)
    await expect(sem.region("messages")).to_contain_text("Alleen voor jullie duo")
    await facilitator_message(game, "Nog tien minuten")  # after it, everything has arrived
    await expect(messages.locator(".message")).to_have_text(
        ["Nog tien minuten", "Welkom allemaal, we beginnen zo"]
    )
    assert "Alleen voor jullie duo" not in await noor.page.content()

    assert noor.player.role_id is not None
    await facilitator_message(game, "Noor, kom even bij me", noor.player.role_id)
    await expect(messages.locator(".message").first).to_have_text("Noor, kom even bij me")
    noor.assert_not_reloaded()
