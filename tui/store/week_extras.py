"""What a week shows besides its entries, where the backend has it: the timesheet periods
that hold its days (with their approval state) and its time off. Read beside the week's
entries, never one request per day; a failure leaves them out and the week still shows."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from tui.backends.base import Backend, TimeOffReader, TimesheetDetails, TimesheetPeriods
from tui.backends.errors import BackendError
from tui.domain.periods import TimesheetPeriod
from tui.domain.time_off import TimeOff

WeekExtras = tuple[tuple[TimesheetPeriod, ...], tuple[TimeOff, ...]]


class WeekExtrasReader:
    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    async def read(
        self, workspace_id: str, first: date, last: date, *, periods: bool = True
    ) -> WeekExtras:
        """The week's timesheet periods (when the workspace submits timesheets: ``periods``)
        and its time off."""

        async def no_periods() -> tuple[TimesheetPeriod, ...]:
            return ()

        read_periods = self._periods(workspace_id, first, last) if periods else no_periods()
        found, time_off = await asyncio.gather(
            read_periods, self._time_off(workspace_id, first, last)
        )
        return found, time_off

    async def _periods(self, ws: str, first: date, last: date) -> tuple[TimesheetPeriod, ...]:
        backend = self._backend
        try:
            if isinstance(backend, TimesheetDetails):
                return tuple(await backend.timesheet_periods(ws, first, last))
            if isinstance(backend, TimesheetPeriods):
                return await _one_by_one(backend, ws, first, last)
        except BackendError:
            pass  # the grid shows no period rather than a guessed one
        return ()

    async def _time_off(self, ws: str, first: date, last: date) -> tuple[TimeOff, ...]:
        if not isinstance(self._backend, TimeOffReader):
            return ()
        try:
            return tuple(await self._backend.list_time_off(ws, first, last))
        except BackendError:
            return ()


async def _one_by_one(
    backend: TimesheetPeriods, ws: str, first: date, last: date
) -> tuple[TimesheetPeriod, ...]:
    """A week's periods from a backend that reads one period at a time: one read per
    period (a week touches at most two of any model longer than a day), not per day."""
    found: list[TimesheetPeriod] = []
    day = first
    while day <= last:
        period = await backend.timesheet_period(ws, day)
        found.append(period)
        day = max(period.end, day + timedelta(days=1))
    return tuple(found)
