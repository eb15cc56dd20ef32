"""ClickTime's JSON into wire models and domain models, domain models into request bodies,
and error answers into typed errors: pure functions, no network. The fixtures are the
synthesized, spec-shaped payloads carried in tests/vendor/clicktime/fixtures."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.clicktime.models import check_object, violations
from tests.vendor import CLICKTIME_FIXTURES
from tui.backends.clicktime import mapping, wire
from tui.backends.clicktime import wire_periods as periods

FIXTURES = CLICKTIME_FIXTURES
BERLIN = ZoneInfo("Europe/Berlin")
WS = "company-0001"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"synth.{name}.json").read_text(encoding="utf-8"))


RESPONSES: dict[str, Any] = {
    "me.response": wire.Envelope[wire.Me],
    "company.response": wire.Envelope[wire.Company],
    "me-clients.list.response": wire.Envelope[list[wire.Client]],
    "me-jobs.list.response": wire.Envelope[list[wire.Job]],
    "me-tasks.list.response": wire.Envelope[list[wire.Task]],
    "me-jobs-taskcontrols.list.response": wire.Envelope[list[wire.TaskControl]],
    "me-timeentries.list.verbose.response": wire.Envelope[list[wire.TimeEntry]],
    "me-timeentries.single.response": wire.Envelope[wire.TimeEntry],
    "me-timesheets.list.verbose.response": wire.Envelope[list[periods.Timesheet]],
    "me-timesheets-date-actions.list.response": wire.Envelope[list[periods.TimesheetAction]],
    "me-timers.list.running.response": wire.Envelope[list[periods.Timer]],
    "me-timeofftypes.list.response": wire.Envelope[list[periods.TimeOffType]],
    "error-400-validation.response": wire.ErrorEnvelope,
}
REQUESTS = {
    "me-timeentries.create.request": ("POST", "/Me/TimeEntries"),
    "me-timeentries.patch.request": ("PATCH", "/Me/TimeEntries/te-0003"),
    "me-timeentries-id-timer.post.request": ("POST", "/Me/TimeEntries/te-0004/Timer"),
    "me-timeentries-id-timer.put.request": ("PUT", "/Me/TimeEntries/te-0004/Timer"),
    "me-timesheets-date-actions.submit.request": ("POST", "/Me/Timesheets/2026-11-16/Actions"),
    "me-timeoffrequests.create.request": ("POST", "/Me/TimeOffRequests"),
}


def test_every_fixture_is_covered_here() -> None:
    names = {p.name.removeprefix("synth.").removesuffix(".json") for p in FIXTURES.glob("*.json")}
    assert names == set(RESPONSES) | set(REQUESTS)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_fixture_parses(name: str) -> None:
    parsed = RESPONSES[name].model_validate(fixture(name))
    if name.startswith("error"):
        assert parsed.errors
        assert parsed.data is None
    else:
        assert parsed.errors == []
        assert parsed.data is not None


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_every_request_fixture_fits_the_derived_models(name: str) -> None:
    method, path = REQUESTS[name]
    raw = (FIXTURES / f"synth.{name}.json").read_bytes()
    assert violations(method, path, json.loads(raw), raw, "application/json") == []


def test_the_models_check_catches_what_clicktime_would_not_take() -> None:
    body = {"Date": "18/11/2026", "Hours": "2", "JobID": "j", "IsBillable": True}
    found = check_object("Post/TimeEntryModel_Me", body, "")
    assert any("Date must be yyyy-mm-dd" in p for p in found)
    assert any("Hours must be a JSON number" in p for p in found)
    assert any("IsBillable is not a field" in p for p in found)
    patch = violations(
        "PATCH", "/Me/TimeEntries/x", {"Date": "2026-11-18"}, b"{}", "application/json"
    )
    assert patch == ["PATCH /Me/TimeEntries/x: Date is not a field of Patch/TimeEntryModel_Me"]
    timer = {"Intervals": [{"Start": "9:12", "TimeZoneOffset": "-8"}]}
    found = check_object("Post/TimerModel_Me", timer, "")
    assert len(found) == 2
    assert all("Intervals[0]." in p for p in found)


# ---------------------------------------------------------------- entities to domain


def test_me_and_company_map_to_user_workspace_and_rules() -> None:
    me = wire.Envelope[wire.Me].model_validate(fixture("me.response")).data
    company = wire.Envelope[wire.Company].model_validate(fixture("company.response")).data
    assert me is not None
    assert company is not None
    assert me.auth_token is not None
    assert me.auth_token.token is not None
    assert me.auth_token.token.get_secret_value() == "0123456789abcdef0123456789abcdef"
    assert "0123456789abcdef" not in repr(me)
    assert "0123456789abcdef" not in str(me)
    user = mapping.user(me, company)
    assert (user.id, user.name, user.email, user.week_start) == (
        "user-0001",
        "Doe, Jane",
        "jane.doe@example.com",
        0,
    )
    assert mapping.workspace(company).id == WS
    assert company.job_term_plural == "Projects"
    assert company.min_time_increment == 0.25
    assert company.precision_for_hours_values == 2
    assert company.lock_date is None
    assert company.task_restriction_method == "byjob"
    rules = mapping.rules(me, company)
    assert rules.project_required
    assert rules.task_required
    assert rules.description_required
    caps = mapping.capabilities()
    assert not caps.billable
    assert not caps.tags
    assert caps.submit_timesheet


def test_jobs_clients_and_allowed_tasks_map_to_the_domain() -> None:
    jobs = wire.Envelope[list[wire.Job]].model_validate(fixture("me-jobs.list.response")).data
    tasks = wire.Envelope[list[wire.Task]].model_validate(fixture("me-tasks.list.response")).data
    controls = (
        wire.Envelope[list[wire.TaskControl]]
        .model_validate(fixture("me-jobs-taskcontrols.list.response"))
        .data
    )
    clients = (
        wire.Envelope[list[wire.Client]].model_validate(fixture("me-clients.list.response")).data
    )
    assert jobs
    assert tasks
    assert controls
    assert clients
    projects = [mapping.project(j, WS) for j in jobs]
    assert [(p.id, p.client_id, p.name, p.archived) for p in projects] == [
        ("job-0001", "client-0001", "WR-100 - Website Redesign", False),
        ("job-0002", "client-0001", "ADM - Internal / Admin", False),
    ]
    assert jobs[0].start_date == date(2026, 1, 1)
    assert jobs[1].start_date is None
    assert [(c.id, c.name) for c in (mapping.client(c, WS) for c in clients)] == [
        ("client-0001", "Acme Corp")
    ]
    allowed = mapping.job_tasks(jobs, tasks, controls)
    assert [(t.project_id, t.id, t.name) for t in allowed] == [
        ("job-0001", "job-0001/task-0001", "DEV - Development"),
        ("job-0001", "job-0001/task-0002", "MTG - Meetings"),
        ("job-0002", "job-0002/task-0002", "MTG - Meetings"),
    ]
    assert len(mapping.job_tasks(jobs, tasks, None)) == 4  # unrestricted: every pair
    assert mapping.split_task_key("job-0002/task-0002") == ("job-0002", "task-0002")
    assert mapping.split_task_key("task-0002") == (None, "task-0002")


def test_entries_keep_date_and_hours_and_clock_times_only_where_given() -> None:
    listed = wire.Envelope[list[wire.TimeEntry]].model_validate(
        fixture("me-timeentries.list.verbose.response")
    )
    assert listed.data is not None
    assert listed.page is not None
    untimed, timed = listed.data
    assert not mapping.has_clock_times(untimed)
    assert mapping.has_clock_times(timed)
    first = mapping.entry(untimed, WS, BERLIN)
    assert first is not None
    assert first.start == datetime(2026, 11, 17, 0, 0, tzinfo=BERLIN)
    assert first.seconds() == 3600
    assert first.description == "Standup + planning"
    assert (first.project_id, first.task_id) == ("job-0001", "job-0001/task-0002")
    second = mapping.entry(timed, WS, BERLIN)
    assert second is not None
    assert second.start == datetime(2026, 11, 16, 9, 0, tzinfo=BERLIN)
    # Hours count (6.5), not EndTime - StartTime (7, which includes the half-hour break).
    assert second.seconds() == 6.5 * 3600
    assert timed.break_time == 0.5
    assert timed.job is not None
    assert timed.job.client_id == "client-0001"
    assert listed.page.count == 2
    assert not listed.page.has_more(2)


def test_timesheets_timers_and_time_off_types_read_as_clicktime_writes_them() -> None:
    sheets = (
        wire.Envelope[list[periods.Timesheet]]
        .model_validate(fixture("me-timesheets.list.verbose.response"))
        .data
    )
    assert sheets is not None
    open_sheet, approved = sheets
    assert (open_sheet.start_date, open_sheet.end_date, open_sheet.status) == (
        date(2026, 11, 16),
        date(2026, 11, 22),
        "Open",
    )
    assert open_sheet.allows("submit")
    assert not approved.allows("Submit")
    assert approved.approved_by == "Smith, Sam"
    assert approved.approved_date == date(2026, 11, 17)
    assert sum(d.hours or 0 for d in approved.day_totals) == 40
    timers = (
        wire.Envelope[list[periods.Timer]]
        .model_validate(fixture("me-timers.list.running.response"))
        .data
    )
    assert timers is not None
    assert timers[0].running
    assert timers[0].started == time(9, 12, 5)
    assert timers[0].elapsed_seconds == 1830
    assert timers[0].time_entry is not None
    assert timers[0].time_entry.hours == 0
    kinds = (
        wire.Envelope[list[periods.TimeOffType]]
        .model_validate(fixture("me-timeofftypes.list.response"))
        .data
    )
    assert kinds is not None
    assert [(k.name, k.requires_approval, k.current_balance) for k in kinds] == [
        ("Vacation", True, 64.0),
        ("Sick", False, 40.0),
    ]


# ---------------------------------------------------------------- leniency


@pytest.mark.parametrize(
    ("value", "hours"),
    [
        (2, 2.0),
        (1.5, 1.5),
        ("1.5", 1.5),
        (" 2 ", 2.0),
        ("0", 0.0),
        (None, None),
        ("", None),
        ("abc", None),
        (True, None),
        ("nan", None),
        ([1], None),
    ],
)
def test_hours_arrive_as_numbers_or_strings(value: object, hours: float | None) -> None:
    assert wire.TimeEntry.model_validate({"ID": "te-1", "Hours": value}).hours == hours


def test_nulls_unknown_keys_and_numeric_ids_are_tolerated() -> None:
    raw = {
        "ID": 42,
        "Date": "2026-11-16T00:00:00",
        "Hours": "3.25",
        "StartTime": None,
        "EndTime": None,
        "Comment": None,
        "JobID": 7,
        "TaskID": None,
        "Job": None,
        "PhaseID": "ph-1",
        "SomethingNew": {"nested": True},
    }
    parsed = wire.TimeEntry.model_validate(raw)
    assert (parsed.id, parsed.job_id, parsed.task_id, parsed.comment) == ("42", "7", None, "")
    assert parsed.date == date(2026, 11, 16)
    assert parsed.hours == 3.25
    found = mapping.entry(parsed, WS, BERLIN)
    assert found is not None
    assert found.task_id is None
    assert found.seconds() == 3.25 * 3600
    me = wire.Me.model_validate({"ID": "u", "Name": None, "RequireComments": None, "X": 1})
    assert me.name == ""
    assert me.require_comments is False
    assert mapping.user(me).name == "u"
    company = wire.Company.model_validate({"ID": None, "MinTimeIncrement": "0.1", "LockDate": ""})
    assert company.min_time_increment == 0.1
    assert company.lock_date is None
    assert mapping.workspace_id(company) == mapping.COMPANY_WORKSPACE
    sheet = periods.Timesheet.model_validate({"ID": "ts", "DayTotals": None, "Actions": None})
    assert sheet.day_totals == []
    assert sheet.actions == []


def test_entries_without_a_date_or_hours_are_not_placed_anywhere() -> None:
    assert mapping.entry(wire.TimeEntry.model_validate({"ID": "a", "Hours": 1}), WS, BERLIN) is None
    no_hours = wire.TimeEntry.model_validate({"ID": "b", "Date": "2026-11-16", "Hours": "x"})
    assert mapping.entry(no_hours, WS, BERLIN) is None


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("09:00", time(9)),
        ("9:05", time(9, 5)),
        ("13:00:30", time(13, 0, 30)),
        ("1:30 PM", time(13, 30)),
        ("12:00 am", time(0)),
        ("25:00", None),
        ("", None),
        ("noon", None),
        (None, None),
    ],
)
def test_clock_times_read_as_hh_mm(text: str | None, clock: time | None) -> None:
    assert wire.parse_clock(text) == clock


def test_paging_follows_count_else_links_next() -> None:
    by_count = wire.Page.model_validate({"count": 250, "limit": 100, "offset": 100})
    assert by_count.has_more(100)
    assert not wire.Page.model_validate({"count": 200, "limit": 100, "offset": 100}).has_more(100)
    by_links = wire.Page.model_validate({"limit": 100, "links": {"next": "https://x/?offset=1"}})
    assert by_links.has_more(100)
    assert not wire.Page.model_validate({"links": {"next": None}}).has_more(100)
    assert not by_count.has_more(0)


def test_a_dst_day_keeps_its_hours() -> None:
    raw = wire.TimeEntry.model_validate({"ID": "d", "Date": "2026-03-29", "Hours": 8})
    found = mapping.entry(raw, WS, BERLIN)
    assert found is not None
    assert found.seconds() == 8 * 3600
    assert found.start == datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN)
    assert found.end == datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN)  # clocks went forward


def test_one_unreadable_record_does_not_lose_the_page() -> None:
    raw = [{"ID": "job-1", "Name": "A"}, {"Name": "no id"}, "junk", {"ID": None}, {"ID": 2}]
    assert [j.id for j in wire.parse_items(wire.Job, raw)] == ["job-1", "2"]
    assert wire.parse_items(wire.Job, None) == []
