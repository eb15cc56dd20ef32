"""The embedded store's write pipeline parts, across connections and processes: changes are
committed before ``apply_changes`` returns, half a batch is never stored, two writers on one
file serialise, and ``changed_elsewhere`` sees other processes' commits."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui.backends.changes import StaleChanges
from tui.backends.errors import ValidationError
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields, TimeEntry

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


def planned(ws: str, start: datetime, end: datetime, **fields: object) -> TimeEntry:
    return TimeEntry(id="local-" + "0" * 32, workspace_id=ws, start=start, end=end, **fields)  # type: ignore[arg-type]


def rows_on_disk(path: Path) -> list[tuple[int, int]]:
    """What another process reading the file sees, with no help from the backend."""
    with sqlite3.connect(path) as conn:
        return list(conn.execute("SELECT start_at, end_at FROM entry ORDER BY start_at"))


async def test_a_batch_is_on_disk_when_it_returns(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    backend = LocalBackend(path)
    try:
        ws = (await backend.list_workspaces())[0].id
        await backend.apply_changes(ws, [(None, planned(ws, T0, T0 + H))])
        assert rows_on_disk(path) == [(int(T0.timestamp()), int((T0 + H).timestamp()))]
    finally:
        await backend.aclose()


async def test_a_batch_that_fails_half_way_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    backend = LocalBackend(path)
    try:
        ws = (await backend.list_workspaces())[0].id
        with pytest.raises(ValidationError):
            await backend.apply_changes(
                ws,
                [
                    (None, planned(ws, T0, T0 + H)),
                    (None, planned(ws, T0 + 2 * H, T0 + 3 * H, project_id="nope")),
                ],
            )
        assert rows_on_disk(path) == []
    finally:
        await backend.aclose()


async def test_two_writers_on_one_empty_cell_one_wins_one_is_stale(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    first, second = LocalBackend(path), LocalBackend(path)
    try:
        ws = (await first.list_workspaces())[0].id
        for _ in range(10):
            results = await asyncio.gather(
                first.apply_changes(ws, [(None, planned(ws, T0, T0 + 2 * H))]),
                second.apply_changes(ws, [(None, planned(ws, T0, T0 + H))]),
                return_exceptions=True,
            )
            stale = [r for r in results if isinstance(r, StaleChanges)]
            assert len(stale) == 1, results
            assert len(rows_on_disk(path)) == 1  # never 3:00 of overlapping time
            await first.apply_changes(
                ws, [(e, None) for e in await first.list_entries(ws, T0 - H, T0 + 3 * H)]
            )
    finally:
        await first.aclose()
        await second.aclose()


async def test_changed_elsewhere_sees_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    watcher, writer = LocalBackend(path), LocalBackend(path)
    try:
        ws = (await watcher.list_workspaces())[0].id
        assert await watcher.changed_elsewhere() is False
        await writer.create_entry(ws, EntryFields(start=T0, end=T0 + H))
        assert await watcher.changed_elsewhere() is True
        assert await watcher.changed_elsewhere() is False  # since the last call
        await watcher.create_entry(ws, EntryFields(start=T0 + H, end=T0 + 2 * H))
        assert await watcher.changed_elsewhere() is False  # its own write
        assert await writer.changed_elsewhere() is True
    finally:
        await watcher.aclose()
        await writer.aclose()


async def test_changed_elsewhere_sees_another_process(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    watcher = LocalBackend(path)
    try:
        ws = (await watcher.list_workspaces())[0].id
        await watcher.changed_elsewhere()
        script = (
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            'c.execute("INSERT INTO entry (id, workspace_id, start_at, end_at) '
            "VALUES ('x', ?, 0, 60)\", (sys.argv[2],))\n"
            "c.commit()\n"
        )
        await asyncio.to_thread(
            subprocess.run, [sys.executable, "-c", script, str(path), ws], check=True
        )
        assert await watcher.changed_elsewhere() is True
        assert await watcher.changed_elsewhere() is False
    finally:
        await watcher.aclose()


async def test_an_entry_added_elsewhere_within_the_days_planned_on_is_stale(
    tmp_path: Path,
) -> None:
    """A cell shrunk on a stale view: the entry another window added to the same day lies
    over nothing the batch writes, yet it changes what the cell holds."""
    path = tmp_path / "store.sqlite3"
    mine, theirs = LocalBackend(path), LocalBackend(path)
    try:
        ws = (await mine.list_workspaces())[0].id
        seen = await mine.create_entry(ws, EntryFields(start=T0, end=T0 + 2 * H))
        added = await theirs.create_entry(ws, EntryFields(start=T0 + 4 * H, end=T0 + 5 * H))
        day = (T0 - 9 * H, T0 + 15 * H)
        shrink = [(seen, seen.replace(end=T0 + H))]
        with pytest.raises(StaleChanges) as caught:
            await mine.apply_changes_within(ws, shrink, [day])
        assert caught.value.changed_ids == (added.id,)
        # Named as seen, or outside the days planned on, it is no reason to refuse.
        other_day = (T0 + 15 * H, T0 + 39 * H)
        await mine.apply_changes_within(ws, shrink, [other_day])
        assert [e.end for e in await mine.list_entries(ws, *day)] == [T0 + H, T0 + 5 * H]
        undo = [(seen.replace(end=T0 + H), seen), (added, added)]
        await mine.apply_changes_within(ws, undo, [day])
    finally:
        await mine.aclose()
        await theirs.aclose()
