"""The wrapped Clockify for tests: the fake server on loopback, the real Clockify client, and
the replica wrapper on a file in the test's folder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tests.fakes.clockify import FakeClockify
from tui.backends.clockify import ClockifyBackend
from tui.backends.replica.backend import ReplicaBackend
from tui.backends.replica.parts import wrap


async def quick(seconds: float) -> None:
    """The Clockify client's waits between retries, made short for tests."""
    import asyncio

    await asyncio.sleep(min(seconds, 0.01))


def clockify_on(fake: FakeClockify, **options: Any) -> ClockifyBackend:
    options.setdefault("sleep", quick)
    return ClockifyBackend(fake.api_key, fake.base_url, **options)


@asynccontextmanager
async def wrapped(
    fake: FakeClockify, path: Path, *, client_timeout: float = 20.0, **options: Any
) -> AsyncIterator[ReplicaBackend]:
    options.setdefault("backoff", (0.02, 0.1))
    options.setdefault("poll", 0.05)
    options.setdefault("settle", 1.0)
    backend = wrap(clockify_on(fake, timeout=client_timeout), path, **options)
    try:
        yield backend
    finally:
        await backend.aclose()
