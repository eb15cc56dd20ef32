"""Typing into the running timer's cell through the store: the time lands before the timer's
start, or the edit is refused with a message that says how, and nothing is stored."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.frozen_time import FROZEN_NOW, frozen_store
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields

WED = 2  # today in the frozen week; now is 10:30 in Berlin


async def test_the_timers_cell_takes_time_before_the_timer(store_path: Path) -> None:
    store = frozen_store(LocalBackend(store_path))
    try:
        await store.open()
        project = await store.create_project("Website")
        assert project is not None
        key = (project.id, None)
        running = await store.start_timer(
            EntryFields(start=FROZEN_NOW, project_id=project.id), at=FROZEN_NOW - timedelta(hours=1)
        )
        assert running is not None  # since 09:30 Berlin
        assert await store.set_cell(key, WED, 3600)
        ws = store.snapshot.workspace
        assert ws is not None
        stored = await store.backend.list_entries(
            ws.id, FROZEN_NOW - timedelta(hours=12), FROZEN_NOW + timedelta(hours=12)
        )
        [typed] = [e for e in stored if e.end is not None]
        assert typed.end is not None
        assert typed.end <= running.start
        assert typed.seconds() == 3600
        assert store.snapshot.running == running  # the timer runs on, untouched

        # Nine and a half hours more do not fit before 09:30: refused, saying how.
        assert not await store.set_cell(key, WED, int(10.5 * 3600))
        assert store.snapshot.severity == "error"
        assert "stop the timer, or edit its start" in store.snapshot.message
        after = await store.backend.list_entries(
            ws.id, FROZEN_NOW - timedelta(hours=12), FROZEN_NOW + timedelta(hours=12)
        )
        assert after == stored
    finally:
        await store.backend.aclose()
