"""The browser-test harness: laptops in Chromium, a game over the JSON API, axe and screenshots.

Every laptop is its own ``BrowserContext`` (its own cookies, like a separate machine at the
table) and records what must never happen on a screen: console errors, uncaught page errors,
failed requests and HTTP answers of 400 or more. The ``laptops`` fixture (conftest.py) fails the
test at teardown when a laptop recorded one that the test did not explicitly allow.

The pages run under the app's real Content-Security-Policy (``script-src 'self'``); nothing here
bypasses it, so a CSP violation shows up as a console error like any other. axe-core is
injected in a way that CSP does not govern; see ``axe_check``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from http.cookiejar import Cookie, CookieJar, DefaultCookiePolicy
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self
from urllib.request import Request as UrllibRequest

import httpx2
import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Response,
    ViewportSize,
    WebError,
)
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Request as PlaywrightRequest

HERE = Path(__file__).resolve().parent
AXE_PATH = HERE / "vendor" / "axe-core" / "axe.min.js"

CHROMIUM_PATH = Path(os.environ.get("CL_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

ORGANISER_KEY = "browser-organiser-key-0123456789"
SERVER_ENV = {
    "CL_ORGANISER_KEY": ORGANISER_KEY,
    "CL_DATABASE_URL": "",  # empty: SQLite in the data dir
    "CL_BROADCAST_URL": "memory://",
    "CL_PUBLIC_URL": "",
    "CL_SECURE_COOKIES": "false",
}
"""How the browser tests run a server (``ServerProcess(data_dir, SERVER_ENV)``): the run's
``live_server``, and any a test runs itself to kill and restart."""
SESSION_COOKIE_PREFIX = "cl_s_"
ORGANISER_COOKIE = "cl_organiser"
LANGUAGE_COOKIE = "cl_lang"

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")
DEFAULT_TIMEOUT_MS = 10_000

ProblemKind = Literal["console", "pageerror", "requestfailed", "http"]


# --- Chromium -------------------------------------------------------------------------------


def require_chromium() -> None:
    """Skip without Debian's Chromium; in CI (``CI`` set) fail instead: never skip there."""
    if CHROMIUM_PATH.exists():
        return
    message = (
        f"browser tests need Debian's Chromium at {CHROMIUM_PATH} "
        "(apt-get install chromium; Playwright's own browser download does not work here)"
    )
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must run the browser tests", pytrace=False)
    pytest.skip(message)


async def launch_chromium(playwright: Playwright) -> Browser:
    require_chromium()
    return await playwright.chromium.launch(
        executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
    )


@dataclass(frozen=True)
class Device:
    """The screen a laptop has; each test table mixes laptops and the odd tablet."""

    viewport: ViewportSize
    is_mobile: bool = False
    has_touch: bool = False
    device_scale_factor: float = 1


LAPTOP = Device({"width": 1366, "height": 768})
TABLET = Device({"width": 820, "height": 1180}, is_mobile=False, has_touch=True)


# --- What must not happen on a screen ------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    url: str
    """The resource concerned (a request, a script's location) or else the page."""
    detail: str
    status: int | None = None
    laptop: str = ""

    def __str__(self) -> str:
        status = f" {self.status}" if self.status is not None else ""
        return f"[{self.laptop}] {self.kind}{status} {self.url}: {self.detail}"


@dataclass(frozen=True)
class Allowance:
    """A problem a test provokes on purpose: every given criterion must match.

    ``url`` and ``text`` are regular expressions searched in the problem's URL and detail.
    """

    url: str | None = None
    status: int | None = None
    text: str | None = None
    kind: ProblemKind | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.url is None and self.text is None:
            raise ValueError("an allowance needs a url or a text pattern")

    def allows(self, problem: Problem) -> bool:
        return (
            (self.kind is None or problem.kind == self.kind)
            and (self.url is None or re.search(self.url, problem.url) is not None)
            and (self.status is None or problem.status == self.status)
            and (self.text is None or re.search(self.text, problem.detail) is not None)
        )


KNOWN_APP_ISSUES: tuple[Allowance, ...] = ()
"""Problems of the app itself that every laptop tolerates until they are fixed: keep each one
paired with a strict xfail test that starts failing when the fix lands. Empty is the goal."""

