"""A backup taken while a game is being played, restored as an operator would.

One real server plays two sessions; while players of one of them keep posting notes, the
operator runs ``colliding-logics backup``. The backup is restored into an empty data folder and
a fresh server is started on it: each session's log is complete up to its last seq and equal to
the live log up to there, the quiet session lost nothing, and the old links and key still work.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2

from tests.e2e.bots import KEY, Table, open_table, play_phase, wait_for
from tests.e2e.server import ServerProcess

WRITES_MAX = 1_000


def _environment(data_dir: Path) -> dict[str, str]:
    """The operator's shell: no CL_* from the test run, the data folder, nothing else."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("CL_")}
    return kept | {"CL_DATA_DIR": str(data_dir)}


def _command(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=_environment(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def _command_async(*args: str, data_dir: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app",
        *args,
        env=_environment(data_dir),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def _keep_writing(table: Table, posted: list[int]) -> None:
    """Notes from every player in turn (each player's own write limit stays unspent)."""
    for number in range(WRITES_MAX):
        player = table.players[number % len(table.players)]
        answer = await table.client().post(
            f"/api/sessions/{table.sid}/notes",
            json={"text": f"tijdens de back-up {number}"},
            headers=player["headers"],
        )
        if answer.status_code == 201:
            posted.append(number)
        await asyncio.sleep(0.01)


async def _play_until_the_first_meeting(table: Table) -> None:
    while True:
        phase = await table.advance()
        await play_phase(table, phase)
        if phase["kind"] == "meeting":
            return


async def _log(http: httpx2.AsyncClient, table: Table) -> list[dict[str, Any]]:
    answer = await http.get(f"/api/sessions/{table.sid}/export", headers=table.facilitator)
    assert answer.status_code == 200, answer.text
    return list(answer.json()["events"])


async def test_a_backup_taken_mid_game_restores_every_session(tmp_path: Path) -> None:
    live, kept, restored = tmp_path / "live", tmp_path / "backup", tmp_path / "restored"
    live.mkdir(mode=0o700)
    (live / "organiser.key").write_text(KEY + "\n")  # as a first start leaves it
    (live / "organiser.key").chmod(0o600)
    server = ServerProcess(live, {"CL_ORGANISER_KEY": ""})
    server.start()
    try:
        async with httpx2.AsyncClient(base_url=server.base, timeout=15) as http:
            busy, quiet = await open_table([http], players=10), await open_table([http], 10)
            for table in (busy, quiet):
                await _play_until_the_first_meeting(table)
            quiet_seq = (await quiet.state())["seq"]
            posted: list[int] = []
            writer = asyncio.create_task(_keep_writing(busy, posted))
            await wait_for(lambda: len(posted) >= 5)
            before, written_before = (await busy.state())["seq"], len(posted)
            code, output = await _command_async("backup", str(kept), data_dir=live)
            written_during = len(posted) - written_before
            after = (await busy.state())["seq"]
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            assert code == 0, output
            assert written_during > 0, "the server was writing while the backup ran"
            live_logs = {t.sid: await _log(http, t) for t in (busy, quiet)}
    finally:
        server.stop()

    manifest = json.loads((kept / "manifest.json").read_text())
    assert manifest["organiser_key"] == "included"
    answer = _command("restore", str(kept), data_dir=restored)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "restored 2 session(s)" in answer.stdout
    assert (restored / "organiser.key").read_text().strip() == KEY

    again = ServerProcess(restored, {"CL_ORGANISER_KEY": ""})
    again.start()
    try:
        async with httpx2.AsyncClient(base_url=again.base, timeout=15) as http:
            seqs = {}
            for table in (busy, quiet):
                state = await http.get(
                    f"/api/sessions/{table.sid}/state", headers=table.facilitator
                )
                assert state.status_code == 200, "an old facilitator link still signs in"
                seqs[table.sid] = state.json()["seq"]
                log = await _log(http, table)
                assert [e["seq"] for e in log] == list(range(1, seqs[table.sid] + 1))
                assert log == live_logs[table.sid][: len(log)], "the live log up to the backup"
            player = busy.players[0]["headers"]
            mine = await http.get(f"/api/sessions/{busy.sid}/state", headers=player)
            assert mine.status_code == 200
            opened = await http.post(
                "/api/sessions",
                json={"scenario_id": "lindendal"},
                headers={"Authorization": f"Bearer {KEY}"},
            )
            assert opened.status_code == 201, "the organiser key came back with the database"
    finally:
        again.stop()
    assert seqs[quiet.sid] == quiet_seq
    assert before <= seqs[busy.sid] <= after
    assert manifest["events"] == sum(seqs.values())
