"""The fake ClickTime's time routes: ``/Me/TimeEntries`` (PATCH is partial; an entry's date
cannot change), stopwatch timers, timesheets and their actions, time off."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.fakes.clicktime import api_time_off, render
from tests.fakes.clicktime.api import (
    MAX_ENTRY_LIMIT,
    Call,
    Reply,
    fail,
    not_found,
    ok,
    paged,
    refused,
)
from tests.fakes.clicktime.rules import check_entry, entry_values, incomplete_days
from tests.fakes.clicktime.state import USER_ID, TimerRecord

_PATCHABLE = (
    "Hours",
    "JobID",
    "TaskID",
    "Comment",
    "StartTime",
    "EndTime",
    "BreakTime",
    "BillingRate",
)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def _dated(call: Call, first: str, last: str) -> tuple[date | None, date | None, Reply | None]:
    start, end = call.one(first), call.one(last)
    start_day, end_day = _day(start), _day(end)
    if (start and start_day is None) or (end and end_day is None):
        return None, None, fail(400, f"{first} and {last} must be dates in the format yyyy-mm-dd.")
    return start_day, end_day, None


def _forbidden(call: Call) -> Reply | None:
    reason = call.state.writes_forbidden
    return fail(403, reason) if reason else None


# ---------------------------------------------------------------- time entries


def entries(call: Call, eid: str | None) -> Reply:
    state = call.state
    if eid is None and call.method == "POST":
        return _create(call)
    if eid is None:
        first, last, bad = _dated(call, "StartDate", "EndDate")
        if bad is not None:
            return bad
        found = sorted(state.entries.values(), key=lambda e: (e.date, e.id), reverse=True)
        found = [
            e
            for e in found
            if (first is None or e.date >= first)
            and (last is None or e.date <= last)
            and (not call.many("ID") or e.id in call.many("ID"))
            and (not call.many("JobID") or e.job_id in call.many("JobID"))
            and (not call.many("TaskID") or e.task_id in call.many("TaskID"))
            and (not call.many("EntryDate") or e.date.isoformat() in call.many("EntryDate"))
        ]
        reply = paged(call, found, MAX_ENTRY_LIMIT)
        if reply.status == 200:
            offset = reply.body["page"]["offset"]
            reply.body["data"] = [
                render.entry(state, e, call.verbose, offset + n)
                for n, e in enumerate(reply.body["data"])
            ]
        return reply
    entry = state.entries.get(eid)
    if entry is None:
        return not_found("Time Entry", eid)
    if call.method == "GET":
        return ok(render.entry(state, entry, call.verbose, 1))
    if (refusal := _forbidden(call)) is not None:
        return refusal
    why = state.editable(entry.date)
    if why:
        return fail(400, why, "Date")
    if call.method == "DELETE":
        del state.entries[eid]
        for timer in [t for t in state.timers.values() if t.entry_id == eid]:
            del state.timers[timer.id]
        return ok(None)
    if "Date" in call.body:
        return fail(400, "The date of a time entry cannot be changed.", "Date")
    values = entry_values(entry) | {k: call.body[k] for k in _PATCHABLE if k in call.body}
    problems = check_entry(state, values)
    if problems:
        return refused(problems)
    entry.hours, entry.job_id, entry.task_id = values["Hours"], values["JobID"], values["TaskID"]
    entry.comment = values["Comment"] or ""
    entry.start_time, entry.end_time = values["StartTime"], values["EndTime"]
    entry.break_time = values["BreakTime"] or 0.0
    entry.billing_rate = values["BillingRate"]
    return ok(render.entry(state, entry, call.verbose, 1))


def _create(call: Call) -> Reply:
    state = call.state
    if (refusal := _forbidden(call)) is not None:
        return refusal
    values = {"Date": None, "Hours": None, "JobID": None, "TaskID": None, "Comment": ""} | call.body
    problems = check_entry(state, values)
    if problems:
        return refused(problems)
    job = state.jobs[values["JobID"]]
    eid = state.add_entry(
        date.fromisoformat(values["Date"]),
        values["Hours"],
        job["ID"],
        values["TaskID"],
        comment=values.get("Comment") or "",
        start_time=values.get("StartTime"),
        end_time=values.get("EndTime"),
        break_time=values.get("BreakTime") or 0.0,
        billing_rate=values.get("BillingRate", 150.0),
    )
    return ok(render.entry(state, state.entries[eid], call.verbose))


def new_entry(call: Call) -> Reply:
    return ok(
        {
            "ID": None,
            "Date": call.state.today.isoformat(),
            "Hours": 0,
            "BreakTime": 0,
            "StartTime": None,
            "EndTime": None,
            "Comment": None,
            "JobID": None,
            "TaskID": call.state.me.get("DefaultTaskID"),
            "UserID": USER_ID,
            "BillingRate": None,
            "CustomFields": {},
        }
    )


# ---------------------------------------------------------------- stopwatch


def entry_timer(call: Call, eid: str) -> Reply:
    """A timer belongs to an existing entry. An interval without ``End`` runs; only one
    stopwatch runs at a time. Stopping does not change the entry's ``Hours`` (unverified:
    a client writes the hours itself, which is right either way)."""
    state = call.state
    entry = state.entries.get(eid)
    if entry is None:
        return not_found("Time Entry", eid)
    timer = next((t for t in state.timers.values() if t.entry_id == eid), None)
    if call.method == "GET":
        return ok(render.timer(state, timer, call.verbose)) if timer else not_found("Timer", eid)
    if call.method == "DELETE":
        if timer is None:
            return not_found("Timer", eid)
        del state.timers[timer.id]
        return ok(None)
    intervals = call.body.get("Intervals")
    if not isinstance(intervals, list) or not intervals:
        return fail(400, "Intervals are required.", "Intervals")
    opens = sum(1 for i in intervals if not i.get("End"))
    running = state.running_timer()
    if opens > 1 or (opens and running is not None and running.entry_id != eid):
        return fail(400, "Only one stopwatch can run at a time.", "Intervals")
    if call.method == "POST":
        if timer is not None:
            return fail(409, "This time entry already has a timer.")
        timer = TimerRecord(state.new_id("timer"), eid, [])
        state.timers[timer.id] = timer
    elif timer is None:
        return not_found("Timer", eid)
    timer.intervals = [
        {
            "ID": state.new_id("int"),
            "Start": i.get("Start"),
            "End": i.get("End"),
            "TimeZoneOffset": i.get("TimeZoneOffset") or "+00:00",
        }
        for i in intervals
    ]
    return ok(render.timer(state, timer, call.verbose))


def timers(call: Call, tid: str | None) -> Reply:
    state = call.state
    if tid is not None:
        found = state.timers.get(tid)
        return ok(render.timer(state, found, call.verbose)) if found else not_found("Timer", tid)
    first, last, bad = _dated(call, "FromDate", "ToDate")
    if bad is not None:
        return bad
    wanted = call.flag("IsRunning")
    items = []
    for timer in sorted(
        state.timers.values(), key=lambda t: (state.entries[t.entry_id].date, t.id)
    ):
        day = state.entries[timer.entry_id].date
        is_running = any(i.get("End") is None for i in timer.intervals)
        if (
            (wanted is None or is_running == wanted)
            and (first is None or day >= first)
            and (last is None or day <= last)
            and (not call.many("TimeEntryID") or timer.entry_id in call.many("TimeEntryID"))
        ):
            items.append(render.timer(state, timer, call.verbose))
    return paged(call, items)


# ---------------------------------------------------------------- timesheets


def timesheets(call: Call, key: str | None, part: str | None = None) -> Reply:
    state = call.state
    if key is None:
        first, last, bad = _dated(call, "FromDate", "ToDate")
        if bad is not None:
            return bad
        first = first or (last or state.today) - timedelta(days=31)
        last = last or state.today
        found = [
            s
            for s in state.sheets_between(first, last)
            if not call.many("Status") or s.status in call.many("Status")
        ]
        found.sort(key=lambda s: s.start, reverse=True)
        return paged(call, [render.sheet(state, s, call.verbose) for s in found])
    day = _day(key)
    if day is None:
        return fail(400, f"{key!r} is not a date in the format yyyy-mm-dd.", "date")
    sheet = state.sheet(day)
    if part is None:
        return ok(render.sheet(state, sheet, call.verbose))
    if part == "History":
        return ok(list(sheet.history))
    if call.method == "GET":
        return ok(render.sheet_actions(state, sheet))
    action = call.body.get("Action")
    allowed = [a["Action"] for a in render.sheet_actions(state, sheet)]
    if action not in allowed:
        shown = ", ".join(allowed) or "none"
        return fail(
            400,
            f"The action {action!r} is not allowed on this timesheet (allowed: {shown}).",
            "Action",
        )
    if action == "Submit":
        if (
            state.company.get("AttestationStatement")
            and call.body.get("HasAttestation") is not True
        ):
            return fail(400, "The attestation must be accepted to submit.", "HasAttestation")
        short = incomplete_days(state, sheet.start, sheet.end)
        if short and not state.me.get("AllowIncompleteTimesheetSubmission"):
            minimum = state.me.get("MinimumTimeHours")
            return fail(
                400,
                f"This timesheet is incomplete: at least {minimum} h are required.",
                None,
                *short,
            )
        sheet.status, sheet.submitted, sheet.rejected = "Waiting", state.today, None
    else:
        sheet.status, sheet.submitted = "Open", None
    state.history(sheet, action, USER_ID, state.me["Name"], call.body.get("Comment"))
    return ok(render.sheet(state, sheet, call.verbose))


_ID = r"([^/]+)"
ROUTES: list[tuple[str, str, Any]] = [
    ("GET", r"/TimeEntries/new", new_entry),
    ("GET|POST|PUT|DELETE", r"/Me/TimeEntries/" + _ID + "/Timer", entry_timer),
    ("GET|POST", r"/Me/TimeEntries", lambda call: entries(call, None)),
    ("GET|PATCH|DELETE", r"/Me/TimeEntries/" + _ID, entries),
    ("GET", r"/Me/Timers(?:/" + _ID + ")?", timers),
    ("GET", r"/Me/Timesheets", lambda call: timesheets(call, None)),
    ("GET", r"/Me/Timesheets/" + _ID, timesheets),
    ("GET", r"/Me/Timesheets/" + _ID + "/(History)", timesheets),
    ("GET|POST", r"/Me/Timesheets/" + _ID + "/(Actions)", timesheets),
    *api_time_off.ROUTES,
]
