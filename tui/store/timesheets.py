"""Timesheet periods from the TUI: the period that holds a day, and submitting it for
approval (backends with the ``TimesheetPeriods`` part: ClickTime, and Clockify workspaces
with approvals). The same as
``punch submit``; after a submission the shown week is read again, so days the service now
locks show as read-only."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from tui.backends.base import Backend, TimesheetDetails, TimesheetPeriods
from tui.backends.errors import BackendError
from tui.domain.periods import TimesheetPeriod
from tui.store.publisher import Publisher

LoadWeek = Callable[[date], Awaitable[None]]


class TimesheetIntents:
    def __init__(self, backend: Backend, publisher: Publisher, *, load_week: LoadWeek) -> None:
        self._periods = backend if isinstance(backend, TimesheetPeriods) else None
        self._details = backend if isinstance(backend, TimesheetDetails) else None
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
        periods = self._periods
        if periods is None or not self._publisher.snapshot.capabilities.submit_timesheet:
            return False
        return await self._act(
            period,
            lambda ws: periods.submit_timesheet(ws, period, comment),
            failed="Not submitted",
            done="Submitted the timesheet of {span}; it is now {state}",
        )

    @property
    def can_undo(self) -> bool:
        """Whether the backend can take a submission back at all (the period says when)."""
        return self._details is not None

    async def undo(self, period: TimesheetPeriod) -> bool:
        """Take the submission of ``period`` back; the shown week is read again."""
        details = self._details
        if details is None:
            self._publisher.say("Submissions cannot be taken back here", "warning")
            return False
        return await self._act(
            period,
            lambda ws: details.undo_submission(ws, period),
            failed="Submission not undone",
            done="Took back the submission of {span}; it is now {state}",
        )

    async def _act(
        self,
        period: TimesheetPeriod,
        call: Callable[[str], Awaitable[TimesheetPeriod]],
        *,
        failed: str,
        done: str,
    ) -> bool:
        """Run one timesheet action, then show the week as the service now has it (days it
        now locks or opens) and say how it went."""
        publisher = self._publisher
        try:
            after = await call(publisher.workspace_id())
        except BackendError as err:
            publisher.say(f"{failed} — {period.span}: {err}", "error")
            return False
        await self._load_week(publisher.snapshot.week)
        publisher.say(done.format(span=after.span, state=after.shown_state))
        return True
