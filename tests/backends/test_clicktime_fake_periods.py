"""The fake ClickTime's timesheets, time off, stopwatch timers and rate limits over real HTTP
on loopback."""

from __future__ import annotations

import json
import time as clock
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import httpx
import pytest

from tests.fakes.clicktime import State
from tests.fakes.clicktime.testing import Seeded, client, seeded, serving
from tests.vendor import CLICKTIME_FIXTURES
from tui.backends.clicktime import wire
from tui.backends.clicktime import wire_periods as periods
from tui.backends.clicktime.errors import map_error
from tui.backends.errors import RateLimitedError, ValidationError

MONDAY = date(2026, 11, 16)
FIXTURES = CLICKTIME_FIXTURES


@pytest.fixture
def world() -> tuple[State, Seeded]:
    return seeded()


@pytest.fixture
def http(world: tuple[State, Seeded]) -> Iterator[httpx.Client]:
    with serving(world[0]) as fake, client(fake) as connection:
        yield connection


def sheet(http: httpx.Client, day: date, verbose: bool = False) -> periods.Timesheet:
    params = {"verbose": "true"} if verbose else {}
    answer = http.get(f"/Me/Timesheets/{day.isoformat()}", params=params)
    parsed = wire.Envelope[periods.Timesheet].model_validate(answer.json()).data
    assert parsed is not None
    return parsed


def act(http: httpx.Client, day: date, action: str, **more: Any) -> httpx.Response:
    return http.post(f"/Me/Timesheets/{day.isoformat()}/Actions", json={"Action": action, **more})


def refused(response: httpx.Response) -> str:
    assert response.is_error, response.text
    err = map_error(response)
    assert isinstance(err, ValidationError), (type(err), str(err))
    return str(err)


# ---------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("company", "day", "first", "last"),
    [
        ({"TimesheetModel": "weekly"}, date(2026, 11, 18), date(2026, 11, 16), date(2026, 11, 22)),
        (
            {"TimesheetModel": "weekly", "WeekStartsOn": "Sunday"},
            date(2026, 11, 18),
            date(2026, 11, 15),
            date(2026, 11, 21),
        ),
        # Two weeks counted from the company's start date, Monday 1 Jan 2024.
        (
            {"TimesheetModel": "biweekly"},
            date(2026, 11, 18),
            date(2026, 11, 16),
            date(2026, 11, 29),
        ),
        ({"TimesheetModel": "biweekly"}, date(2026, 11, 15), date(2026, 11, 2), date(2026, 11, 15)),
        (
            {"TimesheetModel": "semimonthly"},
            date(2026, 11, 15),
            date(2026, 11, 1),
            date(2026, 11, 15),
        ),
        (
            {"TimesheetModel": "semimonthly"},
            date(2026, 2, 20),
            date(2026, 2, 16),
            date(2026, 2, 28),
        ),
        ({"TimesheetModel": "monthly"}, date(2026, 11, 18), date(2026, 11, 1), date(2026, 11, 30)),
        (
            {"TimesheetModel": "custom", "TimesheetModelCustomNumberOfDays": 10},
            date(2024, 1, 12),
            date(2024, 1, 11),
            date(2024, 1, 20),
        ),
    ],
)
def test_timesheet_periods_follow_the_company_model(
    company: dict[str, Any], day: date, first: date, last: date
) -> None:
    state = State(**company)
    with serving(state) as fake, client(fake) as http:
        found = sheet(http, day)
        assert (found.start_date, found.end_date, found.status) == (first, last, "Open")


def test_the_list_covers_the_range_newest_first_with_day_totals(http: httpx.Client) -> None:
    params: dict[str, str | int] = {
        "FromDate": "2026-11-09",
        "ToDate": "2026-11-22",
        "verbose": "true",
        "limit": 10,
    }
    body = http.get("/Me/Timesheets", params=params).json()
    sheets = wire.Envelope[list[periods.Timesheet]].model_validate(body).data
    assert sheets is not None
    assert [s.start_date for s in sheets] == [MONDAY, MONDAY - timedelta(days=7)]
    totals = {d.date: d.hours for d in sheets[0].day_totals}
    assert len(totals) == 7
    assert totals[MONDAY] == 6.5
    assert totals[MONDAY + timedelta(days=1)] == 1.0


