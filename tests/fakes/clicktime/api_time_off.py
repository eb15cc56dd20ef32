"""The fake ClickTime's time off: types, direct time-off entries (``FromDate``/``ToDate``,
``Notes``; a type that requires approval cannot be entered directly) and, with the optional
Time Off Management module, time-off requests that can be cancelled."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.fakes.clicktime import render
from tests.fakes.clicktime.api import Call, Reply, fail, not_found, ok, paged, refused
from tests.fakes.clicktime.state import TimeOffRequestRecord, api_error


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None
    except ValueError:
        return None


def _dated(call: Call) -> tuple[date | None, date | None, Reply | None]:
    start, end = call.one("FromDate"), call.one("ToDate")
    first, last = _day(start), _day(end)
    if (start and first is None) or (end and last is None):
        return None, None, fail(400, "FromDate and ToDate must be dates in the format yyyy-mm-dd.")
    return first, last, None


def time_off_types(call: Call, tid: str | None) -> Reply:
    state = call.state
    if tid is not None:
        found = state.time_off_types.get(tid)
        return ok(render.time_off_type(state, found)) if found else not_found("Time Off Type", tid)
    ordered = sorted(state.time_off_types.values(), key=lambda t: t["Name"].casefold())
    wanted = call.flag("IsActive")
    return paged(
        call,
        [
            render.time_off_type(state, t)
            for t in ordered
            if wanted is None or t["IsActive"] == wanted
        ],
    )


def _time_off_problems(call: Call, values: dict[str, Any]) -> list[dict[str, Any]]:
    state = call.state
    kind = state.time_off_types.get(values.get("TimeOffTypeID") or "")
    problems = []
    if kind is None:
        problems.append(api_error("A valid TimeOffTypeID is required.", "TimeOffTypeID"))
    elif kind["RequiresApproval"]:
        problems.append(api_error("Time Off Type must not require approval.", "TimeOffTypeID"))
    hours = values.get("Hours")
    if not isinstance(hours, int | float) or isinstance(hours, bool) or not 0 < hours <= 24:
        problems.append(api_error("Hours must be more than 0 and at most 24.", "Hours"))
    return problems


def time_off(call: Call, oid: str | None) -> Reply:
    state = call.state
    if oid is None and call.method == "GET":
        first, last, bad = _dated(call)
        if bad is not None:
            return bad
        found = sorted(state.time_off.values(), key=lambda r: (r.date, r.id), reverse=True)
        found = [
            r
            for r in found
            if (first is None or r.date >= first)
            and (last is None or r.date <= last)
            and (not call.many("Date") or r.date.isoformat() in call.many("Date"))
            and (not call.many("TimeOffTypeID") or r.type_id in call.many("TimeOffTypeID"))
        ]
        return paged(
            call, [render.time_off(state, r, call.verbose, n) for n, r in enumerate(found)]
        )
    if call.method != "GET" and state.company.get("DCAALogEnabled"):
        return fail(403, "Company requirements: DCAA must be disabled.")
    if oid is None:
        day = _day(call.body.get("Date"))
        problems = _time_off_problems(call, call.body)
        if day is None:
            problems.append(api_error("Date must be a date in the format yyyy-mm-dd.", "Date"))
        if problems or day is None:  # a missing day is one of the problems
            return refused(problems)
        new = state.add_time_off(
            day, call.body["Hours"], call.body["TimeOffTypeID"], call.body.get("Notes") or ""
        )
        return ok(render.time_off(state, state.time_off[new], call.verbose))
    record = state.time_off.get(oid)
    if record is None:
        return not_found("Time Off", oid)
    if call.method == "GET":
        return ok(render.time_off(state, record, call.verbose))
    if call.method == "DELETE":
        del state.time_off[oid]
        return ok(None)
    values = {
        "Hours": record.hours,
        "TimeOffTypeID": record.type_id,
        "Notes": record.notes,
    } | call.body
    if "Date" in call.body:
        return fail(400, "The date of a time off entry cannot be changed.", "Date")
    problems = _time_off_problems(call, values)
    if problems:
        return refused(problems)
    record.hours, record.type_id, record.notes = (
        values["Hours"],
        values["TimeOffTypeID"],
        values["Notes"] or "",
    )
    return ok(render.time_off(state, record, call.verbose))


# ---------------------------------------------------------------- requests


def _module(call: Call) -> Reply | None:
    if not call.state.time_off_management:
        return fail(
            403, "Company requirements: Company must have the Time Off Management optional module."
        )
    return None


def requests(call: Call, rid: str | None, part: str | None = None) -> Reply:
    if (refusal := _module(call)) is not None:
        return refusal
    state = call.state
    if rid is None and call.method == "GET":
        first, last, bad = _dated(call)
        if bad is not None:
            return bad
        found = [
            r
            for r in reversed(list(state.time_off_requests.values()))
            if (first is None or any(d >= first for d, _ in r.dates))
            and (last is None or any(d <= last for d, _ in r.dates))
            and (not call.many("Status") or r.status in call.many("Status"))
        ]
        return paged(call, [render.time_off_request(state, r) for r in found])
    if rid is None:
        body = call.body
        kind = state.time_off_types.get(body.get("TimeOffTypeID") or "")
        dates = [(_day(d.get("Date")), d.get("Hours")) for d in body.get("Dates") or []]
        problems = []
        if kind is None:
            problems.append(api_error("A valid TimeOffTypeID is required.", "TimeOffTypeID"))
        if not dates or any(
            d is None or not isinstance(h, int | float) or not 0 < h <= 24 for d, h in dates
        ):
            problems.append(
                api_error("Dates need a date and between 0 and 24 hours each.", "Dates")
            )
        if problems:
            return refused(problems)
        created = TimeOffRequestRecord(
            state.new_id("tor"),
            body["TimeOffTypeID"],
            [(d, float(h)) for d, h in dates if d],
            body.get("Notes") or "",
        )
        state.time_off_requests[created.id] = created
        return ok(render.time_off_request(state, created))
    record = state.time_off_requests.get(rid)
    if record is None:
        return not_found("Time Off Request", rid)
    allowed = ["Cancel"] if record.status == "Submitted" else []
    if part is None:
        return ok(render.time_off_request(state, record))
    if call.method == "GET":
        return ok([{"Action": a} for a in allowed])
    if call.body.get("Action") not in allowed:
        return fail(
            400, f"The action {call.body.get('Action')!r} is not allowed on this request.", "Action"
        )
    record.status = "Cancelled"
    return ok(render.time_off_request(state, record))


_ID = r"([^/]+)"
ROUTES: list[tuple[str, str, Any]] = [
    ("GET", r"/Me/TimeOffTypes(?:/" + _ID + ")?", time_off_types),
    ("GET|POST", r"/Me/TimeOff", lambda call: time_off(call, None)),
    ("GET|PATCH|DELETE", r"/Me/TimeOff/" + _ID, time_off),
    ("GET|POST", r"/Me/TimeOffRequests", lambda call: requests(call, None)),
    ("GET", r"/Me/TimeOffRequests/" + _ID, requests),
    ("GET|POST", r"/Me/TimeOffRequests/" + _ID + "/(Actions)", requests),
]
