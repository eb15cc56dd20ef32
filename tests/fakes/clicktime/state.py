"""The fake ClickTime's data, without any HTTP: one user of one company, the company's
settings, jobs, tasks, clients, the user's time entries, timesheets, time off and timers.

Bodies are rendered the way API-NOTES.md and the derived models say the real service writes
them: PascalCase keys, ids as opaque strings, nulls rather than missing keys, dates
``yyyy-mm-dd``, entry times ``HH:MM``, and — on some answers — ``Hours`` as a string.
"""

from __future__ import annotations

import itertools
import threading
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

DEFAULT_TOKEN = "fake-clicktime-token-7c41e09b2a"
EMAIL = "jane.doe@example.com"
PASSWORD = "correct horse battery staple"
USER_ID = "user-0001"
APPROVER_ID = "user-0009"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EDITABLE = frozenset({"Open", "Rejected"})


def api_error(message: str, field: str | None = None, *details: str) -> dict[str, Any]:
    return {"Field": field, "Message": message, "MessageDetail": list(details)}


@dataclass
class Entry:
    id: str
    date: date
    hours: float
    job_id: str
    task_id: str | None
    comment: str = ""
    start_time: str | None = None
    end_time: str | None = None
    break_time: float = 0.0
    billing_rate: float | None = None


@dataclass
class Sheet:
    """One timesheet period and what happened to it."""

    id: str
    start: date
    end: date
    status: str = "Open"
    submitted: date | None = None
    approved: date | None = None
    rejected: date | None = None
    comment: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class TimerRecord:
    id: str
    entry_id: str
    intervals: list[dict[str, Any]]
    initial_seconds: int = 0


@dataclass
class TimeOffRecord:
    id: str
    date: date
    hours: float
    type_id: str
    notes: str = ""


@dataclass
class TimeOffRequestRecord:
    id: str
    type_id: str
    dates: list[tuple[date, float]]
    notes: str = ""
    status: str = "Submitted"


