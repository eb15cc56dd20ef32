"""Membrane's own API, the little of it a login needs: the user's connections
(``GET /connections``, paged by ``cursor``) and their state. Everything else goes through the
proxy (:mod:`tui.backends.proxy`)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

import httpx

from tui.backends.errors import BackendError
from tui.backends.http import HttpClient, Secret, check_base_url
from tui.backends.http_errors import generic_status_error, server_words
from tui.backends.proxy import ProxyAccessError, ProxyAuth, membrane_error
from tui.backends.ways_in import WayIn
from tui.domain.safe_text import safe_line

MAX_PAGES = 20
"""Pages of connections read at most (a user has a handful; a cursor that never ends is a
server's fault, not a reason to loop)."""
NOT_READY = {
    "BUILDING": "still being set up",
    "CLIENT_ACTION_REQUIRED": "needs you to reconnect it",
    "CONFIGURATION_ERROR": "has a configuration error",
    "SETUP_FAILED": "failed to set up",
    "DISCONNECTING": "is being disconnected",
}


@dataclass(frozen=True, slots=True)
class MembraneConnection:
    id: str
    name: str
    integration: str
    """The integration's key, or its name (``clockify``, ``ClickTime``)."""
    state: str
    disconnected: bool

    @property
    def ready(self) -> bool:
        return not self.disconnected and self.state in ("", "READY")

    def condition(self) -> str:
        """How it stands, in words."""
        if self.disconnected:
            return "disconnected: reconnect it in Membrane's console"
        if self.ready:
            return "ready"
        return NOT_READY.get(self.state, f"not ready ({self.state})") + " in Membrane's console"

    def serves(self, service: str) -> bool:
        wanted = service.casefold()
        return wanted in self.integration.casefold() or wanted in self.name.casefold()


def _text(value: Any) -> str:
    return safe_line(value).strip() if isinstance(value, str) else ""


def parse_connection(raw: Any) -> MembraneConnection | None:
    if not isinstance(raw, dict) or not _text(raw.get("id")):
        return None
    integration = raw.get("integration")
    key = ""
    if isinstance(integration, dict):
        key = _text(integration.get("key")) or _text(integration.get("name"))
    return MembraneConnection(
        id=_text(raw["id"]),
        name=_text(raw.get("name")) or key or _text(raw["id"]),
        integration=key,
        state=_text(raw.get("state")).upper(),
        disconnected=raw.get("disconnected") is True or raw.get("isDefunct") is True,
    )


async def list_connections(
    way: WayIn,
    token: str,
    *,
    allow_http: bool = False,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[MembraneConnection]:
    """Every connection the token can see, all pages."""
    secret = Secret(token)
    root = check_base_url(way.address, allow_insecure=allow_http, setting="")

    def mapper(response: httpx.Response) -> BackendError:
        if response.status_code == 401:  # this address is Membrane's own: so is the refusal
            return ProxyAccessError(f"Membrane did not accept the token. {way.token_hint()}.")
        said = ""
        with contextlib.suppress(ValueError, RecursionError):
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("message"), str):
                said = server_words(body["message"])
        # A web page or an empty body is told as such, never quoted.
        return membrane_error(response, way) or generic_status_error("Membrane", response, said)

    http = HttpClient(
        root,
        auth=ProxyAuth(secret, {}),
        service="Membrane",
        error_mapper=mapper,
        secret=secret,
        transport=transport,
    )
    found: list[MembraneConnection] = []
    cursor: str | None = None
    try:
        for _ in range(MAX_PAGES):
            params = {"limit": 100, "cursor": cursor}
            body = await http.get_json("/connections", params)
            items = body.get("items") if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise BackendError("Membrane sent something other than a list of connections.")
            found.extend(c for c in map(parse_connection, items) if c is not None)
            cursor = body.get("cursor") if isinstance(body.get("cursor"), str) else None
            if not cursor or not items:
                break
    finally:
        await http.aclose()
    return found
