"""HTTP plumbing any remote backend can reuse: a client over one ``httpx.AsyncClient`` with a
client-side rate limiter, bounded retries of reads, careful writes, pagination and a guard
against sending a secret over plain HTTP.

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
import ipaddress
import json
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Generator, Hashable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import httpx

from tui.backends.errors import BackendError, OfflineError, RateLimitedError

T = TypeVar("T")

RETRY_STATUSES = frozenset({429, 502, 503, 504})
UNCERTAIN_STATUSES = frozenset({502, 503, 504})
"""A gateway error on a write: the request may have reached the service behind it."""


class InsecureURLError(BackendError):
    """A plain-HTTP base URL to a host that is not this machine."""


class PermissionDeniedError(BackendError):
    """The service understood the request and the credentials, and refused (HTTP 403)."""


# ---------------------------------------------------------------- secrets and URLs


class Secret:
    """A credential that never shows itself in ``repr``, ``str`` or a format string."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def redact(text: str, secret: Secret | None) -> str:
    """``text`` with every occurrence of the secret replaced: for messages a server wrote."""
    if secret and secret.reveal() and len(secret.reveal()) >= 4:
        return text.replace(secret.reveal(), "********")
    return text


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, *, allow_insecure: bool = False, setting: str = "") -> str:
    """``url`` without a trailing slash, if it is fit to carry a secret.

    ``https://`` always is; ``http://`` only to this machine (a fake server, a local gateway),
    unless ``allow_insecure`` says the user chose it. ``setting`` names how to allow it.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InsecureURLError(f"{url!r} is not a web address like https://api.example.com/v1.")
    if parts.scheme == "http" and not allow_insecure and not is_loopback_host(parts.hostname):
        how = f" To send it anyway, {setting}." if setting else ""
        raise InsecureURLError(
            f"Refusing to send the API key over plain http:// to {parts.hostname}; "
            f"use https://.{how}"
        )
    return url.strip().rstrip("/")


class HeaderAuth(httpx.Auth):
    """Adds the secret to each request as it is sent."""

    def __init__(self, header: str, secret: Secret, prefix: str = "") -> None:
        self._header = header
        self._secret = secret
        self._prefix = prefix

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._header] = self._prefix + self._secret.reveal()
        yield request

    def __repr__(self) -> str:
        return f"HeaderAuth({self._header!r}, {self._secret!r})"


# ---------------------------------------------------------------- rate limiting and retries


class RateLimiter:
    """At most ``limit`` requests in any window of ``per`` seconds, for each key.

    A sliding window rather than a token bucket: a bucket that starts full lets a burst of
    ``limit`` through and then ``limit`` more within the same second.
    """

    def __init__(
        self,
        limit: int,
        per: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        if limit < 1 or per <= 0:
            raise ValueError("a rate limit needs limit >= 1 and per > 0")
        self.limit = limit
        self.per = per
        self._clock = clock
        self._sleep = sleep
        self._sent: dict[Hashable, deque[float]] = {}
        self._locks: dict[Hashable, asyncio.Lock] = {}

    async def acquire(self, key: Hashable = None) -> None:
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:  # one waiter at a time per key keeps the order of requests
            sent = self._sent.setdefault(key, deque())
            while True:
                now = self._clock()
                while sent and sent[0] <= now - self.per:
                    sent.popleft()
                if len(sent) < self.limit:
                    sent.append(now)
                    return
                await self._sleep(sent[0] + self.per - now)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))  # a number of seconds
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_seconds(attempt: int, rng: Callable[[], float] = random.random) -> float:
    """250 ms doubling with each attempt (1, 2, …), plus up to 125 ms of jitter."""
    return float(0.25 * 2 ** (attempt - 1) + 0.125 * rng())


# ---------------------------------------------------------------- single flight


class SingleFlight(Generic[T]):
    """Callers asking for the same key while a call is in flight share its answer."""

    def __init__(self) -> None:
        self._flying: dict[Hashable, asyncio.Task[T]] = {}

    async def run(self, key: Hashable, make: Callable[[], Awaitable[T]]) -> T:
        task = self._flying.get(key)
        if task is None:

            async def call() -> T:
                return await make()

            task = asyncio.ensure_future(call())
            self._flying[key] = task
            task.add_done_callback(lambda _: self._flying.pop(key, None))
        # A caller that gives up must not cancel the call the others are waiting for.
        return await asyncio.shield(task)


# ---------------------------------------------------------------- the client


@dataclass(frozen=True)
class Found:
    """What a ``look`` after an uncertain write found: the change is on the server."""

    value: Any = None


Look = Callable[[], Awaitable[Found | None]]
ErrorMapper = Callable[[httpx.Response], BackendError]


@dataclass(frozen=True)
class Page:
    items: list[Any]
    last: bool | None
    """The service's own word on whether this was the last page, if it gave one."""


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
        self._limit_key = limit_key
        self._max_attempts = max_attempts
        self._max_wait = max_wait
        self._secret = secret
        self._sleep = sleep
        self._rng = rng
        self.requests_sent = 0
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
        if self._limiter is not None:
            await self._limiter.acquire(self._limit_key(path))
        self.requests_sent += 1
        content = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if body is not None else None
        response = await self._http.request(
            method,
            self.base_url + path,
            params=_query(params),
            content=content,
            headers=headers,
        )
        self._read_server_clock(response)
        return response

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
        if isinstance(err, httpx.TimeoutException):
            return OfflineError(f"{self.service} ({host}) did not answer in time; try again.")
        return OfflineError(
            f"Cannot reach {self.service} at {host} — offline? Check the connection and the "
            "server address."
        )

    def _error(self, response: httpx.Response) -> BackendError:
        error = self._map_error(response)
        text = redact(str(error), self._secret)
        return error if text == str(error) else type(error)(text)

    async def _wait(self, response: httpx.Response | None, attempt: int) -> None:
        """Sleep before attempt ``attempt + 1``; a service asking for too long a pause is
        an answer in itself."""
        wait = None
        if response is not None:
            wait = retry_after_seconds(response.headers.get("retry-after"))
        if wait is None:
            wait = backoff_seconds(attempt, self._rng)
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
            return response
        raise AssertionError("unreachable")  # the loop returns or raises

    async def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return _json(await self.get(path, params), self.service)

    async def page(self, path: str, params: Mapping[str, Any]) -> Page:
        response = await self.get(path, params)
        items = _json(response, self.service)
        if not isinstance(items, list):
            raise BackendError(f"{self.service} sent something other than a list for {path}.")
        flag = response.headers.get("last-page")  # httpx headers ignore letter case
        last = None if flag is None else flag.strip().lower() == "true"
        return Page(items, last)

    async def paginate(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        page_size: int = 200,
        max_pages: int = 500,
    ) -> list[Any]:
        """Every item of a paged list: stop on ``Last-Page: true`` in any letter case, on a
        short page, on an empty page, or after ``max_pages``."""
        items: list[Any] = []
        for number in range(1, max_pages + 1):
            page = await self.page(path, {**(params or {}), "page": number, "page-size": page_size})
            items.extend(page.items)
            if page.last or len(page.items) < page_size or not page.items:
                return items
        raise BackendError(
            f"{self.service} kept sending pages of {path} past {max_pages}; stopped there."
        )

    async def write(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: Mapping[str, Any] | None = None,
        look: Look | None = None,
        tries: int = 2,
    ) -> Any:
        """Send a change once; send it again only when the service refused it outright (429)
        or when ``look`` found, after an unclear answer, that it is not there."""
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
                    return _json(response, self.service) if response.content else None
                uncertain = self._error(response)
            # No clear answer: the change may or may not have been made.
            if look is None:
                raise BackendError(
                    f"{uncertain} The change may or may not have been saved; reload to check."
                )
            found = await look()
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


def _json(response: httpx.Response, service: str) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise BackendError(
            f"{service} answered HTTP {response.status_code} with something that is not JSON; "
            "a proxy may be in the way."
        ) from None
