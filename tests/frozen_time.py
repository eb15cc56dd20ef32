"""The frozen moment every test of the grid and the timer sees, and a clock a test moves.

Wednesday 2026-11-18 10:30 in Berlin: the week shown is Mon 16 – Sun 22 Nov 2026.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tui.backends.base import Backend
from tui.config import Settings
from tui.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
FROZEN_NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = FROZEN_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def frozen_store(
    backend: Backend, clock: Callable[[], datetime] = lambda: FROZEN_NOW, **settings: Any
) -> Store:
    """A store over ``backend`` in Berlin, on the frozen clock (or ``clock``), that remembers
    no workspace between tests."""
    return Store(
        backend,
        Settings(timezone="Europe/Berlin", **settings),
        clock=clock,
        machine_tz=BERLIN,
        remember_workspace=False,
    )
