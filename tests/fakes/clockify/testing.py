"""What the Clockify tests share: a started fake server and a backend talking to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from tests.fakes.clockify.server import FakeClockify
from tests.fakes.clockify.state import State
from tui.backends.clockify import ClockifyBackend


@contextmanager
def serving(state: State | None = None, **options: Any) -> Iterator[FakeClockify]:
    """A fake Clockify on loopback; on the way out, fails if any request broke the spec."""
    if state is None:
        state = State()
        state.add_workspace("Personal")
    with FakeClockify(state, **options) as fake:
        yield fake
    assert fake.violations == [], "requests that break the Clockify spec"


@asynccontextmanager
async def connected(fake: FakeClockify, **options: Any) -> AsyncIterator[ClockifyBackend]:
    backend = ClockifyBackend(fake.api_key, fake.base_url, **options)
    try:
        yield backend
    finally:
        await backend.aclose()


async def no_sleep(seconds: float) -> None:
    """Stands in for asyncio.sleep where a test only counts the waits."""
    return None
