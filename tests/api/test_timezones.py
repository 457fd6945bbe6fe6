"""The session's time zone: chosen when it opens (Europe/Amsterdam unless told otherwise), kept in
its log, and the zone every time in its report and exports is shown in, with its offset or
name; the API itself keeps speaking UTC."""

from __future__ import annotations

import csv
import io
import json
import re
import zoneinfo
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import text

from app.services import zones
from app.settings import Settings
from app.web.app import create_app
from tests.api.game import Game, bearer, new_game
from tests.conftest import ORGANISER_KEY

MAY = datetime.fromisoformat("2025-05-06T12:05:01+00:00").timestamp()
"""Summer time in Amsterdam (+02:00); 17:35 in Kolkata (+05:30)."""
SAME_ORIGIN = {"origin": "http://testserver"}


@pytest.fixture
def fixed(settings: Settings) -> Iterator[TestClient]:
    """The real app, with a clock that stands still on ``MAY``."""
    with TestClient(create_app(settings, clock=lambda: MAY)) as client:
        yield client


def _played(client: TestClient, timezone: str | None = None) -> Game:
    game = (
        new_game(client, players=5, language="en", timezone=timezone)
        if timezone
        else new_game(client, players=5, language="en")  # the organiser chose no zone
    )
    game.advance_to("r1-meeting")
    roles = [r["id"] for r in game.state(game.f)["roles"]]
    logged = client.post(
        game.url("collisions"),
        json={"roles": roles[:2], "logic": "network", "note": "n"},
        headers=game.o,
    )
    assert logged.status_code == 201, logged.text
    return game


def _export(game: Game, **params: str) -> str:
    answer = game.client.get(game.url("export"), params=params, headers=game.f)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_by_default_the_record_speaks_amsterdam_time_and_the_api_utc(fixed: TestClient) -> None:
    game = _played(fixed)
    record = json.loads(_export(game))
    assert record["session"]["timezone"] == "Europe/Amsterdam"
    amsterdam = "2025-05-06T14:05:01.000+02:00"
    assert {e["at"] for e in record["events"]} == {amsterdam}
    assert record["exported_at"] == amsterdam
    assert record["tables"]["collisions"][0]["at"] == amsterdam
    assert {e["at"] for e in record["debrief"]["timeline"]} == {amsterdam}
    assert record["debrief"]["collisions"][0]["at"] == amsterdam
    assert record["state"]["phase"]["started_at"] == amsterdam
    assert {d["released_at"] for d in record["state"]["documents"]} == {amsterdam}
    utc = "2025-05-06T12:05:01.000Z"
    assert game.state(game.f)["phase"]["started_at"] == utc, "the API is unchanged"
    debrief = fixed.get(game.url("debrief"), headers=game.f).json()
    assert {e["at"] for e in debrief["timeline"]} == {utc}


