"""Pacing requests to a service: a sliding-window rate limiter, how long to wait before a
retry (the service's ``Retry-After``, else jittered backoff), and single flight, so callers
asking for the same thing at once share one request."""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from email.utils import parsedate_to_datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")


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
