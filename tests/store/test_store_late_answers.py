"""On a backend without ``AtomicChanges`` (sent change by change, shown at once): an answer
that arrives after a newer intent was shown never puts the older value back on screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.store.parts import GatedBackend, build_parts
from tui.domain.models import TimeEntry


class SlowUpdates(GatedBackend):
    """Each update waits at ``update_gate`` when it is set."""

    update_gate: asyncio.Event | None = None

    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        if self.update_gate is not None:
            await self.update_gate.wait()
        return await super().update_entry(entry)


async def test_a_late_answer_never_overwrites_a_newer_intent(store_path: Path) -> None:
    parts = build_parts(store_path, backend_type=SlowUpdates)
    assert parts.writes.atomic is None  # the change-by-change path
    await parts.loader.open()
    ws = parts.publisher.workspace_id()
    project = await parts.backend.create_project(ws, "Website")
    await parts.loader.refresh_catalog()
    key = (project.id, None)

    async def edit(seconds: int) -> bool:
        snap = parts.publisher.snapshot
        changes, working = parts.writes.plan([(key, snap.days[0], seconds)], snap.entries)
        return await parts.writes.commit(f"{seconds}", changes, working)

    assert await edit(3600)
    shown: list[int] = []
    parts.publisher.subscribe(lambda snap: shown.append(snap.grid.total))
    backend = parts.backend
    assert isinstance(backend, SlowUpdates)
    backend.update_gate = asyncio.Event()
    first = asyncio.create_task(edit(2 * 3600))
    await asyncio.sleep(0)
    second = asyncio.create_task(edit(3 * 3600))  # shown while the first is in flight
    for _ in range(20):
        await asyncio.sleep(0)
    backend.update_gate.set()
    assert await first
    assert await second
    newest = shown.index(3 * 3600)
    assert 2 * 3600 not in shown[newest:], shown  # the first's answer came after
    assert parts.publisher.snapshot.grid.total == 3 * 3600
    await parts.loader.load_week(parts.publisher.snapshot.week)
    assert parts.publisher.snapshot.grid.total == 3 * 3600  # and so it is stored