# "Failed to load resource: the server responded with a status of 404 (Not Found)"
_LOAD_FAILED = re.compile(r"Failed to load resource: the server responded with a status of (\d+)")


class Laptop:
    """One participant's machine: its own browser context, cookies and problem record."""

    def __init__(self, name: str, context: BrowserContext, base_url: str) -> None:
        self.name = name
        self.context = context
        self.base_url = base_url
        self.problems: list[Problem] = []
        self.allowances: list[Allowance] = list(KNOWN_APP_ISSUES)
        self.recording = True
        context.on("console", self._on_console)
        context.on("weberror", self._on_page_error)
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)

    # recording

    def _record(self, kind: ProblemKind, url: str, detail: str, status: int | None = None) -> None:
        if self.recording:
            self.problems.append(Problem(kind, url, detail, status, self.name))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type not in ("error", "assert"):
            return
        where = message.location.get("url") or (message.page.url if message.page else "")
        loaded = _LOAD_FAILED.search(message.text)
        self._record("console", where, message.text, int(loaded.group(1)) if loaded else None)

    def _on_page_error(self, error: WebError) -> None:
        where = error.page.url if error.page else ""
        stack = (error.error.stack or "").strip()
        detail = stack if stack else f"{error.error.name}: {error.error.message}"
        self._record("pageerror", where, detail)

    def _on_request_failed(self, request: PlaywrightRequest) -> None:
        failure = request.failure or "unknown failure"
        # Chromium says ERR_ABORTED for requests the page itself gave up: a navigation away, a
        # closed page, an AbortController. That is no fault of the server or the page; refused
        # connections, resets and CSP blocks are kept.
        if "net::ERR_ABORTED" in failure:
            return
        self._record("requestfailed", request.url, f"{request.method} {failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            detail = f"{response.request.method} answered {response.status} {response.status_text}"
            self._record("http", response.url, detail, response.status)

    def allow(
        self,
        *,
        url: str | None = None,
        status: int | None = None,
        text: str | None = None,
        kind: ProblemKind | None = None,
        reason: str = "",
    ) -> None:
        """Expect a problem: e.g. ``allow(url=r"/api/auth/signin$", status=401)`` also covers
        the console's "Failed to load resource … 401" for that request."""
        self.allowances.append(Allowance(url, status, text, kind, reason))

    def unexpected(self) -> list[Problem]:
        return [p for p in self.problems if not any(a.allows(p) for a in self.allowances)]

    def forget(self) -> list[Problem]:
        """Everything recorded so far, cleared: for a test that provokes problems itself."""
        recorded, self.problems = self.problems, []
        return recorded

    async def settle(self) -> None:
        """One round trip to every open page, so events it already emitted have arrived."""
        for page in self.context.pages:
            if page.is_closed():
                continue
            with contextlib.suppress(PlaywrightError):  # closed or crashed meanwhile
                await page.evaluate("() => 0")

    async def assert_clean(self) -> None:
        """Fail now if anything unexpected happened (the fixture also checks at teardown)."""
        await self.settle()
        problems = self.unexpected()
        assert not problems, problem_report(problems)

    # pages and signing in

    async def new_page(self) -> Page:
        return await self.context.new_page()

    async def open(self, path: str) -> Page:
        """A new page (tab) at ``path``, relative to the server."""
        page = await self.new_page()
        await page.goto(path)
        return page

    @property
    def pages(self) -> list[Page]:
        return self.context.pages

    async def sign_in(self, session_id: str, token: str) -> None:
        """What the server's own sign-in does: an HttpOnly, SameSite=Lax cookie on the host."""
        await self._cookie(SESSION_COOKIE_PREFIX + session_id, token)

    async def sign_in_organiser(self, key: str = ORGANISER_KEY) -> None:
        """What the organiser link does: trade the key for a sign-in cookie (never the key)."""
        answer = await self.context.request.post(
            f"{self.base_url}/api/auth/signin", headers={"Authorization": f"Bearer {key}"}
        )
        assert answer.ok, f"the organiser sign-in answered {answer.status}"

    async def enter(self, token: str, *, lands_on: str = r"/s/[A-Za-z0-9_-]+$") -> Page:
        """Open a capability link ``/enter#<token>`` and wait until its page has opened."""
        page = await self.new_page()
        await page.goto(f"/enter#{token}")
        await page.wait_for_url(re.compile(lands_on))
        return page

    async def _cookie(self, name: str, value: str, *, http_only: bool = True) -> None:
        await self.context.add_cookies(
            [
                {
                    "name": name,
                    "value": value,
                    "url": self.base_url,
                    "httpOnly": http_only,
                    "sameSite": "Lax",
                }
            ]
        )


def problem_report(problems: Sequence[Problem]) -> str:
    lines = [f"{len(problems)} unexpected browser problem(s) (console errors must not happen):"]
    lines += [f"  - {problem}" for problem in problems]
    lines.append("Allow one a test provokes on purpose with laptop.allow(url=…, status=…).")
    return "\n".join(lines)


class Laptops:
    """The factory behind the ``laptops`` fixture: ``await laptops.new("Sam", device=TABLET)``."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.all: list[Laptop] = []

    async def new(
        self,
        name: str = "",
        *,
        device: Device = LAPTOP,
        language: str | None = None,
        locale: str = "nl-NL",
        base_url: str | None = None,
        **options: Any,
    ) -> Laptop:
        """A fresh machine. ``language`` sets the app's language cookie; ``base_url`` points it
        at another server than the run's (one a test kills and restarts, say); ``options`` go
        to ``Browser.new_context`` (but never ``bypass_csp``: the pages must live under the
        CSP)."""
        if options.get("bypass_csp"):
            raise ValueError("laptops run under the app's CSP; see axe_check for injection")
        server = base_url or self.base_url
        context = await self.browser.new_context(
            base_url=server,
            viewport=device.viewport,
            is_mobile=device.is_mobile,
            has_touch=device.has_touch,
            device_scale_factor=device.device_scale_factor,
            locale=locale,
            timezone_id="Europe/Amsterdam",
            **options,
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        laptop = Laptop(name or f"laptop {len(self.all) + 1}", context, server)
        self.all.append(laptop)
        if language is not None:
            await laptop._cookie(LANGUAGE_COOKIE, language, http_only=False)
        return laptop

    async def signed_in(
        self, session_id: str, token: str, name: str = "", **options: Any
    ) -> Laptop:
        """A new laptop already holding the sign-in cookie for ``token`` in that session, e.g.
        ``await laptops.signed_in(game.id, game.players[0].token, device=TABLET)``."""
        laptop = await self.new(name, **options)
        await laptop.sign_in(session_id, token)
        return laptop

    async def close(self, failure_shots: Path | None = None) -> list[Problem]:
        """Close every laptop and answer the unexpected problems; with ``failure_shots``, first
        photograph every open page there (the test failed and someone will want to look)."""
        problems: list[Problem] = []
        for laptop in self.all:
            if failure_shots is not None:
                for index, page in enumerate(laptop.pages):
                    label = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{laptop.name}-{index + 1}")
                    with contextlib.suppress(PlaywrightError):
                        await screenshot(page, failure_shots / f"{label}.png")
            await laptop.settle()
            laptop.recording = False
            problems += laptop.unexpected()
            await laptop.context.close()
        self.all.clear()
        return problems


# --- axe-core --------------------------------------------------------------------------------


@cache
def axe_source() -> str:
    # "\n;void 0": the script's completion value must not be mistaken for a function to call.
    return AXE_PATH.read_text(encoding="utf-8") + "\n;void 0"


async def axe_check(
    page: Page, *, include: str | None = None, disable: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1, A and AA) on the page as it is now; answer its violations.

    How axe gets in, given the app's CSP ``script-src 'self'`` (tried, Chromium 156):
    ``page.add_script_tag(path=…)`` or ``(content=…)`` inserts an inline ``<script>``, which the
    CSP blocks ("Executing inline script violates … 'script-src 'self''") and which would itself
    log a console error. ``bypass_csp=True`` would work but switches the CSP off for the whole
    context, so the pages would no longer be tested as users get them. ``page.evaluate`` of the
    source runs through the DevTools protocol (``Runtime.evaluate``), which CSP does not govern
    (not even its eval rules), so axe lands in the page's own world and the CSP stays on.

    ``include`` limits the check to a CSS selector; ``disable`` switches off axe rule ids.
    """
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.evaluate(axe_source())
    options = {
        "runOnly": {"type": "tag", "values": list(WCAG_TAGS)},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in disable},
    }
    violations = await page.evaluate(
        """async ([include, options]) => {
            const result = await window.axe.run(include ?? document, options);
            return result.violations;
        }""",
        [include, options],
    )
    return list(violations)


