"""Week loading on its own: the remembered workspace, a later load winning over a stale
one, and loads waiting for our own writes in flight."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.frozen_time import FROZEN_NOW
from tests.store.parts import GatedBackend, build_parts
from tui.domain.models import EntryFields, TimeEntry
from tui.domain.weeks import shift_week


class HeldLists:
    """Counts the backend's entry lists, and holds the one that covers ``held`` (if given)
    until released."""

    def __init__(self, backend: GatedBackend, held: datetime | None = None) -> None:
        self.release = asyncio.Event()
        self.asked = 0
        original = backend.list_entries

        async def list_entries(ws: str, start: datetime, end: datetime) -> list[TimeEntry]:
            self.asked += 1
            if held is not None and start <= held < end:
                await self.release.wait()
            return await original(ws, start, end)

        backend.list_entries = list_entries  # type: ignore[method-assign, assignment]


async def test_open_opens_the_recalled_workspace(store_path: Path) -> None:
    setup = build_parts(store_path)
    second = await setup.backend.create_workspace("Second")
    await setup.backend.aclose()

    async def recall() -> str | None:
        return second.id

    parts = build_parts(store_path, recall=recall)
    await parts.loader.open()
    snap = parts.publisher.snapshot
    assert snap.workspace == second
    assert len(snap.workspaces) == 2
    assert not snap.loading


async def test_a_recalled_workspace_that_is_gone_opens_the_first(store_path: Path) -> None:
    async def recall() -> str | None:
        return "no-such-workspace"

    parts = build_parts(store_path, recall=recall)
    await parts.loader.open()
    snap = parts.publisher.snapshot
    assert snap.workspace == snap.workspaces[0]


async def test_a_later_week_wins_over_a_stale_one_still_loading(store_path: Path) -> None:
    parts = build_parts(store_path)
    await parts.loader.open()
    ws = parts.publisher.workspace_id()
    this_week = parts.publisher.snapshot.week
    last_week = shift_week(this_week, -1)
    await parts.backend.create_entry(
        ws,
        EntryFields(
            start=FROZEN_NOW - timedelta(days=7, hours=2), end=FROZEN_NOW - timedelta(days=7)
        ),
    )
    held = HeldLists(parts.backend, FROZEN_NOW - timedelta(days=7))
    shown: list[tuple[date, int]] = []
    parts.publisher.subscribe(lambda s: shown.append((s.week, len(s.entries))))
    stale = asyncio.create_task(parts.loader.load_week(last_week))
    for _ in range(20):
        await asyncio.sleep(0)
    assert parts.publisher.snapshot.week == last_week  # the frame moves with the key
    assert parts.publisher.snapshot.loading
    later = asyncio.create_task(parts.loader.load_week(this_week))  # the user moved on
    for _ in range(20):
        await asyncio.sleep(0)
    held.release.set()  # last week's answer arrives after the user asked for this week
    await asyncio.gather(stale, later)
    assert (last_week, 1) not in shown  # the stale answer was never shown
    snap = parts.publisher.snapshot
    assert snap.week == this_week
    assert snap.entries == ()
    assert not snap.loading


async def test_a_load_waits_for_writes_in_flight(store_path: Path) -> None:
    parts = build_parts(store_path)
    await parts.loader.open()
    held = HeldLists(parts.backend)
    async with parts.writes.lock:  # a write is being sent
        loading = asyncio.create_task(parts.loader.load_week(parts.publisher.snapshot.week))
        for _ in range(20):
            await asyncio.sleep(0)
        assert held.asked == 0
        assert parts.publisher.snapshot.loading
    await loading
    assert held.asked == 1
    assert not parts.publisher.snapshot.loading


async def test_switching_to_a_workspace_that_is_gone_says_so(store_path: Path) -> None:
    parts = build_parts(store_path)
    await parts.loader.open()
    shown = parts.publisher.snapshot.workspace
    await parts.loader.switch_workspace("no-such-workspace")
    snap = parts.publisher.snapshot
    assert snap.workspace == shown
    assert (snap.message, snap.severity) == ("That workspace no longer exists", "error")


async def test_switching_shows_the_other_workspace_week(store_path: Path) -> None:
    parts = build_parts(store_path)
    await parts.loader.open()
    other = await parts.backend.create_workspace("Other")
    await parts.backend.create_entry(
        other.id, EntryFields(start=FROZEN_NOW - timedelta(hours=1), end=FROZEN_NOW)
    )
    await parts.loader.open()  # the list of workspaces now has both
    await parts.loader.switch_workspace(other.id)
    snap = parts.publisher.snapshot
    assert snap.workspace == other
    assert snap.grid.total == 3600
    assert snap.week == date(2026, 11, 16)