def test_a_timesheet_is_addressed_by_date_not_by_id(http: httpx.Client) -> None:
    found = sheet(http, MONDAY)
    answer = http.get(f"/Me/Timesheets/{found.id}")
    assert answer.status_code == 400
    assert "is not a date" in str(map_error(answer))


# ---------------------------------------------------------------- actions


def test_submit_makes_the_period_read_only_until_undone(
    http: httpx.Client, world: tuple[State, Seeded]
) -> None:
    state, ids = world
    entry = next(iter(state.entries))
    assert [a["Action"] for a in http.get(f"/Me/Timesheets/{MONDAY}/Actions").json()["data"]] == [
        "Submit"
    ]
    submitted = act(http, MONDAY, "Submit", Comment="Week done", HasAttestation=False)
    assert submitted.status_code == 200
    assert submitted.json()["data"]["Status"] == "Waiting"
    assert sheet(http, MONDAY + timedelta(days=3)).has_been_submitted
    locked = http.patch(f"/Me/TimeEntries/{entry}", json={"Hours": 7.0})
    assert "is Waiting and cannot be changed" in refused(locked)
    new = {"Date": "2026-11-17", "Hours": 1.0, "JobID": ids.website, "TaskID": ids.meetings}
    assert "Waiting" in refused(http.post("/Me/TimeEntries", json=new))
    assert "'Submit' is not allowed" in refused(act(http, MONDAY, "Submit"))
    assert sheet(http, MONDAY).allows("UndoSubmit")
    assert act(http, MONDAY, "UndoSubmit").json()["data"]["Status"] == "Open"
    assert http.patch(f"/Me/TimeEntries/{entry}", json={"Hours": 7.0}).status_code == 200
    history = http.get(f"/Me/Timesheets/{MONDAY}/History").json()["data"]
    assert [(h["Action"], h["Comment"]) for h in history] == [
        ("UndoSubmit", None),
        ("Submit", "Week done"),
    ]


def test_an_approved_timesheet_is_read_only_and_offers_nothing(
    http: httpx.Client, world: tuple[State, Seeded]
) -> None:
    state = world[0]
    assert act(http, MONDAY, "Submit").status_code == 200
    state.approve(MONDAY)
    found = sheet(http, MONDAY, verbose=True)
    assert found.status == "Approved"
    assert found.actions == []
    assert found.approved_by == "Smith, Sam"
    assert "not allowed" in refused(act(http, MONDAY, "UndoSubmit"))
    assert "Approved" in refused(http.delete(f"/Me/TimeEntries/{next(iter(state.entries))}"))


def test_a_rejected_timesheet_carries_the_approvers_comment_and_can_be_resubmitted(
    http: httpx.Client, world: tuple[State, Seeded]
) -> None:
    state = world[0]
    act(http, MONDAY, "Submit")
    state.reject(MONDAY, "Wednesday is missing")
    found = sheet(http, MONDAY, verbose=True)
    assert (found.status, found.comment, found.rejected_by) == (
        "Rejected",
        "Wednesday is missing",
        "Smith, Sam",
    )
    history = (
        wire.Envelope[list[periods.TimesheetHistory]]
        .model_validate(http.get(f"/Me/Timesheets/{MONDAY}/History").json())
        .data
    )
    assert history is not None
    assert history[0].action == "Reject"
    assert history[0].comment == "Wednesday is missing"
    entry = next(iter(state.entries))
    assert http.patch(f"/Me/TimeEntries/{entry}", json={"Hours": 7.0}).status_code == 200
    assert act(http, MONDAY, "Submit").json()["data"]["Status"] == "Waiting"


