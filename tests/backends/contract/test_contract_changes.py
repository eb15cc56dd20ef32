"""What every backend with the write pipeline's parts must do: ``apply_changes`` all or
nothing against the state a batch was planned on, and a cheap ``changed_elsewhere``.

Run for each registered backend whose entry declares ``atomic_changes`` / ``change_watch``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.backends.contract.harness import Booking
from tui.backends.base import Backend
from tui.backends.changes import AtomicChanges, ChangeWatch, Journaled, StaleChanges
from tui.domain.models import EntryFields, TimeEntry

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
LOCAL = "local-00000000000000000000000000000001"


def planned(
    ws: str, start: datetime, end: datetime | None, booking: Booking, entry_id: str = LOCAL
) -> TimeEntry:
    return TimeEntry(
        id=entry_id, workspace_id=ws, start=start, end=end, description="planned", **booking
    )


async def stored(backend: Backend, ws: str) -> dict[str, TimeEntry]:
    return {e.id: e for e in await backend.list_entries(ws, T0 - 24 * H, T0 + 24 * H)}


@pytest.mark.needs_part("atomic_changes")
async def test_a_batch_creates_updates_and_deletes_in_order(
    backend: Backend, ws: str, booking: Booking
) -> None:
    assert isinstance(backend, AtomicChanges)
    keep = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H, **booking))
    gone = await backend.create_entry(ws, EntryFields(start=T0 + 2 * H, end=T0 + 3 * H, **booking))
    grown = keep.replace(end=T0 + 2 * H)
    new = planned(ws, T0 + 4 * H, T0 + 5 * H, booking)
    result = await backend.apply_changes(ws, [(keep, grown), (gone, None), (None, new)])
    assert len(result) == 3
    assert result[0] is not None
    assert result[0].id == keep.id
    assert result[0].fields() == grown.fields()
    assert result[1] is None
    made = result[2]
    assert made is not None
    assert made.fields() == new.fields()
    assert made.id
    assert made.id != LOCAL  # the backend's own id
    if isinstance(backend, Journaled):
        # A journal gives a local id first and the service's once the create is sent.
        report = await backend.drain()
        made = made.replace(id=dict(report.resolved_ids).get(made.id, made.id))
    assert await stored(backend, ws) == {keep.id: result[0], made.id: made}


@pytest.mark.needs_part("atomic_changes")
async def test_a_before_changed_elsewhere_makes_the_whole_batch_stale(
    backend: Backend, ws: str, booking: Booking
) -> None:
    assert isinstance(backend, AtomicChanges)
    seen = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H, **booking))
    other = await backend.create_entry(ws, EntryFields(start=T0 + 2 * H, end=T0 + 3 * H, **booking))
    elsewhere = await backend.update_entry(seen.replace(end=T0 + 90 * timedelta(minutes=1)))
    before = await stored(backend, ws)
    with pytest.raises(StaleChanges) as caught:
        await backend.apply_changes(
            ws,
            [
                (other, None),  # fine on its own, and not applied either
                (seen, seen.replace(end=T0 + 2 * H)),
                (None, planned(ws, T0 + 5 * H, T0 + 6 * H, booking)),
            ],
        )
    assert caught.value.changed_ids == (seen.id,)
    assert await stored(backend, ws) == before
    assert before[seen.id] == elsewhere


@pytest.mark.needs_part("atomic_changes")
async def test_a_before_deleted_elsewhere_is_stale(
    backend: Backend, ws: str, booking: Booking
) -> None:
    assert isinstance(backend, AtomicChanges)
    seen = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H, **booking))
    await backend.delete_entry(ws, seen.id)
    with pytest.raises(StaleChanges) as caught:
        await backend.apply_changes(ws, [(seen, seen.replace(end=T0 + 2 * H))])
    assert caught.value.changed_ids == (seen.id,)
    assert await stored(backend, ws) == {}


@pytest.mark.needs_part("atomic_changes")
async def test_new_time_over_an_entry_the_batch_was_not_shown_is_stale(
    backend: Backend, ws: str, booking: Booking
) -> None:
    """Two windows type into one empty cell: the second one's new entry would lie over the
    first one's, which it never saw. Stale, not 3:00 of overlapping time."""
    assert isinstance(backend, AtomicChanges)
    first = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + 2 * H, **booking))
    with pytest.raises(StaleChanges) as caught:
        await backend.apply_changes(ws, [(None, planned(ws, T0, T0 + H, booking))])
    assert caught.value.changed_ids == (first.id,)
    # Growing an entry into it is the same.
    mine = await backend.create_entry(ws, EntryFields(start=T0 - 2 * H, end=T0 - H, **booking))
    with pytest.raises(StaleChanges):
        await backend.apply_changes(ws, [(mine, mine.replace(end=T0 + H))])
    assert set(await stored(backend, ws)) == {first.id, mine.id}


@pytest.mark.needs_part("atomic_changes")
async def test_an_entry_named_unchanged_may_be_overlapped(
    backend: Backend, ws: str, booking: Booking
) -> None:
    assert isinstance(backend, AtomicChanges)
    known = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + 2 * H, **booking))
    result = await backend.apply_changes(
        ws, [(None, planned(ws, T0, T0 + H, booking)), (known, known)]
    )
    assert result[1] == known
    assert len(await stored(backend, ws)) == 2
    # Time next to an entry, touching it, is not over it.
    await backend.apply_changes(ws, [(None, planned(ws, T0 + 2 * H, T0 + 3 * H, booking))])
    assert len(await stored(backend, ws)) == 3


@pytest.mark.needs_part("atomic_changes")
async def test_a_timer_started_elsewhere_is_not_stopped_blindly(
    backend: Backend, ws: str, booking: Booking
) -> None:
    assert isinstance(backend, AtomicChanges)
    running = await backend.create_entry(ws, EntryFields(start=T0, end=None, **booking))
    with pytest.raises(StaleChanges) as caught:
        await backend.apply_changes(ws, [(None, planned(ws, T0 + H, None, booking))])
    assert caught.value.changed_ids == (running.id,)
    assert await backend.running_entry(ws) == running
    # Planned on it, the switch goes through: the old one stops where the new one starts.
    result = await backend.apply_changes(
        ws, [(running, running.replace(end=T0 + H)), (None, planned(ws, T0 + H, None, booking))]
    )
    assert result[1] is not None
    assert await backend.running_entry(ws) == result[1]


@pytest.mark.needs_part("atomic_changes")
async def test_a_batch_may_change_an_entry_it_creates(
    backend: Backend, ws: str, booking: Booking
) -> None:
    """Several cells planned in turn: a later change names an entry an earlier one creates."""
    assert isinstance(backend, AtomicChanges)
    new = planned(ws, T0, T0 + H, booking)
    longer = new.replace(end=T0 + 2 * H)
    result = await backend.apply_changes(ws, [(None, new), (new, longer)])
    made, changed = result
    assert made is not None
    assert changed is not None
    assert changed.id == made.id
    assert [e.fields() for e in (await stored(backend, ws)).values()] == [longer.fields()]


@pytest.mark.needs_part("change_watch")
async def test_own_writes_are_not_changes_elsewhere(
    backend: Backend, ws: str, booking: Booking
) -> None:
    assert isinstance(backend, ChangeWatch)
    await backend.changed_elsewhere()
    assert await backend.changed_elsewhere() is False
    await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H, **booking))
    assert await backend.changed_elsewhere() is False
