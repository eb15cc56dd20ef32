"""What both fake proxies do: hold a connection to a fake service (its address and the
headers that sign a request in to it), forward a request there with the client's own
credentials removed and the service's put in, and answer scripted faults of their own."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Self

import httpx

from tests.fakes.loopback import Answer, Loopback

HOP_BY_HOP = frozenset(
    {
        "authorization",
        "connection",
        "keep-alive",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "forwarded",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-forwarded-proto",
        "maton-connection",
        "membrane-api-version",
    }
)
"""Never passed on: the client's credentials, the hop's own headers, the proxy's own."""
_NOT_BACK = frozenset(
    {"content-length", "transfer-encoding", "connection", "content-encoding", "date", "server"}
)


@dataclass
class Linked:
    """One connection the proxy holds to a service."""

    id: str
    name: str
    integration: str
    """The integration's key: ``clockify``, ``clicktime``."""
    upstream: str = ""
    """The fake service's base URL (requests' paths go after it)."""
    sign_in: dict[str, str] = field(default_factory=dict)
    """The headers that carry the service's credentials (``X-Api-Key``…)."""
    state: str = "READY"
    disconnected: bool = False
    refresh_fails: bool = False
    """The service's credentials expired and cannot be refreshed."""

    def listed(self) -> dict[str, Any]:
        """As ``GET /connections`` shows it."""
        body: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "integration": {
                "id": f"int-{self.integration}",
                "key": self.integration,
                "name": self.integration.title(),
            },
            "state": self.state,
            "createdAt": "2026-01-05T10:00:00.000Z",
            "updatedAt": "2026-11-20T10:00:00.000Z",
        }
        if self.disconnected:
            body["disconnected"] = True
        return body


@dataclass
class ProxyFault:
    """The proxy's own answer to the next ``times`` requests whose path (below the proxy's
    root) matches ``path``: a status and body, or ``status=DROP`` to hang up."""

    path: str
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]


class Forwarder:
    """The shared half of a fake proxy: faults, records, forwarding."""

    def __init__(self) -> None:
        self.connections: list[Linked] = []
        self.faults: list[ProxyFault] = []
        self.seen: list[Seen] = []
        self.forwarded = 0
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=30.0, follow_redirects=False)
        self._server = Loopback(self)

    def start(self) -> Self:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()
        self.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def answer(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        raw: bytes,
    ) -> Answer:
        """What the proxy answers: each fake proxy says."""
        raise NotImplementedError

    def link(self, connection: Linked) -> Linked:
        with self._lock:
            self.connections.append(connection)
        return connection

    def find(self, wanted: str) -> Linked | None:
        """By id, or by integration key when that integration has one connection only."""
        with self._lock:
            for connection in self.connections:
                if connection.id == wanted:
                    return connection
            same = [c for c in self.connections if c.integration == wanted]
        return same[0] if len(same) == 1 else None

    def fail(self, path: str, status: int, body: Any = b"", **how: Any) -> ProxyFault:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers = how.pop("headers", None) or (
            {"content-type": "application/json"} if not isinstance(body, bytes) else {}
        )
        fault = ProxyFault(path, status, raw, headers, **how)
        with self._lock:
            self.faults.append(fault)
        return fault

    def record(self, method: str, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.seen.append(Seen(method, path, headers))

    def scripted(self, path: str) -> Answer | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and re.fullmatch(fault.path, path):
                    fault.times -= 1
                    return fault.status, dict(fault.headers), fault.body
        return None

    def forward(
        self,
        connection: Linked,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        raw: bytes,
    ) -> Answer | None:
        """The service's own answer, or None when it cannot be reached."""
        sent = {k: v for k, v in headers.items() if k not in HOP_BY_HOP}
        sent.update(connection.sign_in)
        try:
            response = self._http.request(
                method,
                connection.upstream + path,
                params=httpx.QueryParams([(k, v) for k, v in query]),
                headers=sent,
                content=raw,
            )
        except httpx.HTTPError:
            return None
        with self._lock:
            self.forwarded += 1
        back = {k: v for k, v in response.headers.items() if k.lower() not in _NOT_BACK}
        return response.status_code, back, response.content

    def close(self) -> None:
        self._http.close()


def as_json(status: int, body: Any, **headers: str) -> Answer:
    return status, {"content-type": "application/json", **headers}, json.dumps(body).encode()
