"""Sockets opened through the real app as browsers and API clients open them, for the tests.

Each helper returns only once the server has attached the socket (a page has had its greeting,
an API client its replayed last event), so what a test does next cannot overtake the attach.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Any

import pytest
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from app.web.deps import session_cookie
from tests.api.game import Game


def page_socket(game: Game, token: str, screen: bool = False) -> Any:
    """A browser page's live socket (the projector's with ``screen``), signed in by cookie."""
    return game.client.websocket_connect(
        f"/screen/{game.id}/live" if screen else f"/s/{game.id}/live",
        headers={"origin": "http://testserver", "cookie": f"{session_cookie(game.id)}={token}"},
    )


def open_page(
    stack: ExitStack, game: Game, token: str, screen: bool = False
) -> WebSocketTestSession:
    page: WebSocketTestSession = stack.enter_context(page_socket(game, token, screen))
    greeting = page.receive_text()
    assert ('id="stage"' if screen else 'id="phase"') in greeting, "every live region"
    return page


def open_feed(stack: ExitStack, game: Game, token: str) -> WebSocketTestSession:
    seq = game.state(game.f)["seq"]
    feed: WebSocketTestSession = stack.enter_context(
        game.client.websocket_connect(game.url("events"))
    )
    feed.send_text(json.dumps({"token": token, "after": seq - 1}))
    assert feed.receive_json()["seq"] == seq
    return feed


def closed_with(socket: WebSocketTestSession) -> int:
    """Read until the server closes the socket; its close code."""
    with pytest.raises(WebSocketDisconnect) as closed:
        while True:
            socket.receive_text()
    return closed.value.code
