"""Fan-out: each audience rendered once, private frames withheld, slow sockets dropped."""

from __future__ import annotations

import asyncio
import json

from app.engine import commands as cmd
from app.engine.decide import run
from app.realtime.connection import GONE, QUEUE_SIZE, TOO_SLOW, Connection
from app.realtime.fanout import fan_out, json_frame
from tests.engine.factories import T0, session_at


async def _nothing(payload: str) -> None:
    return None


def _connection(kind: str, player_id: str | None = None, language: str = "nl") -> Connection:
    return Connection("s", kind, player_id, language, 0, _nothing, json_frame)  # type: ignore[arg-type]


async def test_each_audience_is_rendered_once() -> None:
    state = session_at("r1-meeting", players=10)
    players = [_connection("player", p.id) for p in state.players]
    staff = [
        _connection("facilitator"),
        _connection("observer"),
        _connection("observer", None, "en"),
    ]
    state, records = run(state, cmd.Advance(), cmd.FACILITATOR_ACTOR, T0 + 60)
    renders = fan_out(state, records[0], players + staff)
    assert renders == 5 + 3  # five roles, facilitator, observer in nl and in en
    frames = [c.pending()[0] for c in players]
    assert len({payload for _seq, payload in frames}) == 1  # a phase change reads the same for all


async def test_a_note_frame_reaches_only_the_duo() -> None:
    state = session_at("r1-meeting", players=10)
    writer = state.players[0]
    connections = {p.id: _connection("player", p.id) for p in state.players}
    staff = _connection("facilitator")
    state, records = run(state, cmd.AddNote("alleen wij"), cmd.Actor("player", writer.id), T0 + 9)
    fan_out(state, records[0], [*connections.values(), staff])
    for player in state.players:
        seq, payload = connections[player.id].pending()[0]
        assert seq == records[0].seq, "every socket still learns the seq moved"
        assert (payload is not None) is (player.role_id == writer.role_id)
        if payload is not None:
            assert json.loads(payload)["data"]["text"] == "alleen wij"
    assert staff.pending()[0][1] is None


async def test_a_stalled_socket_is_dropped_without_blocking_the_others() -> None:
    state = session_at("r1-meeting", players=2)
    stalled, healthy = _connection("facilitator"), _connection("observer")
    for _ in range(QUEUE_SIZE + 5):
        state, records = run(state, cmd.Pause(), cmd.FACILITATOR_ACTOR, T0 + 1)
        fan_out(state, records[0], [stalled, healthy])
        await healthy.next()  # the healthy socket keeps up
        state, records = run(state, cmd.Resume(), cmd.FACILITATOR_ACTOR, T0 + 2)
        fan_out(state, records[0], [stalled, healthy])
        await healthy.next()
    assert stalled.closed and stalled.close_code == TOO_SLOW
    assert not healthy.closed
    await asyncio.sleep(0)


async def test_a_removed_player_is_told_to_go() -> None:
    state = session_at("r1-meeting", players=2)
    ghost = _connection("player", "p99")
    state, records = run(state, cmd.Advance(), cmd.FACILITATOR_ACTOR, T0 + 5)
    fan_out(state, records[0], [ghost])
    assert ghost.closed and ghost.close_code == GONE