def test_an_incomplete_timesheet_cannot_be_submitted_where_the_company_says_so(
    world: tuple[State, Seeded],
) -> None:
    state = world[0]
    state.me |= {"MinimumTimeHours": 8, "AllowIncompleteTimesheetSubmission": False}
    with serving(state) as fake, client(fake) as http:
        said = refused(act(http, MONDAY, "Submit"))
        assert "incomplete: at least 8 h" in said
        assert "2026-11-16: 6.5 h" in said
        assert "2026-11-21" not in said  # weekends skipped
    state.me["MinimumTimePeriod"] = "Week"
    with serving(state) as fake, client(fake) as http:
        assert "2026-11-16–2026-11-22: 7.5 h" in refused(act(http, MONDAY, "Submit"))


def test_an_attestation_must_be_accepted_where_the_company_has_one(
    world: tuple[State, Seeded],
) -> None:
    state = world[0]
    state.company["AttestationStatement"] = "I certify this timesheet."
    with serving(state) as fake, client(fake) as http:
        assert "attestation" in refused(act(http, MONDAY, "Submit"))
        assert act(http, MONDAY, "Submit", HasAttestation=True).status_code == 200


# ---------------------------------------------------------------- time off


def test_time_off_is_listed_by_from_and_to_date_and_written_without_approval_types(
    http: httpx.Client, world: tuple[State, Seeded]
) -> None:
    ids = world[1]
    kinds = http.get("/Me/TimeOffTypes", params={"limit": 10}).json()["data"]
    assert [(k["Name"], k["RequiresApproval"]) for k in kinds] == [
        ("Sick", False),
        ("Vacation", True),
    ]
    needs_approval = {"Date": "2026-11-18", "Hours": 8, "TimeOffTypeID": ids.vacation}
    assert "must not require approval" in refused(http.post("/Me/TimeOff", json=needs_approval))
    created = http.post(
        "/Me/TimeOff", json={**needs_approval, "TimeOffTypeID": ids.sick, "Notes": "Flu"}
    )
    assert created.status_code == 200
    oid = created.json()["data"]["ID"]
    assert http.patch(f"/Me/TimeOff/{oid}", json={"Hours": 4}).json()["data"]["Notes"] == "Flu"
    week: dict[str, str | int] = {
        "FromDate": "2026-11-16",
        "ToDate": "2026-11-22",
        "limit": 10,
        "verbose": "true",
    }
    listed = (
        wire.Envelope[list[periods.TimeOff]]
        .model_validate(http.get("/Me/TimeOff", params=week).json())
        .data
    )
    assert listed is not None
    assert [(t.date, t.hours, t.notes) for t in listed] == [(date(2026, 11, 18), 4.0, "Flu")]
    assert listed[0].time_off_type is not None
    assert listed[0].time_off_type.name == "Sick"
    outside: dict[str, str | int] = {"FromDate": "2026-11-23", "ToDate": "2026-11-29", "limit": 10}
    assert http.get("/Me/TimeOff", params=outside).json()["data"] == []
    assert http.delete(f"/Me/TimeOff/{oid}").status_code == 200
    assert http.get(f"/Me/TimeOff/{oid}").status_code == 404


def test_time_off_requests_are_made_and_cancelled_where_the_module_is_on(
    world: tuple[State, Seeded],
) -> None:
    state, ids = world
    body = json.loads((FIXTURES / "synth.me-timeoffrequests.create.request.json").read_text())
    body["TimeOffTypeID"] = ids.vacation
    with serving(state) as fake, client(fake) as http:
        made = (
            wire.Envelope[periods.TimeOffRequest]
            .model_validate(http.post("/Me/TimeOffRequests", json=body).json())
            .data
        )
        assert made is not None
        assert made.status == "Submitted"
        assert [(d.date, d.hours) for d in made.dates] == [
            (date(2026, 12, 21), 8.0),
            (date(2026, 12, 22), 8.0),
        ]
        listed = http.get("/Me/TimeOffRequests", params={"FromDate": "2026-12-01", "limit": 5})
        assert [r["ID"] for r in listed.json()["data"]] == [made.id]
        cancel = {"Action": "Cancel", "Comment": "Plans changed"}
        done = http.post(f"/Me/TimeOffRequests/{made.id}/Actions", json=cancel)
        assert done.json()["data"]["Status"] == "Cancelled"
        again = http.post(f"/Me/TimeOffRequests/{made.id}/Actions", json=cancel)
        assert "not allowed" in refused(again)
    state.time_off_management = False
    with serving(state) as fake, client(fake) as http:
        off = http.get("/Me/TimeOffRequests", params={"limit": 5})
        assert off.status_code == 403
        assert "Time Off Management" in str(map_error(off))