def accessibility_report(violations: Sequence[dict[str, Any]], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url} (axe-core, WCAG 2.1 A/AA):"]
    for violation in violations:
        lines.append(
            f"- [{violation.get('impact')}] {violation['id']}: {violation['help']}"
            f" ({violation.get('helpUrl', '')})"
        )
        for node in violation.get("nodes", []):
            target = " ".join(
                " >> ".join(part) if isinstance(part, list) else str(part)
                for part in node.get("target", [])
            )
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


async def assert_accessible(
    page: Page,
    *,
    include: str | None = None,
    disable: Sequence[str] = (),
    impacts: Sequence[str] = BLOCKING_IMPACTS,
) -> list[dict[str, Any]]:
    """Fail on any serious or critical WCAG 2.1 A/AA violation; answer all violations found
    (minor and moderate ones included, for a test that wants to look at them)."""
    violations = await axe_check(page, include=include, disable=disable)
    blocking = [v for v in violations if v.get("impact") in impacts]
    if blocking:
        raise AssertionError(accessibility_report(blocking, page.url))
    return violations


# --- Screenshots -----------------------------------------------------------------------------


async def screenshot(page: Page, path: Path, *, full_page: bool = True) -> Path:
    """The whole page as a PNG at ``path``, for a person to look at."""
    path.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=path, full_page=full_page, animations="disabled", caret="hide")
    return path


