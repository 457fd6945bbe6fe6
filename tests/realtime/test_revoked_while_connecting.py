"""A token revoked between its socket's sign-in and the socket's start is not let through.

The revocation is made to land exactly in that gap: the observer's link is re-issued while the
server is authenticating the old one. ``forget`` finds no socket to close yet, so the hub must
see for itself, as it starts the socket, that the token has gone.
"""

from __future__ import annotations

import json
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient

from app.realtime.connection import GONE
from app.services import sessions, staff_links
from app.services.context import ServiceContext
from app.services.principals import Who
from tests.api.game import new_game
from tests.realtime.sockets import page_socket


@pytest.mark.parametrize("page", [False, True])
def test_a_link_revoked_while_its_socket_connects_ends_that_socket(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, page: bool
) -> None:
    game = new_game(client, players=0)
    authenticate = sessions.authenticate

    async def revoked_meanwhile(ctx: ServiceContext, token: str) -> Who | None:
        who = await authenticate(ctx, token)
        if who is not None and token == game.observer:
            await staff_links.reissue_observer(ctx, game.id)
        return who

    monkeypatch.setattr(sessions, "authenticate", revoked_meanwhile)
    seq = game.state(game.f)["seq"]
    with ExitStack() as stack:
        if page:
            socket = stack.enter_context(page_socket(game, game.observer))
        else:
            socket = stack.enter_context(client.websocket_connect(game.url("events")))
            socket.send_text(json.dumps({"token": game.observer, "after": seq - 1}))
        closed = socket.receive()  # without the check: the greeting, or the last event again
        assert closed == {"type": "websocket.close", "code": GONE, "reason": ""}
