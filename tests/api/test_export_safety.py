"""Exports under attack: player text never becomes a spreadsheet formula, no character in the
log makes an export fail, and no more than two exports render at once."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session

from app.db import repository as repo
from app.db.tables import EventRow
from app.engine import events as ev
from app.services.export_pool import RETRY_AFTER_S, ExportFailed, ExportPool
from app.web.pages.debrief import files as exports_web
from tests.api.game import Game, new_game

FORMULAS = ('=HYPERLINK("http://x"&A1,"klik")', "+1", "-1+1", "@SUM(1)")
BEHIND_A_SEPARATOR = ("Bellen;=1+1", "Wijkteam,@SUM(1)")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FIELDS = ("what", "who", "when", "monitor", "fallback", "review")
NASTY = (
    *(f"c{code:02x}{chr(code)}x" for code in range(32)),
    "\x00",
    "\x7f\x85\x9f",
    "\ud800",
    "lone \udfff low",
    "half an emoji \ud83d",
    "\u202eevorppa\u202c and \u2066isolated\u2069",
    "\ufffe\uffff",
    "z" * 10_000,
    "=" + "q " * 5_000,
    "\U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f525",
    '"quoted", with, commas\nand a line',
    "<script>alert(1)</script>&amp;",
    "#N/A",
    "{{ 7 * 7 }}",
)


def _runtime(client: TestClient) -> Any:
    return client.app.state.runtime  # type: ignore[attr-defined]


def _old_data(game: Game, *events: ev.Event) -> None:
    """Write events straight into the log, as a session from before the input checks holds
    them. The JSON is escaped, so that even a lone surrogate fits in the database."""
    engines = _runtime(game.client).ctx.engines
    with engines.writing(), Session(engines.write) as db:
        row = repo.lock_session(db, game.id)
        assert row is not None
        for event in events:
            row.last_seq += 1
            data = json.dumps(ev.encode(event))
            db.add(
                EventRow(
                    session_id=game.id,
                    seq=row.last_seq,
                    type=event.type,
                    at=time.time(),
                    actor="old",
                    data=data,
                )
            )
        db.add(row)
        db.commit()


def _export(game: Game, **params: str) -> Any:
    answer = game.client.get(game.url("export"), params=params, headers=game.f)
    assert answer.status_code == 200, (params, answer.text[:300])
    return answer


def _cells(body: bytes) -> Iterator[Any]:
    for sheet in load_workbook(io.BytesIO(body)).worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_formulas_in_player_text_stay_text_in_csv_and_xlsx(client: TestClient) -> None:
    game = new_game(client, players=5)
    game.advance_to("r1-meeting")
    typed = dict(zip(FIELDS, (*FORMULAS, *BEHIND_A_SEPARATOR), strict=True))
    assert client.post(game.url("agreements"), json=typed, headers=game.p(0)).status_code == 201
    old = {
        "what": "\t=1",
        "who": "\r=1",
        "when": "=1+1",
        "monitor": "",
        "fallback": "",
        "review": "",
    }
    _old_data(
        game,
        ev.AgreementAdded("a-old", **old, by="facilitator", role_id=None, phase_id="r1-meeting"),
        ev.PlayerJoined("p90", "Bel\x07 Boer"),
    )
    wanted = [[typed.get(f, "") for f in FIELDS], [old[f] for f in FIELDS]]
    seen = [["'" + text if text.startswith(TRIGGERS) else text for text in row] for row in wanted]

    written = _export(game, format="csv", table="agreements").text
    rows = list(csv.DictReader(io.StringIO(written, newline="")))
    assert [[row[f] for f in FIELDS] for row in rows] == seen
    assert all(f'"{text}"' in written for text in BEHIND_A_SEPARATOR)

    body = _export(game, format="xlsx").content
    assert not [c.coordinate for c in _cells(body) if c.data_type == "f"]
    book = load_workbook(io.BytesIO(body))
    sheet = book["agreements"]
    columns = [c.value for c in sheet[1]]
    cells = [[sheet.cell(row=r, column=columns.index(f) + 1) for f in FIELDS] for r in (2, 3)]
    in_xml = [[text.replace("\r", "\n") for text in row] for row in seen]
    assert [[c.value or "" for c in row] for row in cells] == in_xml
    assert all(c.data_type == "s" for row in cells for c in row if c.value)
    events = book["events"]
    header = [c.value for c in events[1]]
    joined = [r for r in events.iter_rows(min_row=2, values_only=True) if r[6] == "player.joined"]
    assert joined[-1][header.index("player")] == "Bel\ufffd Boer"
    assert all(isinstance(r[header.index("seq")], int) for r in joined)


def test_no_text_in_the_log_makes_an_export_fail(client: TestClient) -> None:
    game = new_game(client, players=5)
    game.advance_to("r1-meeting")
    roles = [r["id"] for r in game.state(game.f)["roles"]]
    player = game.players[0]["player_id"]
    _old_data(
        game,
        *(ev.PlayerJoined(f"p{70 + i}", text) for i, text in enumerate(NASTY)),
        *(
            ev.AgreementAdded(
                f"a{i}",
                **dict.fromkeys(FIELDS, text),
                by="facilitator",
                role_id=None,
                phase_id="r1-meeting",
            )
            for i, text in enumerate(NASTY)
        ),
        *(
            ev.ReflectionAdded(f"r{i}", player, roles[0], "r1-meeting", None, text)
            for i, text in enumerate(NASTY)
        ),
        *(
            ev.CollisionLogged(
                f"c{i}", tuple(roles[:2]), "network", text, True, None, "r1-meeting", 1, "observer"
            )
            for i, text in enumerate(NASTY)
        ),
        *(ev.MessageSent(f"m{i}", text, None) for i, text in enumerate(NASTY)),
    )
    for pseudonymise in ("false", "true"):
        record = json.loads(_export(game, pseudonymise=pseudonymise).content)
        assert len(record["tables"]["agreements"]) == len(NASTY)
        for table in ("collisions", "agreements", "reflections", "events"):
            text = _export(game, format="csv", table=table, pseudonymise=pseudonymise).text
            assert len(list(csv.reader(io.StringIO(text)))) > len(NASTY)
        body = _export(game, format="xlsx", pseudonymise=pseudonymise).content
        assert not [c.coordinate for c in _cells(body) if c.data_type == "f"]
        assert "<svg" in _export(game, format="html", pseudonymise=pseudonymise).text
        assert _export(game, format="pdf", pseudonymise=pseudonymise).content.startswith(b"%PDF")
    agreements = json.loads(_export(game).content)["tables"]["agreements"]
    assert agreements[NASTY.index("\ud800")]["what"] == "\ufffd"
    assert agreements[NASTY.index("z" * 10_000)]["what"] == "z" * 10_000


def _threads(workers: int, module: str) -> Executor:
    return ThreadPoolExecutor(workers)


class HeldRenders:
    """Stands in for ``render``: every call waits for ``release`` and counts how many run."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.running = 0
        self.most = 0
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, *args: Any) -> exports_web.File:
        with self._lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        self.release.wait(30)
        with self._lock:
            self.running -= 1
        return exports_web.File(b"{}", "application/json", "held.json")

    def wait_for(self, calls: int) -> None:
        for _ in range(600):
            if self.calls >= calls:
                return
            time.sleep(0.05)
        raise AssertionError(f"{calls} renders never started")


