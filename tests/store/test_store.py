"""The store without a terminal: the same rules the TUI and the CLI use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.backends.changes import EntryChange
from tui.backends.errors import OfflineError
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.domain.models import EntryFields, TimeEntry
from tui.store import Store


def make_store(path: Path, backend: LocalBackend | None = None) -> Store:
    return Store(
        backend or LocalBackend(path),
        Settings(timezone="Europe/Berlin"),
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
        remember_workspace=False,
    )


async def open_with_project(store: Store, name: str = "Website") -> tuple[str, None]:
    await store.open()
    project = await store.create_project(name)
    assert project is not None
    return (project.id, None)


async def test_two_processes_see_each_others_changes_on_next_load(store_path: Path):
    first, second = make_store(store_path), make_store(store_path)
    key = await open_with_project(first)
    await second.open()
    assert await first.set_cell(key, 0, 7200)
    assert second.snapshot.grid.total == 0  # nothing pushed between processes...
    await second.reload()  # ...until its next load
    assert second.snapshot.grid.rows[0].seconds[0] == 7200
    assert await second.set_cell(key, 0, 3600)
    await first.load_week(first.snapshot.week)
    assert first.snapshot.grid.total == 3600


class FlakyBackend(LocalBackend):
    fail = False

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        if self.fail:
            raise OfflineError("Can't reach the server (offline)")
        return await super().create_entry(workspace_id, fields)

    async def apply_changes_within(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> list[TimeEntry | None]:
        if self.fail:
            raise OfflineError("Can't reach the server (offline)")
        return await super().apply_changes_within(workspace_id, changes, windows)


async def test_a_failed_write_is_reported_and_the_grid_shows_the_truth(store_path: Path):
    backend = FlakyBackend(store_path)
    store = make_store(store_path, backend)
    key = await open_with_project(store)
    seen: list[int] = []
    store.subscribe(lambda snap: seen.append(snap.grid.total))
    backend.fail = True
    assert not await store.set_cell(key, 1, 5400)
    assert 5400 not in seen  # never shown as saved: it never was
    assert store.snapshot.severity == "error"
    assert "Not saved" in store.snapshot.message
    assert "Tue 17 Nov: 1:30" in store.snapshot.message
    assert "offline" in store.snapshot.message
    assert store.snapshot.grid.total == 0  # what the backend really holds
    assert not store.snapshot.can_undo  # nothing to undo that never happened
    backend.fail = False
    assert await store.set_cell(key, 1, 5400)
    assert store.snapshot.grid.total == 5400


async def test_edits_in_flight_keep_their_order(store_path: Path):
    import asyncio

    store = make_store(store_path)
    key = await open_with_project(store)
    await asyncio.gather(*(store.set_cell(key, 0, minutes * 60) for minutes in (30, 45, 90, 20)))
    await store.load_week(store.snapshot.week)
    assert store.snapshot.grid.rows[0].seconds[0] == 20 * 60


async def test_undo_of_a_week_shown_elsewhere_goes_back_to_it(store_path: Path):
    store = make_store(store_path)
    key = await open_with_project(store)
    assert await store.set_cell(key, 4, 3600)
    await store.shift_week(3)
    assert store.snapshot.week == date(2026, 12, 7)
    assert await store.undo()
    assert store.snapshot.week == date(2026, 11, 16)
    assert store.snapshot.grid.total == 0
    assert await store.redo()
    assert store.snapshot.grid.rows[0].seconds[4] == 3600


async def test_stale_week_loads_are_dropped(store_path: Path):
    import asyncio

    store = make_store(store_path)
    key = await open_with_project(store)
    assert await store.set_cell(key, 0, 3600)
    # Two quick moves: the answer for the first must not land after the second.
    await asyncio.gather(store.shift_week(1), store.load_week(date(2026, 11, 16)))
    assert store.snapshot.week == date(2026, 11, 16)
    assert store.snapshot.grid.total == 3600


async def test_the_grid_is_rebuilt_only_when_what_it_shows_changes(store_path: Path):
    store = make_store(store_path)
    key = await open_with_project(store)
    assert await store.set_cell(key, 0, 3600)
    before = store.snapshot.grid
    store.say("Saved")  # a message alone leaves the grid as it was
    assert store.snapshot.grid is before
    assert await store.set_cell(key, 1, 1800)  # an edit shows at once
    assert store.snapshot.grid is not before
    assert store.snapshot.grid.rows[0].seconds[:2] == (3600, 1800)
    assert store.snapshot.grid.day_totals[:2] == (3600, 1800)
    store.add_row((None, None))  # an empty row the user added is a change too
    assert [row.key for row in store.snapshot.grid.rows][-1] == (None, None)
