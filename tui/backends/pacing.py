"""Pacing requests to a service: a sliding-window rate limiter, how long to wait before a
retry (the service's ``Retry-After``, else jittered backoff), and single flight, so callers
asking for the same thing at once share one request."""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from email.utils import parsedate_to_datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class RateLimiter:
    """At most ``limit`` requests in any window of ``per`` seconds, for each key, as the
    service counts them.

    A sliding window rather than a token bucket: a bucket that starts full lets a burst of
    ``limit`` through and then ``limit`` more within the same second. A request sent through
    :meth:`slot` counts from the moment it is sent until ``per`` after its answer came back:
    the service saw it arrive somewhere in between, so however a slow or loaded link delays
    and bunches requests, no window of the service's own clock holds more than ``limit``.
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
        self._sent: dict[Hashable, list[list[float]]] = {}
        self._locks: dict[Hashable, asyncio.Lock] = {}
        self._answered: dict[Hashable, asyncio.Event] = {}

    async def acquire(self, key: Hashable = None) -> None:
        """Wait for room for one request that counts as answered the moment it is sent."""
        span = await self._take(key)
        span[1] = span[0]

    @asynccontextmanager
    async def slot(self, key: Hashable = None) -> AsyncIterator[None]:
        """Room for one request, held while it is in flight."""
        span = await self._take(key)
        try:
            yield
        finally:
            span[1] = self._clock()
            self._answered.setdefault(key, asyncio.Event()).set()

    async def _take(self, key: Hashable) -> list[float]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        answered = self._answered.setdefault(key, asyncio.Event())
        async with lock:  # one waiter at a time per key keeps the order of requests
            spans = self._sent.setdefault(key, [])
            expired = -math.inf  # requests answered up to a window before this are done
            while True:
                now = self._clock()
                cutoff = max(now - self.per, expired)
                spans[:] = [s for s in spans if s[1] > cutoff]
                if len(spans) < self.limit:
                    span = [now, math.inf]
                    spans.append(span)
                    return span
                finished = [s[1] for s in spans if s[1] != math.inf]
                if finished:
                    # Dropped by its own stamp after the sleep, not by the clock: a sleep may
                    # end a hair early, and the sums of float seconds need not meet exactly.
                    expired = min(finished)
                    await self._sleep(max(0.0, expired + self.per - now))
                else:  # every request counted is still in flight: wait for an answer
                    answered.clear()
                    await answered.wait()


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
