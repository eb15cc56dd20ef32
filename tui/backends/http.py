"""HTTP plumbing every remote backend shares: a client over one ``httpx.AsyncClient`` with a
client-side rate limiter (``pacing.py``), bounded retries of reads, careful writes, a hook for
the backend's error mapping and its pagination, and a guard against sending a secret over
plain HTTP.

Reads (GET) are retried on 429/502/503/504 and on time-outs, honouring ``Retry-After``. Writes
are never re-sent blindly: when one gets no clear answer (a time-out, a dropped connection, a
gateway error) the caller's ``look`` function asks the server whether the change landed, and
the write is sent again only if it did not. A 429 on a write is the server saying it did
nothing, so that one is waited out and re-sent.

The secret travels in a header added per request by an ``httpx.Auth``; it is never kept in the
client's default headers, never formatted into a message, and ``repr`` hides it.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from tui.backends.errors import BackendError, NotSentError, OfflineError, RateLimitedError
from tui.backends.http_limits import (
    MAX_BODY,
    RedirectError,
    current_patience,
    read_capped,
)
from tui.backends.http_limits import TooLargeError as TooLargeError
from tui.backends.http_secrets import HeaderAuth as HeaderAuth  # re-exported, as before
from tui.backends.http_secrets import InsecureURLError as InsecureURLError
from tui.backends.http_secrets import Secret as Secret
from tui.backends.http_secrets import check_base_url as check_base_url
from tui.backends.http_secrets import is_loopback_host as is_loopback_host
from tui.backends.http_secrets import redact as redact
from tui.backends.pacing import RateLimiter, backoff_seconds, retry_after_seconds
from tui.domain.safe_text import safe_line

RETRY_STATUSES = frozenset({429, 502, 503, 504})
UNCERTAIN_STATUSES = frozenset({502, 503, 504})
"""A gateway error on a write: the request may have reached the service behind it."""


__all__ = ["NotSentError"]  # defined beside the other errors; raised from here

_NEVER_LEFT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class PermissionDeniedError(BackendError):
    """The service understood the request and the credentials, and refused (HTTP 403)."""


# ---------------------------------------------------------------- the client


@dataclass(frozen=True)
class Found:
    """What a ``look`` after an uncertain write found: the change is on the server."""

    value: Any = None


Look = Callable[[], Awaitable[Found | None]]
ErrorMapper = Callable[[httpx.Response], BackendError]
Paginate = Callable[["HttpClient", str, Mapping[str, Any] | None], Awaitable[list[Any]]]
"""A backend's way of reading every page of a list (see ``clockify/paging.py``)."""


