"""What the ClickTime backend tests share: a backend on a fake ClickTime over real HTTP, in a
zone that is not UTC, its clock on the fake's "today", every request checked against the
models derived from ClickTime's spec (``serving`` fails the test on the way out otherwise)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.clicktime import FakeClickTime, State
from tests.fakes.clicktime.testing import seeded, serving
from tui.backends.clicktime import ClickTimeBackend

TZ = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 16)
WS = "company-0001"


def at(day: date, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in the user's zone, as UTC (how entries come back)."""
    return datetime.combine(day, time(hour, minute), TZ).astimezone(UTC)


class Slept:
    """An injected ``sleep`` that only records how long it was asked to wait."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@asynccontextmanager
async def clicktime(
    state: State | None = None,
    tmp_path: Path | None = None,
    **options: Any,
) -> AsyncIterator[tuple[ClickTimeBackend, FakeClickTime]]:
    state = state or seeded()[0]
    options.setdefault("rate_limit", (1000, 1.0))
    options.setdefault("now", lambda: datetime.combine(state.today, time(12), TZ))
    with serving(state) as fake:
        backend = ClickTimeBackend(
            fake.token,
            fake.base_url,
            tz=TZ,
            timer_path=tmp_path / "timer.json" if tmp_path else None,
            **options,
        )
        try:
            yield backend, fake
        finally:
            await backend.aclose()