def test_a_chosen_zone_in_every_format(fixed: TestClient) -> None:
    game = _played(fixed, timezone="Asia/Kolkata")
    kolkata = "2025-05-06T17:35:01.000+05:30"
    for table in ("collisions", "events"):
        rows = list(csv.DictReader(io.StringIO(_export(game, format="csv", table=table))))
        assert rows and {row["at"] for row in rows} == {kolkata}, table
    answer = fixed.get(game.url("export"), params={"format": "xlsx"}, headers=game.f)
    sheet = load_workbook(io.BytesIO(answer.content))["events"]
    header = [cell.value for cell in sheet[1]]
    times = {row[header.index("at")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert times == {kolkata}
    report = _export(game, format="html")
    assert "exported 2025-05-06 17:35 (Asia/Kolkata, UTC+05:30)" in report
    assert "Times in Asia/Kolkata." in report
    stamps = re.findall(r"<time datetime=\"([^\"]+)\" data-local>([^<]+)</time>", report)
    assert stamps and set(stamps) == {(kolkata, "17:35")}, "no time says UTC"


def test_the_session_page_writes_utc_for_browsers_to_localise(fixed: TestClient) -> None:
    game = _played(fixed, timezone="Asia/Kolkata")
    fixed.cookies.set(f"cl_s_{game.id}", game.facilitator)
    page = fixed.get(f"/s/{game.id}/debrief")
    fixed.cookies.clear()
    assert page.status_code == 200
    assert '<time datetime="2025-05-06T12:05:01.000Z" data-local>12:05 UTC</time>' in page.text


@pytest.mark.parametrize(
    "name", ["Mars/Olympus_Mons", "localtime", "right/UTC", "posixrules", "../etc/passwd", ""]
)
def test_a_zone_that_is_no_place_is_refused(client: TestClient, name: str) -> None:
    answer = client.post(
        "/api/sessions",
        json={"scenario_id": "lindendal", "timezone": name},
        headers=bearer(ORGANISER_KEY),
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "timezone"]


def test_the_organisers_form_offers_the_zones_and_keeps_the_choice(fixed: TestClient) -> None:
    assert fixed.post("/api/auth/signin", headers=bearer(ORGANISER_KEY)).status_code == 200
    page = fixed.get("/organiser").text
    assert 'name="timezone" value="Europe/Amsterdam"' in page
    assert '<option value="America/New_York">' in page and "localtime" not in page
    form = {"scenario_id": "lindendal", "language": "en", "timezone": "Nowhere/Else"}
    refused = fixed.post("/organiser/sessions", data=form, headers=SAME_ORIGIN)
    assert refused.status_code == 422 and "timezone" in refused.json()["detail"]
    form["timezone"] = "America/New_York"
    opened = fixed.post("/organiser/sessions", data=form, headers=SAME_ORIGIN)
    assert opened.status_code == 201
    fixed.cookies.clear()
    found = re.search(r'href="/s/([\w-]+)".*?/enter#([\w-]+)<', opened.text, re.DOTALL)
    assert found is not None
    sid, facilitator = found.groups()
    record = fixed.get(f"/api/sessions/{sid}/export", headers=bearer(facilitator)).json()
    assert record["session"]["timezone"] == "America/New_York"
    assert record["events"][0]["at"] == "2025-05-06T08:05:01.000-04:00"


def test_an_older_log_without_a_zone_shows_amsterdam_time(fixed: TestClient) -> None:
    game = _played(fixed, timezone="Asia/Kolkata")
    runtime = fixed.app.state.runtime  # type: ignore[attr-defined]
    with runtime.ctx.engines.write.begin() as db:
        data = json.loads(
            db.execute(
                text("SELECT data FROM event WHERE session_id = :s AND seq = 1"), {"s": game.id}
            ).scalar_one()
        )
        del data["timezone"]  # as every log written before the choice existed
        db.execute(
            text("UPDATE event SET data = :d WHERE session_id = :s AND seq = 1"),
            {"d": json.dumps(data), "s": game.id},
        )
    runtime.ctx.states.forget(game.id)
    record = json.loads(_export(game))
    assert record["session"]["timezone"] == "Europe/Amsterdam"
    assert record["events"][-1]["at"] == "2025-05-06T14:05:01.000+02:00"


def test_the_answer_names_the_zone(client: TestClient) -> None:
    for body, zone in (({}, "Europe/Amsterdam"), ({"timezone": "UTC"}, "UTC")):
        answer = client.post(
            "/api/sessions",
            json={"scenario_id": "lindendal", **body},
            headers=bearer(ORGANISER_KEY),
        )
        assert answer.status_code == 201 and answer.json()["timezone"] == zone


@pytest.fixture
def no_zone_data() -> Iterator[None]:
    """A machine without the system's zone data (nor the tzdata package)."""
    zoneinfo.reset_tzpath(to=[])
    zoneinfo.ZoneInfo.clear_cache()
    yield
    zoneinfo.reset_tzpath()
    zoneinfo.ZoneInfo.clear_cache()


def test_without_zone_data_a_session_opens_and_its_record_says_utc(
    client: TestClient, no_zone_data: None
) -> None:
    """Exports render in worker processes, which keep their zone data: the record's side is
    checked where it is decided."""
    try:
        zoneinfo.ZoneInfo("Europe/Amsterdam")
    except zoneinfo.ZoneInfoNotFoundError:
        pass
    else:
        pytest.skip("the tzdata package is installed: zone data is always there")
    opened = client.post(
        "/api/sessions", json={"scenario_id": "lindendal"}, headers=bearer(ORGANISER_KEY)
    )
    assert opened.status_code == 201 and opened.json()["timezone"] == "Europe/Amsterdam"
    refused = client.post(
        "/api/sessions",
        json={"scenario_id": "lindendal", "timezone": "Asia/Kolkata"},
        headers=bearer(ORGANISER_KEY),
    )
    assert refused.status_code == 422, "only the default is taken on trust"
    where = zones.zone("Europe/Amsterdam")
    assert str(where) == "UTC"
    assert zones.stamp(MAY, where) == "2025-05-06 12:05 (UTC, UTC+00:00)"
