"""``/metrics``: off by default, the loopback's or a token's, and a scrape that parses as the
Prometheus text format and counts what was played through the real app."""

from __future__ import annotations

import math
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app
from tests.api.game import bearer, new_game
from tests.realtime.sockets import open_feed, open_page

LOOPBACK = ("127.0.0.1", 50000)
ELSEWHERE = ("203.0.113.7", 50000)
TOKEN = "metrics-token-0123456789abcdef"
SAMPLE = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)")
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
Samples = dict[str, list[tuple[dict[str, str], float]]]


def _app(settings: Settings, client: tuple[str, int], **changes: object) -> TestClient:
    return TestClient(create_app(Settings(**(settings.model_dump() | changes))), client=client)


@pytest.fixture
def scraper(settings: Settings) -> Iterator[TestClient]:
    with _app(settings, LOOPBACK, metrics=True) as client:
        yield client


def parse(text: str) -> tuple[dict[str, str], Samples]:
    """The families' types, and each sample by name; fails on any line out of the format."""
    types: dict[str, str] = {}
    samples: Samples = defaultdict(list)
    assert text.endswith("\n")
    for line in text.splitlines():
        if line.startswith("# HELP "):
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in ("counter", "gauge", "histogram"), line
            assert name not in types, f"{name} typed twice"
            types[name] = kind
            continue
        found = SAMPLE.fullmatch(line)
        assert found is not None, line
        name, labels, value = found.groups()
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
        assert family in types, f"{name} has no TYPE line before it"
        samples[name].append((dict(LABEL.findall(labels or "")), float(value)))
    return types, samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return next(v for found, v in samples[name] if labels.items() <= found.items())


def test_off_unless_asked_for(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 404


def test_only_the_loopback_without_a_token(settings: Settings) -> None:
    with _app(settings, ELSEWHERE, metrics=True) as client:
        answer = client.get("/metrics")
        assert answer.status_code == 403 and "CL_METRICS_TOKEN" in answer.json()["detail"]


@pytest.mark.parametrize(
    "header",
    [
        {"x-forwarded-for": "203.0.113.7"},
        {"forwarded": "for=203.0.113.7"},
        {"x-real-ip": "203.0.113.7"},
    ],
)
def test_a_request_through_a_proxy_on_this_host_is_no_local_scraper(
    settings: Settings, header: dict[str, str]
) -> None:
    with _app(settings, LOOPBACK, metrics=True) as client:
        assert client.get("/metrics").status_code == 200
        assert client.get("/metrics", headers=header).status_code == 403


def test_with_a_token_only_its_holders_from_anywhere(settings: Settings) -> None:
    for where in (ELSEWHERE, LOOPBACK):
        with _app(settings, where, metrics=True, metrics_token=TOKEN) as client:
            assert client.get("/metrics").status_code == 401
            wrong = client.get("/metrics", headers=bearer(TOKEN[:-1] + "x"))
            assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
            assert client.get("/metrics", headers=bearer(TOKEN)).status_code == 200


def test_a_short_token_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 24"):
        Settings(metrics=True, metrics_token="short")


def test_a_scrape_after_some_play(scraper: TestClient) -> None:
    game = new_game(scraper, players=5)
    for _ in range(3):
        game.advance()
    refused = scraper.post(
        game.url("phase"), json={"action": "advance", "from_phase": "lobby"}, headers=game.f
    )
    assert refused.status_code == 409
    with ExitStack() as stack:
        open_page(stack, game, game.players[0]["token"])
        open_page(stack, game, game.players[1]["token"])
        open_page(stack, game, game.facilitator, screen=True)
        open_feed(stack, game, game.observer)
        answer = scraper.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    types, samples = parse(answer.text)
    assert types == {
        "cl_worker_info": "gauge",
        "cl_sockets": "gauge",
        "cl_live_sessions": "gauge",
        "cl_command_duration_seconds": "histogram",
        "cl_broadcast_lag_seconds": "histogram",
        "cl_broadcast_probe_failures_total": "counter",
        "cl_event_loop_lag_seconds": "histogram",
    }
    assert value(samples, "cl_sockets", kind="player", client="page") == 2
    assert value(samples, "cl_sockets", kind="screen", client="page") == 1
    assert value(samples, "cl_sockets", kind="observer", client="api") == 1
    assert value(samples, "cl_sockets", kind="facilitator", client="page") == 0
    assert len(samples["cl_sockets"]) == 8, "every kind and client, zeros included"
    assert value(samples, "cl_live_sessions") == 1
    assert value(samples, "cl_command_duration_seconds_count", command="Advance") == 4
    assert value(samples, "cl_command_duration_seconds_count", command="AutoSeat") == 1
    _check_histogram(samples, "cl_command_duration_seconds", command="Advance")
    assert scraper.get("/metrics").text.count('kind="player",client="page"} 0') == 1, "closed"


def test_the_samplers_fill_their_histograms(scraper: TestClient) -> None:
    """The loop sampler naps half a second, the broadcast probe goes at once: wait for both."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        _, samples = parse(scraper.get("/metrics").text)
        if value(samples, "cl_event_loop_lag_seconds_count") >= 1:
            break
        time.sleep(0.1)
    assert value(samples, "cl_event_loop_lag_seconds_count") >= 1
    assert value(samples, "cl_broadcast_lag_seconds_count") >= 1
    assert value(samples, "cl_broadcast_probe_failures_total") == 0
    for name in ("cl_event_loop_lag_seconds", "cl_broadcast_lag_seconds"):
        _check_histogram(samples, name)


def _check_histogram(samples: Samples, name: str, **labels: str) -> None:
    buckets = [
        (float(found["le"]), v)
        for found, v in samples[f"{name}_bucket"]
        if labels.items() <= found.items()
    ]
    bounds = [b for b, _ in buckets]
    assert bounds == sorted(bounds) and math.isinf(bounds[-1])
    counts = [c for _, c in buckets]
    assert counts == sorted(counts), "cumulative"
    assert counts[-1] == value(samples, f"{name}_count", **labels) >= 1
    assert value(samples, f"{name}_sum", **labels) >= 0
