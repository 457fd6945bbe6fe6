"""The exports: complete, parseable, private notes kept private, names optionally replaced."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.api.game import Game, new_game

HEAD = {"session_id", "round", "phase_id", "role_id", "at"}


def _played(client: TestClient) -> Game:
    game = new_game(client, players=10, prefix="Deelnemer")
    roles = [r["id"] for r in game.state(game.f)["roles"]]
    game.advance_to("r1-meeting")
    client.post(game.url("notes"), json={"text": "Alleen voor ons duo"}, headers=game.p(0))
    for a, b, logic, star in (
        (0, 1, "professional", True),
        (0, 2, "network", False),
        (3, 4, "professional", False),
    ):
        body = {"roles": [roles[a], roles[b]], "logic": logic, "note": f"{a}-{b}", "starred": star}
        client.post(game.url("collisions"), json=body, headers=game.o)
    client.post(
        game.url("agreements"),
        json={"what": "Bellen", "who": "Wijkagent", "when": "Nu"},
        headers=game.p(1),
    )
    game.advance_to("r1-reflection")
    client.post(game.url("reflections"), json={"text": "Leerzaam"}, headers=game.p(2))
    return game


def test_json_keeps_the_log_but_not_the_duos_words(client: TestClient) -> None:
    game = _played(client)
    record = client.get(game.url("export"), headers=game.f).json()
    notes = [e for e in record["events"] if e["type"] == "note.added"]
    assert len(notes) == 1 and notes[0]["data"]["text"] == ""
    assert "Alleen voor ons duo" not in json.dumps(record)
    assert {"round", "phase_id", "at"} <= set(record["events"][0])
    assert len(record["tables"]["collisions"]) == 3


@pytest.mark.parametrize("table", ["collisions", "agreements", "reflections", "events"])
def test_each_csv_has_a_header_with_round_phase_role_and_time(
    client: TestClient, table: str
) -> None:
    game = _played(client)
    answer = client.get(
        game.url("export"), params={"format": "csv", "table": table}, headers=game.f
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert rows and set(rows[0]) >= HEAD
    assert all(row["session_id"] == game.id for row in rows)


def test_xlsx_has_a_sheet_per_table(client: TestClient) -> None:
    game = _played(client)
    answer = client.get(game.url("export"), params={"format": "xlsx"}, headers=game.f)
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["collisions", "agreements", "reflections", "events"]
    for sheet in book.worksheets:
        header = {cell.value for cell in next(sheet.iter_rows(max_row=1))}
        assert header >= HEAD, sheet.title


def test_pseudonymised_exports_name_nobody(client: TestClient) -> None:
    game = _played(client)
    names = [p["name"] for p in game.players]
    for fmt in ("json", "csv", "xlsx"):
        params = {"format": fmt, "table": "events", "pseudonymise": "true"}
        body = client.get(game.url("export"), params=params, headers=game.f).content
        text = (
            body.decode("utf-8", "replace")
            if fmt != "xlsx"
            else str(
                [
                    c.value
                    for s in load_workbook(io.BytesIO(body)).worksheets
                    for row in s.iter_rows()
                    for c in row
                ]
            )
        )
        assert not any(name in text for name in names), fmt
        assert "Speler 1" in text or (fmt == "csv" and "Speler" in text)


def test_the_report_and_its_pdf(client: TestClient) -> None:
    game = _played(client)
    html = client.get(game.url("export"), params={"format": "html"}, headers=game.f)
    assert html.status_code == 200 and "<svg" in html.text and 'class="heatmap"' in html.text
    pdf = client.get(game.url("export"), params={"format": "pdf"}, headers=game.f)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.content.rstrip().endswith(b"%%EOF")


def test_the_debrief_equals_counts_taken_from_the_log(client: TestClient) -> None:
    """A whole game, then every debrief figure recomputed from the raw event log."""
    game = _played(client)
    roles = [r["id"] for r in game.state(game.f)["roles"]]
    cid = game.state(game.f)["collisions"][1]["id"]
    client.patch(game.url(f"collisions/{cid}"), json={"logic": "organisational"}, headers=game.o)
    first = game.state(game.f)["collisions"][0]["id"]
    client.delete(game.url(f"collisions/{first}"), headers=game.o)
    game.advance_to("closed")
    debrief = client.get(game.url("debrief"), headers=game.f).json()
    log = client.get(game.url("export"), headers=game.f).json()["events"]
    alive: dict[str, dict[str, object]] = {}
    for event in log:
        data = event["data"]
        if event["type"] in ("collision.logged", "collision.edited"):
            alive[data["collision_id"]] = data
        elif event["type"] == "collision.deleted":
            alive.pop(data["collision_id"])
    by_logic = Counter(str(c["logic"]) for c in alive.values())
    assert debrief["by_logic"] == {k: by_logic.get(k, 0) for k in debrief["by_logic"]}
    pairs: Counter[tuple[str, str]] = Counter()
    for c in alive.values():
        found = list(c["roles"])  # type: ignore[call-overload]
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                pairs[(a, b)] += 1
                pairs[(b, a)] += 1
    assert all(debrief["matrix"][a][b] == pairs[(a, b)] for a in roles for b in roles)
    counted = Counter(e["type"] for e in log)
    assert len(debrief["agreements"]) == counted["agreement.added"]
    assert len(debrief["reflections"]) == counted["reflection.added"]
    assert len(debrief["collisions"]) == len(alive)
    phases = [e for e in debrief["timeline"] if e["type"] == "phase.changed"]
    assert len(phases) == counted["phase.changed"]
