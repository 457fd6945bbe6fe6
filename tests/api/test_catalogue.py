"""The public catalogue: health and the installed scenarios."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_answers_ok(client: TestClient) -> None:
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_exactly_one_scenario_is_the_default(client: TestClient) -> None:
    scenarios = client.get("/api/scenarios").json()
    assert [s["default"] for s in scenarios].count(True) == 1
    for scenario in scenarios:
        assert {"id", "title", "default", "languages", "roles", "phases"} <= set(scenario)
        assert "nl" in scenario["languages"]


def test_default_scenario_has_three_rounds_each_prepared_then_met_then_reflected(
    client: TestClient,
) -> None:
    default = next(s for s in client.get("/api/scenarios").json() if s["default"])
    phases = default["phases"]
    kinds = {"lobby", "preparation", "meeting", "reflection", "debrief", "closed"}
    assert all(p["kind"] in kinds for p in phases)
    meetings = [p for p in phases if p["kind"] == "meeting"]
    assert [(m["round"], m["logic"]) for m in meetings] == [
        (1, "professional"),
        (2, "network"),
        (3, "organisational"),
    ]
    for meeting in meetings:
        before = phases[phases.index(meeting) - 1]
        assert before["kind"] == "preparation" and before["round"] == meeting["round"]
    assert any(p["kind"] == "reflection" for p in phases)
    first_round = phases.index(next(p for p in phases if p["round"] == 1))
    assert all(p["round"] == 0 for p in phases[:first_round])
    last_round = max(i for i, p in enumerate(phases) if p["round"] == 3)
    assert all(p["round"] is None for p in phases[last_round + 1 :])
    assert len(default["roles"]) == 5


def test_security_headers_forbid_inline_script(client: TestClient) -> None:
    answer = client.get("/healthz")
    csp = answer.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert answer.headers["x-content-type-options"] == "nosniff"