@pytest.fixture
def held(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> HeldRenders:
    renders = HeldRenders()
    monkeypatch.setattr(exports_web, "render", renders)
    return renders


def _wait_until_queued(pool: ExportPool, count: int) -> None:
    for _ in range(600):
        if pool.queued >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{count} exports never queued")


def test_two_exports_render_at_once_a_third_waits_and_a_full_queue_gets_429(
    client: TestClient, held: HeldRenders
) -> None:
    game = new_game(client, players=2)
    pool = ExportPool(workers=2, waiting=1, executor=_threads)
    _runtime(client).exports = pool
    with ThreadPoolExecutor(3) as requests:
        answers = [requests.submit(client.get, game.url("export"), headers=game.f)]
        answers.append(requests.submit(client.get, game.url("export"), headers=game.f))
        held.wait_for(2)
        answers.append(requests.submit(client.get, game.url("export"), headers=game.f))
        _wait_until_queued(pool, 1)
        refused = client.get(game.url("export"), params={"format": "pdf"}, headers=game.f)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == str(RETRY_AFTER_S)
        assert "busy" in refused.json()["detail"]
        assert held.calls == 2 and not any(a.done() for a in answers)
        held.release.set()
        assert [a.result().status_code for a in answers] == [200, 200, 200]
    assert held.calls == 3 and held.most == 2


def test_an_export_that_waits_too_long_gets_429(client: TestClient, held: HeldRenders) -> None:
    game = new_game(client, players=2)
    _runtime(client).exports = ExportPool(workers=2, wait_s=0.2, executor=_threads)
    with ThreadPoolExecutor(2) as requests:
        answers = [requests.submit(client.get, game.url("export"), headers=game.f) for _ in "ab"]
        held.wait_for(2)
        late = client.get(game.url("export"), params={"format": "xlsx"}, headers=game.f)
        assert late.status_code == 429 and late.headers["retry-after"] == str(RETRY_AFTER_S)
        held.release.set()
        assert [a.result().status_code for a in answers] == [200, 200]
    assert held.calls == 2


def test_three_pdfs_at_once_all_arrive(client: TestClient) -> None:
    game = new_game(client, players=5)
    with ThreadPoolExecutor(3) as requests:
        answers = [
            requests.submit(
                client.get, game.url("export"), params={"format": "pdf"}, headers=game.f
            )
            for _ in range(3)
        ]
        bodies = [a.result() for a in answers]
    assert [b.status_code for b in bodies] == [200, 200, 200]
    assert all(b.content.startswith(b"%PDF") for b in bodies)


def test_without_weasyprint_the_pdf_is_a_503_and_the_rest_still_works(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    game = new_game(client, players=2)
    _runtime(client).exports = ExportPool(executor=_threads)
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    missing = client.get(game.url("export"), params={"format": "pdf"}, headers=game.f)
    assert missing.status_code == 503 and "WeasyPrint" in missing.json()["detail"]
    assert _export(game, format="html").text.startswith("<!")


async def test_a_worker_that_dies_fails_its_export_and_the_next_gets_a_fresh_one() -> None:
    pool = ExportPool()
    try:
        with pytest.raises(ExportFailed):
            await pool.run(os._exit, 3)
        assert await pool.run(len, "fresh") == 5
    finally:
        await pool.close()


async def test_an_export_past_its_time_limit_is_stopped_and_the_next_one_runs() -> None:
    pool = ExportPool(limit_s=0.5)
    try:
        with pytest.raises(ExportFailed, match="stopped"):
            await pool.run(time.sleep, 60)
        assert await pool.run(len, "fresh") == 5
    finally:
        await pool.close()
