"""Fixtures for browser tests: one real server and one Chromium for the run, laptops per test.

All browser tests and their async fixtures run on the session's event loop (the Chromium
fixture lives there), which the hook below arranges for every test under tests/browser; a test
only asks for fixtures:

    async def test_something(laptops: Laptops, game_api: GameApi) -> None:
        game = await game_api.new_game(players=5)
        sam = await laptops.new("Sam")
        await sam.sign_in(game.id, game.players[0].token)
        page = await sam.new_page()
        await page.goto(f"/s/{game.id}")
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Generator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright
from pytest_asyncio import is_async_test

from tests.browser.harness import (
    ORGANISER_KEY,
    SERVER_ENV,
    GameApi,
    Laptops,
    Screenshots,
    launch_chromium,
    problem_report,
)
from tests.e2e.server import ServerProcess

BROWSER_TESTS = Path(__file__).resolve().parent
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


def _is_browser_test(item: pytest.Item) -> bool:
    return BROWSER_TESTS in Path(item.path).resolve().parents


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    session_loop = pytest.mark.asyncio(loop_scope="session")
    # A real browser on a loaded 2-core machine sometimes loses a race with a live push; one
    # retry keeps CI honest about real failures (a test that fails twice still fails).
    retry = pytest.mark.flaky(reruns=1, reruns_delay=1)
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
            item.add_marker(retry)
            if is_async_test(item):
                item.add_marker(session_loop, append=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report, so the laptops fixture knows whether the test failed."""
    report = yield
    if _is_browser_test(item):
        item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """``python -m app serve`` in a child process on SQLite, for the whole run; tests stay
    independent by each opening their own game sessions. ``live_server.base`` is its URL."""
    data_dir = tmp_path_factory.mktemp("browser-server")
    server = ServerProcess(data_dir, SERVER_ENV)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def chromium() -> AsyncIterator[Browser]:
    """Debian's headless Chromium, once per run (skipped without it, failed in CI)."""
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright)
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``CL_SCREENSHOT_DIR`` when set, else ``screenshots/`` in pytest's temporary folder."""
    configured = os.environ.get("CL_SCREENSHOT_DIR")
    folder = Path(configured) if configured else tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest_asyncio.fixture(loop_scope="session")
async def laptops(
    chromium: Browser,
    live_server: ServerProcess,
    screenshot_dir: Path,
    request: pytest.FixtureRequest,
) -> AsyncIterator[Laptops]:
    """``await laptops.new(name, device=LAPTOP | TABLET, language=None, **context_options)``.

    At teardown every laptop is closed; the test then fails if any laptop saw a console error,
    a page error, a failed request or an HTTP answer >= 400 that it did not ``allow``. When the
    test itself failed, every open page is first photographed to ``<screenshot_dir>/failures``.
    """
    fleet = Laptops(chromium, live_server.base)
    yield fleet
    call = request.node.stash.get(_REPORTS, {}).get("call")
    shots = None
    if call is not None and call.failed:
        shots = screenshot_dir / "failures" / _safe(request.node.name)
    problems = await fleet.close(failure_shots=shots)
    if problems:
        pytest.fail(problem_report(problems), pytrace=False)


@pytest_asyncio.fixture(loop_scope="session")
async def game_api(live_server: ServerProcess) -> AsyncIterator[GameApi]:
    """The JSON API as organiser: ``game = await game_api.new_game(players=10)``."""
    async with GameApi(live_server.base, ORGANISER_KEY) as api:
        yield api


@pytest.fixture
def screenshots(screenshot_dir: Path, request: pytest.FixtureRequest) -> Screenshots:
    """``await screenshots.take(page, "label")`` -> ``<screenshot_dir>/<test>-label.png``."""
    return Screenshots(screenshot_dir, _safe(request.node.name))


STAFF_SCREENSHOT_DIR = Path("/tmp/cl-staff-screenshots")


@pytest.fixture
def staff_screenshots(request: pytest.FixtureRequest) -> Screenshots:
    """Like ``screenshots``, for the staff's pages (panel, projector, observer, debrief, seat
    cards): in ``CL_SCREENSHOT_DIR`` when set, else in /tmp/cl-staff-screenshots, so a person
    finds them in one place after the run."""
    configured = os.environ.get("CL_SCREENSHOT_DIR")
    folder = Path(configured) if configured else STAFF_SCREENSHOT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return Screenshots(folder, _safe(request.node.name))
