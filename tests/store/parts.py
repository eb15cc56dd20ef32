"""The store's parts wired as the ``Store`` wires them, for tests of one part at a time.

Each part is reached directly (not through ``Store``), on a real embedded backend whose
calls a test can watch and hold (``GatedBackend``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.backends.local import LocalBackend
from tui.config import Settings
from tui.domain.models import EntryFields, TimeEntry
from tui.domain.timesheet import WeekGrid
from tui.domain.weeks import local_date, week_days, week_start_date
from tui.store.history import History
from tui.store.publisher import Publisher
from tui.store.snapshot import Snapshot
from tui.store.week_loader import Recall, WeekLoader
from tui.store.write_path import WritePath


class GatedBackend(LocalBackend):
    """The embedded store, writing down each entry call; ``gate`` (when set) holds each
    create until the test opens it, and ``fail`` makes creates refuse."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.calls: list[tuple[str, str]] = []
        self.gate: asyncio.Event | None = None
        self.fail: Exception | None = None

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        self.calls.append(("create", fields.start.isoformat()))
        if self.gate is not None:
            await self.gate.wait()
        if self.fail is not None:
            raise self.fail
        return await super().create_entry(workspace_id, fields)

    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        self.calls.append(("update", entry.id))
        return await super().update_entry(entry)

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None:
        self.calls.append(("delete", entry_id))
        await super().delete_entry(workspace_id, entry_id)


def first_snapshot(now: datetime = FROZEN_NOW) -> Snapshot:
    """The snapshot a store starts from on the embedded backend, before it opens."""
    week = week_start_date(local_date(now, BERLIN), 0)
    return Snapshot(
        backend=LocalBackend.name,
        capabilities=LocalBackend.capabilities,
        tz=BERLIN,
        week_start_day=0,
        week=week,
        today=local_date(now, BERLIN),
        grid=WeekGrid(tuple(week_days(week)), ()),
        loading=True,
    )


@dataclass
class Parts:
    backend: GatedBackend
    history: History
    publisher: Publisher
    loader: WeekLoader
    writes: WritePath


def build_parts(
    path: Path, *, recall: Recall | None = None, backend_type: type[GatedBackend] = GatedBackend
) -> Parts:
    backend = backend_type(path)
    history = History()
    publisher = Publisher(first_snapshot(), lambda: FROZEN_NOW, history)
    lock = asyncio.Lock()
    loader = WeekLoader(backend, publisher, machine_tz=BERLIN, write_lock=lock, recall=recall)
    writes = WritePath(
        backend,
        publisher,
        history,
        Settings(timezone="Europe/Berlin"),
        lock=lock,
        load_week=loader.load_week,
    )
    return Parts(backend, history, publisher, loader, writes)
