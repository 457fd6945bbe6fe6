"""Engine: every event survives encode/decode, also through JSON, as the same value."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest

from app.engine import events as ev
from tests.engine.games import full_game

TIMER: dict[str, Any] = {
    "phase_id": "r1-meeting",
    "started_at": 1000.5,
    "budget_s": 1200.0,
    "deadline": 2200.5,
    "paused": False,
    "remaining_s": None,
}
PAUSED = TIMER | {"paused": True, "remaining_s": 640.25}

SAMPLES: list[ev.Event] = [
    ev.SessionCreated(scenario_id="lindendal", language="nl"),
    ev.PlayerJoined(player_id="p1", name="Anna de Vries"),
    ev.SeatAssigned(player_id="p1", role_id="wijkagent"),
    ev.PhaseChanged(**TIMER, direction="advance"),
    ev.PhaseChanged(**TIMER | {"budget_s": None, "deadline": None}, direction="back"),
    ev.PhasePaused(**PAUSED),
    ev.PhaseResumed(**TIMER),
    ev.PhaseExtended(**PAUSED, seconds=120),
    ev.DocumentReleased(document_id="case-r1", by="phase"),
    ev.CollisionLogged(
        collision_id="c1",
        roles=("wijkagent", "leerplicht", "wijkteam"),
        logic="network",
        note="ze botsen",
        starred=True,
        designed_id="dc-2",
        phase_id="r2-meeting",
        round=2,
        by="observer",
    ),
    ev.CollisionLogged(
        collision_id="c2",
        roles=("wijkagent", "leerplicht"),
        logic="professional",
        note="",
        starred=False,
        designed_id=None,
        phase_id="debrief",
        round=None,
        by="facilitator",
    ),
    ev.NoteAdded(note_id="n1", player_id="p2", role_id="wijkagent", text="één notitie"),
    ev.AgreementAdded(
        agreement_id="a1",
        what="bellen",
        who="wijkagent",
        when="morgen",
        monitor="",
        fallback="plan b",
        review="vrijdag",
        by="p2",
        role_id="wijkagent",
        phase_id="r1-meeting",
    ),
    ev.ReflectionAdded(
        reflection_id="r1",
        player_id="p3",
        role_id=None,
        phase_id="r1-reflection",
        question_id="q-r1",
        text="geleerd",
    ),
    ev.MessageSent(message_id="m1", text="Nog vijf minuten", role_id=None),
    ev.HandRaised(player_id="p2", role_id="wijkagent"),
    ev.HandLowered(player_id="p2", role_id="wijkagent", by="facilitator"),
    ev.PlayerRemoved(player_id="p4"),
    ev.PlayerRemoved(player_id="p5", left=True),
    ev.JoiningChanged(open=False),
    ev.VerdictRecorded(need_id="order", verdict="met", comment="helder plan"),
    ev.ScreenChanged(show="question", question_id="q-r2"),
    ev.CollisionEdited(
        collision_id="c1",
        roles=("wijkagent", "wijkteam"),
        logic="network",
        note="scherper",
        starred=True,
        designed_id=None,
        by="observer",
    ),
    ev.CollisionDeleted(collision_id="c2", by="observer"),
    ev.AgreementReviewed(agreement_id="a1", outcome="changed"),
]


def test_samples_cover_every_event_type() -> None:
    assert {type(e) for e in SAMPLES} == set(ev.EVENT_TYPES.values())
    assert {e.type for e in SAMPLES} == set(ev.EVENT_TYPES)


@pytest.mark.parametrize("event", SAMPLES, ids=lambda e: e.type)
def test_encode_decode_round_trip(event: ev.Event) -> None:
    assert ev.decode(event.type, ev.encode(event)) == event


@pytest.mark.parametrize("event", SAMPLES, ids=lambda e: e.type)
def test_round_trip_through_json(event: ev.Event) -> None:
    data = json.loads(json.dumps(ev.encode(event)))
    decoded = ev.decode(event.type, data)
    assert decoded == event
    assert type(decoded) is type(event)


def test_encoded_data_is_plain_json_without_the_type() -> None:
    collision = next(e for e in SAMPLES if isinstance(e, ev.CollisionLogged))
    data = ev.encode(collision)
    assert "type" not in data
    assert data["roles"] == ["wijkagent", "leerplicht", "wijkteam"]
    decoded = ev.decode(collision.type, data)
    assert isinstance(decoded, ev.CollisionLogged)
    assert decoded.roles == ("wijkagent", "leerplicht", "wijkteam")


def test_type_names_are_unique_and_dotted() -> None:
    assert len(ev.EVENT_TYPES) == len(set(ev.EVENT_TYPES.values())) == len(get_args(ev.Event))
    assert all("." in name for name in ev.EVENT_TYPES)


def test_every_kind_of_event_is_one_the_log_knows() -> None:
    kinds: set[type[ev.BaseEvent]] = set()
    bases = [ev.BaseEvent]
    while bases:
        children = bases.pop().__subclasses__()
        bases += children
        kinds |= {c for c in children if not c.__subclasses__()}
    assert kinds == set(ev.EVENT_TYPES.values())


def test_every_event_of_a_played_game_round_trips() -> None:
    log = full_game().log
    assert {type(r.event) for r in log} == set(ev.EVENT_TYPES.values())
    for record in log:
        data = json.loads(json.dumps(ev.encode(record.event)))
        assert ev.decode(record.event.type, data) == record.event
