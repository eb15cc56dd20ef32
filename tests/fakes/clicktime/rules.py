"""The company's and the user's rules for a time entry, as the fake ClickTime enforces them.

Where the notes mark the real behaviour unverified the fake is the stricter of the two
possibilities, so a client that passes here is safe on a real account either way:
``Hours`` off the company's ``MinTimeIncrement`` is refused (ClickTime may round instead),
``Hours`` that disagree with ``StartTime``/``EndTime``/``BreakTime`` are refused, a task is
required while the company shows the task selector, and validation errors are HTTP 400.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any

from tests.fakes.clicktime.state import Entry, State, api_error

Problem = dict[str, Any]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _on_increment(hours: float, increment: float) -> bool:
    steps = Decimal(str(hours)) / Decimal(str(increment))
    return steps == steps.to_integral_value()


def _decimal_places(hours: float) -> int:
    exponent = Decimal(str(hours)).as_tuple().exponent
    # Only NaN and the infinities have a letter for an exponent; check_hours refuses them first.
    assert isinstance(exponent, int)
    return -exponent


def check_hours(state: State, hours: Any) -> list[Problem]:
    company = state.company
    if not isinstance(hours, int | float) or isinstance(hours, bool) or not math.isfinite(hours):
        return [api_error("Hours must be a number.", "Hours")]
    if hours < 0 or hours > 24:
        return [api_error("Hours must be between 0 and 24.", "Hours")]
    if hours == 0 and not company.get("AllowZeroHourTimeEntries"):
        return [api_error("Zero-hour time entries are not allowed.", "Hours")]
    increment = company.get("MinTimeIncrement")
    if increment and not _on_increment(hours, increment):
        return [api_error(f"Hours must be in increments of {increment}.", "Hours")]
    precision = company.get("PrecisionForHoursValues")
    if precision is not None and _decimal_places(hours) > int(precision):
        return [api_error(f"Hours may have at most {precision} decimal places.", "Hours")]
    return []


def check_date(state: State, text: Any) -> tuple[date | None, list[Problem]]:
    try:
        day = date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return None, [api_error("Date must be a date in the format yyyy-mm-dd.", "Date")]
    if day > state.today and not state.company.get("AllowWorkedTimeEntryInFuture"):
        return day, [api_error("Time entries in the future are not allowed.", "Date")]
    why = state.editable(day)
    return day, [api_error(why, "Date")] if why else []


def check_job_task(state: State, job_id: Any, task_id: Any) -> list[Problem]:
    job = state.jobs.get(job_id) if isinstance(job_id, str) else None
    if job is None or not job["IsActive"]:
        return [
            api_error(
                "A valid JobID is required.", "JobID", f"JobID {job_id!r} is not available to you."
            )
        ]
    if task_id is None:
        if state.company.get("DisplayTaskSelector", True):
            return [api_error("A valid TaskID is required.", "TaskID")]
        return []
    task = state.tasks.get(task_id) if isinstance(task_id, str) else None
    if task is None or not task["IsActive"]:
        return [
            api_error(
                "A valid TaskID is required.",
                "TaskID",
                f"TaskID {task_id!r} is not available to you.",
            )
        ]
    byjob = str(state.company.get("TaskRestrictionMethod") or "").lower() == "byjob"
    if byjob and (job_id, task_id) not in state.controls:
        return [
            api_error(
                "This task is not allowed for this job.",
                "TaskID",
                f"TaskID {task_id!r} is not in the task list of JobID {job_id!r}.",
            )
        ]
    return []


def check_times(state: State, values: dict[str, Any]) -> list[Problem]:
    start, end = values.get("StartTime"), values.get("EndTime")
    if state.me.get("RequireStartEndTime") and (not start or not end):
        return [api_error("Start and end times are required.", "StartTime")]
    breaks = values.get("BreakTime") or 0
    if breaks and not state.me.get("EnableBreakTime"):
        return [api_error("Break time is not enabled for you.", "BreakTime")]
    if bool(start) != bool(end):
        return [api_error("StartTime and EndTime go together.", "EndTime")]
    if start and end:
        span = _minutes(end) - _minutes(start)
        if span <= 0:
            return [api_error("EndTime must be after StartTime.", "EndTime")]
        worked = span / 60 - breaks
        hours = values.get("Hours")
        if isinstance(hours, int | float) and abs(worked - hours) > 0.005:
            return [
                api_error(
                    "Hours do not match StartTime, EndTime and BreakTime.",
                    "Hours",
                    f"{start}–{end} less {breaks} h break is {worked:g} h.",
                )
            ]
    return []


def check_comment(state: State, comment: Any) -> list[Problem]:
    if state.me.get("RequireComments") and not (isinstance(comment, str) and comment.strip()):
        return [api_error("A comment is required.", "Comment")]
    return []


def check_entry(state: State, values: dict[str, Any]) -> list[Problem]:
    """Every rule for the entry ``values`` would make (a create's body, or an existing entry
    with a PATCH applied)."""
    day, problems = check_date(state, values.get("Date"))
    problems += check_job_task(state, values.get("JobID"), values.get("TaskID"))
    problems += check_hours(state, values.get("Hours"))
    problems += check_comment(state, values.get("Comment"))
    problems += check_times(state, values)
    if values.get("CostRate") is not None and state.me.get("SecurityLevel") != "ADMIN":
        problems.append(api_error("Only an Admin can set a cost rate.", "CostRate"))
    if day is not None and state.me.get("RequireStopwatch") and day != state.today:
        problems.append(
            api_error("With the stopwatch required, only today's time can be entered.", "Date")
        )
    return problems


def entry_values(entry: Entry) -> dict[str, Any]:
    return {
        "Date": entry.date.isoformat(),
        "Hours": entry.hours,
        "JobID": entry.job_id,
        "TaskID": entry.task_id,
        "Comment": entry.comment,
        "StartTime": entry.start_time,
        "EndTime": entry.end_time,
        "BreakTime": entry.break_time,
        "BillingRate": entry.billing_rate,
    }


def incomplete_days(state: State, first: date, last: date) -> list[str]:
    """Where a timesheet falls short of the user's minimum (``MinimumTimeHours`` per
    ``Day`` or ``Week``), time off counted; weekends skipped when the user skips them."""
    minimum = float(state.me.get("MinimumTimeHours") or 0)
    if minimum <= 0:
        return []
    totals: dict[date, float] = {}
    for entry in state.entries.values():
        totals[entry.date] = totals.get(entry.date, 0.0) + entry.hours
    for record in state.time_off.values():
        totals[record.date] = totals.get(record.date, 0.0) + record.hours
    days = [first.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]
    if state.me.get("SkipWeekend"):
        days = [d for d in days if d.weekday() < 5]
    if state.me.get("MinimumTimePeriod") == "Week":
        total = sum(totals.get(d, 0.0) for d in days)
        return [] if total >= minimum else [f"{first.isoformat()}–{last.isoformat()}: {total:g} h"]
    return [
        f"{d.isoformat()}: {totals.get(d, 0.0):g} h" for d in days if totals.get(d, 0.0) < minimum
    ]
