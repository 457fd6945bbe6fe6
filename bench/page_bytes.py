"""``python -m bench.page_bytes [--scenario ID] [--players N]``: what one click on Next costs
the live pages of one session, phase by phase.

It plays the shipped scenario through the engine (no server, no clock) and renders every event
of each phase change for every page of the room, as the live socket would: the players' pages
(one socket each), the facilitator's panel and the observer's page. Rendering is
deterministic, so the bytes are exact and comparable between commits; the time a push takes
is measured by ``python -m bench``.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass

from app.content import load_content, shipped_root
from app.engine import commands as cmd
from app.engine.decide import create, run
from app.engine.spec import ScenarioSpec
from app.engine.state import SessionState
from app.engine.views import Audience, ViewerKind
from app.realtime.connection import Scene
from app.web.sockets.pages import PageSocket, page_sockets

START = 1_767_225_600.0
"""A fixed moment, so every run renders the same clocks."""


@dataclass(frozen=True)
class Click:
    phase_id: str
    events: int
    frames: int
    bytes: int
    largest_page: int
    """The most bytes any one page received for this click."""


def _room(spec: ScenarioSpec, players: int) -> SessionState:
    state, _ = create(spec, "bench", spec.languages[0], START)
    for number in range(1, players + 1):
        state, _ = run(state, cmd.Join(f"Speler {number}"), cmd.GUEST_ACTOR, START)
    state, _ = run(state, cmd.AutoSeat(), cmd.FACILITATOR_ACTOR, START)
    return state


def _audiences(state: SessionState) -> list[Audience]:
    players = [Audience("player", p.role_id) for p in state.players]
    return [*players, Audience("facilitator"), Audience("observer")]


def _click(
    state: SessionState, sockets: Mapping[ViewerKind, PageSocket]
) -> tuple[SessionState, Click]:
    state, records = run(state, cmd.Advance(state.timer.phase_id), cmd.FACILITATOR_ACTOR, START)
    frames = total = largest = 0
    for audience in _audiences(state):
        page = sockets[audience.kind]
        scene = Scene(state, audience, state.language, frozenset())
        pushed = [page.render(scene, record) for record in records]
        sizes = [len(p.encode()) for p in pushed if p is not None]
        frames += len(sizes)
        total += sum(sizes)
        largest = max(largest, sum(sizes))
    return state, Click(state.timer.phase_id, len(records), frames, total, largest)


def clicks(spec: ScenarioSpec, players: int) -> list[Click]:
    """Every phase change of a whole afternoon, from the lobby to the end."""
    sockets = page_sockets(lambda: START)
    state = _room(spec, players)
    made: list[Click] = []
    while state.phase.kind != "closed":
        state, click = _click(state, sockets)
        made.append(click)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.page_bytes", description=__doc__)
    parser.add_argument("--scenario", help="a scenario id (default: the default scenario)")
    parser.add_argument("--players", type=int, default=10)
    options = parser.parse_args()
    content = load_content(shipped_root())
    spec = content.scenarios[options.scenario] if options.scenario else content.default
    pages = options.players + 2
    print(f"{spec.id}, {options.players} players + facilitator + observer ({pages} pages)")
    print(f"{'phase entered':<16}{'events':>8}{'frames':>8}{'KiB':>9}{'max KiB/page':>14}")
    for click in clicks(spec, options.players):
        print(
            f"{click.phase_id:<16}{click.events:>8}{click.frames:>8}"
            f"{click.bytes / 1024:>9.1f}{click.largest_page / 1024:>14.1f}"
        )


if __name__ == "__main__":
    main()
