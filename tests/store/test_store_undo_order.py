"""Undo typed right behind edits (``1:30 Tab 2 Tab 45m Enter u`` in one read) undoes the last
of them: it waits for the edits queued before it instead of taking whatever step happens to
be recorded when it starts (on the embedded store an edit is recorded only once committed)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.frozen_time import frozen_store
from tui.backends.local import LocalBackend


async def test_undo_behind_a_burst_of_edits_undoes_the_last_one(store_path: Path) -> None:
    store = frozen_store(LocalBackend(store_path))
    await store.open()
    project = await store.create_project("Website")
    assert project is not None
    key = (project.id, None)
    # Started back to back, as the grid starts a worker per key, with no wait between.
    tasks = [
        asyncio.create_task(store.set_cell(key, 0, 5400)),
        asyncio.create_task(store.set_cell(key, 1, 7200)),
        asyncio.create_task(store.set_cell(key, 2, 2700)),
        asyncio.create_task(store.undo()),
    ]
    assert await asyncio.gather(*tasks) == [True, True, True, True]
    [row] = store.snapshot.grid.rows
    assert row.seconds[:3] == (5400, 7200, 0), "the undo took back the last edit"
    assert await store.redo()
    [row] = store.snapshot.grid.rows
    assert row.seconds[:3] == (5400, 7200, 2700)
    await store.backend.aclose()
