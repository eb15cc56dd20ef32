"""A machine whose clock is off from Clockify's: the backend reads the server's clock from each
answer's Date header, and a running timer counts on the server's time."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes.clockify import FakeClockify, State
from tests.frozen_time import FROZEN_NOW as T0
from tests.frozen_time import Clock
from tests.store.test_timer_store import opened
from tui.backends.clockify import ClockifyBackend
from tui.domain.models import EntryFields


async def test_the_servers_clock_is_read_from_the_date_header():
    state = State(timezone="Europe/Berlin")
    state.add_workspace("Personal")
    with FakeClockify(state, clock_skew=420.0) as fake:
        backend = ClockifyBackend(fake.api_key, fake.base_url)
        try:
            assert backend.server_time_offset is None  # nothing asked yet
            await backend.list_workspaces()
            offset = backend.server_time_offset
            # The header has whole seconds, so the measure is up to a second short.
            assert offset is not None
            assert 418.5 <= offset <= 420.5
        finally:
            await backend.aclose()


async def test_a_timer_counts_on_clockifys_clock_when_ours_is_behind():
    state = State(timezone="Europe/Berlin")
    ws = state.add_workspace("Personal")
    with FakeClockify(state, clock_skew=420.0) as fake:
        backend = ClockifyBackend(fake.api_key, fake.base_url)
        try:
            local = Clock(T0 - timedelta(minutes=7))  # this machine: 7 minutes behind
            store, web, _ = await opened(backend, local)
            started = T0 - timedelta(minutes=3)  # started on the web app, on Clockify's clock
            await backend.create_entry(ws.id, EntryFields(start=started, project_id=web))
            await store.poll_timer()
            assert store.snapshot.running is not None
            assert 179 <= store.running_elapsed() <= 181  # not 4 minutes below zero
            stopped = await store.stop_timer()
            assert stopped is not None
            assert stopped.end is not None
            assert abs((stopped.end - T0).total_seconds()) <= 1  # stopped at Clockify's now
        finally:
            await backend.aclose()
