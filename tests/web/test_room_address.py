"""Reachable by default: the server finds this machine's LAN addresses, prints them as it
starts, and the links it hands out (the join QR code, the seat cards, the staff links) carry
one even when the page was opened through the loopback on the server's own laptop."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import banner, lan
from app.settings import Settings
from app.web.app import create_app
from app.web.runtime import KEY_FILE
from tests import services
from tests.api.game import bearer
from tests.conftest import ORGANISER_KEY
from tests.web.environment import clean, run

ROOM = ["192.168.1.20", "10.0.0.5"]
LOOPBACK = "http://127.0.0.1:8000"


def _on_networks(monkeypatch: pytest.MonkeyPatch, addresses: list[str]) -> None:
    for module in (lan, banner):
        monkeypatch.setattr(module, "lan_addresses", lambda: list(addresses))


@pytest.fixture
def room(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """This machine, as if it were on two networks."""
    _on_networks(monkeypatch, ROOM)
    return ROOM


def test_the_lan_addresses_are_this_machines_own() -> None:
    found = lan.lan_addresses()
    assert len(found) == len(set(found))
    for address in found:
        parsed = ipaddress.ip_address(address)
        assert parsed.version == 4 and not (parsed.is_loopback or parsed.is_link_local)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as mine:
            mine.bind((address, 0))  # only an address of this machine can be bound
    routed = list(lan._routed())
    if routed:
        assert found[0] == routed[0], "the default route's address comes first"


@pytest.mark.parametrize(
    ("base", "listening", "expected"),
    [
        ("http://127.0.0.1:8000/", "0.0.0.0", "http://192.168.1.20:8000/"),
        ("http://localhost:8123/", "::", "http://192.168.1.20:8123/"),
        ("http://[::1]:8000/sub/", "0.0.0.0", "http://192.168.1.20:8000/sub/"),
        ("http://127.0.0.1/", "0.0.0.0", "http://192.168.1.20/"),
        ("http://127.0.0.1:8000/", "127.0.0.1", "http://127.0.0.1:8000/"),
        ("http://localhost:8000/", "localhost", "http://localhost:8000/"),
        ("http://10.0.0.5:8000/", "0.0.0.0", "http://10.0.0.5:8000/"),
        ("http://game.example.org/", "0.0.0.0", "http://game.example.org/"),
    ],
)
def test_only_a_loopback_request_gets_the_lan_address(
    room: list[str], base: str, listening: str, expected: str
) -> None:
    assert lan.room_base(base, listening) == expected


def test_without_a_network_the_request_keeps_its_address(monkeypatch: pytest.MonkeyPatch) -> None:
    _on_networks(monkeypatch, [])
    assert lan.room_base("http://127.0.0.1:8000/", "0.0.0.0") == "http://127.0.0.1:8000/"


def _client(tmp_path: Path, base: str = LOOPBACK, **settings: Any) -> Iterator[TestClient]:
    configured = Settings(
        data_dir=tmp_path, organiser_key=ORGANISER_KEY, broadcast_url="memory://", **settings
    )
    with TestClient(create_app(configured), base_url=base) as client:
        yield client


def _links(client: TestClient, key: str = ORGANISER_KEY) -> list[str]:
    """Every address the server hands out for one session, through ``client``'s address."""
    opened = client.post(
        "/api/sessions", json={"scenario_id": "lindendal"}, headers=bearer(key)
    ).json()
    client.cookies.set(f"cl_s_{opened['id']}", opened["facilitator_token"])
    screen = client.get(f"/screen/{opened['id']}").text
    cards = client.get(f"/s/{opened['id']}/cards").text
    client.cookies.clear()
    shown = [opened[key] for key in ("join_url", "facilitator_url", "observer_url")]
    shown.append(screen.split('class="join-url">')[1].split("<")[0])
    strong = [part.split("</strong>")[0] for part in cards.split("<strong>")[1:]]
    return shown + [text for text in strong if "://" in text]


