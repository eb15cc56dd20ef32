"""Behind the replica and its journal, a change on a day of a pending or approved Clockify
timesheet is refused at once, in the user's words, and kept nowhere: not left in the journal
to fail when it is sent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.backends.replica.harness import wrapped
from tests.fakes.clockify import FakeClockify, State
from tui.backends.base import TimesheetPeriods, WorkspaceTimesheets
from tui.backends.errors import ValidationError

MONDAY = date(2026, 11, 16)
WEDNESDAY = datetime(2026, 11, 18, 9, tzinfo=UTC)
WEEK = (WEDNESDAY - timedelta(days=2), WEDNESDAY + timedelta(days=5))


async def test_an_edit_of_a_submitted_day_is_refused_before_the_journal_keeps_it(
    tmp_path: Path,
) -> None:
    state = State(timezone="UTC")
    space = state.add_workspace("Acme")
    space.approval_period = "WEEKLY"
    state.add_entry(space, WEDNESDAY, WEDNESDAY + timedelta(hours=3), description="Audit")
    with FakeClockify(state, rate_limit=None) as fake:
        async with wrapped(fake, tmp_path / "replica.db") as backend:
            assert isinstance(backend, TimesheetPeriods)
            assert isinstance(backend, WorkspaceTimesheets)
            assert await backend.uses_timesheets(space.id)
            [entry] = await backend.list_entries(space.id, *WEEK)
            period = await backend.timesheet_period(space.id, MONDAY)
            assert (await backend.submit_timesheet(space.id, period)).state == "submitted"
            with pytest.raises(ValidationError, match="withdraw the request"):
                await backend.apply_changes(
                    space.id, [(entry, entry.replace(description="Audit, day two"))]
                )
            await backend.drain()
            report = backend.sync_report()
            assert report.waiting == 0
            assert report.failed == ()
            [stored] = await backend.list_entries(space.id, *WEEK)
            assert stored.description == "Audit"
        assert fake.sent("PUT") == []
        assert fake.violations == []
