"""The timer when clocks and services misbehave: a running entry that starts in this
machine's future on the embedded store is never rewritten by a new start, and a service
that rate-limits is "rate-limited, retrying", not offline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tests.frozen_time import FROZEN_NOW, Clock, frozen_store
from tui.backends.base import Backend
from tui.backends.changes import AtomicChanges, EntryChange
from tui.backends.errors import BackendError, RateLimitedError
from tui.backends.local import LocalBackend
from tui.domain.models import EntryFields, TimeEntry

T0 = FROZEN_NOW


async def test_a_start_behind_the_running_entry_keeps_it_on_the_embedded_store(
    tmp_path: Path,
) -> None:
    backend = LocalBackend(tmp_path / "store.sqlite3")
    ws = (await backend.list_workspaces())[0].id
    ahead = T0 + timedelta(minutes=10)  # written by a machine whose clock runs ahead
    running = await backend.create_entry(
        ws, EntryFields(start=ahead, description="Deep work", tag_ids=())
    )
    store = frozen_store(backend, Clock())
    await store.open()
    started = await store.start_timer(EntryFields(start=T0, description="Something else"))
    assert started is None
    assert store.snapshot.severity == "error"
    assert "cannot start before the running one" in store.snapshot.message
    stored = await backend.list_entries(ws, T0 - timedelta(days=1), T0 + timedelta(days=1))
    assert [(e.id, e.description, e.start, e.end) for e in stored] == [
        (running.id, "Deep work", ahead, None)
    ]
    await backend.aclose()


class RateLimited:
    """A backend whose service answers the timer check with 'too many requests'."""

    def __init__(self, inner: Backend) -> None:
        self._inner = inner
        self.busy = False

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        if self.busy:
            raise RateLimitedError("Clockify says too many requests; wait a moment")
        return await self._inner.running_entry(workspace_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


async def test_a_rate_limited_check_is_not_offline(tmp_path: Path) -> None:
    inner = LocalBackend(tmp_path / "store.sqlite3")
    busy = RateLimited(inner)
    store = frozen_store(busy, Clock())  # type: ignore[arg-type]
    await store.open()
    busy.busy = True
    delay = await store.poll_timer()
    assert not store.snapshot.offline
    assert store.snapshot.message.startswith("Rate-limited by the service; retrying in")
    assert delay > 0
    busy.busy = False
    await store.poll_timer()
    assert not store.snapshot.offline
    await inner.aclose()


class Refusing:
    """A backend that refuses every new entry."""

    def __init__(self, inner: Backend) -> None:
        self._inner = inner

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        raise BackendError("the service said no")

    async def apply_changes(
        self, workspace_id: str, changes: Sequence[EntryChange]
    ) -> list[TimeEntry | None]:
        if any(before is None for before, _ in changes):
            raise BackendError("the service said no")
        assert isinstance(self._inner, AtomicChanges)
        return await self._inner.apply_changes(workspace_id, changes)

    async def apply_changes_within(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> list[TimeEntry | None]:
        return await self.apply_changes(workspace_id, changes)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


async def test_a_refused_switch_does_not_read_as_if_it_happened(tmp_path: Path) -> None:
    inner = LocalBackend(tmp_path / "store.sqlite3")
    ws = (await inner.list_workspaces())[0].id
    await inner.create_entry(ws, EntryFields(start=T0 - timedelta(hours=1), description="First"))
    store = frozen_store(Refusing(inner), Clock())  # type: ignore[arg-type]
    await store.open()
    assert await store.start_timer(EntryFields(start=T0, description="Second")) is None
    message = store.snapshot.message
    assert message.startswith("Not saved: could not switch to “Second”")
    assert message.endswith("— the service said no")
    assert "Switched" not in message
    assert store.snapshot.running == await inner.running_entry(ws)  # shows what is stored
    await inner.aclose()
