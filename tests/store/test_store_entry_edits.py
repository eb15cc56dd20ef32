"""The grid's intents on their own: kept rows, locked entries, last week copied."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.frozen_time import FROZEN_NOW
from tests.store.parts import Parts, build_parts
from tui.domain.models import EntryFields
from tui.domain.timesheet import RowKey
from tui.store.entry_edits import EntryEdits


async def edits_of(path: Path) -> tuple[Parts, EntryEdits, RowKey]:
    parts = build_parts(path)
    await parts.loader.open()
    project = await parts.backend.create_project(parts.publisher.workspace_id(), "Website")
    await parts.loader.refresh_catalog()
    return parts, EntryEdits(parts.backend, parts.publisher, parts.writes), (project.id, None)


async def test_a_row_set_to_zero_stays_until_it_is_removed(store_path: Path) -> None:
    parts, edits, key = await edits_of(store_path)
    assert await edits.set_cell(key, 0, 3600)
    assert await edits.set_cell(key, 0, 0)
    assert [row.key for row in parts.publisher.snapshot.grid.rows] == [key]  # kept at 0
    assert await edits.delete_row(key)
    assert parts.publisher.snapshot.grid.rows == ()
    assert parts.publisher.snapshot.message == "Removed Website from the week"


async def test_a_locked_entry_is_neither_changed_nor_deleted(store_path: Path) -> None:
    parts, edits, key = await edits_of(store_path)
    assert await edits.create_entry(
        EntryFields(start=FROZEN_NOW - timedelta(hours=1), end=FROZEN_NOW, project_id=key[0])
    )
    [entry] = parts.publisher.snapshot.entries
    locked = entry.replace(locked=True)
    calls = len(parts.backend.calls)
    assert not await edits.update_entry(locked, locked.replace(description="x"))
    assert parts.publisher.snapshot.message == "This entry is locked and cannot be changed"
    assert not await edits.delete_entry(locked)
    assert parts.publisher.snapshot.message == "This entry is locked and cannot be deleted"
    assert len(parts.backend.calls) == calls  # nothing was sent


async def test_last_week_is_copied_into_empty_cells_only(store_path: Path) -> None:
    parts, edits, key = await edits_of(store_path)
    ws = parts.publisher.workspace_id()
    last_monday = FROZEN_NOW - timedelta(days=9)  # Mon 9 Nov, 10:30 in Berlin
    for day in (0, 1):
        start = last_monday + timedelta(days=day)
        await parts.backend.create_entry(
            ws, EntryFields(start=start, end=start + timedelta(hours=2), project_id=key[0])
        )
    assert await edits.set_cell(key, 0, 1800)  # this Monday already holds time
    assert await edits.copy_last_week(with_hours=True)
    assert parts.publisher.snapshot.grid.rows[0].seconds[:3] == (1800, 7200, 0)
    assert parts.publisher.snapshot.message.startswith("Copied 1 row with 2:00")


async def test_copying_last_week_again_says_there_is_nothing_left_to_copy(
    store_path: Path,
) -> None:
    parts, edits, key = await edits_of(store_path)
    ws = parts.publisher.workspace_id()
    start = FROZEN_NOW - timedelta(days=9)
    await parts.backend.create_entry(
        ws, EntryFields(start=start, end=start + timedelta(hours=2), project_id=key[0])
    )
    assert await edits.copy_last_week(with_hours=True)
    calls = len(parts.backend.calls)
    assert not await edits.copy_last_week(with_hours=True)
    assert parts.publisher.snapshot.message.startswith("Nothing to copy")
    assert len(parts.backend.calls) == calls  # nothing sent, nothing on the undo list twice
    assert await edits.copy_last_week(with_hours=False)
    assert parts.publisher.snapshot.message == "Last week's rows are all here already"
