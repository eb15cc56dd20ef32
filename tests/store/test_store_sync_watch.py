"""The store on Clockify behind its replica, through the service going away and coming back:
the snapshot carries the journal's state and count, the ids the service gives entries made
offline reach the store (so undo after the sync removes the saved entry, not a ghost), and a
change another process makes to the shared replica shows without a key."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.backends.replica.harness import wrapped
from tests.fakes.clockify import FakeClockify, State
from tests.frozen_time import FROZEN_NOW, frozen_store
from tui.store import Store
from tui.store.snapshot import Snapshot

MONDAY = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeClockify]:
    state = State(timezone="Europe/Berlin")
    space = state.add_workspace("Acme")
    project = state.add_project(space, "Website")
    state.add_entry(space, MONDAY, MONDAY + timedelta(hours=1), project_id=project)
    with FakeClockify(state, rate_limit=None) as server:
        yield server


def on_server(fake: FakeClockify) -> list[tuple[datetime, datetime | None]]:
    with fake.state.lock:
        return sorted(
            (e.start, e.end) for s in fake.state.spaces.values() for e in s.entries.values()
        )


async def until(store: Store, done: object) -> Snapshot:
    for _ in range(300):
        if callable(done) and done(store.snapshot):
            return store.snapshot
        await asyncio.sleep(0.02)
    raise AssertionError(store.snapshot)


async def test_an_offline_edit_waits_then_is_sent_and_undo_follows_it_to_the_server(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "replica.sqlite3") as backend:
        store = frozen_store(backend)
        await store.open()
        [row] = store.snapshot.grid.rows
        fake.go_down()
        assert await store.set_cell(row.key, 2, 5400)  # Wednesday, 1:30
        assert store.snapshot.pending_writes == 1  # in the journal before the call returns
        # The edit is committed locally and then tried in the background: offline once tried.
        snap = await until(store, lambda s: s.sync == "offline")
        assert snap.pending_writes == 1
        [made] = [e for e in snap.entries if e.start.date() == FROZEN_NOW.date()]
        assert made.id in snap.unsent_ids
        assert made.id.startswith("local-")
        fake.come_back()
        snap = await until(store, lambda s: s.pending_writes == 0 and s.sync == "synced")
        [saved] = [e for e in snap.entries if e.start.date() == FROZEN_NOW.date()]
        assert not saved.id.startswith("local-"), "the store follows the service's id"
        assert snap.unsent_ids == frozenset()
        assert len(on_server(fake)) == 2
        assert await store.undo()
        await until(store, lambda s: s.pending_writes == 0)
        assert on_server(fake) == [(MONDAY, MONDAY + timedelta(hours=1))]


async def test_a_change_made_by_another_process_shows_without_a_key(
    fake: FakeClockify, tmp_path: Path
) -> None:
    path = tmp_path / "replica.sqlite3"
    async with wrapped(fake, path) as mine, wrapped(fake, path) as theirs:
        store = frozen_store(mine)
        await store.open()
        ws = store.snapshot.workspace
        assert ws is not None
        [entry] = store.snapshot.entries
        fake.go_down()  # offline: only the shared replica carries the change across
        await theirs.list_entries(ws.id, MONDAY, MONDAY + timedelta(days=1))
        longer = entry.replace(end=MONDAY + timedelta(hours=3))
        await theirs.apply_changes(ws.id, [(entry, longer)])
        snap = await until(store, lambda s: [e.end for e in s.entries] == [longer.end])
        assert snap.pending_writes == 1
