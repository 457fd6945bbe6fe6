"""Services layer: the exports' own worker processes, so a heavy export never stalls the room.

Rendering a PDF takes the better part of a second of pure Python (WeasyPrint; openpyxl and the
report's template are alike). On the event loop that froze every socket of every session; in a
thread it still would, because the thread holds the GIL and the loop waits for it after every
read and write (``python -m bench.exports`` measures both). So exports run in processes of
their own, at a lower CPU priority than the server, and at most ``WORKERS`` at a time.

A request that finds every worker busy waits for one, at most ``WAIT_S`` seconds and with at
most ``WAITING`` others; past either bound it is refused with ``ExportsBusy`` (the web layer
answers 429 with ``Retry-After``). The bounds hold per server process.

The processes start on the first export, from a fork server that has already imported the
module of the job (cheap to fork, and safe: it runs no threads); they are stopped with the app.
An export still rendering after ``LIMIT_S`` (the caps on records bound a report, but a
report of a thousand collisions of ten thousand characters each takes minutes) has its workers
killed. That, or a worker that dies on its own (out of memory), fails the exports then running
with ``ExportFailed``; the next export starts a fresh pool.

Like everything built on ``multiprocessing``, the workers import the main module of the
server process: start the server from one that guards its start with
``if __name__ == "__main__"`` (``colliding-logics``, ``python -m app`` and uvicorn do).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

WORKERS = 2
WAITING = 8
WAIT_S = 15.0
RETRY_AFTER_S = 10
LIMIT_S = 120.0
"""Longest an export may render (a played half-day game takes one to three seconds)."""
NICENESS = 10
"""Added to the workers' nice value: when the CPUs are short, live traffic goes first."""

Result = TypeVar("Result")
ExecutorFactory = Callable[[int, str], Executor]


class ExportsBusy(Exception):
    """Every worker is busy and the queue is full or the wait ran out."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"exports are busy; try again in {retry_after_s} s")
        self.retry_after_s = retry_after_s


class ExportFailed(Exception):
    """The export's worker died or was stopped (``LIMIT_S``); the web layer answers 503."""


def _lower_priority() -> None:
    os.nice(NICENESS)


def processes(workers: int, module: str) -> Executor:
    """A process pool forked from a server that has imported ``module`` (spawn where the
    platform has no fork server)."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload([module])
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_lower_priority)


class ExportPool:
    def __init__(
        self,
        workers: int = WORKERS,
        waiting: int = WAITING,
        wait_s: float = WAIT_S,
        limit_s: float = LIMIT_S,
        executor: ExecutorFactory | None = None,
    ) -> None:
        self.workers = workers
        self.waiting = waiting
        self.wait_s = wait_s
        self.limit_s = limit_s
        self._factory = executor
        self._executor: Executor | None = None
        self._free = asyncio.Semaphore(workers)
        self._queued = 0

    @property
    def queued(self) -> int:
        """Requests waiting for a worker now."""
        return self._queued

    def admit(self) -> None:
        """Refuse at once when a request would find no room, before any work is done for it."""
        if self._free.locked() and self._queued >= self.waiting:
            raise ExportsBusy(RETRY_AFTER_S)

    async def run(self, job: Callable[..., Result], *args: Any) -> Result:
        """``job(*args)`` in a worker; ``job`` and its arguments must pickle."""
        await self._enter()
        submitted: Future[Result] | None = None
        try:
            submitted = self._pool(job).submit(job, *args)
            async with asyncio.timeout(self.limit_s):
                return await asyncio.wrap_future(submitted)
        except TimeoutError:
            self._discard(kill=True)
            raise ExportFailed(
                f"the export took over {self.limit_s:.0f} s and was stopped"
            ) from None
        except BrokenProcessPool as broken:
            self._discard()
            raise ExportFailed("the export worker stopped; please try again") from broken
        finally:
            self._leave(submitted)

    async def _enter(self) -> None:
        self.admit()
        self._queued += 1
        try:
            async with asyncio.timeout(self.wait_s):
                await self._free.acquire()
        except TimeoutError:
            raise ExportsBusy(RETRY_AFTER_S) from None
        finally:
            self._queued -= 1

    def _leave(self, submitted: Future[Any] | None) -> None:
        """Free the slot when the worker is free: a request given up (the client went away)
        leaves its job running, and the slot stays taken until that job ends."""
        if submitted is None or submitted.cancel() or submitted.done():
            self._free.release()
            return
        loop = asyncio.get_running_loop()
        submitted.add_done_callback(lambda _: loop.call_soon_threadsafe(self._free.release))

    def _pool(self, job: Callable[..., Any]) -> Executor:
        if self._executor is None:
            factory = self._factory or processes
            self._executor = factory(self.workers, job.__module__)
        return self._executor

    def _discard(self, kill: bool = False) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            if kill:
                _kill(executor)
            executor.shutdown(wait=False, cancel_futures=True)

    async def close(self) -> None:
        """Stop the workers. By now the server has stopped answering, so an export still
        rendering has nobody to go to: it is killed rather than waited for."""
        executor, self._executor = self._executor, None
        if executor is not None:
            _kill(executor)
            await asyncio.to_thread(executor.shutdown, True, cancel_futures=True)


def _kill(executor: Executor) -> None:
    """End a process pool's workers at once (a thread cannot be ended: it keeps its slot
    until its job returns)."""
    if isinstance(executor, ProcessPoolExecutor):
        for process in list(executor._processes.values()):
            process.kill()
