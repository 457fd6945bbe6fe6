"""One call builds a whole session over the real API: organiser, facilitator, observer, players."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import ORGANISER_KEY


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Game:
    client: TestClient
    id: str
    join_code: str
    facilitator: str
    observer: str
    players: list[dict[str, Any]] = field(default_factory=list)

    @property
    def f(self) -> dict[str, str]:
        return bearer(self.facilitator)

    @property
    def o(self) -> dict[str, str]:
        return bearer(self.observer)

    def p(self, index: int) -> dict[str, str]:
        return bearer(self.players[index]["token"])

    def url(self, tail: str) -> str:
        return f"/api/sessions/{self.id}/{tail}"

    def join(self, name: str) -> dict[str, Any]:
        self.client.cookies.clear()
        answer = self.client.post("/api/join", json={"join_code": self.join_code, "name": name})
        assert answer.status_code == 201, answer.text
        self.client.cookies.clear()
        player: dict[str, Any] = answer.json() | {"name": name}
        self.players.append(player)
        return player

    def state(self, headers: dict[str, str]) -> dict[str, Any]:
        answer = self.client.get(self.url("state"), headers=headers)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def advance(self) -> dict[str, Any]:
        current = self.state(self.f)["phase"]["id"]
        answer = self.client.post(
            self.url("phase"), json={"action": "advance", "from_phase": current}, headers=self.f
        )
        assert answer.status_code == 200, answer.text
        return dict(answer.json()["phase"])

    def advance_to(self, phase_id: str) -> None:
        while self.state(self.f)["phase"]["id"] != phase_id:
            self.advance()

    def role_of(self, index: int) -> str:
        return str(self.state(self.p(index))["me"]["role_id"])

    def players_in(self, role_id: str) -> list[int]:
        return [i for i in range(len(self.players)) if self.role_of(i) == role_id]

    def socket_frames(
        self, headers_token: str, after: int = 0, count: int = 1
    ) -> list[dict[str, Any]]:
        with self.client.websocket_connect(self.url("events")) as socket:
            socket.send_text(json.dumps({"token": headers_token, "after": after}))
            return [socket.receive_json() for _ in range(count)]


def new_game(
    client: TestClient, players: int = 10, seat: bool = True, prefix: str = "Speler", **body: Any
) -> Game:
    client.cookies.clear()
    scenarios = client.get("/api/scenarios").json()
    default = next(s for s in scenarios if s["default"])
    answer = client.post(
        "/api/sessions", json={"scenario_id": default["id"], **body}, headers=bearer(ORGANISER_KEY)
    )
    assert answer.status_code == 201, answer.text
    opened = answer.json()
    game = Game(
        client,
        opened["id"],
        opened["join_code"],
        opened["facilitator_token"],
        opened["observer_token"],
    )
    for index in range(players):
        game.join(f"{prefix} {index + 1}")
    if seat and players:
        seated = client.post(game.url("seats/auto"), headers=game.f)
        assert seated.status_code == 200, seated.text
    return game