@pytest.mark.parametrize(
    ("base", "settings", "expected"),
    [
        (LOOPBACK, {"host": "0.0.0.0"}, "http://192.168.1.20:8000/"),
        (LOOPBACK, {"host": "127.0.0.1"}, "http://127.0.0.1:8000/"),
        ("http://10.0.0.5:8000", {"host": "0.0.0.0"}, "http://10.0.0.5:8000/"),
        (LOOPBACK, {"host": "0.0.0.0", "public_url": "https://cl.example.org"}, "https://cl."),
    ],
)
def test_links_made_on_the_server_laptop_reach_the_room(
    room: list[str], tmp_path: Path, base: str, settings: dict[str, str], expected: str
) -> None:
    for client in _client(tmp_path, base, **settings):
        links = _links(client)
        assert len(links) == 3 + 1 + 10, "the API's three, the screen's, two cards per duo"
        assert all(link.startswith(expected) for link in links), links


def _serve(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, log = run(capsys, "serve", "--port", "8123", *argv)
    assert code == 0 and not [line for line in log if "error" in line.lower()], log
    return out


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[Any, dict[str, Any]]]:
    clean(monkeypatch, tmp_path)
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: calls.append((app, options)))
    return calls


def test_serve_prints_every_lan_address_and_the_key_once(
    room: list[str],
    served: list[tuple[Any, dict[str, Any]]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = _serve(capsys, "--host", "0.0.0.0")
    assert "Colliding Logics is running at http://192.168.1.20:8123\n" in first
    assert "players join at: http://192.168.1.20:8123/join\n" in first
    assert "                   http://10.0.0.5:8123/join\n" in first
    assert "organiser link (keep it private): http://192.168.1.20:8123/organiser#" in first
    again = _serve(capsys, "--host", "0.0.0.0")
    assert "organiser page: http://192.168.1.20:8123/organiser (sign in with the key in" in again
    assert "#" not in again
    app, options = served[-1]
    assert (options["host"], options["port"]) == ("0.0.0.0", 8123)
    with TestClient(app, base_url="http://127.0.0.1:8123") as client:
        links = _links(client, (tmp_path / "data" / KEY_FILE).read_text().strip())
    assert all(link.startswith("http://192.168.1.20:8123/") for link in links), links


def test_serve_prints_the_public_url_alone(
    room: list[str],
    served: list[tuple[Any, dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CL_PUBLIC_URL", "http://game.example.org/cl/")
    out = _serve(capsys, "--host", "0.0.0.0")
    assert "running at http://game.example.org/cl\n" in out
    assert "players join at: http://game.example.org/cl/join\n" in out
    assert not any(address in out for address in ROOM)
    behind_a_proxy = _serve(capsys, "--host", "127.0.0.1")
    assert "running at http://game.example.org/cl\n" in behind_a_proxy
    assert "only this machine" not in behind_a_proxy


def test_serve_says_who_cannot_connect(
    served: list[tuple[Any, dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    alone = _serve(capsys)
    assert "running at http://127.0.0.1:8123\n" in alone
    assert "(listening on 127.0.0.1: only this machine can connect;" in alone
    _on_networks(monkeypatch, [])
    offline = _serve(capsys, "--host", "0.0.0.0")
    assert "running at http://127.0.0.1:8123\n" in offline
    assert "(no network address found:" in offline
    monkeypatch.setenv("CL_HOST", "0.0.0.0")
    monkeypatch.setenv("CL_PORT", "8124")
    run(capsys, "serve")
    assert (served[-1][1]["host"], served[-1][1]["port"]) == ("0.0.0.0", 8124)


def test_workers_learn_where_serve_listens(
    served: list[tuple[Any, dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each worker builds its settings from the environment, flags included."""
    monkeypatch.setenv("CL_BROADCAST_URL", services.redis_url())
    for name in ("CL_HOST", "CL_PORT"):
        monkeypatch.setenv(name, "")  # restored (removed) after the test
    _serve(capsys, "--host", "0.0.0.0", "--workers", "2")
    assert served[-1][0] == "app.web.app:create"
    assert (Settings().host, Settings().port) == ("0.0.0.0", 8123)