@dataclass
class Screenshots:
    """The ``screenshots`` fixture: ``await screenshots.take(page, "lobby")`` writes
    ``<folder>/<test name>-lobby.png``; the folder is ``CL_SCREENSHOT_DIR`` when set."""

    folder: Path
    test_name: str
    taken: list[Path] = field(default_factory=list)

    async def take(self, page: Page, label: str, *, full_page: bool = True) -> Path:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{self.test_name}-{label}").strip("-")
        path = await screenshot(page, self.folder / f"{name}.png", full_page=full_page)
        self.taken.append(path)
        return path


# --- A game over the JSON API ----------------------------------------------------------------


class _NoCookies(DefaultCookiePolicy):
    """The API helper authenticates with bearer tokens only. Keeping no cookies means the next
    ``/api/join`` is a new player, not a rejoin of the previous one."""

    def set_ok(self, cookie: Cookie, request: UrllibRequest) -> bool:
        return False


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Player:
    id: str
    name: str
    token: str
    role_id: str | None = None


class GameApi:
    """The organiser's side of the JSON API; ``open_session`` and ``new_game`` give a ``Game``."""

    def __init__(self, base_url: str, organiser_key: str = ORGANISER_KEY) -> None:
        self.base_url = base_url
        self.organiser_key = organiser_key
        self.http = httpx2.AsyncClient(
            base_url=base_url, timeout=15, cookies=CookieJar(policy=_NoCookies())
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.http.aclose()

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        expect: int = 200,
    ) -> Any:
        """One request; anything but ``expect`` fails with the server's answer."""
        headers = bearer(token) if token else {}
        answer = await self.http.request(method, path, json=json, headers=headers)
        assert answer.status_code == expect, f"{method} {path}: {answer.status_code} {answer.text}"
        return answer.json() if answer.content else None

    async def scenarios(self) -> list[dict[str, Any]]:
        return list(await self.call("GET", "/api/scenarios"))

    async def open_session(
        self, *, scenario_id: str | None = None, language: str | None = None
    ) -> Game:
        scenarios = await self.scenarios()
        wanted = [s for s in scenarios if (s["id"] == scenario_id if scenario_id else s["default"])]
        if not wanted:
            installed = ", ".join(str(s["id"]) for s in scenarios)
            raise ValueError(f"no scenario {scenario_id or '(default)'}; installed: {installed}")
        scenario = wanted[0]
        body: dict[str, Any] = {"scenario_id": scenario["id"]}
        if language is not None:
            body["language"] = language
        opened = await self.call(
            "POST", "/api/sessions", token=self.organiser_key, json=body, expect=201
        )
        return Game(
            api=self,
            id=opened["id"],
            join_code=opened["join_code"],
            facilitator_token=opened["facilitator_token"],
            observer_token=opened["observer_token"],
            facilitator_url=opened["facilitator_url"],
            observer_url=opened["observer_url"],
            join_url=opened["join_url"],
            scenario=scenario,
        )

    async def new_game(
        self,
        players: int | Sequence[str] = 0,
        *,
        seat: bool = True,
        scenario_id: str | None = None,
        language: str | None = None,
    ) -> Game:
        """A session with players joined (a count gives "Speler 1", "Speler 2", …) and, when
        there are any, seated evenly over the roles; still in the lobby."""
        game = await self.open_session(scenario_id=scenario_id, language=language)
        names = [f"Speler {n + 1}" for n in range(players)] if isinstance(players, int) else players
        for name in names:
            await game.join(name)
        if seat and names:
            await game.seat_auto()
        return game


