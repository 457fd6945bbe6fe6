"""Benchmark layer, the time budget: whether the next ladder step still fits in the run.

A step's cost is guessed from what the earlier steps took: opening a session (per app
process) and connecting a socket, plus the measured slices and a fixed overhead per target.
"""

from __future__ import annotations

import time
from typing import Any

from bench.stand import Stand
from bench.targets import PLAYERS

FIRST_GUESS_SETUP_S = 0.08
"""Seconds to open one app session with 12 players before any was measured."""
FIRST_GUESS_CONNECT_S = 0.004
"""Seconds per socket connect before any was measured."""
STEP_OVERHEAD_S = 12.0
"""Warm-up, settling, draining and the log check of one step, per target."""


class Budget:
    def __init__(self, began: float, seconds: float) -> None:
        self.deadline = began + seconds
        self.setup_per_session_s = FIRST_GUESS_SETUP_S
        self.connect_per_socket_s = FIRST_GUESS_CONNECT_S

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def learn(self, stand: Stand, grow: dict[str, Any]) -> None:
        """Take the pace of a growth just measured; a socket never gets cheaper to connect."""
        if stand.target.kind == "app" and grow["new_sessions"]:
            per_session = grow["setup_s"] / grow["new_sessions"] / len(stand.target.servers)
            self.setup_per_session_s = max(per_session, FIRST_GUESS_SETUP_S / 4)
        if grow["new_sockets"]:
            self.connect_per_socket_s = max(
                self.connect_per_socket_s, grow["connect_s"] / grow["new_sockets"]
            )

    def estimate(self, new_sessions: int, duration: float, entrants: int) -> float:
        sockets = entrants * new_sessions * PLAYERS
        return (
            new_sessions * self.setup_per_session_s
            + sockets * self.connect_per_socket_s
            + entrants * (duration + STEP_OVERHEAD_S)
        )

    def affords_retry(self, duration: float) -> bool:
        return self.left() > 2 * (duration + STEP_OVERHEAD_S)
