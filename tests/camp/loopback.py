"""A real HTTP and WebSocket server on 127.0.0.1 for the platform doubles of the tests.

aiohttp serves both on one port (the platforms' REST endpoints and their gateway or
stream). The server runs in a thread with its own event loop, so synchronous tests and
the listeners' own thread use it alike; every public method of a double is an ordinary
blocking call that returns once the server has done it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import web

#: How long a blocking call waits for the server (or for a client to connect).
WAIT = 5.0


class LoopbackServer:
    """An aiohttp application on a free port of 127.0.0.1; subclasses add routes in
    :meth:`routes` and keep their state on the loop's thread."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0
        #: Every request as received: (method, path, query, json body or None).
        self.requests: list[tuple[str, str, dict[str, str], Any]] = []
        self.sockets: set[web.WebSocketResponse] = set()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    # -- life ---------------------------------------------------------------------

    def start(self) -> LoopbackServer:
        self._thread.start()
        self.run(self._listen())
        return self

    def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            with contextlib.suppress(Exception):
                self.run(self._close(runner))
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(WAIT)
        if not self._loop.is_closed() and not self._loop.is_running():
            self._loop.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def run(self, work: Coroutine[Any, Any, Any]) -> Any:
        """Run ``work`` on the server's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(WAIT * 2)

    def call(self, function: Callable[[], Any]) -> Any:
        async def on_loop() -> Any:
            return function()

        return self.run(on_loop())

    async def _listen(self) -> None:
        app = web.Application()
        self.routes(app)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _close(self, runner: web.AppRunner) -> None:
        for socket in list(self.sockets):
            await socket.close()
        await runner.cleanup()

    # -- helpers ------------------------------------------------------------------

    async def note(self, request: web.Request) -> Any:
        """Record ``request`` (with its JSON body, when it has one) and return the body."""
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            try:
                import json

                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
        self.requests.append((request.method, request.path, dict(request.query), body))
        return body

    def abort_sockets(self) -> None:
        """Every WebSocket vanishes at once, as when the network drops (no close frame)."""
        self.call(self.abort_now)

    def abort_now(self) -> None:
        """:meth:`abort_sockets`, on the server's loop (for a double that forgets its
        connections in the same step, before a client can connect again)."""
        for socket in list(self.sockets):
            transport = socket._req.transport if socket._req is not None else None
            if transport is not None:
                transport.abort()
        self.sockets.clear()

    def wait_until(self, check: Callable[[], Any], timeout: float = WAIT) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = check()
            if found:
                return found
            time.sleep(0.02)
        raise AssertionError("the double did not see it in time")
