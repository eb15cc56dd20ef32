"""Two windows on one embedded store (two stores on one file, as two TUIs or the TUI and the
CLI are): each edit carries what it was based on, so an edit made on a stale view is planned
again on the fresh state or refused, never applied blindly and never doubling time; and an
open window shows another's changes within about a second."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.frozen_time import BERLIN, FROZEN_NOW, frozen_store
from tests.installed_punch import punch
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.domain.models import EntryFields, TimeEntry
from tui.domain.timesheet import RowKey
from tui.store import Store

WED = 2  # the frozen week's Wednesday, today


@pytest.fixture
async def windows(store_path: Path) -> AsyncIterator[tuple[Store, Store, RowKey]]:
    """Two open stores on one file, each on its own connection, the row in both."""
    first, second = frozen_store(LocalBackend(store_path)), frozen_store(LocalBackend(store_path))
    await first.open()
    project = await first.create_project("Website")
    assert project is not None
    await second.open()  # sees the project, and the empty week
    key = (project.id, None)
    second.add_row(key)
    try:
        yield first, second, key
    finally:
        await first.backend.aclose()
        await second.backend.aclose()


async def stored(store: Store) -> list[TimeEntry]:
    start = datetime(2026, 11, 16, tzinfo=UTC) - timedelta(days=1)
    ws = store.snapshot.workspace
    assert ws is not None
    return await store.backend.list_entries(ws.id, start, start + timedelta(days=9))


def finished(entries: list[TimeEntry]) -> list[TimeEntry]:
    return [e for e in entries if e.end is not None]


def no_overlaps(entries: list[TimeEntry]) -> bool:
    spans = sorted((e.start, e.end or datetime.max.replace(tzinfo=UTC)) for e in entries)
    return all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def cell(store: Store, key: RowKey, day: int) -> int:
    row = store.snapshot.grid.row_index(key)
    return store.snapshot.grid.rows[row].seconds[day] if row is not None else 0


async def test_two_values_into_one_empty_cell_leave_the_later_one(
    windows: tuple[Store, Store, RowKey],
) -> None:
    """The issue's case: "2:00" and "1:00" typed into one empty cell in two windows make
    1:00 (the later intent), not 3:00 of overlapping entries."""
    first, second, key = windows
    assert await first.set_cell(key, WED, 2 * 3600)
    assert cell(second, key, WED) == 0  # its view is stale
    assert await second.set_cell(key, WED, 3600)
    entries = await stored(second)
    assert [e.seconds() for e in entries] == [3600]
    assert cell(second, key, WED) == 3600  # and it shows what is stored
    assert second.snapshot.severity == "warning"
    assert "planned again" in second.snapshot.message
    assert "was added elsewhere" in second.snapshot.message


async def test_a_stale_window_grows_the_fresh_value_and_never_double_counts(
    windows: tuple[Store, Store, RowKey],
) -> None:
    first, second, key = windows
    assert await first.set_cell(key, WED, 3600)
    assert await second.set_cell(key, WED, 3 * 3600)  # "this cell is now 3:00"
    assert sum(e.seconds() for e in await stored(first)) == 3 * 3600
    assert await first.set_cell(key, WED, 2 * 3600)  # first's view is stale now: 1:00 shown
    entries = await stored(first)
    assert sum(e.seconds() for e in entries) == 2 * 3600
    assert no_overlaps(entries)


async def test_a_relative_edit_adds_to_the_fresh_value(
    windows: tuple[Store, Store, RowKey],
) -> None:
    first, second, key = windows
    assert await first.set_cell(key, WED, 2 * 3600)
    assert await second.adjust_cell(key, WED, 15 * 60)  # "+15m" typed on a stale 0:00
    entries = await stored(second)
    assert sum(e.seconds() for e in entries) == 2 * 3600 + 15 * 60
    assert no_overlaps(entries)
    assert cell(second, key, WED) == 2 * 3600 + 15 * 60


async def test_other_rows_of_the_day_are_placed_clear_of_the_other_windows_time(
    windows: tuple[Store, Store, RowKey],
) -> None:
    first, second, key = windows
    other = await second.create_project("Internal")
    assert other is not None
    assert await first.set_cell(key, WED, 2 * 3600)
    assert await second.set_cell((other.id, None), WED, 3600)
    entries = await stored(second)
    assert sorted(e.seconds() for e in entries) == [3600, 2 * 3600]
    assert no_overlaps(entries)


async def test_an_entry_changed_elsewhere_is_not_overwritten_but_refused_by_name(
    windows: tuple[Store, Store, RowKey],
) -> None:
    first, second, key = windows
    assert await first.set_cell(key, WED, 3600)
    await second.reload()
    [seen] = second.snapshot.entries
    assert await first.set_cell(key, WED, 2 * 3600)  # changes the entry second shows
    changed = seen.replace(description="from the entry dialog")
    assert not await second.update_entry(seen, changed)
    assert second.snapshot.severity == "error"
    assert "Website Wed 09:00–10:00 was changed elsewhere" in second.snapshot.message
    [now] = await stored(second)
    assert (now.seconds(), now.description) == (2 * 3600, "")
    assert second.snapshot.entries == (now,)  # the grid shows what is stored

    assert await first.set_cell(key, WED, 0)  # and now it is gone
    assert not await second.delete_entry(now)
    assert "was deleted elsewhere" in second.snapshot.message


async def test_undo_of_a_step_changed_elsewhere_is_refused(
    windows: tuple[Store, Store, RowKey],
) -> None:
    first, second, key = windows
    assert await second.set_cell(key, WED, 3600)
    await first.reload()
    assert await first.set_cell(key, WED, 2 * 3600)
    assert not await second.undo()  # would delete an entry that is not what it made
    assert "Could not undo" in second.snapshot.message
    assert sum(e.seconds() for e in await stored(second)) == 2 * 3600
    assert second.snapshot.can_undo  # still there, for when it makes sense again


async def test_two_windows_typing_at_once_never_double_time(
    windows: tuple[Store, Store, RowKey],
) -> None:
    first, second, key = windows
    for value in range(1, 6):
        results = await asyncio.gather(
            first.set_cell(key, WED, value * 1800), second.set_cell(key, WED, value * 1200)
        )
        assert all(results)
        entries = await stored(first)
        assert no_overlaps(entries)
        assert sum(e.seconds() for e in entries) in {value * 1800, value * 1200}


async def wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Until ``condition`` holds (a deadline against hanging, not a timed assertion)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("never happened")


async def test_another_windows_change_shows_without_a_reload(store_path: Path) -> None:
    writer = frozen_store(LocalBackend(store_path))
    await writer.open()
    project = await writer.create_project("Website")
    assert project is not None
    key = (project.id, None)
    watcher = Store(
        LocalBackend(store_path),
        Settings(timezone="Europe/Berlin"),
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
        remember_workspace=False,
        watch_changes=True,
    )
    try:
        await watcher.open()
        assert await writer.set_cell(key, WED, 5400)
        await wait_for(lambda: cell(watcher, key, WED) == 5400)
        assert watcher.snapshot.catalog.label(key) == "Website"  # the new row is named
        assert await writer.set_cell(key, WED, 0)
        await wait_for(lambda: cell(watcher, key, WED) == 0)
    finally:
        await watcher.stop_watching()
        await watcher.backend.aclose()
        await writer.backend.aclose()


# ---------------------------------------------------------------- the store and the CLI


def cli(*args: str) -> str:
    result = punch(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


async def test_the_cli_and_an_open_window_on_one_cell(hermetic_home: Path) -> None:
    """`punch start/stop` in another process writes yesterday's Internal cell; the open
    window (real clock, as the CLI's) shows it within about a second, and a value typed into
    that cell on a stale view is planned again on what the CLI stored."""
    path = hermetic_home / "data" / "punchcard" / "punchcard.sqlite3"
    setup = LocalBackend(path)
    ws = (await setup.list_workspaces())[0].id
    internal = await setup.create_project(ws, "Internal")
    await setup.aclose()
    key = (internal.id, None)
    window = Store(
        LocalBackend(path),
        Settings(timezone="Europe/Berlin"),
        machine_tz=BERLIN,
        remember_workspace=False,
        watch_changes=True,
    )
    stale = Store(
        LocalBackend(path),
        Settings(timezone="Europe/Berlin"),
        machine_tz=BERLIN,
        remember_workspace=False,
    )
    try:
        await window.open()
        await stale.open()
        yesterday = window.snapshot.today - timedelta(days=1)
        for store in (window, stale):
            await store.load_week(yesterday - timedelta(days=yesterday.weekday()))
        day = yesterday.weekday()
        await asyncio.to_thread(cli, "start", "Review", "-p", "internal", "--at", "yesterday 09:00")
        await asyncio.to_thread(cli, "stop", "--at", "yesterday 11:00")
        await wait_for(lambda: cell(window, key, day) == 2 * 3600)

        assert cell(stale, key, day) == 0  # never looked again
        assert await stale.set_cell(key, day, 3600)
        entries = finished(await stale.backend.list_entries(ws, *_day(yesterday)))
        assert [(e.description, e.seconds()) for e in entries] == [("Review", 3600)]
        await wait_for(lambda: cell(window, key, day) == 3600)
    finally:
        await window.stop_watching()
        for store in (window, stale):
            await store.backend.aclose()


def _day(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), BERLIN)
    return start, start + timedelta(days=1)


async def test_a_timer_started_elsewhere_is_never_overlapped_by_a_typed_cell(
    windows: tuple[Store, Store, RowKey],
) -> None:
    first, second, key = windows
    started = await first.start_timer(
        EntryFields(start=FROZEN_NOW, project_id=key[0]), at=FROZEN_NOW - timedelta(hours=1)
    )
    assert started is not None  # since 09:30 Berlin, unseen by second
    assert await second.set_cell(key, WED, 3600)
    entries = await stored(second)
    assert no_overlaps(entries)
    [typed] = finished(entries)
    assert typed.end is not None
    assert typed.end <= started.start
