"""The debrief's downloads (issue 6): the PDF, the XLSX, the JSON and each CSV, as the
facilitator gets them from the buttons; and the same with names replaced by pseudonyms."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.async_api import Page, expect

from tests.browser.harness import GameApi, Laptops
from tests.browser.played_game import NAMES, PlayedGame, play_to_the_debrief
from tests.browser.player_page import ui_text

pytestmark = pytest.mark.browser

TABLES = ("collisions", "agreements", "reflections", "events")
FIRST_COLUMNS = ("session_id", "round", "phase_id", "role_id", "at")


EXPORT_WAIT_MS = 90_000
"""Well inside the pool's own 120 s limit per export, well above a PDF on a loaded machine."""


async def _download(page: Page, target: str) -> tuple[str, bytes]:
    """Click the export button that posts to ``…/export/<target>``; answer the file's
    suggested name and its bytes. Buttons are found by where they lead, not by their
    (translated) wording."""
    form = page.locator("form.export")
    # Exports render in worker processes at a lower priority than the room's live traffic, so
    # on a busy machine a PDF may take a while: wait for the file itself, not for the click.
    async with page.expect_download(timeout=EXPORT_WAIT_MS) as started:
        await form.locator(f'button[formaction$="/export/{target}"]').click(no_wait_after=True)
    download = await started.value
    assert await download.failure() is None
    path = await download.path()
    return download.suggested_filename, await asyncio.to_thread(Path(path).read_bytes)


def _pdf_pages(data: bytes) -> int:
    """How many pages the PDF has, without a PDF library: its object streams are deflated, so
    look in the file and in every stream that inflates."""
    assert data.startswith(b"%PDF-"), data[:20]
    assert data.rstrip().endswith(b"%%EOF")
    parts = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue  # an image or a font, not deflated objects
    objects = b"\n".join(parts)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", objects))
    counted = re.search(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", objects, re.DOTALL)
    assert counted is not None and int(counted.group(1)) == pages, "the page tree agrees"
    return pages


def _xlsx_sheets(data: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


async def _all_downloads(page: Page) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for target in ("pdf", "xlsx", "json", *(f"csv/{t}" for t in TABLES)):
        name, data = await _download(page, target)
        files[name] = data
    return files


def _check(files: dict[str, bytes], played: PlayedGame) -> dict[str, list[list[Any]]]:
    sid = played.game.id
    assert set(files) == {
        f"report-{sid}.pdf",
        f"session-{sid}.xlsx",
        f"session-{sid}.json",
        *(f"{t}-{sid}.csv" for t in TABLES),
    }
    assert _pdf_pages(files[f"report-{sid}.pdf"]) >= 1

    sheets = _xlsx_sheets(files[f"session-{sid}.xlsx"])
    assert list(sheets) == list(TABLES)
    for name, rows in sheets.items():
        assert set(FIRST_COLUMNS) <= set(rows[0]), f"{name}: {rows[0]}"
        assert all(row[0] == sid for row in rows[1:]), f"{name}: every row says its session"
    collisions = sheets["collisions"]
    header = collisions[0]
    assert sorted(row[header.index("collision_id")] for row in collisions[1:]) == sorted(
        c["id"] for c in played.collisions
    )
    assert len(sheets["agreements"]) == 2 and len(sheets["reflections"]) == 2

    record = json.loads(files[f"session-{sid}.json"])
    assert record["session"]["id"] == sid
    assert set(record["tables"]) == {"collisions", "agreements", "reflections"}
    assert len(record["tables"]["collisions"]) == len(played.collisions)
    assert [e["seq"] for e in record["events"]] == sorted(e["seq"] for e in record["events"])

    for table in TABLES:
        rows = _csv_rows(files[f"{table}-{sid}.csv"])
        assert rows[0] == [str(c) for c in sheets[table][0]], f"{table}: the same header"
        assert len(rows) == len(sheets[table]), f"{table}: the same rows as the sheet"
    return sheets


def _text_of(files: dict[str, bytes]) -> str:
    """Everything readable in the files but the PDF (whose text is in subset fonts)."""
    text = []
    for name, data in files.items():
        if name.endswith(".xlsx"):
            for rows in _xlsx_sheets(data).values():
                text += [str(value) for row in rows for value in row if value is not None]
        elif not name.endswith(".pdf"):
            text.append(data.decode("utf-8"))
    return "\n".join(text)


async def test_every_export_downloads_and_reads(laptops: Laptops, game_api: GameApi) -> None:
    played = await play_to_the_debrief(game_api)
    game = played.game
    facilitator = await laptops.signed_in(game.id, game.facilitator_token, "facilitator")
    page = await facilitator.open(f"/s/{game.id}/debrief")

    files = await _all_downloads(page)
    sheets = _check(files, played)
    events = sheets["events"]
    joined = [row for row in events[1:] if row[events[0].index("type")] == "player.joined"]
    assert [row[events[0].index("player")] for row in joined] == NAMES, "real names, unasked"

    # The printable report opens as a page of its own.
    async with page.expect_navigation(timeout=EXPORT_WAIT_MS):
        report_button = page.get_by_role("button", name=ui_text("Printable report", "nl"))
        await report_button.click(no_wait_after=True)
    assert re.search(rf"/s/{re.escape(game.id)}/report\??$", page.url), page.url
    await expect(page.locator("svg.heatmap")).to_be_visible()


async def test_pseudonymised_exports_hold_no_real_names(
    laptops: Laptops, game_api: GameApi
) -> None:
    played = await play_to_the_debrief(game_api)
    game = played.game
    facilitator = await laptops.signed_in(game.id, game.facilitator_token, "facilitator")
    page = await facilitator.open(f"/s/{game.id}/debrief")
    await page.locator('form.export input[name="pseudonymise"]').check()

    files = await _all_downloads(page)
    sheets = _check(files, played)
    text = _text_of(files)
    for name in NAMES:
        for part in name.split():
            assert part not in text, f"a pseudonymised export holds {part!r} (of {name})"
    events = sheets["events"]
    joined = [row for row in events[1:] if row[events[0].index("type")] == "player.joined"]
    assert [row[events[0].index("player")] for row in joined] == [
        f"Speler {n}" for n in range(1, len(NAMES) + 1)
    ]

    # The PDF is the printable report; its text is checked there, in HTML.
    async with page.expect_navigation(timeout=EXPORT_WAIT_MS):
        report_button = page.get_by_role("button", name=ui_text("Printable report", "nl"))
        await report_button.click(no_wait_after=True)
    assert page.url.endswith(f"/s/{game.id}/report?pseudonymise=true")
    report = await page.content()
    for name in NAMES:
        assert name not in report, f"the pseudonymised report names {name}"
    assert "Speler 1" in report
