"""What only a duo may see reaches only that duo's sockets, and the staff's where the rules say.

Each socket's next frame after a public event proves what it was (not) sent before it: a socket
that got nothing for another duo's note reads the phase change first.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from tests.api.game import new_game
from tests.realtime.sockets import open_feed, open_page

SECRET = "alleen-voor-ons-tweeen"


def frames_until_phase(page: WebSocketTestSession) -> list[str]:
    """Every frame up to and including the push of the phase change."""
    frames = [page.receive_text()]
    while 'id="phase"' not in frames[-1]:
        frames.append(page.receive_text())
    return frames


def test_a_duos_note_hand_and_reflection_reach_no_other_duo(client: TestClient) -> None:
    game = new_game(client, players=10)
    game.advance()
    role = game.role_of(0)
    partner = next(i for i in game.players_in(role) if i != 0)
    outsider = next(i for i in range(10) if game.role_of(i) != role)
    with ExitStack() as stack:
        outsider_page = open_page(stack, game, game.players[outsider]["token"])
        partner_page = open_page(stack, game, game.players[partner]["token"])
        outsider_feed = open_feed(stack, game, game.players[outsider]["token"])
        partner_feed = open_feed(stack, game, game.players[partner]["token"])
        observer_page = open_page(stack, game, game.observer)
        panel = open_page(stack, game, game.facilitator)  # last: it hears every arrival

        writes = [
            ("notes", {"text": SECRET}),
            ("hands", {}),
            ("reflections", {"text": "een reflectie"}),
        ]
        for path, body in writes:
            answer = client.post(game.url(path), json=body, headers=game.p(0))
            assert answer.status_code == 201, answer.text
        game.advance()  # a public event: every socket's next frame shows what came before it

        assert [f["type"] for f in _feed_until_phase(partner_feed)] == [
            "note.added",
            "hand.raised",
            "reflection.added",
            "phase.changed",
        ]
        assert outsider_feed.receive_json()["type"] == "phase.changed"

        pushed = frames_until_phase(partner_page)
        assert len(pushed) == 4 and SECRET in pushed[0] and 'id="notes"' in pushed[0]
        assert len(frames_until_phase(outsider_page)) == 1, "not even an empty push"
        assert len(frames_until_phase(observer_page)) == 1, "the observer's page shows none"

        grid = frames_until_phase(panel)
        assert len(grid) == 4 and all('id="grid"' in f for f in grid[:3]), "the activity counts"
        assert not any(SECRET in f for f in grid), "but never a note's text"


def _feed_until_phase(feed: WebSocketTestSession) -> list[dict[str, Any]]:
    frames = [feed.receive_json()]
    while frames[-1]["type"] != "phase.changed":
        frames.append(feed.receive_json())
    return frames
