"""The timer watch on its own: what a check tells its listeners (the status file's writer),
a timer started elsewhere, and the back-off while the backend cannot be reached."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from tests.frozen_time import FROZEN_NOW
from tests.store.parts import GatedBackend, Parts, build_parts
from tui.backends.errors import OfflineError
from tui.config import Settings
from tui.domain.models import EntryFields, TimeEntry
from tui.store.timer_watch import TimerWatch


class Unreachable(GatedBackend):
    down = False

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        if self.down:
            raise OfflineError("Can't reach the server (offline)")
        return await super().running_entry(workspace_id)


async def watched(path: Path) -> tuple[Parts, TimerWatch, list[tuple[datetime, bool]]]:
    parts = build_parts(path, backend_type=Unreachable)
    watch = TimerWatch(parts.backend, parts.publisher, Settings(), load_week=parts.loader.load_week)
    parts.publisher.subscribe(watch.observe)
    await parts.loader.open()
    checks: list[tuple[datetime, bool]] = []
    watch.on_checked(lambda at, unchanged: checks.append((at, unchanged)))
    return parts, watch, checks


async def test_a_check_that_finds_nothing_new_tells_its_listeners_so(store_path: Path) -> None:
    _, watch, checks = await watched(store_path)
    assert await watch.poll_timer() == 30.0
    assert checks == [(FROZEN_NOW, True)]


async def test_a_timer_started_elsewhere_is_shown_and_said(store_path: Path) -> None:
    parts, watch, checks = await watched(store_path)
    ws = parts.publisher.workspace_id()
    started = await parts.backend.create_entry(
        ws, EntryFields(start=FROZEN_NOW - timedelta(minutes=5), description="Elsewhere")
    )
    await watch.poll_timer()
    assert checks == [(FROZEN_NOW, False)]  # the reload that follows publishes it
    snap = parts.publisher.snapshot
    assert snap.running == started
    assert snap.message == "A timer was started elsewhere"
    assert watch.running_elapsed() == 300


async def test_an_unreachable_backend_backs_off_and_is_said_once(store_path: Path) -> None:
    parts, watch, checks = await watched(store_path)
    backend = parts.backend
    assert isinstance(backend, Unreachable)
    backend.down = True
    messages: list[str] = []
    parts.publisher.subscribe(lambda s: messages.append(s.message))
    assert await watch.poll_timer() == 60.0
    assert await watch.poll_timer() == 120.0
    assert parts.publisher.snapshot.offline
    assert messages == ["Can't check the timer: Can't reach the server (offline)"]
    assert checks == []  # nothing confirmed
    backend.down = False
    assert await watch.poll_timer() == 30.0
    assert checks == [(FROZEN_NOW, False)]
    assert not parts.publisher.snapshot.offline
    assert parts.publisher.snapshot.message == "Back online"
