"""The fake ClickTime's data as the JSON the real service answers with (the ``Get/…``
models): every key present, nulls included; verbose objects only with ``verbose=true``."""

from __future__ import annotations

from typing import Any

from tests.fakes.clicktime.state import (
    USER_ID,
    Entry,
    Sheet,
    State,
    TimeOffRecord,
    TimeOffRequestRecord,
    TimerRecord,
)


def hours(state: State, value: float, position: int) -> float | str:
    """``Hours`` as a number, or as a string on accounts that send one (API notes §4)."""
    text = state.hours_as_text == "always" or (state.hours_as_text == "some" and position % 2)
    return f"{value:.2f}" if text else value


def user_ref(state: State) -> dict[str, Any]:
    me = state.me
    return {"ID": me["ID"], "Name": me["Name"], "Email": me["Email"], "IsActive": True}


def me(state: State) -> dict[str, Any]:
    return {
        **state.me,
        "AuthToken": {"Token": state.token, "TokenCreationTime": "2026-01-05T10:11:12"},
    }


def company(state: State) -> dict[str, Any]:
    return dict(state.company)


def client(state: State, raw: dict[str, Any]) -> dict[str, Any]:
    return dict(raw)


def _client_ref(state: State, client_id: str | None) -> dict[str, Any] | None:
    raw = state.clients.get(client_id or "")
    if raw is None:
        return None
    keys = ("ID", "Name", "ListDisplayText", "IsActive")
    return {key: raw[key] for key in keys}


def job(state: State, raw: dict[str, Any], verbose: bool) -> dict[str, Any]:
    body = dict(raw)
    if verbose:
        body["Client"] = _client_ref(state, raw["ClientID"])
        body["MyJobs"] = True
    return body


def task(state: State, raw: dict[str, Any], verbose: bool) -> dict[str, Any]:
    body = dict(raw)
    if verbose:
        body["MyTasks"] = True
    return body


def entry(state: State, raw: Entry, verbose: bool, position: int = 0) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ID": raw.id,
        "Date": raw.date.isoformat(),
        "Hours": hours(state, raw.hours, position),
        "BreakTime": raw.break_time,
        "StartTime": raw.start_time,
        "EndTime": raw.end_time,
        "Comment": raw.comment or None,
        "JobID": raw.job_id,
        "TaskID": raw.task_id,
        "UserID": USER_ID,
        "BillingRate": raw.billing_rate,
        "CustomFields": {},
    }
    if verbose:
        found = state.jobs.get(raw.job_id)
        task_raw = state.tasks.get(raw.task_id or "")
        body["Job"] = (
            {k: found[k] for k in ("ID", "ClientID", "Name", "ListDisplayText", "IsActive")}
            if found
            else None
        )
        body["Task"] = (
            {k: task_raw[k] for k in ("ID", "Name", "ListDisplayText", "IsActive")}
            if task_raw
            else None
        )
        body["Client"] = _client_ref(state, found["ClientID"] if found else None)
        body["User"] = user_ref(state)
    return body


def sheet_actions(state: State, sheet: Sheet) -> list[dict[str, str]]:
    """What the user may do to their own timesheet now."""
    if sheet.status in {"Open", "Rejected"}:
        return [{"Action": "Submit"}]
    if sheet.status == "Waiting":
        return [{"Action": "UndoSubmit"}]
    return []


def sheet(state: State, raw: Sheet, verbose: bool) -> dict[str, Any]:
    submitted = raw.submitted is not None
    body: dict[str, Any] = {
        "ID": raw.id,
        "UserID": USER_ID,
        "StartDate": raw.start.isoformat(),
        "EndDate": raw.end.isoformat(),
        "Status": raw.status,
        "HasBeenSubmitted": submitted,
        "SubmittedByUserID": USER_ID if submitted else None,
        "ApprovedBy": "Smith, Sam" if raw.approved else None,
        "ApprovedByUserID": "user-0009" if raw.approved else None,
        "RejectedByUserID": "user-0009" if raw.rejected else None,
        "Actions": sheet_actions(state, raw),
    }
    if verbose:
        days = [
            raw.start.fromordinal(o) for o in range(raw.start.toordinal(), raw.end.toordinal() + 1)
        ]
        totals = {d: 0.0 for d in days}
        for item in state.entries.values():
            if item.date in totals:
                totals[item.date] += item.hours
        body |= {
            "SubmittedBy": state.me["Name"] if submitted else None,
            "SubmittedDate": raw.submitted.isoformat() if raw.submitted else None,
            "ApprovedDate": raw.approved.isoformat() if raw.approved else None,
            "RejectedBy": "Smith, Sam" if raw.rejected else None,
            "RejectedDate": raw.rejected.isoformat() if raw.rejected else None,
            "Comment": raw.comment,
            "DayTotals": [{"Date": d.isoformat(), "Hours": round(h, 2)} for d, h in totals.items()],
            "User": user_ref(state),
        }
    return body


def time_off_type(state: State, raw: dict[str, Any]) -> dict[str, Any]:
    return dict(raw)


def time_off(state: State, raw: TimeOffRecord, verbose: bool, position: int = 0) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ID": raw.id,
        "Date": raw.date.isoformat(),
        "Hours": hours(state, raw.hours, position),
        "Notes": raw.notes or None,
        "TimeOffTypeID": raw.type_id,
        "TimeOffRequestID": None,
        "UserID": USER_ID,
    }
    if verbose:
        kind = state.time_off_types.get(raw.type_id)
        body["TimeOffType"] = (
            {"ID": kind["ID"], "Name": kind["Name"], "IsActive": kind["IsActive"]} if kind else None
        )
        body["User"] = user_ref(state)
    return body


def timer(state: State, raw: TimerRecord, verbose: bool) -> dict[str, Any]:
    found = state.entries.get(raw.entry_id)
    body: dict[str, Any] = {
        "ID": raw.id,
        "TimeEntryID": raw.entry_id,
        "TimeEntryDate": found.date.isoformat() if found else None,
        "UserID": USER_ID,
        "InitialTimeInSeconds": raw.initial_seconds,
        "ElapsedSeconds": state.elapsed(raw),
        "Intervals": [dict(i) for i in raw.intervals],
    }
    if verbose:
        job_raw = state.jobs.get(found.job_id) if found else None
        body["TimeEntry"] = (
            {
                "ID": found.id,
                "Date": found.date.isoformat(),
                "Hours": found.hours,
                "JobID": found.job_id,
                "TaskID": found.task_id,
                "ClientID": job_raw["ClientID"] if job_raw else None,
                "UserID": USER_ID,
            }
            if found
            else None
        )
        body["User"] = user_ref(state)
    return body


def time_off_request(state: State, raw: TimeOffRequestRecord) -> dict[str, Any]:
    return {
        "ID": raw.id,
        "Status": raw.status,
        "TimeOffTypeID": raw.type_id,
        "Notes": raw.notes or None,
        "Dates": [{"Date": d.isoformat(), "Hours": h} for d, h in raw.dates],
        "RequestedByUserID": USER_ID,
        "ApprovalByUserID": None,
        "CreatedDate": state.today.isoformat(),
        "Actions": [{"Action": "Cancel"}] if raw.status == "Submitted" else [],
    }
