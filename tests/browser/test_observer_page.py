"""The observer's console (issue 6): a collision in a few keys, corrections afterwards, the
built-in collisions as a checklist, and the facilitator's panel seeing all of it live."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Locator, expect

from tests.browser.harness import Game, GameApi, Laptops, Screenshots, assert_accessible
from tests.browser.player_page import role_ids, role_name, ui_text
from tests.browser.staff_page import (
    StaffPage,
    collisions,
    designed_collisions,
    log_collision,
    open_observer,
    open_panel,
)

pytestmark = pytest.mark.browser

TABLE = ["Noor", "Sem", "Lot", "Bram", "Fenna", "Joris", "Mila", "Daan", "Sara", "Thijs"]


async def _in_the_meeting(game_api: GameApi, phase_id: str = "r1-meeting") -> Game:
    game = await game_api.new_game(TABLE)
    await game.advance_to(phase_id)
    return game


async def _keys(observer: StaffPage, *keys: str) -> None:
    """Keys pressed with nothing focused, as an observer who just looked up from the table."""
    await observer.page.evaluate("() => document.activeElement?.blur()")
    for key in keys:
        await observer.page.keyboard.press(key)


def _capture(observer: StaffPage) -> Locator:
    return observer.page.locator("#capture")


def _logged(observer: StaffPage) -> Locator:
    return observer.region("timeline").locator("article.logged")


def _panel_log(panel: StaffPage) -> Locator:
    return panel.region("collisions").locator(".logged-line")


def _names(game: Game, roles: list[str]) -> str:
    return " × ".join(role_name(game, r) for r in roles)


async def test_a_collision_by_keyboard_alone(
    laptops: Laptops, game_api: GameApi, staff_screenshots: Screenshots
) -> None:
    game = await _in_the_meeting(game_api)
    roles = role_ids(game)
    panel = await open_panel(laptops, game)
    observer = await open_observer(laptops, game)
    capture = _capture(observer)
    await expect(capture.locator('input[name="logic"][value="professional"]')).to_be_checked()

    await _keys(observer, "1", "2")
    await expect(capture.locator('input[name="roles"]:checked')).to_have_count(2)
    await observer.page.keyboard.press("Enter")  # one key after choosing the roles
    await expect(_logged(observer)).to_have_count(1)
    await expect(_logged(observer).first.locator("h3")).to_have_text(_names(game, roles[:2]))
    await expect(_panel_log(panel)).to_have_count(1)  # the facilitator sees it live
    await expect(_panel_log(panel).first).to_contain_text(_names(game, roles[:2]))
    (logged,) = await collisions(game)
    phase = (await game.state())["phase"]
    assert logged["roles"] == roles[:2] and logged["logic"] == "professional"
    assert (logged["phase_id"], logged["round"]) == (phase["id"], phase["round"])
    assert logged["starred"] is False and logged["by"] == "observer" and logged["note"] == ""
    # The form is ready for the next one: no roles, the round's logic.
    await expect(capture.locator('input[name="roles"]:checked')).to_have_count(0)
    await expect(capture.locator('input[name="logic"][value="professional"]')).to_be_checked()

    await _keys(observer, "3", "4", "S", "N", "Enter")
    await expect(_logged(observer)).to_have_count(2)
    await expect(_logged(observer).first).to_have_class(re.compile(r"\bstarred\b"))
    await expect(_panel_log(panel)).to_have_count(2)
    await expect(_panel_log(panel).first).to_contain_text("★")  # starred first on the panel
    second = next(c for c in await collisions(game) if c["id"] != logged["id"])
    assert second["roles"] == roles[2:4]
    assert second["logic"] == "network" and second["starred"] is True

    # Esc clears; Enter with fewer than two roles logs nothing.
    await _keys(observer, "5", "Escape")
    await expect(capture.locator("input:checked[name='roles']")).to_have_count(0)
    await _keys(observer, "5", "Enter")
    await expect(capture.locator("input:checked[name='roles']")).to_have_count(1)

    # In the note field the digits are text; Enter there logs the collision with its note.
    await observer.page.locator("#capture-note").click()
    await observer.page.keyboard.type("1 keer zei de wijkagent verdachte")
    await expect(capture.locator("input:checked[name='roles']")).to_have_count(1)
    await _keys(observer, "1")
    await observer.page.locator("#capture-note").press("Enter")
    await expect(_logged(observer)).to_have_count(3)
    third = (await collisions(game))[-1]
    assert third["roles"] == [roles[0], roles[4]]
    assert third["note"] == "1 keer zei de wijkagent verdachte"
    await expect(observer.page.locator("#capture-note")).to_have_value("")

    await assert_accessible(observer.page)
    await staff_screenshots.take(observer.page, "observer-console")
    observer.assert_not_reloaded()
    panel.assert_not_reloaded()


async def _edit(observer: StaffPage, item: Locator, note: str, logic: str) -> None:
    await item.locator("summary").click()
    form = item.locator("details form")
    await form.locator('select[name="logic"]').select_option(logic)
    await form.locator('input[name="note"]').fill(note)
    await form.get_by_role("button", name=ui_text("Save", "nl")).click()


async def test_correcting_the_log(laptops: Laptops, game_api: GameApi) -> None:
    game = await _in_the_meeting(game_api)
    roles = role_ids(game)
    first = await log_collision(game, roles[:2], "professional", "Eerste versie")
    second = await log_collision(game, roles[1:3], "network", "Blijft staan")
    panel = await open_panel(laptops, game)
    observer = await open_observer(laptops, game)
    observer.accept_dialogs()
    item = observer.page.locator(f"#logged-{first['id']}")

    await _edit(observer, item, "Gecorrigeerd: het ging om gegevens delen", "organisational")
    await expect(item.locator("p.note")).to_have_text("Gecorrigeerd: het ging om gegevens delen")
    await expect(item).to_contain_text(ui_text("edited", "nl"))
    await expect(_panel_log(panel).filter(has_text="Gecorrigeerd")).to_have_count(1)
    await expect(_panel_log(panel).filter(has_text="Eerste versie")).to_have_count(0)
    edited = next(c for c in await collisions(game) if c["id"] == first["id"])
    assert edited["logic"] == "organisational" and edited["edited_at"] is not None
    assert edited["roles"] == roles[:2], "what was not changed stays"

    star = item.get_by_role("button", name=ui_text("Star", "nl"), exact=True)
    await star.click()
    await expect(item).to_have_class(re.compile(r"\bstarred\b"))
    await expect(_panel_log(panel).first).to_contain_text("★ ")
    await expect(_panel_log(panel).first).to_contain_text("Gecorrigeerd")
    await item.get_by_role("button", name=ui_text("Unstar", "nl")).click()
    await expect(item).not_to_have_class(re.compile(r"\bstarred\b"))
    await expect(_panel_log(panel).filter(has_text="★")).to_have_count(0)
    await item.get_by_role("button", name=ui_text("Star", "nl"), exact=True).click()  # re-star
    await expect(_panel_log(panel).filter(has_text="★")).to_have_count(1)
    assert {c["id"]: c["starred"] for c in await collisions(game)} == {
        first["id"]: True,
        second["id"]: False,
    }

    await item.get_by_role("button", name=ui_text("Delete", "nl")).click()
    await expect(item).to_have_count(0)
    await expect(_logged(observer)).to_have_count(1)
    await expect(_panel_log(panel)).to_have_count(1)
    await expect(_panel_log(panel)).to_contain_text("Blijft staan")
    assert [c["id"] for c in await collisions(game)] == [second["id"]]
    observer.assert_not_reloaded()
    panel.assert_not_reloaded()


def _checklist_item(observer: StaffPage, designed: dict[str, Any]) -> Locator:
    return observer.region("checklist").locator("li", has_text=str(designed["title"]))


async def test_the_checklist_marks_a_built_in_collision(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await _in_the_meeting(game_api)
    roles = role_ids(game)
    designed = [d for d in await designed_collisions(game) if d["round"] == 1]
    target = designed[1]
    observer = await open_observer(laptops, game)
    item = _checklist_item(observer, target)
    await expect(item.locator(".mark")).to_have_text("○")
    summary = observer.region("checklist").locator("details[open] summary")
    await expect(summary).to_have_text(re.compile(rf"\(0/{len(designed)}\)$"))

    await _keys(observer, *(str(roles.index(r) + 1) for r in target["roles"]))
    await observer.page.locator("#capture-designed").select_option(str(target["id"]))
    await _capture(observer).locator('button[type="submit"]').click()
    await expect(item).to_have_class("observed")
    await expect(item.locator(".mark")).to_have_text("✓")
    await expect(summary).to_have_text(re.compile(rf"\(1/{len(designed)}\)$"))
    (logged,) = await collisions(game)
    assert logged["designed_id"] == target["id"]
    assert sorted(logged["roles"]) == sorted(target["roles"])
    assert logged["logic"] == "professional"
    await expect(observer.page.locator("#capture-designed")).to_have_value("")
    others = [d for d in designed if d["id"] != target["id"]]
    for other in others:
        await expect(_checklist_item(observer, other)).not_to_have_class("observed")

    # A new round brings its logic as the default and opens its part of the checklist.
    await game.advance_to("r2-prep")
    await expect(observer.region("phase")).to_have_attribute("data-logic", "network")
    network = _capture(observer).locator('input[name="logic"][value="network"]')
    await expect(network).to_be_checked()
    await expect(summary).to_contain_text(f"{ui_text('Round', 'nl')} 2")
