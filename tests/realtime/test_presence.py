"""Presence across workers: announcements add up, and a silent worker is forgotten."""

from __future__ import annotations

from app.realtime.presence import STALE_S, Presence


def test_announcements_from_other_workers_add_up() -> None:
    presence = Presence("me")
    assert presence.heard("other", frozenset({"p1", "p2"}), now=0.0) is True
    assert presence.heard("other", frozenset({"p1", "p2"}), now=1.0) is False
    assert presence.heard("me", frozenset({"p9"}), now=1.0) is False, "my own echo is ignored"
    assert presence.everyone(frozenset({"p3"})) == {"p1", "p2", "p3"}


def test_a_worker_that_stops_announcing_is_forgotten() -> None:
    presence = Presence("me")
    presence.heard("dead", frozenset({"p1"}), now=0.0)
    presence.heard("alive", frozenset({"p2"}), now=STALE_S)
    assert presence.expire(now=STALE_S + 1) is True
    assert presence.everyone(frozenset()) == {"p2"}
    assert presence.expire(now=STALE_S + 2) is False
