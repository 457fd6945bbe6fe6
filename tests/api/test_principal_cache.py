"""Services: the principal cache never keeps a revoked token or a deleted session's alive."""

from __future__ import annotations

from app.services.principals import TTL_S, PrincipalCache, Who

WHO = Who("s1", "player", "p1")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_lookup_that_finishes_after_the_revocation_is_not_remembered() -> None:
    cache = PrincipalCache()
    cache.forget("h1")  # revoked while a request was still reading the row
    cache.put("h1", WHO)  # ...which then finishes
    assert cache.get("h1") is None


def test_a_deleted_sessions_tokens_are_never_remembered_again() -> None:
    cache = PrincipalCache()
    cache.put("h1", WHO)
    cache.forget_session("s1")
    assert cache.get("h1") is None
    cache.put("h2", Who("s1", "facilitator"))
    assert cache.get("h2") is None
    cache.put("h3", Who("s2", "observer"))
    assert cache.get("h3") == Who("s2", "observer")


def test_a_remembered_token_is_asked_again_after_the_ttl() -> None:
    clock = Clock()
    cache = PrincipalCache(clock=clock)
    cache.put("h1", WHO)
    clock.now += TTL_S - 1
    assert cache.get("h1") == WHO
    clock.now += 2
    assert cache.get("h1") is None, "a lost revocation broadcast cannot outlive the TTL"


def test_the_cache_stays_bounded() -> None:
    cache = PrincipalCache(capacity=3)
    for n in range(5):
        cache.put(f"h{n}", WHO)
    assert [cache.get(f"h{n}") for n in range(5)] == [None, None, WHO, WHO, WHO]
