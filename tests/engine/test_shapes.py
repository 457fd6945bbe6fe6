"""Engine: the wire types describe the real shapes, key by key and value by value.

The types are ``TypedDict``s, which mypy checks where pages read them but nothing checks where
``shapes.record`` builds them from a dataclass's fields; so every snapshot, frame and debrief of
two scripted games is held here to its type, for every audience and with and without a zone.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from datetime import timedelta, timezone, tzinfo
from functools import cache
from typing import (
    Any,
    Literal,
    NotRequired,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

import pytest

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine import shapes, state
from app.engine.debrief import Debrief, debrief
from app.engine.snapshot import Snapshot, snapshot
from app.engine.views import Audience, Frame, PhaseNews, frame
from tests.engine.factories import (
    ROLE_IDS,
    SPEC,
    T0,
    TIMED_INJECT,
    TIMED_INJECT_AFTER_S,
    Game,
    game_at,
)
from tests.engine.games import busy_game, full_game

AUDIENCES = (
    Audience("facilitator"),
    Audience("observer"),
    Audience("screen"),
    Audience("player", None),
    *(Audience("player", role_id) for role_id in ROLE_IDS),
    Audience("player", ROLE_IDS[0], mirror=True),
)
ZONES = (None, timezone(timedelta(hours=2)))


@cache
def _games() -> tuple[Game, ...]:
    return full_game(), busy_game()


def _fits(value: object, hint: Any) -> bool:
    """Whether ``value`` has the shape ``hint`` describes, down to every leaf."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return True
    if origin in (Union, types.UnionType):
        return any(_fits(value, arg) for arg in args)
    if origin in (Literal, NotRequired):
        return value in args if origin is Literal else _fits(value, args[0])
    if is_typeddict(hint):
        # Not ``__required_keys__``: with postponed annotations Python 3.11 counts every key
        fields = get_type_hints(hint, include_extras=True)
        required = {k for k, t in fields.items() if get_origin(t) is not NotRequired}
        return (
            isinstance(value, dict)
            and required <= value.keys() <= fields.keys()
            and all(_fits(v, fields[k]) for k, v in value.items())
        )
    if origin is list:
        return isinstance(value, list) and all(_fits(v, args[0]) for v in value)
    if origin in (dict, Mapping):
        return isinstance(value, origin) and all(
            _fits(k, args[0]) and _fits(v, args[1]) for k, v in value.items()
        )
    if hint is float:
        return isinstance(value, int | float)
    return isinstance(value, hint)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_snapshot_fits_its_type(audience: Audience, zone: tzinfo | None) -> None:
    for game in _games():
        view = snapshot(game.state, audience, {"kind": audience.kind}, "nl", {"p1"}, zone)
        assert _fits(view, Snapshot)


def _data_type(event: ev.Event) -> Any:
    """The shape a frame's data has for ``event``: the frame's type leaves it at a mapping."""
    if isinstance(event, ev.PhaseEvent):
        return PhaseNews
    return shapes.DocumentView if isinstance(event, ev.DocumentReleased) else Mapping[str, Any]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_frame_fits_its_type(audience: Audience) -> None:
    for game in _games():
        for record in game.log:
            shown = frame(game.state, audience, record, "nl")
            assert shown is None or _fits(shown, Frame), record
            assert shown is None or _fits(shown["data"], _data_type(record.event)), record


@pytest.mark.parametrize("zone", ZONES)
def test_every_debrief_fits_its_type(zone: tzinfo | None) -> None:
    for game in _games():
        assert _fits(debrief(game.state, game.log, "nl", zone), Debrief)


@pytest.mark.parametrize(
    ("kind", "shape"),
    [
        (state.Collision, shapes.CollisionRecord),
        (state.Note, shapes.NoteRecord),
        (state.Agreement, shapes.AgreementRecord),
        (state.Reflection, shapes.ReflectionRecord),
        (state.Message, shapes.MessageRecord),
    ],
)
def test_a_record_type_names_its_dataclass_fields_in_order(kind: type, shape: type) -> None:
    assert list(get_type_hints(shape)) == [f.name for f in dataclasses.fields(kind)]


def test_the_shapes_tell_a_wrong_shape_apart() -> None:
    """The check above would pass anything if ``_fits`` did: here it must say no."""
    view = snapshot(busy_game().state, Audience("observer"), {"kind": "observer"}, "nl")
    assert not _fits({**view, "stray": 1}, Snapshot)
    assert not _fits({k: v for k, v in view.items() if k != "phase"}, Snapshot)
    assert not _fits({**view, "seq": "1"}, Snapshot)
    assert not _fits({**view, "players": [{"id": "p1"}]}, Snapshot)


def test_an_inject_shows_whether_it_is_out_and_when_a_timed_one_falls_due() -> None:
    game = game_at("r2-meeting", players=5)
    document = SPEC.document(TIMED_INJECT)
    assert document is not None
    pending = shapes.inject(game.state, document, "en")
    assert _fits(pending, shapes.InjectView)
    assert pending["title"] == f"<<doc-title:{TIMED_INJECT}:en>>"
    assert (pending["released"], pending["due_at"]) == (
        False,
        shapes.iso(T0 + TIMED_INJECT_AFTER_S),
    )
    game.run(cmd.ReleaseInject(TIMED_INJECT), now=T0 + 1)
    assert shapes.inject(game.state, document, "en") == pending | {"released": True, "due_at": None}
