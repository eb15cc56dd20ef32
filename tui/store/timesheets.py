"""Timesheet periods from the TUI: the period that holds a day, and submitting it for
approval (backends with the ``TimesheetPeriods`` part: ClickTime, and Clockify workspaces
with approvals). The same as
``punch submit``; after a submission the shown week is read again, so days the service now
locks show as read-only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from tui.backends.base import Backend, TimesheetPeriods
from tui.backends.errors import BackendError
from tui.domain.periods import TimesheetPeriod
from tui.store.publisher import Publisher

LoadWeek = Callable[[date], Awaitable[None]]


class TimesheetIntents:
    def __init__(self, backend: Backend, publisher: Publisher, *, load_week: LoadWeek) -> None:
        self._periods = backend if isinstance(backend, TimesheetPeriods) else None
        self._publisher = publisher
        self._load_week = load_week

    async def period_of(self, day: date) -> TimesheetPeriod | None:
        """The service's period holding ``day``; None (and a message) when there is none."""
        publisher = self._publisher
        if self._periods is None or not publisher.snapshot.capabilities.submit_timesheet:
            publisher.say("There are no timesheets to submit here", "warning")
            return None
        try:
            return await self._periods.timesheet_period(publisher.workspace_id(), day)
        except BackendError as err:
            publisher.say(f"Could not read the timesheet: {err}", "error")
            return None

    async def submit(self, period: TimesheetPeriod, comment: str | None = None) -> bool:
        publisher = self._publisher
        if self._periods is None or not publisher.snapshot.capabilities.submit_timesheet:
            return False
        try:
            done = await self._periods.submit_timesheet(publisher.workspace_id(), period, comment)
        except BackendError as err:
            publisher.say(f"Not submitted — {period.span}: {err}", "error")
            return False
        await self._load_week(publisher.snapshot.week)
        publisher.say(f"Submitted the timesheet of {done.span}; it is now {done.state}")
        return True
