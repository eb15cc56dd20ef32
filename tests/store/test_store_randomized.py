"""Seeded, time-bounded random sessions against the store on the embedded backend, whose
answers arrive late, fail before the commit, or are lost after it (a timeout); and a second
window writing the same cells at the same time.

After each burst settles: every cell holds (and shows) the last intent for it, no time
overlaps, no entry is duplicated or lost.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.frozen_time import BERLIN, frozen_store
from tui.backends.changes import EntryChange
from tui.backends.errors import BackendError, OfflineError
from tui.backends.local import LocalBackend
from tui.domain.models import TimeEntry
from tui.domain.timesheet import RowKey, build_grid
from tui.store import Store

QUARTER = 15 * 60
MAX_CELL = 3 * 3600  # three rows of at most 3:00 leave room in every day, in one piece
DAYS = range(5)
BUDGET_SECONDS = 6.0  # per seed: time-bounded, whatever the machine
MAX_INTENTS = 300
SEEDS = [1, 7, 42, 2026]

Fault = str  # "ok", "late", "fail" (before the commit), "lost" (the answer, after it)


class UnreliableBackend(LocalBackend):
    """The embedded store, whose ``apply_changes`` answers as ``faults`` say, in call order."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.faults: list[Fault] = []

    async def apply_changes_within(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> list[TimeEntry | None]:
        fault = self.faults.pop(0) if self.faults else "ok"
        if fault == "fail":
            await asyncio.sleep(0.001)
            raise OfflineError("Can't reach the data file (test)")
        result = await super().apply_changes_within(workspace_id, changes, windows)
        if fault == "late":
            await asyncio.sleep(0.003)
        if fault == "lost":
            raise BackendError("The answer timed out (test)")
        return result


@dataclass
class Intent:
    cell: tuple[RowKey, int]
    absolute: int | None  # a typed value, or else
    delta: int = 0  # "+15m" / "-30m"
    expected: bool = True
    result: bool | None = None


async def stored_cells(store: Store) -> dict[tuple[RowKey, int], int]:
    entries = await all_entries(store)
    grid = build_grid(entries, store.snapshot.days, BERLIN, store.snapshot.catalog)
    return {(row.key, d): s for row in grid.rows for d, s in enumerate(row.seconds) if s}


async def all_entries(store: Store) -> list[TimeEntry]:
    ws = store.snapshot.workspace
    assert ws is not None
    start = datetime.combine(store.snapshot.week, datetime.min.time(), BERLIN)
    return await store.backend.list_entries(ws.id, start, start + timedelta(days=7))


def shown_cells(store: Store) -> dict[tuple[RowKey, int], int]:
    grid = store.snapshot.grid
    return {(row.key, d): s for row in grid.rows for d, s in enumerate(row.seconds) if s}


def check_entries(entries: list[TimeEntry]) -> None:
    spans = sorted((e.start, e.end or datetime.max.replace(tzinfo=UTC), e.id) for e in entries)
    for a, b in itertools.pairwise(spans):
        assert a[1] <= b[0], f"overlap: {a} and {b}"
    assert len({(e.start, e.end) for e in entries}) == len(entries), "a duplicated entry"


async def run_burst(intents: list[Intent], store: Store) -> None:
    """Post every intent back to back, as keys arriving in one read; wait for them all."""

    async def one(intent: Intent) -> None:
        key, day = intent.cell
        call: Awaitable[bool]
        if intent.absolute is not None:
            call = store.set_cell(key, day, intent.absolute)
        else:
            call = store.adjust_cell(key, day, intent.delta)
        intent.result = await call

    tasks = [asyncio.create_task(one(i)) for i in intents]
    await asyncio.gather(*tasks)


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_sessions_with_late_failed_and_lost_answers(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    path = tmp_path / "store.sqlite3"
    backend = UnreliableBackend(path)
    store, other = frozen_store(backend), frozen_store(LocalBackend(path))
    try:
        await store.open()
        keys: list[RowKey] = []
        for name in ("Website", "Internal", "Support"):
            project = await store.create_project(name)
            assert project is not None
            keys.append((project.id, None))
        await other.open()
        cells = [(k, d) for k in keys for d in DAYS]
        model: dict[tuple[RowKey, int], int] = {}
        deadline, issued = time.monotonic() + BUDGET_SECONDS, 0
        while time.monotonic() < deadline and issued < MAX_INTENTS:
            if rng.random() < 0.25:
                await crossed_burst(rng, store, other, cells, model)
                issued += 8
                continue
            intents, faults = plan_burst(rng, cells, model)
            backend.faults = list(faults)
            if rng.random() < 0.3:  # a reload in the middle of the burst
                reload = asyncio.create_task(store.reload())
                await run_burst(intents, store)
                await reload
            else:
                await run_burst(intents, store)
            issued += len(intents)
            assert backend.faults == [], "every planned call was made"
            for intent in intents:
                assert intent.result == intent.expected, intent
            check_entries(await all_entries(store))
            assert await stored_cells(store) == model
            assert shown_cells(store) == model  # the grid shows the latest intent
        assert issued >= 20
    finally:
        await store.backend.aclose()
        await other.backend.aclose()


def plan_burst(
    rng: random.Random, cells: list[tuple[RowKey, int]], model: dict[tuple[RowKey, int], int]
) -> tuple[list[Intent], list[Fault]]:
    """A burst of intents on a few cells, and the fault of each backend call it makes. Calls
    are made in the order the intents were typed (one lock, first come first served), and an
    intent makes one only when it changes something."""
    intents: list[Intent] = []
    faults: list[Fault] = []
    hot = rng.sample(cells, k=rng.randint(1, 4))
    for _ in range(rng.randint(1, 8)):
        cell = rng.choice(hot)
        now = model.get(cell, 0)
        if rng.random() < 0.3:
            delta = rng.choice([-2, -1, 1, 2, 4]) * QUARTER
            if not 0 <= now + delta <= MAX_CELL:
                delta = -delta if 0 <= now - delta <= MAX_CELL else 0
            intent = Intent(cell, None, delta)
            target = now + delta
        else:
            target = rng.randint(0, MAX_CELL // QUARTER) * QUARTER
            intent = Intent(cell, target)
        fault: Fault = "none"
        if target != now:
            fault = rng.choices(["ok", "late", "fail", "lost"], [5, 3, 1, 1])[0]
            faults.append(fault)
            if fault != "fail":
                model[cell] = target
                if target == 0:
                    model.pop(cell)
        # A lost answer is still an edit made: the store finds it stored and says so.
        intent.expected = fault != "fail"
        intents.append(intent)
    return intents, faults


async def crossed_burst(
    rng: random.Random,
    store: Store,
    other: Store,
    cells: list[tuple[RowKey, int]],
    model: dict[tuple[RowKey, int], int],
) -> None:
    """Both windows type into the same cells at once, each on its own (stale) view."""
    await other.reload()
    hot = rng.sample(cells, k=2)
    mine = [Intent(rng.choice(hot), rng.randint(0, 8) * QUARTER) for _ in range(4)]
    theirs = [Intent(rng.choice(hot), rng.randint(0, 8) * QUARTER) for _ in range(4)]
    await asyncio.gather(run_burst(mine, store), run_burst(theirs, other))
    entries = await all_entries(store)
    check_entries(entries)
    stored = await stored_cells(store)
    for cell in hot:
        lasts = [last_ok(window, cell) for window in (mine, theirs)]
        candidates = {i.absolute for i in lasts if i is not None} or {model.get(cell, 0)}
        assert stored.get(cell, 0) in candidates, (cell, stored.get(cell, 0), candidates)
    await store.reload()
    assert shown_cells(store) == stored
    model.clear()
    model.update(stored)


def last_ok(intents: list[Intent], cell: tuple[RowKey, int]) -> Intent | None:
    done = [i for i in intents if i.cell == cell and i.result]
    return done[-1] if done else None
