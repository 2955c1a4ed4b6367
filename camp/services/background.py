"""Work that runs beside the scheduler: an asyncio loop on a thread of its own, with its
database connection on one more thread.

The courier (deliveries) and the listeners (bots) both need it: the network waits in
the loop, the database is used from one thread only, and neither holds up the
scheduler's jobs nor the other. A subclass says what one round does
(:meth:`BackgroundLoop.round`) and what a stop settles (:meth:`BackgroundLoop.settle`).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from camp.db import Database, open_db

__all__ = ["BackgroundLoop"]

T = TypeVar("T")


class BackgroundLoop:
    """Runs :meth:`round` every ``every`` seconds (sooner after :meth:`wake`) until
    :meth:`stop`; ``name`` names the threads, ``log`` takes what goes wrong."""

    name = "camp-background"

    def __init__(
        self, db_path: str | Path | None, *, every: float, log: Callable[[str], None] | None
    ) -> None:
        self.db_path = db_path
        self.every = every
        self.log = log
        self.db: Database | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._stopping = False
        self._ready = threading.Event()

    # ------------------------------------------------------------------ from any thread

    def start(self) -> None:
        """Start the thread and wait (briefly) until its loop runs."""
        self._stopping = False
        self._ready.clear()
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._main(),), name=self.name, daemon=True
        )
        self._thread.start()
        self._ready.wait(10)

    def wake(self) -> None:
        """Run the next round now."""
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(wake.set)

    def stop(self, timeout: float | None = None) -> bool:
        """End the rounds, let :meth:`settle` run, and wait at most ``timeout`` seconds;
        returns whether the thread finished."""
        self._stopping = True
        self.wake()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(timeout)
        return not thread.is_alive()

    # ------------------------------------------------------------------ in the loop

    async def round(self) -> None:
        """One round of the work (the subclass's)."""

    async def settle(self) -> None:
        """What a stop must leave in order (the subclass's); the database is still open."""

    async def run_db(self, work: Callable[[], T]) -> T:
        """``work()`` on the database's thread."""
        assert self._loop is not None and self._executor is not None
        return await self._loop.run_in_executor(self._executor, work)

    async def call(self, work: Callable[..., T], *args: Any) -> T:
        """``work(*args)`` on the database's thread."""
        return await self.run_db(lambda: work(*args))

    def say(self, line: str) -> None:
        if self.log is not None:
            self.log(line)

    async def _main(self) -> None:
        loop = asyncio.get_running_loop()
        executor = ThreadPoolExecutor(1, thread_name_prefix=f"{self.name}-db")
        try:
            self.db = await loop.run_in_executor(executor, open_db, self.db_path)
        except Exception as exc:
            self.say(f"{self.name} could not open the database: {exc}")
            self._ready.set()
            executor.shutdown(wait=False)
            return
        self._loop, self._executor, self._wake = loop, executor, asyncio.Event()
        self._ready.set()
        try:
            while not self._stopping:
                try:
                    await self.round()
                except Exception as exc:  # busy or unreadable for now: the next round retries
                    self.say(f"{self.name}: {exc}")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.every)
                self._wake.clear()
        finally:
            self._wake = None
            try:
                await self.settle()
            finally:
                db, self.db = self.db, None
                if db is not None:
                    await loop.run_in_executor(executor, db.close)
                executor.shutdown(wait=False)
