"""The timer through the store, on every backend the contract covers (the embedded store, and
the Clockify backend over HTTP against the fake server): start, switch, stop, continue, edit,
started / stopped / edited elsewhere, idle keep / discard / split, clock skew, offline."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.backends.contract.conftest import BACKENDS
from tests.backends.contract.harness import contract_backends
from tests.frozen_time import FROZEN_NOW, Clock, frozen_store
from tui.backends.base import Backend
from tui.backends.errors import OfflineError
from tui.domain.models import EntryFields, TimeEntry
from tui.store import Store
from tui.store.status_file import read_status

T0 = FROZEN_NOW  # a Wednesday


@pytest.fixture(params=sorted(contract_backends("catalog_writes")))
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """A fresh backend of each kind the contract suite covers that lets a test make its own
    projects (ClickTime's timer through the store: tests/store/test_clicktime_timer_store.py)."""
    async with BACKENDS[request.param](tmp_path) as made:
        yield made


@pytest.fixture
async def ws(backend: Backend) -> str:
    return (await backend.list_workspaces())[0].id


def make_store(backend: Backend, clock: Clock, **settings: Any) -> Store:
    return frozen_store(backend, clock, **settings)


async def opened(backend: Backend, clock: Clock) -> tuple[Store, str, str]:
    """A store over ``backend`` with two projects; their ids."""
    store = make_store(backend, clock)
    await store.open()
    web = await store.create_project("Website")
    ops = await store.create_project("Operations")
    assert web is not None
    assert ops is not None
    return store, web.id, ops.id


def fields(project_id: str | None, description: str = "") -> EntryFields:
    return EntryFields(start=T0, description=description, project_id=project_id)


async def all_entries(backend: Backend, ws: str) -> list[TimeEntry]:
    return await backend.list_entries(ws, T0 - timedelta(days=30), T0 + timedelta(days=30))


async def test_start_switch_stop_meet_without_gap_or_overlap(backend: Backend, ws: str):
    clock = Clock()
    store, web, ops = await opened(backend, clock)
    first = await store.start_timer(fields(web, "Fix login"))
    assert first is not None
    assert first.running
    assert first.start == T0
    assert store.snapshot.running is not None
    assert store.snapshot.running.id == first.id
    assert "Started “Fix login”" in store.snapshot.message

    clock.advance(minutes=25, seconds=10.7)  # a fraction: both entries must still meet
    second = await store.start_timer(fields(ops, "Deploy"))
    assert second is not None
    assert second.project_id == ops
    assert "Switched to" in store.snapshot.message
    stored = {e.description: e for e in await all_entries(backend, ws)}
    assert stored["Fix login"].end == second.start == T0 + timedelta(minutes=25, seconds=10)
    assert stored["Deploy"].end is None
    assert (await backend.running_entry(ws)).id == second.id  # type: ignore[union-attr]

    clock.advance(minutes=5)
    stopped = await store.stop_timer()
    assert stopped is not None
    assert stopped.end == second.start + timedelta(minutes=5)
    assert store.snapshot.running is None
    assert await backend.running_entry(ws) is None
    # The grid now holds both finished entries on Wednesday.
    row = store.snapshot.grid.rows[store.snapshot.grid.row_index((web, None)) or 0]
    assert row.seconds[2] == 25 * 60 + 10
    assert store.snapshot.grid.total == 30 * 60 + 10

    assert await store.stop_timer() is None
    assert store.snapshot.message == "Nothing is running"


async def test_a_start_is_undoable(backend: Backend, ws: str):
    clock = Clock()
    store, web, ops = await opened(backend, clock)
    await store.start_timer(fields(web, "A"))
    clock.advance(minutes=10)
    await store.start_timer(fields(ops, "B"))
    assert await store.undo()  # back to A running, B gone
    running = await backend.running_entry(ws)
    assert running is not None
    assert running.description == "A"
    assert store.snapshot.running is not None
    assert store.snapshot.running.description == "A"
    assert [e.description for e in await all_entries(backend, ws)] == ["A"]


async def test_start_at_a_time_and_refusals(backend: Backend, ws: str):
    clock = Clock()
    store, web, _ = await opened(backend, clock)
    started = await store.start_timer(fields(web), at=T0 - timedelta(minutes=20))
    assert started is not None
    assert started.start == T0 - timedelta(minutes=20)
    assert store.running_elapsed() == 20 * 60

    assert await store.start_timer(fields(web, "later"), at=T0 + timedelta(hours=1)) is None
    assert "in the future" in store.snapshot.message
    assert await store.start_timer(fields(web, "x"), at=T0 - timedelta(hours=1)) is None
    assert "cannot start before the running one" in store.snapshot.message
    assert await store.stop_timer(at=T0 - timedelta(hours=1)) is None
    assert "cannot stop before" in store.snapshot.message
    assert (await backend.running_entry(ws)).id == started.id  # type: ignore[union-attr]


async def test_continue_the_last_distinct_entries(backend: Backend, ws: str):
    clock = Clock()
    store, web, ops = await opened(backend, clock)
    for description, project in [("A", web), ("B", ops), ("A", web), ("C", web)]:
        await store.start_timer(fields(project, description))
        clock.advance(minutes=15)
    await store.stop_timer()
    recent = await store.recent_entries()
    assert [e.description for e in recent] == ["C", "A", "B"]  # newest first, each once
    again = await store.continue_recent(3)
    assert again is not None
    assert again.description == "B"
    assert again.project_id == ops
    # Work that runs now is not offered again.
    assert [e.description for e in await store.recent_entries()] == ["C", "A"]
    assert await store.continue_recent(7) is None
    assert "Only 2 recent entries" in store.snapshot.message


async def test_edit_the_running_entry(backend: Backend, ws: str):
    clock = Clock()
    store, web, ops = await opened(backend, clock)
    await store.start_timer(fields(web, "draft"))
    tag = await store.create_tag("urgent")
    assert tag is not None
    edited = await store.edit_running(
        description="Release notes",
        project_id=ops,
        tag_ids=(tag.id,),
        start=T0 - timedelta(minutes=20),
    )
    assert edited is not None
    truth = await backend.running_entry(ws)
    assert truth is not None
    assert truth.description == "Release notes"
    assert truth.project_id == ops
    assert truth.tag_ids == (tag.id,)
    assert truth.start == T0 - timedelta(minutes=20)
    assert store.running_elapsed() == 20 * 60
    assert await store.edit_running(start=T0 + timedelta(minutes=5)) is None
    assert "in the future" in store.snapshot.message


async def test_started_stopped_and_edited_elsewhere_are_caught_up(backend: Backend, ws: str):
    clock = Clock()
    store, _, ops = await opened(backend, clock)
    assert await store.poll_timer() == 30.0
    # Started elsewhere (the web app, another terminal): the backend has it, the view not.
    elsewhere = await backend.create_entry(
        ws,
        EntryFields(start=T0 - timedelta(minutes=12), description="From the web", project_id=ops),
    )
    assert store.snapshot.running is None
    await store.poll_timer()
    assert store.snapshot.running is not None
    assert store.snapshot.running.id == elsewhere.id
    assert store.snapshot.message == "A timer was started elsewhere"
    # Elapsed counts from the server's start, not from when the store first saw it.
    assert store.running_elapsed() == 12 * 60

    await backend.update_entry(elsewhere.replace(description="Renamed on the web"))
    await store.poll_timer()
    assert store.snapshot.running.description == "Renamed on the web"
    assert store.snapshot.message == "The running entry was changed elsewhere"

    await backend.update_entry(elsewhere.replace(end=T0))
    await store.poll_timer()
    assert store.snapshot.running is None
    assert store.snapshot.message == "The timer was stopped elsewhere"
    assert store.snapshot.grid.total == 12 * 60  # and its time is in the grid now


async def test_stopping_a_timer_already_stopped_elsewhere_changes_nothing(
    backend: Backend, ws: str
):
    clock = Clock()
    store, web, _ = await opened(backend, clock)
    started = await store.start_timer(fields(web, "A"))
    assert started is not None
    await backend.update_entry(started.replace(end=T0 + timedelta(minutes=3)))
    clock.advance(minutes=30)
    assert await store.stop_timer() is None
    assert store.snapshot.message == "Nothing is running"
    stored = await all_entries(backend, ws)
    assert stored[0].end == T0 + timedelta(minutes=3)  # the other stop time is kept


@pytest.mark.parametrize("choice", ["keep", "discard", "split"])
async def test_idle_time(backend: Backend, ws: str, choice: str):
    clock = Clock()
    store, web, _ = await opened(backend, clock)
    await store.start_timer(fields(web, "Coding"))
    idle_from = T0 + timedelta(minutes=40)
    clock.advance(minutes=100)  # back after an hour of idle time
    assert await store.resolve_idle(choice, idle_from, clock.now)  # type: ignore[arg-type]
    stored = sorted(await all_entries(backend, ws), key=lambda e: e.start)
    running = await backend.running_entry(ws)
    assert running is not None
    assert running.description == "Coding"
    if choice == "keep":
        assert len(stored) == 1
        assert running.start == T0
        return
    coding = [e for e in stored if e.description == "Coding"]
    assert coding[0].start == T0
    assert coding[0].end == idle_from
    assert running.start == clock.now
    assert running.project_id == web
    idle = [e for e in stored if e.description == "Idle"]
    if choice == "discard":
        assert idle == []
        assert store.snapshot.grid.total == 40 * 60
    else:
        assert len(idle) == 1
        assert idle[0].project_id is None
        assert (idle[0].start, idle[0].end) == (idle_from, clock.now)
        assert store.snapshot.grid.total == 100 * 60


class SkewedBackend:
    """Another machine's view of a backend: reports the server's clock as ``offset`` seconds
    ahead of ours, as a remote backend does from its responses' Date header."""

    def __init__(self, inner: Backend, offset: float | None) -> None:
        self._inner = inner
        self.server_time_offset = offset

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


async def test_clock_skew_measured_by_the_backend(backend: Backend, ws: str):
    local = Clock(T0 - timedelta(minutes=7))  # this machine is 7 minutes behind the server
    store, web, _ = await opened(SkewedBackend(backend, 420.0), local)  # type: ignore[arg-type]
    await backend.create_entry(ws, EntryFields(start=T0 - timedelta(minutes=3), project_id=web))
    await store.poll_timer()
    assert store.running_elapsed() == 3 * 60  # the truth, not 3 minutes below zero
    stopped = await store.stop_timer()
    assert stopped is not None
    assert stopped.end == T0


async def test_clock_skew_without_a_server_clock_never_counts_below_zero(backend: Backend, ws: str):
    local = Clock(T0 - timedelta(minutes=7))
    store, web, _ = await opened(SkewedBackend(backend, None), local)  # type: ignore[arg-type]
    await backend.create_entry(ws, EntryFields(start=T0 - timedelta(minutes=3), project_id=web))
    await store.poll_timer()
    assert store.running_elapsed() == 0
    local.advance(seconds=90)
    assert store.running_elapsed() == 90  # then it ticks on from the server's start
    stopped = await store.stop_timer()
    assert stopped is not None
    assert stopped.end == T0 - timedelta(minutes=3) + timedelta(seconds=90)


class Unreachable:
    def __init__(self, inner: Backend) -> None:
        self._inner = inner
        self.down = False

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        if self.down:
            raise OfflineError("Can't reach the server (offline)")
        return await self._inner.running_entry(workspace_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


async def test_rechecks_back_off_while_offline(backend: Backend, ws: str):
    flaky = Unreachable(backend)
    store, _, _ = await opened(flaky, Clock())  # type: ignore[arg-type]
    flaky.down = True
    delays = [await store.poll_timer() for _ in range(6)]
    assert delays == [60.0, 120.0, 240.0, 300.0, 300.0, 300.0]
    assert store.snapshot.offline
    assert "offline" in store.snapshot.message
    flaky.down = False
    assert await store.poll_timer() == 30.0
    assert not store.snapshot.offline
    assert store.snapshot.message == "Back online"


async def test_the_status_file_follows_the_timer(backend: Backend, ws: str, tmp_path: Path):
    clock = Clock()
    store, web, _ = await opened(backend, clock)
    path = tmp_path / "status.json"
    store.keep_status_file(path)
    await store.start_timer(fields(web, "Fix login"))
    state = read_status(path)
    assert state is not None
    assert state["running"]["description"] == "Fix login"
    assert state["running"]["project"] == "Website"
    assert state["running"]["start"] == "2026-11-18T09:30:00Z"
    assert state["timezone"] == store.snapshot.tz.key
    clock.advance(minutes=30)
    await store.stop_timer()
    state = read_status(path)
    assert state is not None
    assert state["running"] is None
    assert state["today_finished"] == 30 * 60
    assert "api" not in json.dumps(state).lower()  # nothing about the connection


async def test_the_status_file_keeps_todays_time_while_another_week_is_shown(
    backend: Backend, ws: str, tmp_path: Path
):
    """Issue 14: `]` in the TUI must not drop `punch status`'s {today} to the timer alone;
    a timer stopped meanwhile adds its time today."""
    clock = Clock()
    store, web, _ = await opened(backend, clock)
    path = tmp_path / "status.json"
    store.keep_status_file(path)
    await store.start_timer(fields(web, "Fix login"))
    clock.advance(minutes=30)
    await store.stop_timer()
    await store.start_timer(fields(web, "Review").replace(start=clock()))
    await store.shift_week(1)
    state = read_status(path)
    assert state is not None
    assert (state["today"], state["today_finished"]) == ("2026-11-18", 30 * 60)
    clock.advance(minutes=15)
    await store.stop_timer()
    state = read_status(path)
    assert state is not None
    assert state["running"] is None
    assert state["today_finished"] == 45 * 60
    await store.shift_week(-1)
    state = read_status(path)
    assert state is not None
    assert state["today_finished"] == 45 * 60  # read off today's week again: the same
