"""The organiser's moves over the API: listing, archiving (read-only) and deleting (no trace)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel
from starlette.websockets import WebSocketDisconnect

from app.db import repository as repo
from app.db.tables import DueTimer
from app.services import scheduler
from app.web.security.csrf import token_for
from tests.api.game import Game, bearer, new_game
from tests.conftest import ORGANISER_KEY

KEY = bearer(ORGANISER_KEY)
SAME = {"origin": "http://testserver"}


def _rows_of(client: TestClient, session_id: str) -> dict[str, int]:
    """How many rows each table holds for ``session_id``."""
    engines = client.app.state.runtime.ctx.engines  # type: ignore[attr-defined]
    counts = {}
    with Session(engines.read) as db:
        for table in SQLModel.metadata.sorted_tables:
            column = table.c.get("session_id")
            if column is None and table.name == "game_session":
                column = table.c.id
            if column is not None:
                query = select(func.count()).select_from(table).where(column == session_id)
                counts[table.name] = db.execute(query).scalar_one()
    return counts


def _played(client: TestClient) -> Game:
    game = new_game(client, players=4)
    game.advance_to("r1-prep")
    note = client.post(game.url("notes"), json={"text": "Ons plan"}, headers=game.p(0))
    assert note.status_code in (200, 201), note.text
    collision = {"roles": ["wijkagent", "wijkteam"], "logic": "network", "note": "Botsing"}
    assert client.post(game.url("collisions"), json=collision, headers=game.o).status_code in (
        200,
        201,
    )
    return game


def test_the_list_shows_what_the_organiser_page_shows(client: TestClient) -> None:
    before = time.time()
    game = _played(client)
    listing = client.get("/api/sessions", headers=KEY)
    assert listing.status_code == 200
    mine = next(s for s in listing.json() if s["id"] == game.id)
    assert mine["join_code"] == game.join_code and mine["archived"] is False
    assert mine["players"] == 4 and mine["scenario_id"] and mine["language"] == "nl"
    assert mine["events"] == game.state(game.f)["seq"]
    assert before - 1 <= mine["created_at"] <= mine["last_activity_at"] <= time.time() + 1
    client.delete(game.url(f"players/{game.players[0]['player_id']}"), headers=game.f)
    again = next(s for s in client.get("/api/sessions", headers=KEY).json() if s["id"] == game.id)
    assert again["players"] == 3, "a removed player is not counted"


def _writes(game: Game) -> list[tuple[str, str, dict[str, str], dict[str, Any] | None]]:
    """One of each kind of change, with who may make it: every one must be refused."""
    agreement = {k: "x" for k in ("what", "who", "when", "monitor", "fallback", "review")}
    collision = {"roles": ["wijkagent", "wijkteam"], "logic": "network"}
    player = game.players[1]["player_id"]
    return [
        ("POST", "phase", game.f, {"action": "advance", "from_phase": "r1-prep"}),
        ("POST", "phase", game.f, {"action": "pause"}),
        ("POST", "seats/auto", game.f, None),
        ("PUT", f"seats/{player}", game.f, {"role_id": "wijkteam"}),
        ("POST", "notes", game.p(0), {"text": "Nog iets"}),
        ("POST", "agreements", game.p(0), agreement),
        ("POST", "reflections", game.p(0), {"text": "Later"}),
        ("POST", "collisions", game.o, collision),
        ("POST", "messages", game.f, {"text": "Pauze"}),
        ("POST", "hands", game.p(0), None),
        ("DELETE", f"players/{player}", game.f, None),
        ("PUT", "screen", game.f, {"show": "join"}),
    ]


def test_an_archived_session_refuses_every_write_until_unarchived(client: TestClient) -> None:
    game = _played(client)
    archived = client.post(f"/api/sessions/{game.id}/archive", headers=KEY)
    assert archived.status_code == 200 and archived.json()["archived"] is True
    seq = game.state(game.f)["seq"]
    for method, tail, headers, body in _writes(game):
        answer = client.request(method, game.url(tail), json=body, headers=headers)
        assert answer.status_code == 409, (tail, answer.text)
        assert "archived" in answer.json()["detail"], tail
    client.cookies.clear()
    late = client.post("/api/join", json={"join_code": game.join_code, "name": "Laat"})
    assert late.status_code == 409 and "archived" in late.json()["detail"]
    client.cookies.set(f"cl_s_{game.id}", game.facilitator)
    form = client.post(
        f"/s/{game.id}/f/phase",
        data={"action": "pause", "from_phase": "r1-prep"},
        headers=SAME | {"x-csrf-token": token_for(game.facilitator)},
    )
    assert form.status_code == 409 and "archived" in form.json()["detail"]
    client.cookies.clear()
    assert game.state(game.f)["seq"] == seq, "nothing was written"
    for params in ({"format": "json"}, {"format": "csv", "table": "collisions"}):
        assert client.get(game.url("export"), params=params, headers=game.f).status_code == 200
    assert client.get(game.url("debrief"), headers=game.o).status_code == 200
    assert game.state(game.p(0))["me"]["role_id"]
    assert game.socket_frames(game.facilitator, after=seq - 1)[0]["seq"] == seq

    body = {"archived": False}
    reopened = client.post(f"/api/sessions/{game.id}/archive", json=body, headers=KEY)
    assert reopened.status_code == 200 and reopened.json()["archived"] is False
    assert client.post(game.url("notes"), json={"text": "Verder"}, headers=game.p(0)).is_success
    game.join("Weer open")


def test_archiving_twice_is_harmless_and_unknown_sessions_are_404(client: TestClient) -> None:
    game = new_game(client, players=0)
    for _ in range(2):
        assert client.post(f"/api/sessions/{game.id}/archive", headers=KEY).status_code == 200
    assert client.post("/api/sessions/nope/archive", headers=KEY).status_code == 404
    assert client.delete("/api/sessions/nope", headers=KEY).status_code == 404
    odd = client.post(f"/api/sessions/{game.id}/archive", json={"archived": "later"}, headers=KEY)
    assert odd.status_code == 422


def _due_at(client: TestClient, session_id: str) -> float | None:
    engines = client.app.state.runtime.ctx.engines  # type: ignore[attr-defined]
    with Session(engines.read) as db:
        row = db.get(DueTimer, session_id)
        return row.due_at if row else None


def test_an_archived_session_keeps_its_timers_still(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    game = new_game(client, players=2)
    injects = client.get(game.url("injects"), headers=game.f).json()
    timed = next(i for i in injects if i["trigger"] == "timed")
    game.advance_to(timed["phase_id"])
    due = _due_at(client, game.id)
    assert due is not None
    client.post(f"/api/sessions/{game.id}/archive", headers=KEY)
    assert _due_at(client, game.id) is None
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    runtime.ctx.clock = lambda: due + 1
    assert client.portal is not None
    assert client.portal.call(scheduler.fire_due, runtime.ctx) == 0
    with runtime.ctx.engines.writing(), Session(runtime.ctx.engines.write) as db:
        repo.set_due(db, game.id, due)  # as if archived between the scheduler's look and its move
        db.commit()
    caplog.clear()  # only the pass below is under test, whatever logging an earlier test set up
    with caplog.at_level(logging.ERROR):
        assert client.portal.call(scheduler.fire_due, runtime.ctx) == 1
    assert not caplog.records, "an archived session is passed over quietly"
    runtime.ctx.clock = time.time  # not due yet: the app's own scheduler leaves it alone
    client.post(f"/api/sessions/{game.id}/archive", json={"archived": False}, headers=KEY)
    assert _due_at(client, game.id) == due
    runtime.ctx.clock = lambda: due + 1
    client.portal.call(scheduler.fire_due, runtime.ctx)  # unless the app's own scheduler was first
    listing = client.get(game.url("injects"), headers=game.f).json()
    assert next(i for i in listing if i["id"] == timed["id"])["released"]


def test_deleting_leaves_no_row_and_ends_every_way_in(client: TestClient) -> None:
    game = _played(client)
    other = new_game(client, players=1)
    seat_code = game.state(game.f)["session"]["seat_codes"]["wijkteam"]
    assert all(_rows_of(client, game.id)[t] for t in ("game_session", "principal", "event"))
    with client.websocket_connect(game.url("events")) as socket:
        socket.send_text(json.dumps({"token": game.players[0]["token"], "after": 0}))
        socket.receive_json()
        deleted = client.delete(f"/api/sessions/{game.id}", headers=KEY)
        assert deleted.status_code == 204 and deleted.content == b""
        with pytest.raises(WebSocketDisconnect) as closed:
            while True:
                socket.receive_json()
    assert closed.value.code == 4404
    assert set(_rows_of(client, game.id).values()) == {0}
    assert _rows_of(client, other.id)["event"] > 0, "another session keeps its rows"
    for token in (game.facilitator, game.observer, game.players[1]["token"]):
        assert client.get(game.url("state"), headers=bearer(token)).status_code == 401
    client.cookies.clear()
    for code in (game.join_code, seat_code):
        assert client.post("/api/join", json={"join_code": code, "name": "X"}).status_code == 404
    assert game.id not in {s["id"] for s in client.get("/api/sessions", headers=KEY).json()}
    assert client.delete(f"/api/sessions/{game.id}", headers=KEY).status_code == 404
    assert other.state(other.f)["seq"] > 0
