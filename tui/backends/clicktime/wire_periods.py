"""ClickTime's timesheets, time off and stopwatch timers as they arrive (API notes §5–§7);
lenient like ``wire``."""

from __future__ import annotations

from datetime import time
from typing import Annotated

from pydantic import BeforeValidator, Field

from tui.backends.clicktime.wire import (
    Clock,
    Day,
    Flag,
    Id,
    Number,
    OptionalId,
    Text,
    UserRef,
    Wire,
)

TIMESHEET_STATUSES = ("Open", "JobHold", "TORAHold", "Waiting", "Locked", "Approved", "Rejected")
TIMESHEET_ACTIONS = (
    "None",
    "Approve",
    "JobApproval",
    "TimeOffRequestApproval",
    "UndoApproval",
    "Reject",
    "Lock",
    "Unlock",
    "Submit",
    "UndoSubmit",
    "RemoveApprovals",
)


def _none_is_empty(value: object) -> object:
    return [] if value is None else value


# ---------------------------------------------------------------- timesheets


class TimesheetAction(Wire):
    """An action the timesheet allows now (``GET /Me/Timesheets/{date}/Actions``)."""

    action: Text = ""


class DayTotal(Wire):
    date: Day = None
    hours: Number = None


class Timesheet(Wire):
    """``Get/TimesheetModel_Me``: one period of the company's timesheet model. ``Status`` is
    one of ``TIMESHEET_STATUSES`` (kept as sent: an unknown one is not an error)."""

    id: Id
    user_id: OptionalId = None
    start_date: Day = None
    end_date: Day = None
    status: Text = ""
    has_been_submitted: Flag = False
    submitted_by_user_id: OptionalId = None
    submitted_by: str | None = None
    submitted_date: Day = None
    approved_by: str | None = None
    approved_by_user_id: OptionalId = None
    approved_date: Day = None
    rejected_by: str | None = None
    rejected_by_user_id: OptionalId = None
    rejected_date: Day = None
    comment: str | None = None
    day_totals: Annotated[list[DayTotal], BeforeValidator(_none_is_empty)] = Field(
        default_factory=list
    )
    actions: Annotated[list[TimesheetAction], BeforeValidator(_none_is_empty)] = Field(
        default_factory=list
    )
    user: UserRef | None = None

    def allows(self, action: str) -> bool:
        return any(a.action.casefold() == action.casefold() for a in self.actions)


class TimesheetHistory(Wire):
    """One line of ``GET /Me/Timesheets/{date}/History``: who did what, with what comment
    (a rejection's reason is here)."""

    action: Text = ""
    action_by_user_id: OptionalId = None
    action_by_user_name: str | None = None
    comment: str | None = None
    date: str | None = None
    """Kept as text: the spec says string and nothing of its format (a date or a time)."""
    has_attestation: bool | None = None
    job_id: OptionalId = None
    job_status: str | None = None


# ---------------------------------------------------------------- time off


class TimeOffTypeRef(Wire):
    id: Id
    name: Text = ""
    is_active: bool | None = None


class TimeOffType(TimeOffTypeRef):
    requires_approval: Flag = False
    current_balance: Number = None
    accrual_rate: Number = None
    maximum_balance: Number = None
    approver_id: OptionalId = None
    display_on_time_entry_pages: bool | None = None
    notes: str | None = None


class TimeOff(Wire):
    """``Get/TimeOffModel_Me``: hours of one type on one day. The note is ``Notes``."""

    id: Id
    date: Day = None
    hours: Number = None
    notes: Text = ""
    time_off_type_id: OptionalId = None
    time_off_request_id: OptionalId = None
    user_id: OptionalId = None
    time_off_type: TimeOffTypeRef | None = None


class TimeOffRequestDate(Wire):
    date: Day = None
    hours: Number = None


class TimeOffRequest(Wire):
    id: Id
    status: Text = ""
    """``Submitted``, ``Approved``, ``Rejected`` or ``Cancelled``."""
    time_off_type_id: OptionalId = None
    notes: Text = ""
    dates: Annotated[list[TimeOffRequestDate], BeforeValidator(_none_is_empty)] = Field(
        default_factory=list
    )


# ---------------------------------------------------------------- stopwatch timers


class TimerInterval(Wire):
    id: OptionalId = None
    start: Clock = None
    """``hh:mm:ss`` on the wall clock at ``time_zone_offset``."""
    end: Clock = None
    """None: the interval is still open (the timer runs) — inferred, API notes §5."""
    time_zone_offset: str | None = None

    @property
    def open(self) -> bool:
        return self.start is not None and self.end is None


class TimerEntry(Wire):
    """The entry a timer belongs to, as a verbose timer embeds it."""

    id: Id
    date: Day = None
    hours: Number = None
    job_id: OptionalId = None
    task_id: OptionalId = None
    client_id: OptionalId = None
    user_id: OptionalId = None


class Timer(Wire):
    """``Get/TimerModel_Me``: ClickTime's stopwatch, attached to an existing time entry."""

    id: Id
    time_entry_id: OptionalId = None
    time_entry_date: Day = None
    user_id: OptionalId = None
    initial_time_in_seconds: int | None = None
    elapsed_seconds: int | None = None
    intervals: Annotated[list[TimerInterval], BeforeValidator(_none_is_empty)] = Field(
        default_factory=list
    )
    time_entry: TimerEntry | None = None

    @property
    def running(self) -> bool:
        return any(interval.open for interval in self.intervals)

    @property
    def started(self) -> time | None:
        """When the open interval began, on its own wall clock."""
        return next((i.start for i in self.intervals if i.open), None)