class HttpClient:
    """One service's HTTP: JSON in and out, typed errors, limits and retries."""

    def __init__(
        self,
        base_url: str,
        *,
        auth: httpx.Auth,
        service: str,
        error_mapper: ErrorMapper,
        limiter: RateLimiter | None = None,
        paginate: Paginate | None = None,
        limit_key: Callable[[str], Hashable] = lambda path: None,
        timeout: float = 20.0,
        max_attempts: int = 4,
        max_wait: float = 30.0,
        secret: Secret | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: Callable[[], float] = random.random,
        user_agent: str = "punchcard",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.service = service
        self._map_error = error_mapper
        self._limiter = limiter
        self._paginate = paginate
        self._limit_key = limit_key
        self._max_attempts = max_attempts
        self._max_wait = max_wait
        self._secret = secret
        self._sleep = sleep
        self._rng = rng
        self._max_body = MAX_BODY
        patience = current_patience()
        if patience.per_request is not None:
            timeout = min(timeout, patience.per_request)
            self._max_wait = min(max_wait, patience.per_request)
        self._timeout = timeout
        self._budget = patience.total
        self._spent_from: float | None = None
        """When this client's first request began (monotonic), for ``Patience.total``."""
        self.requests_sent = 0
        self.write_tries = 2
        """Sends of one write at most, when a look after an unclear answer found nothing.
        1 for a client behind a journal, which looks again later, once a late-landing
        request has had time to land (:meth:`send_writes_once`)."""
        self.server_time_offset: float | None = None
        """The service's clock minus ours, in seconds, as of the last answer with a Date."""
        self._http = httpx.AsyncClient(
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"Accept": "application/json", "User-Agent": user_agent},
            limits=httpx.Limits(max_connections=12, max_keepalive_connections=12),
            transport=transport,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"HttpClient({self.base_url!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    # ------------------------------------------------------------ sending

    async def _send(
        self, method: str, path: str, params: Mapping[str, Any] | None, body: Any
    ) -> httpx.Response:
        content = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if body is not None else None
        left = self._time_left()
        async with self._paced(path):
            self.requests_sent += 1
            request = self._http.build_request(
                method,
                self.base_url + path,
                params=_query(params),
                content=content,
                headers=headers,
                timeout=httpx.Timeout(min(self._timeout, left), connect=min(10.0, left)),
            )
            try:
                response = await asyncio.wait_for(self._fetch(request), timeout=left + 1.0)
            except TimeoutError:  # a server that trickles bytes never trips a read time-out
                raise httpx.ReadTimeout("no answer in time", request=request) from None
        self._read_server_clock(response)
        return response

    def _time_left(self) -> float:
        """Seconds this client may still wait, under ``Patience.total``."""
        if self._budget is None:
            return self._timeout
        now = time.monotonic()
        if self._spent_from is None:
            self._spent_from = now
        left = self._budget - (now - self._spent_from)
        if left <= 0:
            host = urlsplit(self.base_url).hostname or self.base_url
            raise OfflineError(
                f"{self.service} ({host}) did not answer within {self._budget:.0f} s in all; "
                "try again later."
            )
        return left

    async def _fetch(self, request: httpx.Request) -> httpx.Response:
        return await read_capped(self._http, request, self._max_body, self.service)

    def _redirect(self, response: httpx.Response) -> RedirectError:
        target = urlsplit(response.headers.get("location", "")).hostname
        where = f" to {safe_line(target)}" if target else ""
        return RedirectError(
            f"{self.service} answered HTTP {response.status_code}, a redirect{where}, instead "
            "of data; punch does not follow redirects with your key. Check the server "
            "address (log in again if the service moved)."
        )

    def _paced(self, path: str) -> AbstractAsyncContextManager[None]:
        if self._limiter is None:
            return nullcontext()
        return self._limiter.slot(self._limit_key(path))

    def _read_server_clock(self, response: httpx.Response) -> None:
        """Seconds the service's clock is ahead of ours, from the answer's Date header, so a
        running timer's elapsed time counts on the service's clock (a second's resolution)."""
        stamp = response.headers.get("date")
        if not stamp:
            return
        try:
            server = parsedate_to_datetime(stamp)
        except (TypeError, ValueError, IndexError):
            return  # a proxy's odd header is no reason to fail a request
        if server.tzinfo is not None:
            self.server_time_offset = server.timestamp() - time.time()

    def _offline(self, err: httpx.HTTPError) -> OfflineError:
        host = urlsplit(self.base_url).hostname or self.base_url
        # No connection was made: the request cannot have reached the service.
        kind = NotSentError if isinstance(err, _NEVER_LEFT) else OfflineError
        if isinstance(err, httpx.TimeoutException):
            return kind(f"{self.service} ({host}) did not answer in time; try again.")
        return kind(
            f"Cannot reach {self.service} at {host} — offline? Check the connection and the "
            "server address."
        )

    def _error(self, response: httpx.Response) -> BackendError:
        """The backend's reading of an error answer, with the secret hidden and any control
        characters the server put in its message made visible: one line, safe to print."""
        error = self._map_error(response)
        text = safe_line(redact(str(error), self._secret))
        return error if text == str(error) else type(error)(text)

    async def _wait(self, response: httpx.Response | None, attempt: int) -> None:
        """Sleep before attempt ``attempt + 1``; a service asking for too long a pause is
        an answer in itself."""
        wait = None
        if response is not None:
            wait = retry_after_seconds(response.headers.get("retry-after"))
        if wait is None:
            wait = backoff_seconds(attempt, self._rng)
        if self._budget is not None:
            wait = min(wait, max(0.0, self._time_left() - 0.5))
        if wait > self._max_wait:
            raise RateLimitedError(
                f"{self.service} asks to wait {wait:.0f} s before the next request; try again then."
            )
        await self._sleep(wait)

    async def get(self, path: str, params: Mapping[str, Any] | None = None) -> httpx.Response:
        """A GET, retried a bounded number of times when the service is busy or slow."""
        for attempt in range(1, self._max_attempts + 1):
            last = attempt == self._max_attempts
            try:
                response = await self._send("GET", path, params, None)
            except httpx.TimeoutException as err:
                if last:
                    raise self._offline(err) from None
                await self._wait(None, attempt)
                continue
            except httpx.HTTPError as err:
                raise self._offline(err) from None
            if response.status_code in RETRY_STATUSES and not last:
                await self._wait(response, attempt)
                continue
            if response.is_error:
                raise self._error(response)
            if 300 <= response.status_code < 400:
                raise self._redirect(response)
            return response
        raise AssertionError("unreachable")  # the loop returns or raises

    async def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return json_body(await self.get(path, params), self.service)

    async def get_all(self, path: str, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every item of a list, through the backend's own pagination when it gave one;
        else one GET that must answer with a list."""
        if self._paginate is not None:
            return await self._paginate(self, path, params)
        items = await self.get_json(path, params)
        if not isinstance(items, list):
            raise BackendError(f"{self.service} sent something other than a list for {path}.")
        return items

    async def write(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: Mapping[str, Any] | None = None,
        look: Look | None = None,
        tries: int | None = None,
    ) -> Any:
        """Send a change once; send it again only when the service refused it outright (429)
        or when ``look`` found, after an unclear answer, that it is not there."""
        tries = self.write_tries if tries is None else tries
        sends = 0
        for attempt in range(1, self._max_attempts + 1):
            sends += 1
            try:
                response = await self._send(method, path, params, body)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as err:
                raise self._offline(err) from None  # it never left this machine
            except httpx.HTTPError as err:
                uncertain: BackendError = self._offline(err)
            else:
                if response.status_code == 429 and attempt < self._max_attempts:
                    await self._wait(response, attempt)
                    continue
                if response.status_code not in UNCERTAIN_STATUSES:
                    if response.is_error:
                        raise self._error(response)
                    if 300 <= response.status_code < 400:
                        raise self._redirect(response)  # not sent on: the change is not made
                    return json_body(response, self.service) if response.content else None
                uncertain = self._error(response)
            # No clear answer: the change may or may not have been made.
            if look is None:
                raise BackendError(
                    f"{uncertain} The change may or may not have been saved; reload to check."
                )
            try:
                found = await look()
            except NotSentError as err:
                # The look never left, but the write before it may have landed: unclear.
                raise OfflineError(str(err)) from None
            if found is not None:
                return found.value
            if sends >= tries:
                raise BackendError(
                    f"{uncertain} Checked: the change is not on {self.service}; nothing was saved."
                )
        raise RateLimitedError(f"{self.service} kept answering 'too many requests'; try again.")


def _query(
    params: Mapping[str, Any] | None,
) -> list[tuple[str, str | int | float | bool | None]] | None:
    """Query pairs: booleans as true/false, lists repeated, None left out."""
    if not params:
        return None
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None:
                continue
            pairs.append(
                (name, ("true" if item else "false") if isinstance(item, bool) else str(item))
            )
    return pairs


def json_body(response: httpx.Response, service: str) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise BackendError(
            f"{service} answered HTTP {response.status_code} with something that is not JSON; "
            "a proxy may be in the way."
        ) from None
