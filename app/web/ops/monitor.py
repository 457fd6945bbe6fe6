"""Web layer: how a worker watches itself, for ``/readyz`` and ``/metrics``.

The broadcast backend is checked the way the game uses it: each worker keeps a channel of its
own (``cl-probe.<worker>``), publishes a random word on it and waits to hear it back. That
proves it can both publish and receive, whatever the backend (Redis, NOTIFY, memory), and times
the trip: the broadcast lag. The event loop's lag is how late a task that slept wakes up: a
loop busy elsewhere (a long render, a garbage collection) delays every socket by as much.

The samplers run only with ``CL_METRICS=true``; the probe's channel is always heard, because
readiness uses it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import time

from app.realtime.broadcast import BroadcastBackend
from app.realtime.hub import Hub
from app.services.context import ServiceContext
from app.services.metrics import Metrics
from app.settings import Settings
from app.web.ops.readiness import Readiness

log = logging.getLogger(__name__)
LOOP_NAP_S = 0.5
"""The loop-lag sampler sleeps this long and measures how much later it wakes."""
PROBE_EVERY_S = 5.0
PROBE_TIMEOUT_S = 3.0
RESUBSCRIBE_S = 1.0


class BroadcastProbe:
    def __init__(self, backend: BroadcastBackend, worker: str) -> None:
        self.backend = backend
        self.channel = f"cl-probe.{worker}"
        self.failures = 0
        self._heard: dict[str, asyncio.Future[float]] = {}
        self._listening = asyncio.Event()

    async def listen(self, stop: asyncio.Event) -> None:
        """Hear this worker's own probes, subscribing again whenever the subscription ends."""
        while not stop.is_set():
            try:
                async with self.backend.subscribe(self.channel) as messages:
                    self._listening.set()
                    async for word in messages:
                        waiting = self._heard.pop(word, None)
                        if waiting is not None and not waiting.done():
                            waiting.set_result(time.perf_counter())
            except Exception:
                log.warning("cannot listen to the broadcast probe channel; retrying", exc_info=True)
            finally:
                self._listening.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), RESUBSCRIBE_S)

    async def round_trip(self) -> float:
        """Seconds from publishing a probe to hearing it; raises when the backend fails. The
        caller bounds the wait (``asyncio.timeout``): a backend may also just stay silent."""
        word = secrets.token_hex(8)
        heard: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._heard[word] = heard
        try:
            await self._listening.wait()
            sent = time.perf_counter()
            await self.backend.publish(self.channel, word)
            return await heard - sent
        finally:
            self._heard.pop(word, None)


async def _sample_loop_lag(metrics: Metrics, stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(LOOP_NAP_S)
        metrics.loop_lag.observe(max(0.0, time.perf_counter() - started - LOOP_NAP_S))


async def _sample_broadcast(probe: BroadcastProbe, metrics: Metrics, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            async with asyncio.timeout(PROBE_TIMEOUT_S):
                metrics.broadcast_lag.observe(await probe.round_trip())
        except Exception:  # timed out, or the backend refused: readiness says which
            probe.failures += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), PROBE_EVERY_S)


class Monitor:
    def __init__(self, settings: Settings, ctx: ServiceContext, hub: Hub) -> None:
        self.enabled = settings.metrics
        self.metrics = ctx.metrics
        self.worker = hub.worker
        self.probe = BroadcastProbe(hub.backend, hub.worker)
        self.readiness = Readiness(ctx.engines, self.probe)

    async def run(self, stop: asyncio.Event) -> None:
        """The lifespan runs this as one task and cancels it at shutdown."""
        log.info("worker %s is up (pid %d)", self.worker, os.getpid())
        try:
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(self.probe.listen(stop), name="probe-listener")
                if self.enabled:
                    tasks.create_task(_sample_loop_lag(self.metrics, stop), name="loop-lag")
                    tasks.create_task(
                        _sample_broadcast(self.probe, self.metrics, stop), name="broadcast-lag"
                    )
        finally:
            log.info("worker %s stops (pid %d)", self.worker, os.getpid())
