"""The fake Membrane API on loopback, as docs/access.md describes the real one.

It checks ``Authorization: Bearer <token>``, lists its connections (``GET /connections``,
paged by ``cursor``), and proxies ``/connections/{id}/proxy/{path}`` to the fake service the
connection holds: the client's ``Authorization`` is dropped, the service's credentials put in,
and the service's own answer passed back unchanged. Its own failures come as Membrane's error
object ``{type, key, message}``: a token it does not know, a connection it does not have, one
that is not ready or whose credentials cannot be refreshed; and scripted ones (``fail``): a
429 of its own, a web page, a 502, a connection dropped without an answer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from tests.fakes.loopback import Answer
from tests.fakes.membrane.forward import Forwarder, Linked, as_json

DEFAULT_TOKEN = "fake-membrane-token-5e1d9b"
_PROXY = "/proxy"


def membrane_error(status: int, kind: str, key: str, message: str) -> Answer:
    return as_json(status, {"type": kind, "key": key, "message": message})


class FakeMembrane(Forwarder):
    def __init__(self, *, token: str = DEFAULT_TOKEN, page_size: int = 2) -> None:
        super().__init__()
        self.token = token
        self.page_size = page_size
        """Connections per page of ``GET /connections``: small, so paging is exercised."""

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}"

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
        if headers.get("authorization") != f"Bearer {self.token}":
            return membrane_error(401, "bad_request", "not_authenticated", "Invalid access token")
        if path == "/connections" and method == "GET":
            return self._list(dict(query))
        parts = path.split("/", 3)  # "", "connections", id, "proxy/…"
        if len(parts) == 4 and parts[1] == "connections" and ("/" + parts[3]).startswith(_PROXY):
            rest = "/" + parts[3]
            service_path = rest[len(_PROXY) :] or "/"
            return self._proxy(unquote(parts[2]), method, service_path, query, headers, raw)
        return membrane_error(404, "bad_request", "not_found", f"Route {path} not found")

    def _list(self, query: dict[str, str]) -> Answer:
        with self._lock:
            items = [c.listed() for c in self.connections]
        wanted = query.get("integrationKey")
        if wanted:
            items = [i for i in items if i["integration"]["key"] == wanted]
        start = int(query.get("cursor") or 0)
        page = items[start : start + self.page_size]
        body: dict[str, Any] = {"items": page}
        if start + self.page_size < len(items):
            body["cursor"] = str(start + self.page_size)
        return as_json(200, body)

    def _proxy(
        self,
        wanted: str,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        headers: dict[str, str],
        raw: bytes,
    ) -> Answer:
        connection = self.find(wanted)
        if connection is None:
            return membrane_error(404, "bad_request", "not_found", "Connection not found")
        if connection.disconnected or connection.state not in ("READY", ""):
            return membrane_error(
                400, "connection", "connection_is_defunct", "Connection is disconnected"
            )
        if connection.refresh_fails:
            return membrane_error(
                401, "connection", "access_token_expired", "Could not refresh credentials"
            )
        answered = self.forward(connection, method, path, query, headers, raw)
        if answered is None:
            return membrane_error(502, "dependency_error", "", "The service did not answer")
        return answered


def linked(fake_service: Any, service: str, **how: Any) -> Linked:
    """A connection to a started fake Clockify or fake ClickTime, signed in as it expects."""
    if service == "clockify":
        sign_in = {"X-Api-Key": fake_service.api_key}
        how.setdefault("name", "Clockify (Acme)")
    else:
        sign_in = {"Authorization": f"Token {fake_service.token}"}
        how.setdefault("name", "ClickTime (Acme)")
    how.setdefault("id", f"conn-{service}-1")
    return Linked(integration=service, upstream=fake_service.base_url, sign_in=sign_in, **how)