# ---------------------------------------------------------------- timers


def test_a_stopwatch_runs_on_an_entry_one_at_a_time_and_stopping_leaves_the_hours(
    world: tuple[State, Seeded],
) -> None:
    state = world[0]
    first, second = list(state.entries)
    zone = timezone(timedelta(hours=-8))
    state.now = datetime(2026, 11, 16, 9, 42, 35, tzinfo=zone)
    interval = {"Start": "09:12:05", "TimeZoneOffset": "-08:00"}
    with serving(state) as fake, client(fake) as http:
        before = http.get(f"/Me/TimeEntries/{first}").json()
        started = http.post(f"/Me/TimeEntries/{first}/Timer", json={"Intervals": [interval]})
        assert started.status_code == 200
        running = http.get(
            "/Me/Timers", params={"IsRunning": "true", "limit": 10, "verbose": "true"}
        )
        timers = wire.Envelope[list[periods.Timer]].model_validate(running.json()).data
        assert timers is not None
        assert len(timers) == 1
        assert timers[0].running
        assert timers[0].started == time(9, 12, 5)
        assert timers[0].elapsed_seconds == 1830
        assert timers[0].time_entry_id == first
        other = http.post(f"/Me/TimeEntries/{second}/Timer", json={"Intervals": [interval]})
        assert "Only one stopwatch" in refused(other)
        stop = {"Intervals": [{**interval, "End": "10:42:30"}]}
        stopped = http.put(f"/Me/TimeEntries/{first}/Timer", json=stop).json()["data"]
        assert stopped["ElapsedSeconds"] == 5425
        assert (
            http.get("/Me/Timers", params={"IsRunning": "true", "limit": 10}).json()["data"] == []
        )
        after = http.get(f"/Me/TimeEntries/{first}").json()
        assert wire.Envelope[wire.TimeEntry].model_validate(after).data == (
            wire.Envelope[wire.TimeEntry].model_validate(before).data
        )
        assert http.delete(f"/Me/TimeEntries/{first}/Timer").status_code == 200
        assert http.get(f"/Me/TimeEntries/{first}/Timer").status_code == 404


# ---------------------------------------------------------------- rate limits and faults


def test_a_429_burst_carries_retry_after_and_the_envelope(world: tuple[State, Seeded]) -> None:
    with serving(world[0]) as fake, client(fake) as http:
        fake.burst("GET", r"/Me/TimeEntries", times=2, retry_after="3")
        answers = [http.get("/Me/TimeEntries", params={"limit": 10}) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].headers["retry-after"] == "3"
    assert answers[0].json()["errors"][0]["Message"] == "Too many requests."
    assert isinstance(map_error(answers[0]), RateLimitedError)


def test_the_pace_limit_answers_429_past_its_window(world: tuple[State, Seeded]) -> None:
    with serving(world[0], rate_limit=(3, 0.5), retry_after="1") as fake, client(fake) as http:
        answers = [http.get("/Me").status_code for _ in range(4)]
        assert answers == [200, 200, 200, 429]
        assert fake.throttled == 1
        clock.sleep(0.55)
        assert http.get("/Me").status_code == 200


def test_a_proxy_page_instead_of_an_envelope_is_a_clear_error(world: tuple[State, Seeded]) -> None:
    page = {
        "status": 502,
        "body": b"<html>Bad gateway</html>",
        "headers": {"content-type": "text/html"},
    }
    with serving(world[0]) as fake, client(fake) as http:
        fake.fail("GET", r"/Me", **page)
        answer = http.get("/Me")
    assert "a web page instead of data" in str(map_error(answer))
