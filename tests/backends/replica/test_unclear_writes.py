"""What the journal is told about a write that failed: one that never left this machine
(no connection) may be sent again at once; one whose answer was lost is unclear, even when
the look after it could not connect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.backends.replica.harness import clockify_on
from tests.fakes.clockify import FakeClockify, State
from tui.backends.errors import NotSentError, OfflineError
from tui.domain.models import EntryFields

T0 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


def fields() -> EntryFields:
    return EntryFields(start=T0, end=T0 + timedelta(hours=1))


async def test_a_write_to_a_server_that_is_not_there_never_left() -> None:
    state = State()
    state.add_workspace("Personal")
    with FakeClockify(state) as fake:
        ws = next(iter(state.spaces))
        fake.go_down()
        backend = clockify_on(fake)  # no connection left open from before
        try:
            with pytest.raises(NotSentError):
                await backend.create_entry(ws, fields())
        finally:
            await backend.aclose()


async def test_a_lost_answer_whose_look_cannot_connect_is_unclear() -> None:
    state = State()
    state.add_workspace("Personal")
    with FakeClockify(state) as fake:
        backend = clockify_on(fake, timeout=0.3)
        backend.send_writes_once()
        try:
            ws = (await backend.list_workspaces())[0].id
            fake.fail("POST", r"/workspaces/\w+/time-entries", delay=0.6, process=True)
            fake.down = True  # the look after the time-out finds the server gone

            with pytest.raises(OfflineError) as raised:
                await backend.create_entry(ws, fields())
            assert not isinstance(raised.value, NotSentError)
        finally:
            await backend.aclose()
