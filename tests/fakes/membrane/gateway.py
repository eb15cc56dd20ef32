"""A fake Maton-like API gateway on loopback: ``/clockify/api/v1/{path}`` forwarded to the fake
Clockify, after checking ``Authorization: Bearer <key>`` and choosing the connection by the
``Maton-Connection`` header (else the oldest). Maton's own error bodies are not documented;
these are ``{"error": …}``, which is not Clockify's ``{message, code}``."""

from __future__ import annotations

from tests.fakes.loopback import Answer
from tests.fakes.membrane.forward import Forwarder, as_json

DEFAULT_KEY = "fake-maton-key-7c2a"
PREFIX = "/clockify/api/v1"


class FakeMaton(Forwarder):
    def __init__(self, *, key: str = DEFAULT_KEY) -> None:
        super().__init__()
        self.key = key

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}{PREFIX}"

    def answer(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        raw: bytes,
    ) -> Answer:
        self.record(method, path, headers)
        scripted = self.scripted(path)
        if scripted is not None:
            return scripted
        if headers.get("authorization") != f"Bearer {self.key}":
            return as_json(401, {"error": "Invalid API key"})
        if not path.startswith(PREFIX + "/"):
            return as_json(404, {"error": f"Unknown app for {path}"})
        wanted = headers.get("maton-connection")
        with self._lock:
            active = [c for c in self.connections if c.integration == "clockify"]
        if wanted:
            connection = next((c for c in active if c.id == wanted), None)
        else:
            connection = active[0] if active else None  # the oldest, as Maton does
        if connection is None:
            return as_json(404, {"error": "Connection not found"})
        if connection.refresh_fails:
            return as_json(500, {"error": "Failed to refresh OAuth token"})
        answered = self.forward(connection, method, path[len(PREFIX) :], query, headers, raw)
        return answered if answered is not None else as_json(502, {"error": "Bad gateway"})
