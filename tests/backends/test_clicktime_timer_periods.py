"""ClickTime's running timer (kept by punchcard, written as one entry on stop; ClickTime's
own stopwatch shown read-only) and its timesheet periods (read from ClickTime, submitted,
undone, rejected with the approver's comment, read-only while submitted)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.backends.clicktime_helpers import MONDAY, WS, at, clicktime
from tests.fakes.clicktime import State
from tests.fakes.clicktime.state import TimerRecord
from tests.fakes.clicktime.testing import seeded
from tui.backends.errors import ValidationError
from tui.domain.models import EntryFields
from tui.domain.periods import TimesheetPeriod

TODAY = date(2026, 11, 18)


async def test_the_timer_runs_locally_and_stops_into_one_entry(tmp_path: Path) -> None:
    state, ids = seeded()
    task = f"{ids.website}/{ids.development}"
    async with clicktime(state, tmp_path) as (backend, fake):
        assert await backend.running_entry(WS) is None
        started = await backend.create_entry(
            WS,
            EntryFields(
                start=at(TODAY, 9), description="Deploy", project_id=ids.website, task_id=task
            ),
        )
        assert started.running
        assert fake.sent("POST") == []  # nothing is sent while it runs
        running = await backend.running_entry(WS)
        assert running is not None
        assert running.id == started.id
        week = await backend.list_entries(WS, at(MONDAY), at(MONDAY + timedelta(days=7)))
        assert started.id in [e.id for e in week]

        # Another process (punch status, a second window) sees the same timer.
        async with clicktime(state, tmp_path) as (other, _):
            seen = await other.running_entry(WS)
            assert seen is not None
            assert seen.id == started.id

        # Switching stops it where the next begins: its time is written, rounded.
        second = await backend.create_entry(
            WS,
            EntryFields(
                start=at(TODAY, 10, 20), project_id=ids.admin, task_id=f"{ids.admin}/{ids.meetings}"
            ),
        )
        [post] = fake.sent("POST", "/Me/TimeEntries")
        assert (post.body["Date"], post.body["Hours"], post.body["Comment"]) == (
            "2026-11-18",
            1.25,
            "Deploy",
        )
        stopped = await backend.update_entry(second.replace(end=at(TODAY, 11, 20)))
        assert not stopped.running
        assert stopped.seconds() == 3600
        assert await backend.running_entry(WS) is None
        assert sorted(e.hours for e in state.entries.values() if e.date == TODAY) == [1.0, 1.25]


async def test_a_timer_that_cannot_be_written_keeps_running(tmp_path: Path) -> None:
    state, ids = seeded()
    async with clicktime(state, tmp_path) as (backend, fake):
        started = await backend.create_entry(WS, EntryFields(start=at(TODAY, 9)))
        with pytest.raises(ValidationError, match="needs a job"):
            await backend.update_entry(started.replace(end=at(TODAY, 10)))
        assert (await backend.running_entry(WS)) is not None
        chosen = started.replace(project_id=ids.website, task_id=f"{ids.website}/{ids.meetings}")
        assert (await backend.update_entry(chosen)).running  # edited while it runs
        await backend.delete_entry(WS, started.id)  # discarded: nothing was ever sent
        assert await backend.running_entry(WS) is None
        assert fake.sent("POST") == []


async def test_a_stopwatch_running_in_clicktime_is_shown_read_only() -> None:
    state, ids = seeded()
    entry = next(iter(state.entries))
    state.entries[entry].date = TODAY
    state.now = at(TODAY, 12)  # the fake's clock and the backend's agree
    state.timers["timer-1"] = TimerRecord(
        "timer-1",
        entry,
        [{"ID": "i1", "Start": "10:00:00", "End": None, "TimeZoneOffset": "+01:00"}],
    )
    async with clicktime(state) as (backend, fake):
        running = await backend.running_entry(WS)
        assert running is not None
        assert (running.id, running.project_id, running.locked) == (entry, ids.website, True)
        assert running.start == at(TODAY, 10)  # 12:00 on the fake's clock, 2 h elapsed
        assert fake.sent("GET", "/Me/Timers")[0].param("IsRunning") == "true"
        with pytest.raises(ValidationError, match="stop it in ClickTime"):
            await backend.update_entry(running.replace(end=at(TODAY, 11)))


async def test_where_the_stopwatch_is_required_punch_does_not_start_one() -> None:
    state, ids = seeded()
    state.me["RequireStopwatch"] = True
    async with clicktime(state) as (backend, _):
        with pytest.raises(ValidationError, match="stopwatch"):
            await backend.create_entry(WS, EntryFields(start=at(TODAY, 9), project_id=ids.website))


async def test_the_period_is_clickTimes_own_and_submitting_locks_it() -> None:
    state, ids = seeded(State(TimesheetModel="semimonthly"))
    async with clicktime(state) as (backend, fake):
        period = await backend.timesheet_period(WS, TODAY)
        assert period == TimesheetPeriod(
            workspace_id=WS, start=date(2026, 11, 16), end=date(2026, 12, 1), state="open"
        )
        submitted = await backend.submit_timesheet(WS, period)
        assert (submitted.state, submitted.locked) == ("submitted", True)
        [post] = fake.sent("POST", r"/Me/Timesheets/.+/Actions")
        assert (post.path, post.body) == ("/Me/Timesheets/2026-11-16/Actions", {"Action": "Submit"})

        # Days in a submitted timesheet are read-only before anything is sent.
        await backend.list_entries(WS, at(MONDAY), at(MONDAY + timedelta(days=7)))
        fields = EntryFields(
            start=at(TODAY, 9),
            end=at(TODAY, 10),
            project_id=ids.website,
            task_id=f"{ids.website}/{ids.meetings}",
        )
        with pytest.raises(ValidationError, match="undo the submission"):
            await backend.create_entry(WS, fields)
        with pytest.raises(ValidationError, match="allowed: UndoSubmit"):
            await backend.submit_timesheet(WS, submitted)
        reopened = await backend.undo_submission(WS, submitted)
        assert (reopened.state, reopened.locked) == ("open", False)


async def test_a_rejected_timesheet_is_open_again_with_the_approvers_comment() -> None:
    state, _ = seeded(State(TimesheetModel="biweekly"))
    state.reject(TODAY, "Tuesday is missing the client meeting.")
    async with clicktime(state) as (backend, _):
        period = await backend.timesheet_period(WS, TODAY)
        assert (period.state, period.locked) == ("rejected", False)
        assert (period.end - period.start).days == 14
        assert (
            await backend.rejection_comment(WS, TODAY) == "Tuesday is missing the client meeting."
        )
        state.approve(TODAY)
        approved = await backend.timesheet_period(WS, TODAY)
        assert (approved.state, approved.locked) == ("approved", True)


async def test_nothing_leaves_a_submitted_timesheet_either() -> None:
    """Moving an entry out of a submitted week, or deleting it there, is refused before a
    request: a move is a create then a delete, and a delete ClickTime refuses after the
    create would leave the time twice."""
    state, _ = seeded()
    async with clicktime(state) as (backend, fake):
        state.sheet(MONDAY).status = "Waiting"  # submitted in ClickTime's web app
        [monday, _] = await backend.list_entries(WS, at(MONDAY), at(MONDAY + timedelta(days=7)))
        await backend.list_entries(WS, at(date(2026, 11, 9)), at(MONDAY))  # the week before
        earlier = timedelta(days=-7)
        moved = monday.replace(
            start=monday.start + earlier, end=monday.start + earlier + timedelta(hours=1)
        )
        with pytest.raises(ValidationError, match="undo the submission"):
            await backend.update_entry(moved)
        with pytest.raises(ValidationError, match="undo the submission"):
            await backend.delete_entry(WS, monday.id)
        assert [r for r in fake.sent() if r.method != "GET"] == []
        assert monday.id in state.entries
