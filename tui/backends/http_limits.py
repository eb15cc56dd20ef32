"""Limits on what one HTTP client takes and waits for: the size of an answer, the time a
command spends on a service, and redirects, which are never followed with a key."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tui.backends.errors import BackendError


class RedirectError(BackendError):
    """The service answered with a redirect; punch never follows one with the key."""


class TooLargeError(BackendError):
    """An answer far larger than any real page: cut off, never held whole in memory."""


MAX_BODY = 32 * 1024 * 1024
"""Bytes of one answer, decoded: a full page of 200 entries is well under a megabyte."""


@dataclass(frozen=True)
class Patience:
    """How long a client waits: ``per_request`` caps each request's time-out, ``total`` the
    time one client spends on all its requests, retries and waits included (None: no cap).
    The TUI keeps the defaults and works on in the background; a CLI command, which a user
    or a script waits for, gives up sooner (:func:`set_patience`)."""

    per_request: float | None = None
    total: float | None = None


_patience = [Patience()]


CLI_PATIENCE = Patience(per_request=6.0, total=15.0)
"""A command a user or a script waits for: a few seconds a request, about 15 in all."""


def set_patience(patience: Patience) -> None:
    """For every client made after this call, in this process."""
    _patience[0] = patience


def current_patience() -> Patience:
    return _patience[0]


async def read_capped(
    http: httpx.AsyncClient, request: httpx.Request, max_body: int, service: str
) -> httpx.Response:
    """The answer, read in chunks and counted: one past ``max_body`` (decoded, so a
    compressed bomb counts at its real size) is cut off with an error, never held whole."""
    response = await http.send(request, stream=True)
    try:
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > max_body:
                raise TooLargeError(
                    f"{service} sent an answer over {max_body // 2**20} MiB; no real page "
                    "is that large, so it was cut off. Try again later."
                )
            chunks.append(chunk)
    finally:
        await response.aclose()
    # What ``aread`` stores; set here because the body was read in counted chunks instead.
    response._content = b"".join(chunks)
    return response
