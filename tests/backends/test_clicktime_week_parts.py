"""The parts of a ClickTime week the screens show besides its entries: the timesheet
periods of a run of days (with a rejection's comment), the time off, and the company's
terms — each read within the bounded week load (no request per day), and through the
replica as well."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

from tests.backends.clicktime_helpers import MONDAY, WS, at, clicktime
from tests.fakes.clicktime import State
from tests.fakes.clicktime.testing import seeded
from tui.backends.base import HasTerms, TimeOffReader, TimesheetDetails
from tui.domain.terms import Terms

SUNDAY = MONDAY + timedelta(days=6)


async def test_a_week_load_reads_entries_periods_and_time_off_once_each(tmp_path: Path) -> None:
    state, ids = seeded(State(TimesheetModel="semimonthly"))
    state.add_time_off(date(2026, 11, 19), 8.0, ids.sick, "flu")
    async with clicktime(state, tmp_path) as (backend, fake):
        assert isinstance(backend, TimesheetDetails)
        assert isinstance(backend, TimeOffReader)
        assert isinstance(backend, HasTerms)
        await backend.list_workspaces()
        before = len(fake.sent())
        _, periods, time_off = await asyncio.gather(
            backend.list_entries(WS, at(MONDAY), at(SUNDAY + timedelta(days=1))),
            backend.timesheet_periods(WS, MONDAY, SUNDAY),
            backend.list_time_off(WS, MONDAY, SUNDAY),
        )
        paths = sorted(r.path for r in fake.sent()[before:])
        assert paths == ["/Me/TimeEntries", "/Me/TimeOff", "/Me/Timesheets"]
        assert [(p.start, p.last, p.state) for p in periods] == [
            (date(2026, 11, 16), date(2026, 11, 30), "open")
        ]
        [sick] = time_off
        assert (sick.day, sick.seconds, sick.type_name, sick.note) == (
            date(2026, 11, 19),
            8 * 3600,
            "Sick",
            "flu",
        )
        # Within the minute both are served from what was read.
        await backend.timesheet_periods(WS, MONDAY, SUNDAY)
        await backend.list_time_off(WS, MONDAY, SUNDAY)
        assert len(fake.sent()) == before + 3


async def test_a_rejected_period_carries_the_approvers_comment(tmp_path: Path) -> None:
    state, _ = seeded()
    state.reject(MONDAY, "Add the standup to Tuesday")
    async with clicktime(state, tmp_path) as (backend, fake):
        [rejected] = await backend.timesheet_periods(WS, MONDAY, SUNDAY)
        assert (rejected.state, rejected.comment) == ("rejected", "Add the standup to Tuesday")
        assert not rejected.locked
        histories = len(fake.sent("GET", r"/Me/Timesheets/.+/History"))
        await backend.timesheet_periods(WS, MONDAY, SUNDAY)
        assert len(fake.sent("GET", r"/Me/Timesheets/.+/History")) == histories == 1


async def test_the_company_terms_and_punchs_own_where_it_has_none(tmp_path: Path) -> None:
    state, _ = seeded(State(JobTermSingular="Project", JobTermPlural="Projects"))
    state.company["TaskTermSingular"] = "Activity"
    state.company["TaskTermPlural"] = "Activities"
    async with clicktime(state, tmp_path) as (backend, _):
        terms = await backend.terms(WS)
        assert (terms.project, terms.projects, terms.task, terms.tasks) == (
            "Project",
            "Projects",
            "Activity",
            "Activities",
        )
        assert terms.say("Tasks of the project") == "Activities of the project"
    assert Terms().say("New project") == "New project"
    assert Terms.of(project=("Matter", None)).say("projects, Project") == "matters, Matter"


async def test_behind_the_replica_the_parts_pass_and_the_terms_are_kept(tmp_path: Path) -> None:
    from tui.backends.replica.parts import wrap

    state, ids = seeded(State(JobTermSingular="Matter", JobTermPlural="Matters"))
    state.add_time_off(date(2026, 11, 17), 4.0, ids.sick)
    state.sheet(MONDAY).status = "Waiting"
    async with clicktime(state, tmp_path) as (inner, _):
        replica = wrap(inner, tmp_path / "replica.sqlite3")
        try:
            assert isinstance(replica, TimesheetDetails)
            assert isinstance(replica, TimeOffReader)
            assert isinstance(replica, HasTerms)
            assert (await replica.terms(WS)).projects == "Matters"
            [period] = await replica.timesheet_periods(WS, MONDAY, SUNDAY)
            assert (period.state, period.locked) == ("submitted", True)
            [off] = await replica.list_time_off(WS, MONDAY, SUNDAY)
            assert off.seconds == 4 * 3600
            undone = await replica.undo_submission(WS, period)
            assert undone.state == "open"
            assert state.sheet(MONDAY).status == "Open"
        finally:
            await replica.aclose()
    # A start from disk, the service out of reach, still speaks the company's words.
    async with clicktime(state, tmp_path) as (inner, fake):
        replica = wrap(inner, tmp_path / "replica.sqlite3")
        try:
            fake.stop()
            assert isinstance(replica, HasTerms)
            assert (await replica.terms(WS)).project == "Matter"
        finally:
            await replica.aclose()
