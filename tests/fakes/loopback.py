"""The loopback HTTP server every fake shares: real HTTP/1.1 from the standard library's
threading server, on 127.0.0.1 only. A fake is any object with ``answer(method, path, query,
headers, raw) -> (status, headers, body)``; a status of :data:`DROP` closes the connection
without an answer (a proxy that hangs up). A fake with a true ``down`` attribute drops every
request; one with ``clock_skew`` dates its answers that many seconds off this machine's
clock."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

DROP = 0
"""The status that means: hang up without answering."""

Answer = tuple[int, dict[str, str], bytes]


class Answering(Protocol):
    def answer(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        raw: bytes,
    ) -> Answer: ...


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: Answering


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes; never hold one back
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the test output is no place for an access log

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header, on the fake's own clock."""
        now = time.time() if timestamp is None else timestamp
        return formatdate(now + getattr(self.server.fake, "clock_skew", 0.0), usegmt=True)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        query = parse_qsl(url.query, keep_blank_values=True)
        fake = self.server.fake
        if getattr(fake, "down", False):
            self.close_connection = True  # gone: no answer, the connection just drops
            return
        status, reply_headers, body = fake.answer(self.command, url.path, query, headers, raw)
        if status == DROP:
            self.close_connection = True
            return
        try:
            self.send_response(status)
            for name, value in reply_headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting: that is what some tests are about

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle


class Loopback:
    """One listening server for a fake: ``start``, ``stop``, and its port."""

    def __init__(self, fake: Answering) -> None:
        self._fake = fake
        self._server: _Server | None = None

    def start(self, port: int = 0) -> None:
        server = _Server(("127.0.0.1", port), _Handler)
        server.fake = self._fake
        self._server = server
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the fake server first"
        return int(self._server.server_address[1])


# ------------------------------------------------------------ what every fake records and scripts


@dataclass
class Fault:
    """A scripted answer for the next ``times`` requests matching ``method`` and ``path`` (a
    regular expression over the path below the base URL)."""

    method: str
    path: str
    status: int | None = None
    """None: answer normally, after ``delay``."""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    process: bool = False
    """Carry the request out at once, before the delay and whatever ``status`` says: a change
    that landed although its answer is an error, or comes too late to be heard."""
    times: int = 1


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: Any

    def param(self, name: str) -> str | None:
        return next((value for key, value in self.query if key == name), None)
