"""What a socket may cost: frame size, the first frame's deadline, later frames, sockets per token.

Both kinds of socket are tried through the real app: the API's event socket and a page's live
socket. A closed socket shows its code as ``WebSocketDisconnect.code`` on the next read.
"""

from __future__ import annotations

import json
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient

from app.realtime.connection import (
    BAD_REQUEST,
    MAX_FRAME_BYTES,
    REPLACED,
    SOCKETS_PER_PRINCIPAL,
    TOO_BIG,
    UNEXPECTED,
)
from app.web.sockets import events
from tests.api.game import Game, new_game
from tests.realtime.sockets import closed_with, open_feed, open_page


def padded_hello(game: Game, size: int) -> str:
    hello = json.dumps({"token": game.facilitator, "after": game.state(game.f)["seq"]})
    return hello + " " * (size - len(hello))


def test_a_first_frame_over_8_kib_is_refused_with_1009(client: TestClient) -> None:
    game = new_game(client, players=0)
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(padded_hello(game, MAX_FRAME_BYTES + 1))
        assert closed_with(socket) == TOO_BIG
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(padded_hello(game, MAX_FRAME_BYTES))  # exactly the cap: accepted
        game.advance()
        assert socket.receive_json()["type"] == "phase.changed"


@pytest.mark.parametrize(
    ("frame", "code"), [("x" * (MAX_FRAME_BYTES + 1), TOO_BIG), ('{"after": 0}', UNEXPECTED)]
)
def test_a_frame_after_the_first_closes_the_event_socket(
    client: TestClient, frame: str, code: int
) -> None:
    game = new_game(client, players=0)
    with ExitStack() as stack:
        feed = open_feed(stack, game, game.facilitator)
        feed.send_text(frame)
        assert closed_with(feed) == code


@pytest.mark.parametrize(
    ("frame", "code"),
    [("x" * (MAX_FRAME_BYTES + 1), TOO_BIG), ("{}", UNEXPECTED), (b"\x00", UNEXPECTED)],
)
def test_a_page_socket_takes_no_frame_at_all(
    client: TestClient, frame: str | bytes, code: int
) -> None:
    game = new_game(client, players=1)
    with ExitStack() as stack:
        page = open_page(stack, game, game.players[0]["token"])
        if isinstance(frame, bytes):
            page.send_bytes(frame)
        else:
            page.send_text(frame)
        assert closed_with(page) == code


def test_an_event_socket_that_never_says_who_it_is_is_closed(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert events.FIRST_FRAME_TIMEOUT_S == 5
    monkeypatch.setattr(events, "FIRST_FRAME_TIMEOUT_S", 0.05)
    game = new_game(client, players=0)
    with client.websocket_connect(game.url("events")) as socket:
        assert closed_with(socket) == BAD_REQUEST


def test_a_tokens_oldest_socket_gives_way_to_its_newest(client: TestClient) -> None:
    game = new_game(client, players=2)
    mine, theirs = game.players[0]["token"], game.players[1]["token"]
    with ExitStack() as stack:
        oldest = open_page(stack, game, mine)
        kept = [open_feed(stack, game, mine) for _ in range(SOCKETS_PER_PRINCIPAL - 2)]
        kept.append(open_page(stack, game, mine))
        other = open_feed(stack, game, theirs)
        assert len(kept) + 1 == SOCKETS_PER_PRINCIPAL
        kept.append(open_feed(stack, game, mine))  # one too many: the oldest makes room
        game.advance()
        assert oldest.receive() == {"type": "websocket.close", "code": REPLACED, "reason": ""}
        for socket in [*kept, other]:
            assert "phase" in socket.receive_text(), "the others stay"


def test_the_projector_counts_among_the_facilitators_sockets(client: TestClient) -> None:
    game = new_game(client, players=0)
    with ExitStack() as stack:
        panels = [open_page(stack, game, game.facilitator) for _ in range(SOCKETS_PER_PRINCIPAL)]
        screen = open_page(stack, game, game.facilitator, screen=True)
        game.advance()
        assert panels[0].receive() == {"type": "websocket.close", "code": REPLACED, "reason": ""}
        screen.send_text("{}")
        assert closed_with(screen) == UNEXPECTED, "the projector's socket takes no frame either"