@dataclass
class Game:
    """One session, driven over the API: joins, seats, phases. Tokens sign laptops in."""

    api: GameApi
    id: str
    join_code: str
    facilitator_token: str
    observer_token: str
    facilitator_url: str
    observer_url: str
    join_url: str
    scenario: dict[str, Any]
    players: list[Player] = field(default_factory=list)

    @property
    def cookie_name(self) -> str:
        return SESSION_COOKIE_PREFIX + self.id

    @property
    def phase_ids(self) -> list[str]:
        return [str(phase["id"]) for phase in self.scenario["phases"]]

    def url(self, tail: str = "") -> str:
        return f"/api/sessions/{self.id}/{tail}".rstrip("/")

    async def join(self, name: str) -> Player:
        joined = await self.api.call(
            "POST", "/api/join", json={"join_code": self.join_code, "name": name}, expect=201
        )
        player = Player(joined["player_id"], name, joined["token"])
        self.players.append(player)
        return player

    async def seat_auto(self) -> dict[str, str]:
        """Seat everyone evenly; answer player id → role id (also kept on the players)."""
        seated = await self.api.call("POST", self.url("seats/auto"), token=self.facilitator_token)
        roles = {str(s["player_id"]): str(s["role_id"]) for s in seated["seats"]}
        for player in self.players:
            player.role_id = roles.get(player.id, player.role_id)
        return roles

    async def seat(self, player: Player, role_id: str) -> None:
        await self.api.call(
            "PUT",
            self.url(f"seats/{player.id}"),
            token=self.facilitator_token,
            json={"role_id": role_id},
        )
        player.role_id = role_id

    async def state(self, token: str | None = None) -> dict[str, Any]:
        """What this token's holder may see now (the facilitator's view by default)."""
        return dict(
            await self.api.call("GET", self.url("state"), token=token or self.facilitator_token)
        )

    async def phase_id(self) -> str:
        return str((await self.state())["phase"]["id"])

    async def phase(self, action: str, *, seconds: int | None = None) -> dict[str, Any]:
        """``advance``, ``back``, ``pause``, ``resume`` or ``extend`` from the current phase."""
        body: dict[str, Any] = {"action": action, "from_phase": await self.phase_id()}
        if seconds is not None:
            body["seconds"] = seconds
        moved = await self.api.call(
            "POST", self.url("phase"), token=self.facilitator_token, json=body
        )
        return dict(moved["phase"])

    async def advance(self) -> dict[str, Any]:
        return await self.phase("advance")

    async def advance_to(self, phase_id: str) -> dict[str, Any]:
        if phase_id not in self.phase_ids:
            raise ValueError(f"{phase_id!r} is not one of {self.phase_ids}")
        while (current := await self.phase_id()) != phase_id:
            if self.phase_ids.index(current) > self.phase_ids.index(phase_id):
                raise ValueError(f"the game is already past {phase_id!r} (at {current!r})")
            await self.advance()
        return dict((await self.state())["phase"])

    async def release_inject(self, inject_id: str) -> dict[str, Any]:
        return dict(
            await self.api.call(
                "POST", self.url(f"injects/{inject_id}"), token=self.facilitator_token
            )
        )
