"""The fake Clockify on loopback: real HTTP/1.1 from the standard library's threading server.

Besides answering like Clockify, it records every request, checks each against the
corrected OpenAPI spec, enforces the 50 requests/s per workspace limit with an empty-bodied
429, can add latency to every answer, and takes scripted faults (a 429 burst with
``Retry-After``, an HTML or empty body from a proxy, an answer that never comes, a write that
lands but whose answer is lost). It never listens on anything but 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from typing import Any, Self

from tests.fakes.clockify.api import Options, Reply, route
from tests.fakes.clockify.state import State, error
from tests.fakes.loopback import Fault, Loopback, Recorded

DEFAULT_KEY = "fake-clockify-key-3f9a1c7e5b2d"
AUTH_ERROR = {"message": "Full authentication is required to access this resource", "code": 1000}


class FakeClockify:
    def __init__(
        self,
        state: State | None = None,
        *,
        api_key: str = DEFAULT_KEY,
        prefix: str = "/api/v1",
        auth: str = "api-key",
        latency: float = 0.0,
        validate: bool = True,
        last_page_header: str | None = "Last-Page",
        rate_limit: int | None = 50,
        clock_skew: float = 0.0,
    ) -> None:
        self.state = state or State()
        self.clock_skew = clock_skew
        """Seconds the fake's clock (its Date header) runs ahead of this machine's."""
        self.api_key = api_key
        self.prefix = prefix.rstrip("/")
        self.auth = auth
        self.latency = latency
        self.validate = validate
        self.options = Options(last_page_header=last_page_header)
        self.rate_limit = rate_limit
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.throttled = 0
        self.down = False
        """Unreachable: every request's connection is dropped without an answer (set it,
        clear it: the service goes away and comes back on the same address)."""
        self.in_flight = 0
        self.peak_in_flight = 0
        """The most requests this server was answering at one time."""
        self.writes_in_flight = 0
        self.peak_writes_in_flight = 0
        """The most writes (any method but GET) it was answering at one time."""
        self._sent: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._server = Loopback(self)
        self._last_port = 0
        if validate:
            from tests.fakes.clockify.spec import load_spec

            load_spec()

    # ------------------------------------------------------------ life

    def start(self, port: int = 0) -> Self:
        self._server.start(port)
        return self

    def stop(self) -> None:
        self._server.stop()

    def go_down(self) -> None:
        """Unreachable as a network is: new connections are refused, open ones dropped."""
        self._last_port = self.port
        self.down = True
        self.stop()

    def come_back(self) -> None:
        """Listening again on the same address."""
        self.start(self._last_port)
        self.down = False

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if not self._server.running and self._last_port:
            return self._last_port  # gone down: it comes back on the same address
        return self._server.port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    # ------------------------------------------------------------ what tests use

    def fail(self, method: str, path: str, **how: Any) -> Fault:
        fault = Fault(method.upper(), path, **how)
        with self._lock:
            self.faults.append(fault)
        return fault

    def sent(self, method: str | None = None, path: str | None = None) -> list[Recorded]:
        """Requests received so far, optionally those matching a method and a path regex."""
        with self._lock:
            found = list(self.requests)
        return [
            r
            for r in found
            if (method is None or r.method == method.upper())
            and (path is None or re.fullmatch(path, r.path))
        ]

    def forget_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    # ------------------------------------------------------------ answering

    def answer(
        self,
        method: str,
        full_path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        raw: bytes,
    ) -> tuple[int, dict[str, str], bytes]:
        write = method != "GET"
        with self._lock:
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            self.writes_in_flight += write
            self.peak_writes_in_flight = max(self.peak_writes_in_flight, self.writes_in_flight)
        try:
            return self._answer(method, full_path, query, headers, raw)
        finally:
            with self._lock:
                self.in_flight -= 1
                self.writes_in_flight -= write

    def _answer(
        self,
        method: str,
        full_path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        raw: bytes,
    ) -> tuple[int, dict[str, str], bytes]:
        if self.latency:
            time.sleep(self.latency)
        if not full_path.startswith(self.prefix + "/"):
            return _json(*error(404, f"No static resource {full_path}.", 3000))
        path = full_path[len(self.prefix) :]
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        record = Recorded(method, path, query, headers, body)
        with self._lock:
            self.requests.append(record)
        if self.validate:
            from tests.fakes.clockify.spec import violations

            found = violations(method, path, query, headers, raw or None)
            if found:
                with self._lock:
                    self.violations.extend(found)
                return _json(422, {"message": "; ".join(found), "code": 422})
        if not self._authorised(headers):
            return _json(401, AUTH_ERROR)
        if self._throttled(path):
            return 429, {}, b""
        fault = self._fault(method, path)
        if fault is None:
            return self._process(method, path, query, body)
        done = self._process(method, path, query, body) if fault.process else None
        if fault.delay:
            time.sleep(fault.delay)  # long enough, and the client has stopped listening
        if fault.status is not None:
            return fault.status, dict(fault.headers), fault.body
        return done or self._process(method, path, query, body)

    def _process(
        self, method: str, path: str, query: list[tuple[str, str]], body: Any
    ) -> tuple[int, dict[str, str], bytes]:
        grouped: dict[str, list[str]] = {}
        for name, value in query:
            grouped.setdefault(name, []).append(value)
        if method in {"POST", "PUT", "PATCH"} and not isinstance(body, dict):
            return _json(*error(400, "Required request body is missing", 3000))
        with self.state.lock:
            reply = route(self.state, self.options, method, path, grouped, body)
        return _reply(reply)

    def _authorised(self, headers: dict[str, str]) -> bool:
        if "x-addon-token" in headers and "x-api-key" in headers:
            return False  # "Multiple or none auth tokens present"
        if self.auth == "bearer":
            return headers.get("authorization") == f"Bearer {self.api_key}"
        return headers.get("x-api-key") == self.api_key

    def _throttled(self, path: str) -> bool:
        """Clockify's own limit: 50 requests per second per workspace."""
        if self.rate_limit is None:
            return False
        parts = path.split("/")
        key = parts[2] if len(parts) > 2 and parts[1] == "workspaces" else ""
        now = time.monotonic()
        with self._lock:
            sent = self._sent.setdefault(key, deque())
            while sent and sent[0] <= now - 1.0:
                sent.popleft()
            if len(sent) >= self.rate_limit:
                self.throttled += 1
                return True
            sent.append(now)
            return False

    def _fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method == method and re.fullmatch(fault.path, path):
                    fault.times -= 1
                    return fault
        return None


def _json(status: int, body: Any) -> tuple[int, dict[str, str], bytes]:
    return status, {"content-type": "application/json"}, json.dumps(body).encode()


def _reply(reply: Reply) -> tuple[int, dict[str, str], bytes]:
    if reply.status == 204 or reply.body is None:
        return reply.status, dict(reply.headers), b""
    headers = {"content-type": "application/json", **reply.headers}
    return reply.status, headers, json.dumps(reply.body).encode()


def running(fake: FakeClockify) -> Iterator[FakeClockify]:
    """A started server for a ``with``-less fixture: yields it, stops it after."""
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
