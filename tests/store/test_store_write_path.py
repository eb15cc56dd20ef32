"""The write path on its own: edits sent in order behind the lock, local ids reconciled to
saved ones, aliases followed when undo and redo replay, refusals shown as the truth."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from tests.store.parts import Parts, build_parts
from tui.backends.errors import OfflineError
from tui.domain.timesheet import RowKey


async def opened(path: Path) -> tuple[Parts, RowKey]:
    parts = build_parts(path)
    await parts.loader.open()
    ws = parts.publisher.workspace_id()
    project = await parts.backend.create_project(ws, "Website")
    await parts.loader.refresh_catalog()
    return parts, (project.id, None)


async def edit(parts: Parts, key: RowKey, day_index: int, seconds: int) -> bool:
    snap = parts.publisher.snapshot
    changes, working = parts.writes.plan([(key, snap.days[day_index], seconds)], snap.entries)
    return await parts.writes.commit(f"day {day_index}", changes, working)


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_two_edits_are_sent_in_order_behind_the_lock(store_path: Path) -> None:
    parts, key = await opened(store_path)
    parts.backend.gate = asyncio.Event()
    first = asyncio.create_task(edit(parts, key, 0, 3600))
    await settle()  # the first is shown and its create waits at the gate, holding the lock
    second = asyncio.create_task(edit(parts, key, 1, 7200))
    await settle()
    assert parts.publisher.snapshot.grid.total == 3600 + 7200  # both shown at once
    assert [call for call, _ in parts.backend.calls] == ["create"]  # the second waits
    assert parts.writes.lock.locked()
    parts.backend.gate.set()
    assert await first
    assert await second
    monday, tuesday = parts.publisher.snapshot.days[:2]
    assert [day[:10] for _, day in parts.backend.calls] == [str(monday), str(tuesday)]
    await parts.loader.load_week(parts.publisher.snapshot.week)
    assert parts.publisher.snapshot.grid.rows[0].seconds[:2] == (3600, 7200)


async def test_a_local_id_is_reconciled_to_the_saved_one(store_path: Path) -> None:
    parts, key = await opened(store_path)
    snap = parts.publisher.snapshot
    changes, working = parts.writes.plan([(key, snap.days[2], 1800)], snap.entries)
    [(before, local)] = changes
    assert before is None
    assert local is not None
    assert re.fullmatch(r"local-[0-9a-f]{32}", local.id)
    seen: list[tuple[str, ...]] = []
    parts.publisher.subscribe(lambda s: seen.append(tuple(e.id for e in s.entries)))
    assert await parts.writes.commit("Wed", changes, working)
    assert seen[0] == (local.id,)  # shown under its local id before the backend answered
    [saved] = list(parts.publisher.snapshot.entries)
    assert saved.id != local.id
    assert not saved.id.startswith("local-")
    assert parts.writes.resolve(local.id) == saved.id
    assert parts.writes.current(local) == local.replace(id=saved.id)
    assert saved.end is not None
    stored = await parts.backend.list_entries(saved.workspace_id, saved.start, saved.end)
    assert [e.id for e in stored] == [saved.id]


async def test_undo_and_redo_follow_the_aliases_of_an_entry_saved_again(store_path: Path) -> None:
    parts, key = await opened(store_path)
    snap = parts.publisher.snapshot
    changes, working = parts.writes.plan([(key, snap.days[0], 3600)], snap.entries)
    local = changes[0][1]
    assert local is not None
    assert await parts.writes.commit("Mon", changes, working)
    first_id = parts.writes.resolve(local.id)

    assert await parts.writes.undo()  # deletes the entry under its saved id, not the local
    assert parts.backend.calls[-1] == ("delete", first_id)
    assert not parts.publisher.snapshot.entries
    assert parts.publisher.snapshot.can_redo
    assert not parts.publisher.snapshot.can_undo

    assert await parts.writes.redo()  # saved again: a new id at the end of the chain
    second_id = parts.writes.resolve(local.id)
    assert second_id != first_id
    assert parts.writes.resolve(first_id) == second_id
    assert [e.id for e in parts.publisher.snapshot.entries] == [second_id]

    assert await parts.writes.undo()  # the step still holds the local id; it finds the new
    assert parts.backend.calls[-1] == ("delete", second_id)
    assert parts.publisher.snapshot.grid.total == 0
    # What the cell went back to, not the step's label.
    assert parts.publisher.snapshot.message == "Undid: Mon 16 Website 1:00 → 0:00"
    assert parts.writes.replayed_cell == (key, snap.days[0])


async def test_nothing_to_undo_says_so(store_path: Path) -> None:
    parts, _ = await opened(store_path)
    assert not await parts.writes.undo()
    assert parts.publisher.snapshot.message == "Nothing to undo"
    assert not await parts.writes.redo()
    assert parts.publisher.snapshot.message == "Nothing to redo"


async def test_a_refused_write_is_forgotten_and_the_truth_is_shown(store_path: Path) -> None:
    parts, key = await opened(store_path)
    parts.backend.fail = OfflineError("Can't reach the server (offline)")
    totals: list[int] = []
    parts.publisher.subscribe(lambda s: totals.append(s.grid.total))
    assert not await edit(parts, key, 3, 5400)
    assert 5400 in totals  # it was shown
    snap = parts.publisher.snapshot
    assert snap.grid.total == 0  # and then the truth: nothing was stored
    assert not snap.can_undo
    assert snap.severity == "error"
    assert snap.message.startswith("Not saved — day 3: ")
