"""The web server behind `punch serve`: textual-serve's routes under a secret path.

Imported only by `punch serve` once it runs, because it needs the optional ``serve`` extra
(textual-serve, and through it aiohttp). textual-serve has no authentication of its own, so
its whole application is mounted as a sub-application under ``/<token>/``: the page, its
static assets and the websocket all live below the token, and a middleware on the outer
application refuses (403) every request whose path does not start with it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import socket
from collections.abc import Awaitable, Callable

from aiohttp import web
from textual_serve.server import Server

REFUSED = "punch serve: this address needs the access token that `punch serve` printed.\n"
SESSION_STOP_TIMEOUT = 10.0  # seconds for the tabs' punch processes to quit on shutdown

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class TokenServer(Server):
    """textual-serve's Server with every route below ``/<token>/``; one ``command`` process
    per browser tab, as textual-serve starts them."""

    def __init__(self, command: str, token: str, *, title: str) -> None:
        super().__init__(command, title=title)
        self.token = token
        self._sessions: set[asyncio.Task[object]] = set()

    @property
    def prefix(self) -> str:
        return f"/{self.token}/"

    async def make_app(self) -> web.Application:
        served = await self._make_app()
        root = web.Application(middlewares=[self._require_token])
        root.add_subapp(self.prefix, served)
        root.on_response_prepare.append(_private_headers)
        return root

    @web.middleware
    async def _require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        segment = request.path.split("/", 2)[1]
        # Compared as bytes: compare_digest refuses non-ASCII str, and a path may hold any.
        if not secrets.compare_digest(segment.encode(), self.token.encode()):
            raise web.HTTPForbidden(text=REFUSED)
        if request.path == self.prefix.rstrip("/"):  # the URL pasted without its last slash
            query = f"?{request.query_string}" if request.query_string else ""
            raise web.HTTPFound(self.prefix + query)
        return await handler(request)

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: `punch serve` prints its own URL (textual-serve's would lack the token)."""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # textual-serve builds the page's asset and websocket URLs from ``public_url``. Taken
        # from the Host the browser used, they also work through an SSH tunnel on another
        # port. Safe to set on the shared server: the parent's handler reads it before its
        # first await, so no other request can change it in between.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        task = asyncio.current_task()
        assert task is not None
        self._sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self._sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        """End every tab's session now: aiohttp alone would wait up to a minute for open
        websockets. Cancelling one makes textual-serve tell its punch process to quit."""
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.wait(sessions, timeout=SESSION_STOP_TIMEOUT)


async def _private_headers(request: web.Request, response: web.StreamResponse) -> None:
    # The token is in every path: no page or asset may pass it on in a Referer.
    response.headers["Referrer-Policy"] = "no-referrer"


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the URL is printed: with ``port`` 0 the kernel picks
    a free one, and no other program can take it in between."""
    family, _, _, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    return socket.create_server(address, family=family)


async def serve(server: TokenServer, sock: socket.socket, ready: Callable[[], None]) -> None:
    """Serve until SIGINT or SIGTERM, then end every tab's process and return."""
    logging.basicConfig(level=logging.WARNING, format="punch serve: %(message)s")
    runner = web.AppRunner(await server.make_app(), handle_signals=False, access_log=None)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await web.SockSite(runner, sock).start()
        ready()
        await stop.wait()
    finally:
        await runner.cleanup()
