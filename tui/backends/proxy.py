"""A backend's HTTP through a proxy (Membrane, Maton): the bearer header, and the proxy's own
errors told apart from the service's.

Membrane answers a proxied call with the service's own status and body; when the failure is
Membrane's (the token, the connection, its own limits) the body is its error object
``{type, key?, message}`` instead (``docs/access.md``). Maton's error shape
is not documented: what is not the service's ``{message, code}`` on a 401, 404 or 500 is read
as the gateway's. Either way the user gets one line saying what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import httpx

from tui.backends.errors import AuthError, BackendError, RateLimitedError
from tui.backends.http_errors import server_words
from tui.backends.http_secrets import Secret
from tui.backends.ways_in import MEMBRANE_CONSOLE, WayIn

ErrorMapper = Callable[[httpx.Response], BackendError]

MEMBRANE_TYPES = frozenset(
    {
        "bad_request",
        "connection",
        "configuration",
        "dependency_error",
        "internal",
        "concurrency",
        "action_run_error",
        "unit_run_error",
    }
)
MEMBRANE_KEYS = frozenset(
    {
        "not_found",
        "not_authenticated",
        "access_denied",
        "rate_limit_exceeded",
        "connection_is_defunct",
        "access_token_expired",
    }
)
_RECONNECT_KEYS = frozenset({"connection_is_defunct", "access_token_expired"})


class ProxyAccessError(AuthError):
    """The proxy refused the token or the connection: nothing reached the service, and
    nothing will until the user logs in again or reconnects (an ``AuthError``, so a journal
    keeps its changes and stops sending)."""


class ProxyAuth(httpx.Auth):
    """``Authorization: Bearer <token>`` plus the way in's own headers, added as each request
    is sent (never kept in the client's defaults)."""

    def __init__(self, secret: Secret, headers: dict[str, str]) -> None:
        self._secret = secret
        self._headers = dict(headers)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Bearer " + self._secret.reveal()
        for name, value in self._headers.items():
            request.headers[name] = value
        yield request

    def __repr__(self) -> str:
        return f"ProxyAuth({self._secret!r})"


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, RecursionError):
        return None


def membrane_error_of(body: Any) -> tuple[str, str, str] | None:
    """``(type, key, message)`` when the body is Membrane's own error object."""
    if not isinstance(body, dict):
        return None
    kind, key = body.get("type"), body.get("key")
    if not isinstance(kind, str) or not (kind in MEMBRANE_TYPES or key in MEMBRANE_KEYS):
        return None
    message = body.get("message")
    return kind, key if isinstance(key, str) else "", message if isinstance(message, str) else ""


def membrane_error(response: httpx.Response, way: WayIn) -> BackendError | None:
    """Membrane's own failure in the user's terms, or None when the service answered."""
    found = membrane_error_of(_body(response))
    if found is None:
        return None
    kind, key, message = found
    said = f" ({server_words(message)})" if message.strip() else ""
    status = response.status_code
    where = f"connection {way.connection!r}" if way.connection else "the connection"
    if key == "not_authenticated" or (status == 401 and not key):
        return ProxyAccessError(f"Membrane did not accept the token{said}. {way.token_hint()}.")
    if key in _RECONNECT_KEYS or kind == "connection":
        return ProxyAccessError(
            f"Membrane cannot reach {way.service} through {where}: it needs reconnecting"
            f"{said}. Reconnect {way.service} in Membrane's console ({MEMBRANE_CONSOLE}), "
            "then try again."
        )
    if key == "not_found" or status == 404:
        return ProxyAccessError(
            f"Membrane has no {where}{said}. Pick another: run `{way.relogin()}` "
            "(or set MEMBRANE_CONNECTION)."
        )
    if key == "access_denied" or status == 403:
        return ProxyAccessError(
            f"Membrane does not let this token use {where}{said}. Pick another: run "
            f"`{way.relogin()}`."
        )
    if key == "rate_limit_exceeded" or status == 429:
        return RateLimitedError("Membrane says too many requests; wait a moment and try again.")
    return BackendError(
        f"Membrane could not pass the request on to {way.service} (HTTP {status}){said}; "
        "try again later."
    )


def _service_shaped(body: Any) -> bool:
    """Clockify's own error body (``{message, code}``) or ClickTime's envelope."""
    return isinstance(body, dict) and (isinstance(body.get("code"), int) or "errors" in body)


def maton_error(response: httpx.Response, way: WayIn) -> BackendError | None:
    """Maton's own failure, or None when the body is the service's."""
    status = response.status_code
    body = _body(response)
    if status not in (401, 404, 500) or _service_shaped(body):
        return None
    text = ""
    if isinstance(body, dict):
        for name in ("message", "error", "detail"):
            if isinstance(body.get(name), str):
                text = body[name]
                break
    said = f" ({server_words(text)})" if text.strip() else ""
    if status == 401:
        return ProxyAccessError(f"Maton did not accept the API key{said}. {way.token_hint()}.")
    if status == 404 and (way.connection or "connection" in text.lower()):
        return ProxyAccessError(
            f"Maton has no Clockify connection {way.connection!r}{said}. Pick another with "
            "--connection (or MATON_CONNECTION), or leave it out for the oldest one."
        )
    if status == 500:
        return ProxyAccessError(
            f"Maton answered HTTP 500{said}: its Clockify connection's sign-in could probably "
            "not be refreshed. Recreate the connection at maton.ai, then try again."
        )
    return None


def proxy_errors(service_mapper: ErrorMapper, way: WayIn) -> ErrorMapper:
    """The backend's error mapping behind a proxy: the proxy's failures first; the service's
    own rejection of the credentials the proxy holds told as such (the user's token is fine,
    the connection is not)."""
    own = membrane_error if way.via == "membrane" else maton_error

    def mapper(response: httpx.Response) -> BackendError:
        error = own(response, way)
        if error is not None:
            return error
        error = service_mapper(response)
        if isinstance(error, AuthError) and response.status_code == 401:
            fix = (
                f"reconnect {way.service} in Membrane's console ({MEMBRANE_CONSOLE})"
                if way.via == "membrane"
                else "recreate the connection at maton.ai"
            )
            return ProxyAccessError(
                f"{way.service} refused the sign-in {way.proxy} holds for it; {fix}, then "
                "try again."
            )
        return error

    return mapper