class State:
    def __init__(self, *, today: date = date(2026, 11, 18), **company: Any) -> None:
        self.lock = threading.RLock()
        self._ids = itertools.count(1)
        self.token = DEFAULT_TOKEN
        self.email = EMAIL
        self.password = PASSWORD
        self.today = today
        """The fake's calendar day, for "no time in the future"."""
        self.now: datetime = datetime.combine(today, time(12, 0), tzinfo=UTC)
        """The fake's clock, for running timers' elapsed seconds."""
        self.hours_as_text = "some"
        """``Hours`` as a string: ``never``, ``always`` or ``some`` (every other entry)."""
        self.writes_forbidden: str | None = None
        """Why entry writes are refused with 403 (a DCAA or SubJobs company), if they are."""
        self.me: dict[str, Any] = {
            "ID": USER_ID,
            "Name": "Doe, Jane",
            "Email": EMAIL,
            "IsActive": True,
            "EmployeeNumber": "E-042",
            "SecurityLevel": "STANDARD",
            "DefaultTaskID": None,
            "TimesheetApproverID": APPROVER_ID,
            "StartDate": "2024-01-08",
            "EndDate": None,
            "RequireComments": False,
            "RequireStartEndTime": False,
            "RequireStopwatch": False,
            "EnableBreakTime": False,
            "MinimumTimeHours": 0,
            "MinimumTimePeriod": "Day",
            "PreferredTimeEntryView": "WeekView",
            "PreferredTimeFormat": "24Hour",
            "SubjectToTimesheetApproval": True,
            "SubjectToTimesheetCompletion": False,
            "AllowIncompleteTimesheetSubmission": True,
            "SkipWeekend": True,
        }
        self.company: dict[str, Any] = {
            "ID": "company-0001",
            "Name": "Example Co",
            "StartDate": "2024-01-01",
            "WeekStartsOn": "Monday",
            "TimesheetModel": "weekly",
            "TimesheetModelCustomNumberOfDays": None,
            "JobTermSingular": "Job",
            "JobTermPlural": "Jobs",
            "TaskTermSingular": "Task",
            "TaskTermPlural": "Tasks",
            "ClientTermSingular": "Client",
            "ClientTermPlural": "Clients",
            "DisplayClientSelector": True,
            "DisplayTaskSelector": True,
            "JobRestrictionMethod": "none",
            "TaskRestrictionMethod": "mytasks",
            "AllowZeroHourTimeEntries": False,
            "AllowWorkedTimeEntryInFuture": False,
            "MinTimeIncrement": 0.25,
            "PrecisionForHoursValues": 2,
            "LockDate": None,
            "AttestationStatement": None,
            "CurrencyISO": "USD",
            "CurrencySymbol": "$",
            "PhasesEnabled": False,
            "SubPhasesEnabled": False,
            "DCAALogEnabled": False,
        } | company
        self.clients: dict[str, dict[str, Any]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.controls: list[tuple[str, str]] = []
        """Allowed (job, task) pairs where ``TaskRestrictionMethod`` is ``byjob``."""
        self.entries: dict[str, Entry] = {}
        self.sheets: dict[date, Sheet] = {}
        self.time_off_types: dict[str, dict[str, Any]] = {}
        self.time_off: dict[str, TimeOffRecord] = {}
        self.timers: dict[str, TimerRecord] = {}
        self.time_off_management = True
        """The optional module that brings time-off requests."""
        self.time_off_requests: dict[str, TimeOffRequestRecord] = {}

    def new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids):06d}"

    # ------------------------------------------------------------ seeding

    def add_client(self, name: str, active: bool = True) -> str:
        cid = self.new_id("client")
        self.clients[cid] = {
            "ID": cid,
            "Name": name,
            "ShortName": name[:4].upper(),
            "ClientNumber": None,
            "ListDisplayText": name,
            "IsActive": active,
        }
        return cid

    def add_job(
        self, name: str, client_id: str | None = None, number: str = "", active: bool = True
    ) -> str:
        jid = self.new_id("job")
        self.jobs[jid] = {
            "ID": jid,
            "Name": name,
            "JobNumber": number or None,
            "ClientID": client_id,
            "ListDisplayText": f"{number} - {name}" if number else name,
            "IsActive": active,
            "StartDate": None,
            "EndDate": None,
        }
        return jid

    def add_task(self, name: str, code: str = "", active: bool = True) -> str:
        tid = self.new_id("task")
        self.tasks[tid] = {
            "ID": tid,
            "Name": name,
            "TaskCode": code or None,
            "ListDisplayText": f"{code} - {name}" if code else name,
            "IsActive": active,
        }
        return tid

    def allow(self, job_id: str, *task_ids: str) -> None:
        self.controls.extend((job_id, t) for t in task_ids)

    def add_entry(
        self, day: date, hours: float, job_id: str, task_id: str | None, **more: Any
    ) -> str:
        entry = Entry(self.new_id("te"), day, hours, job_id, task_id, **more)
        self.entries[entry.id] = entry
        return entry.id

    def add_time_off_type(self, name: str, requires_approval: bool = False) -> str:
        tid = self.new_id("tot")
        self.time_off_types[tid] = {
            "ID": tid,
            "Name": name,
            "IsActive": True,
            "RequiresApproval": requires_approval,
            "CurrentBalance": 40.0,
            "Notes": None,
        }
        return tid

    def add_time_off(self, day: date, hours: float, type_id: str, notes: str = "") -> str:
        record = TimeOffRecord(self.new_id("to"), day, hours, type_id, notes)
        self.time_off[record.id] = record
        return record.id

    # ------------------------------------------------------------ timesheet periods

    def period(self, day: date) -> tuple[date, date]:
        """The company's timesheet period holding ``day`` (API notes §6). How ClickTime
        anchors biweekly and custom periods is not documented; the fake counts them from
        ``Company.StartDate``, so a client must read periods from the API, never compute
        them."""
        model = str(self.company.get("TimesheetModel") or "weekly").lower()
        if model == "monthly":
            return day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1])
        if model == "semimonthly":
            if day.day <= 15:
                return day.replace(day=1), day.replace(day=15)
            return day.replace(day=16), day.replace(day=monthrange(day.year, day.month)[1])
        if model == "weekly":
            first = WEEKDAYS.index(self.company.get("WeekStartsOn") or "Monday")
            start = day - timedelta(days=(day.weekday() - first) % 7)
            return start, start + timedelta(days=6)
        length = (
            14 if model == "biweekly" else int(self.company["TimesheetModelCustomNumberOfDays"])
        )
        anchor = date.fromisoformat(self.company["StartDate"])
        start = anchor + timedelta(days=((day - anchor).days // length) * length)
        return start, start + timedelta(days=length - 1)

    def sheet(self, day: date) -> Sheet:
        start, end = self.period(day)
        if start not in self.sheets:
            self.sheets[start] = Sheet(self.new_id("ts"), start, end)
        return self.sheets[start]

    def sheets_between(self, first: date, last: date) -> list[Sheet]:
        found: list[Sheet] = []
        day = first
        while day <= last:
            found.append(self.sheet(day))
            day = found[-1].end + timedelta(days=1)
        return found

    def editable(self, day: date) -> str | None:
        """Why entries on ``day`` cannot change, or None when they can."""
        lock = self.company.get("LockDate")
        if lock and day <= date.fromisoformat(lock):
            return f"Time on or before the lock date {lock} cannot be changed."
        status = self.sheet(day).status
        if status not in EDITABLE:
            return f"The timesheet for {day.isoformat()} is {status} and cannot be changed."
        return None

    def history(self, sheet: Sheet, action: str, by: str, name: str, comment: str | None) -> None:
        sheet.history.insert(
            0,
            {
                "Action": action,
                "ActionByUserID": by,
                "ActionByUserName": name,
                "Comment": comment,
                "Date": self.today.isoformat(),
                "HasAttestation": False,
                "JobID": None,
                "JobStatus": None,
            },
        )

    def approve(self, day: date, comment: str | None = None) -> None:
        """What the approver does in ClickTime's web app."""
        sheet = self.sheet(day)
        sheet.status, sheet.approved = "Approved", self.today
        self.history(sheet, "Approve", APPROVER_ID, "Smith, Sam", comment)

    def reject(self, day: date, comment: str) -> None:
        sheet = self.sheet(day)
        sheet.status, sheet.rejected, sheet.comment = "Rejected", self.today, comment
        self.history(sheet, "Reject", APPROVER_ID, "Smith, Sam", comment)

    # ------------------------------------------------------------ timers

    def elapsed(self, timer: TimerRecord) -> int:
        entry = self.entries.get(timer.entry_id)
        day = entry.date if entry else self.today
        seconds = timer.initial_seconds
        for interval in timer.intervals:
            start = _at(day, interval.get("Start"), interval.get("TimeZoneOffset"))
            end = _at(day, interval.get("End"), interval.get("TimeZoneOffset")) or self.now
            if start is not None and end > start:
                seconds += int((end - start).total_seconds())
        return seconds

    def running_timer(self) -> TimerRecord | None:
        return next(
            (t for t in self.timers.values() if any(i.get("End") is None for i in t.intervals)),
            None,
        )


def _at(day: date, clock: str | None, offset: str | None) -> datetime | None:
    if not clock:
        return None
    sign = -1 if (offset or "+00:00").startswith("-") else 1
    hours, minutes = (offset or "+00:00")[1:].split(":")
    zone = timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=zone)
