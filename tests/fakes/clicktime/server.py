"""The fake ClickTime on loopback: real HTTP/1.1 from the standard library's threading server.

Besides answering like ClickTime (API notes §2–§7), it records every request, checks every
request body against the models derived from ClickTime's spec (``models.py``; violations are
kept in ``violations`` and answered with 400), authenticates ``Authorization: Token <token>``
with the scheme in any letter case (Basic e-mail and password only on ``GET /Me`` and
``POST /Me/ResetAuthToken``), can pace requests with 429 and ``Retry-After``, add latency to
every answer, and takes scripted faults (a 429 burst, a proxy's HTML, an empty body, a write
that lands but whose answer is lost). It never listens on anything but 127.0.0.1.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
from collections import deque
from typing import Any, Self

from tests.fakes.clicktime.api import Call, Options, Reply, envelope, fail, route
from tests.fakes.clicktime.models import query_violations
from tests.fakes.clicktime.models import violations as model_violations
from tests.fakes.clicktime.state import State, api_error
from tests.fakes.loopback import Fault, Loopback, Recorded

DENIED = "Authorization has been denied for this request."
_BASIC_PATHS = {("GET", "/Me"), ("POST", "/Me/ResetAuthToken")}


class FakeClickTime:
    def __init__(
        self,
        state: State | None = None,
        *,
        prefix: str = "/v2",
        latency: float = 0.0,
        validate: bool = True,
        rate_limit: tuple[int, float] | None = None,
        retry_after: str | None = "1",
        options: Options | None = None,
    ) -> None:
        self.state = state or State()
        self.prefix = prefix.rstrip("/")
        self.latency = latency
        self.validate = validate
        self.rate_limit = rate_limit
        """``(requests, seconds)``: more in any window of ``seconds`` are answered 429. The
        real limit is unknown (one unverified claim: 10 per 5 s on /TimeEntries)."""
        self.retry_after = retry_after
        self.options = options or Options()
        self.requests: list[Recorded] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.throttled = 0
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self._server = Loopback(self)
        self._last_port = 0
        self.down = False
        """Gone (``go_down``): an open connection's requests are dropped unanswered."""

    # ------------------------------------------------------------ life

    def start(self, port: int = 0) -> Self:
        self._server.start(port)
        return self

    def stop(self) -> None:
        self._server.stop()

    def go_down(self) -> None:
        """Unreachable as a network is: new connections are refused, open ones dropped."""
        self._last_port = self._server.port
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

    @property
    def token(self) -> str:
        return self.state.token

    # ------------------------------------------------------------ what tests use

    def fail(self, method: str, path: str, **how: Any) -> Fault:
        fault = Fault(method.upper(), path, **how)
        with self._lock:
            self.faults.append(fault)
        return fault

    def burst(self, method: str, path: str, times: int, retry_after: str | None = "1") -> Fault:
        """The next ``times`` matching requests are answered 429 (with ``Retry-After``)."""
        headers = {"content-type": "application/json"}
        if retry_after is not None:
            headers["retry-after"] = retry_after
        body = json.dumps(envelope(None, [api_error("Too many requests.")])).encode()
        return self.fail(method, path, status=429, body=body, headers=headers, times=times)

    def forget_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def sent(self, method: str | None = None, path: str | None = None) -> list[Recorded]:
        with self._lock:
            found = list(self.requests)
        return [
            r
            for r in found
            if (method is None or r.method == method.upper())
            and (path is None or re.fullmatch(path, r.path))
        ]

    # ------------------------------------------------------------ answering

    def answer(
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
            return _reply(fail(404, f"No HTTP resource was found that matches {full_path}."))
        path = full_path[len(self.prefix) :].rstrip("/") or "/"
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        with self._lock:
            self.requests.append(Recorded(method, path, query, headers, body))
        if self.validate:
            found = model_violations(method, path, body, raw, headers.get("content-type", ""))
            found += query_violations(method, path, sorted({name for name, _ in query}))
            if found:
                with self._lock:
                    self.violations.extend(found)
                return _reply(Reply(400, envelope(None, [api_error(v) for v in found])))
        if not self._authorised(method, path, headers):
            return _reply(fail(401, DENIED))
        if self._throttled():
            return _reply(self._too_many())
        fault = self._fault(method, path)
        if fault is None:
            return self._process(method, path, query, body)
        done = self._process(method, path, query, body) if fault.process else None
        if fault.delay:
            time.sleep(fault.delay)
        if fault.status is not None:
            return fault.status, dict(fault.headers), fault.body
        return done or self._process(method, path, query, body)

    def _process(
        self, method: str, path: str, query: list[tuple[str, str]], body: Any
    ) -> tuple[int, dict[str, str], bytes]:
        grouped: dict[str, list[str]] = {}
        for name, value in query:
            grouped.setdefault(name, []).append(value)
        needs_body = method in {"POST", "PUT", "PATCH"} and path != "/Me/ResetAuthToken"
        if needs_body and not isinstance(body, dict):
            return _reply(fail(400, "The request body must be a JSON object."))
        notes: list[str] = []
        call = Call(self.state, self.options, method, path, grouped, body, self.base_url, notes)
        with self.state.lock:
            reply = route(call)
        if notes:
            with self._lock:
                self.violations.extend(notes)
        return _reply(reply)

    def _authorised(self, method: str, path: str, headers: dict[str, str]) -> bool:
        scheme, _, credentials = headers.get("authorization", "").strip().partition(" ")
        credentials = credentials.strip()
        if scheme.lower() == "token":
            if (method, path) == ("POST", "/Me/ResetAuthToken"):
                return False  # Basic is its only auth (API notes §2)
            return bool(credentials) and credentials == self.state.token
        if scheme.lower() == "basic" and (method, path) in _BASIC_PATHS:
            try:
                decoded = base64.b64decode(credentials, validate=True).decode()
            except (binascii.Error, UnicodeDecodeError):
                return False
            email, _, password = decoded.partition(":")
            return (
                email.casefold() == self.state.email.casefold() and password == self.state.password
            )
        return False

    def _throttled(self) -> bool:
        if self.rate_limit is None:
            return False
        most, seconds = self.rate_limit
        now = time.monotonic()
        with self._lock:
            while self._sent and self._sent[0] <= now - seconds:
                self._sent.popleft()
            if len(self._sent) >= most:
                self.throttled += 1
                return True
            self._sent.append(now)
            return False

    def _too_many(self) -> Reply:
        reply = fail(429, "Too many requests.")
        if self.retry_after is not None:
            reply.headers["retry-after"] = self.retry_after
        return reply

    def _fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method == method and re.fullmatch(fault.path, path):
                    fault.times -= 1
                    return fault
        return None


def _reply(reply: Reply) -> tuple[int, dict[str, str], bytes]:
    headers = {"content-type": "application/json; charset=utf-8", **reply.headers}
    return reply.status, headers, json.dumps(reply.body).encode()
