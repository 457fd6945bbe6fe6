"""What players write on their pages: duo notes (the duo's alone), agreements (everyone's),
reflections (the duo's). A record typed on one laptop shows up on the others without reload."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.harness import Game, GameApi, Laptops
from tests.browser.player_page import (
    AGREEMENT,
    PlayerPage,
    facilitator_message,
    open_players,
    role_ids,
)

pytestmark = pytest.mark.browser


async def _a_duo_and_a_stranger(game_api: GameApi) -> Game:
    """Noor and Sem share a role (a duo); Lot has another. In the first preparation."""
    game = await game_api.new_game(["Noor", "Sem", "Lot"], seat=False)
    duo_role, other_role = role_ids(game)[:2]
    noor, sem, lot = game.players
    await game.seat(noor, duo_role)
    await game.seat(sem, duo_role)
    await game.seat(lot, other_role)
    await game.advance_to("r1-prep")
    return game


async def _after_a_sentinel(game: Game, pages: list[PlayerPage], text: str) -> None:
    """A message to everyone, sent after whatever must not arrive: once every page shows it,
    anything earlier that a page was going to get has arrived (one socket, in order)."""
    await facilitator_message(game, text)
    for page in pages:
        await expect(page.region("messages")).to_contain_text(text)


async def test_a_duo_note_reaches_the_partner_and_nobody_else(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await _a_duo_and_a_stranger(game_api)
    noor, sem, lot = await open_players(laptops, game)
    note = "Vraag de school naar het verzuim van Jesse"

    await noor.add_note(note)
    for page in (noor, sem):
        entry = page.region("notes").locator("li", has_text=note)
        await expect(entry).to_have_count(1)
        await expect(entry.locator(".person")).to_have_attribute("data-player-id", noor.player.id)
    await expect(noor.note_field).to_have_value("")  # sent, so the form is empty again

    reply = "Ik bel de leerplichtambtenaar"
    await sem.add_note(reply)
    await expect(noor.region("notes").locator("li", has_text=reply)).to_have_count(1)

    await _after_a_sentinel(game, [lot], "Nog vijf minuten")
    await expect(lot.region("notes").locator("li")).to_have_count(0)
    content = await lot.page.content()
    assert note not in content and reply not in content
    lot_state = await game.state(lot.player.token)
    assert lot_state["notes"] == []
    for page in (noor, sem, lot):
        page.assert_not_reloaded()


async def test_an_agreement_reaches_every_player(laptops: Laptops, game_api: GameApi) -> None:
    game = await _a_duo_and_a_stranger(game_api)
    noor, sem, lot = await open_players(laptops, game)
    form = noor.page.locator("form.agreement-form")
    await expect(form).to_be_hidden()  # agreements are made in the meeting

    meeting = await game.advance()
    await noor.expect_phase(meeting)
    await expect(form).to_be_visible()
    await noor.add_agreement(AGREEMENT)

    for page in (noor, sem, lot):
        agreement = page.region("agreements").locator(".agreement", has_text=AGREEMENT["what"])
        await expect(agreement).to_have_count(1)
        windows = agreement.locator("dd")
        await expect(windows).to_have_text([AGREEMENT[k] for k in AGREEMENT if k != "what"])
        page.assert_not_reloaded()
    await expect(form.locator('[name="what"]')).to_have_value("")
    agreements = (await game.state())["agreements"]
    assert [a["what"] for a in agreements] == [AGREEMENT["what"]]


async def test_a_reflection_is_the_duos(laptops: Laptops, game_api: GameApi) -> None:
    game = await _a_duo_and_a_stranger(game_api)
    await game.advance_to("r1-reflection")
    noor, sem, lot = await open_players(laptops, game)
    questions = (await game.state(noor.player.token))["questions"]
    assert questions, "the first reflection has questions"
    forms = noor.region("questions").locator("form.reflection")
    await expect(forms).to_have_count(len(questions))

    text = "We botsten met de wijkagent over het woord verdachte"
    first = forms.first
    await first.locator("textarea").fill(text)
    await first.locator('[type="submit"]').click()
    for page in (noor, sem):
        await expect(
            page.region("reflections").locator(".reflection", has_text=text)
        ).to_have_count(1)
    await expect(first.locator("textarea")).to_have_value("")
    await _after_a_sentinel(game, [lot], "Rond af in twee minuten")
    assert text not in await lot.page.content()
    mine = (await game.state())["reflections"]
    assert [(r["player_id"], r["question_id"]) for r in mine] == [
        (noor.player.id, questions[0]["id"])
    ]


async def test_a_refused_note_says_why_and_keeps_the_text(
    laptops: Laptops, game_api: GameApi
) -> None:
    game = await _a_duo_and_a_stranger(game_api)
    (noor,) = await open_players(laptops, game, game.players[:1])
    noor.laptop.allow(url=r"/s/[^/]+/notes$", status=422, reason="a blank note is refused")
    noor.laptop.allow(
        kind="console",
        url=r"/static/vendor/htmx/htmx\.min\.js$",
        text=r"^Response Status Error Code 422 from /s/[^/]+/notes",
        reason="htmx logs the refusal it hands to the page",
    )
    problem = noor.page.locator("#form-problem")
    await expect(problem).to_be_hidden()

    await noor.add_note("   ")  # passes the browser's "required", not the server
    await expect(problem).to_be_visible()
    await expect(problem).not_to_have_text("")
    await expect(noor.note_field).to_have_value("   ")
    await expect(noor.region("notes").locator("li")).to_have_count(0)

    await noor.add_note("Toch iets")
    await expect(problem).to_be_hidden()
    await expect(noor.region("notes").locator("li")).to_have_count(1)
