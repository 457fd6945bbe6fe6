"""Live pushes to the pages: what each viewer's regions say after an event, and never more."""

from __future__ import annotations

from typing import Any

from app.engine import commands as cmd
from app.engine.decide import run
from app.engine.views import Audience
from app.realtime.connection import Renderer, Scene
from app.web.pages.facilitator.page import FACILITATOR
from app.web.pages.live import LivePage
from app.web.pages.player.page import PLAYER
from app.web.pages.registry import LIVE_PAGES
from app.web.pages.screen import SCREEN
from app.web.sockets.pages import page_socket
from tests.engine.factories import T0, session_at
from tests.engine.games import full_game


def html_renderer(page: LivePage[Any]) -> Renderer:
    """How the page's socket renders one event, with the clock stopped at the game's start."""
    return page_socket(page, lambda: T0).render


def test_a_note_refreshes_the_duo_and_the_grid_but_reaches_nobody_else() -> None:
    state = session_at("r1-meeting", players=10)
    writer = next(p for p in state.players if p.role_id == "wijkagent")
    state, records = run(state, cmd.AddNote("<<geheim>>"), cmd.Actor("player", writer.id), T0)
    duo = html_renderer(PLAYER)(
        Scene(state, Audience("player", "wijkagent"), "nl", frozenset()), records[0]
    )
    other = html_renderer(PLAYER)(
        Scene(state, Audience("player", "wijkteam"), "nl", frozenset()), records[0]
    )
    panel = html_renderer(FACILITATOR)(
        Scene(state, Audience("facilitator"), "nl", frozenset()), records[0]
    )
    assert duo is not None and "<<geheim>>" not in duo and "&lt;&lt;geheim&gt;&gt;" in duo
    assert other is None, "another duo's page gets no push at all"
    assert panel is not None and "geheim" not in panel and 'id="grid"' in panel


def test_the_projector_drops_a_collision_that_loses_its_star() -> None:
    state = session_at("r1-meeting", players=5)
    starred = cmd.LogCollision(("wijkagent", "wijkteam"), "network", "<<voor iedereen>>", True)
    state, _ = run(state, starred, cmd.OBSERVER_ACTOR, T0)
    state, _ = run(state, cmd.ShowOnScreen("collisions"), cmd.FACILITATOR_ACTOR, T0)
    state, records = run(state, cmd.EditCollision("c1", starred=False), cmd.OBSERVER_ACTOR, T0)
    pushed = html_renderer(SCREEN)(Scene(state, Audience("screen"), "nl", frozenset()), records[0])
    assert pushed is not None and "voor iedereen" not in pushed


def test_an_unseen_document_is_not_announced() -> None:
    state = session_at("r2-meeting", players=5)
    state, records = run(state, cmd.ReleaseInject("inject-call"), cmd.FACILITATOR_ACTOR, T0)
    scene = Scene(state, Audience("player", "wijkteam"), "nl", frozenset())
    pushed = html_renderer(PLAYER)(scene, records[0])
    assert pushed is not None and 'id="announcer"' in pushed  # the call is for everyone
    state, records = run(state, cmd.FireTimers(), cmd.SYSTEM_ACTOR, T0 + 10_000)
    for record in records:
        quiet = html_renderer(PLAYER)(
            Scene(state, Audience("player", "wijkteam"), "nl", frozenset()), record
        )
        assert quiet is None or 'id="announcer"' not in quiet


def test_every_live_page_renders_every_event_of_a_whole_game() -> None:
    """No event may break a page's push: a failure would leave that page stale."""
    game = full_game()
    audiences = {
        "player": Audience("player", "wijkagent"),
        "facilitator": Audience("facilitator"),
        "observer": Audience("observer"),
        "screen": Audience("screen"),
    }
    for kind, page in LIVE_PAGES.items():
        render = html_renderer(page)
        for record in game.log:
            render(Scene(game.state, audiences[kind], "nl", frozenset()), record)


def test_the_regions_a_command_changed_come_from_the_pages_declaration() -> None:
    """What a form answers with and what a push redraws are one rule (``regions_for``)."""
    assert FACILITATOR.regions_for(["phase.changed"]) == ("phase", "injects", "screen")
    assert FACILITATOR.regions_for(["hand.raised", "note.added"]) == ("grid", "hands")
    assert PLAYER.regions_for(["note.added", "phase.changed"]) == ("phase", "questions", "notes")
    assert PLAYER.regions_for(["seat.assigned"]) == PLAYER.regions, "a seat redraws everything"
    assert SCREEN.regions_for(["note.added"]) == ()


def test_the_countdown_is_read_from_the_apps_clock() -> None:
    """Pages take the time from the app's injected clock, so a page rendered at a known moment
    shows the countdown of that moment."""
    state = session_at("r1-meeting", players=5)
    deadline = state.timer.deadline
    assert deadline is not None
    scene = Scene(state, Audience("player", "wijkagent"), "nl", frozenset())
    (first,) = page_socket(PLAYER, lambda: deadline - 125).greet(scene)
    (later,) = page_socket(PLAYER, lambda: deadline - 5).greet(scene)
    assert "02:05" in first and "02:05" not in later and "00:05" in later


def test_a_released_document_is_pushed_alone_not_with_everything_before_it() -> None:
    """Entering a phase or releasing an update adds that document to the page: the push holds
    the one document, where the whole case file so far used to be sent again."""
    state = session_at("r2-meeting", players=5)
    scene = Scene(state, Audience("player", "wijkagent"), "nl", frozenset())
    (whole,) = page_socket(PLAYER, lambda: T0).greet(scene)
    assert whole.count("data-document-id=") > 3, "the page holds the case file so far"
    state, records = run(state, cmd.ReleaseInject("inject-call"), cmd.FACILITATOR_ACTOR, T0)
    scene = Scene(state, Audience("player", "wijkagent"), "nl", frozenset())
    pushed = html_renderer(PLAYER)(scene, records[0])
    assert pushed is not None
    assert pushed.count("data-document-id=") == 1 and 'id="doc-inject-call"' in pushed
    assert 'hx-swap-oob="afterend:#casefile-title"' in pushed
    assert 'id="casefile"' not in pushed and 'id="briefs"' not in pushed


def test_entering_round_three_adds_each_new_document_once_where_it_belongs() -> None:
    state = session_at("r2-reflection", players=5)
    state, records = run(state, cmd.Advance("r2-reflection"), cmd.FACILITATOR_ACTOR, T0)
    scene = Scene(state, Audience("player", "wijkagent"), "nl", frozenset())
    pushes = [html_renderer(PLAYER)(scene, record) for record in records]
    added = [p for p in pushes if p is not None and "data-document-id=" in p]
    assert [p.count("data-document-id=") for p in added] == [1, 1]
    case, brief = sorted(added, key=lambda p: "brief-wijkagent-r3" in p)
    assert 'id="doc-case-r3"' in case and "afterend:#casefile-title" in case
    assert 'id="doc-brief-wijkagent-r3"' in brief and "afterend:#briefs-title" in brief
    assert not any(p is not None and "brief-wijkteam-r3" in p for p in pushes)
