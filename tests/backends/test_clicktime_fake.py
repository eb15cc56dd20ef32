"""The fake ClickTime over real HTTP on loopback, driven with httpx: it must behave as
API-NOTES.md says the real service does, since it is what stands between the ClickTime
backend and a company's timesheets."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.fakes.clicktime import FakeClickTime, Options, State
from tests.fakes.clicktime.testing import Seeded, client, seeded, serving
from tui.backends.clicktime import mapping, wire
from tui.backends.clicktime.errors import PermissionDeniedError, map_error
from tui.backends.errors import AuthError, ValidationError

Query = dict[str, str | int]
"""Query parameters as a test writes them."""

WEEK: Query = {"StartDate": "2026-11-16", "EndDate": "2026-11-22", "limit": 100, "offset": 0}


@pytest.fixture
def world() -> tuple[State, Seeded]:
    return seeded()


@pytest.fixture
def http(world: tuple[State, Seeded]) -> Iterator[httpx.Client]:
    with serving(world[0]) as fake, client(fake) as connection:
        yield connection


def entry_body(ids: Seeded, **changes: Any) -> dict[str, Any]:
    body = {
        "Date": "2026-11-18",
        "Hours": 2.25,
        "JobID": ids.website,
        "TaskID": ids.development,
        "Comment": "Code review",
    }
    return {**body, **changes}


def refused(response: httpx.Response) -> str:
    """The typed error a client makes of a refusal, as its sentence."""
    assert response.is_error, response.text
    err = map_error(response)
    assert isinstance(err, ValidationError), (type(err), str(err))
    return str(err)


# ---------------------------------------------------------------- envelope and auth


def test_every_answer_is_the_envelope(http: httpx.Client) -> None:
    answers = [
        http.get("/Me"),
        http.get("/Company"),
        http.get("/Me/Jobs", params={"limit": 10, "offset": 0}),
        http.get("/Me/TimeEntries/nope"),
        http.delete("/Me/Jobs"),
        http.get("/Nowhere"),
        http.get("/Me", headers={"Authorization": "Token wrong"}),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 404, 405, 404, 401]
    for answer in answers:
        body = answer.json()
        assert {"data", "errors", "meta", "jsonapi"} <= body.keys()
        assert (body["errors"] == []) == answer.is_success
    listed = answers[2].json()
    assert isinstance(listed["data"], list)
    assert listed["page"]["count"] == 2
    assert "page" not in answers[0].json()


@pytest.mark.parametrize("scheme", ["Token", "token", "TOKEN", "tOkEn"])
def test_the_token_scheme_is_read_in_any_letter_case(
    world: tuple[State, Seeded], scheme: str
) -> None:
    with serving(world[0]) as fake, client(fake, scheme) as http:
        assert http.get("/Me").status_code == 200


@pytest.mark.parametrize(
    "header", [None, "Token", "Token wrong-token", "Bearer fake-clicktime-token-7c41e09b2a"]
)
def test_anything_but_the_token_is_denied(world: tuple[State, Seeded], header: str | None) -> None:
    with serving(world[0]) as fake:
        headers = {"Authorization": header} if header else {}
        answer = httpx.get(fake.base_url + "/Me/Jobs?limit=1", headers=headers)
        assert answer.status_code == 401
        err = map_error(answer)
        assert isinstance(err, AuthError)
        assert "punch login clicktime" in str(err)


def basic(email: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()


def test_basic_auth_on_get_me_returns_the_token_and_nothing_else_takes_it(
    world: tuple[State, Seeded],
) -> None:
    state = world[0]
    with serving(state) as fake:
        good = {"Authorization": basic("Jane.Doe@example.com", state.password)}
        me = httpx.get(fake.base_url + "/Me", headers=good)
        parsed = wire.Envelope[wire.Me].model_validate(me.json()).data
        assert parsed is not None
        assert parsed.auth_token is not None
        assert parsed.auth_token.token
        assert parsed.auth_token.token.get_secret_value() == fake.token
        assert httpx.get(fake.base_url + "/Me/Jobs?limit=1", headers=good).status_code == 401
        wrong = {"Authorization": basic(state.email, "wrong")}
        assert httpx.get(fake.base_url + "/Me", headers=wrong).status_code == 401
        old = fake.token
        with client(fake) as http:
            assert http.post("/Me/ResetAuthToken").status_code == 401  # Basic only
        renewed = httpx.post(fake.base_url + "/Me/ResetAuthToken", headers=good)
        assert renewed.status_code == 200
        assert renewed.json()["data"]["Token"] == fake.token != old
        stale = httpx.get(fake.base_url + "/Me", headers={"Authorization": f"Token {old}"})
        assert stale.status_code == 401


# ---------------------------------------------------------------- paging


def many_entries(state: State, ids: Seeded, count: int) -> None:
    for n in range(count):
        state.add_entry(date(2026, 11, 16) + timedelta(days=n % 7), 0.25, ids.website, ids.meetings)


def test_paging_by_count_and_by_links_next_gives_every_entry_once(
    world: tuple[State, Seeded],
) -> None:
    state, ids = world
    many_entries(state, ids, 21)  # 23 in the week with the seeded two
    with serving(state) as fake, client(fake) as http:
        seen: list[str] = []
        offset = 0
        while True:
            answer = http.get("/Me/TimeEntries", params={**WEEK, "limit": 10, "offset": offset})
            page = wire.Envelope[list[wire.TimeEntry]].model_validate(answer.json())
            assert page.data is not None
            assert page.page is not None
            seen += [e.id for e in page.data]
            assert page.page.count == 23
            assert page.page.limit == 10
            if not page.page.has_more(len(page.data)):
                break
            offset += 10
        assert len(seen) == len(set(seen)) == 23
        by_links: list[str] = []
        url: str | None = (
            fake.base_url + "/Me/TimeEntries?" + httpx.QueryParams({**WEEK, "limit": 10}).__str__()
        )
        while url:
            body = http.get(url).json()
            by_links += [e["ID"] for e in body["data"]]
            url = body["page"]["links"]["next"]
        assert by_links == seen


def test_entries_come_date_descending_then_id_descending(http: httpx.Client) -> None:
    data = http.get("/Me/TimeEntries", params=WEEK).json()["data"]
    keys = [(e["Date"], e["ID"]) for e in data]
    assert keys == sorted(keys, reverse=True)
    assert len(keys) == 2


def test_without_count_a_client_must_follow_links(world: tuple[State, Seeded]) -> None:
    state, ids = world
    many_entries(state, ids, 3)
    with serving(state, options=Options(page_count=False)) as fake, client(fake) as http:
        body = http.get("/Me/TimeEntries", params={**WEEK, "limit": 4}).json()
        page = wire.Page.model_validate(body["page"])
        assert page.count is None
        assert page.has_more(4)
        last = http.get("/Me/TimeEntries", params={**WEEK, "limit": 4, "offset": 4}).json()
        assert len(last["data"]) == 1
        assert last["page"]["links"]["next"] is None


def test_limits_are_capped_and_a_missing_limit_is_noted(world: tuple[State, Seeded]) -> None:
    state, ids = world
    many_entries(state, ids, 9)
    with FakeClickTime(state) as fake, client(fake) as http:
        capped = http.get("/Me/TimeEntries", params={**WEEK, "limit": 5000}).json()
        assert capped["page"]["limit"] == 500
        assert len(capped["data"]) == 11
        assert fake.violations == []
        short = http.get("/Me/TimeEntries", params={"StartDate": "2026-11-16"}).json()
        assert short["page"]["limit"] == 10
        assert short["page"]["links"]["next"]
        assert fake.violations == ["GET /Me/TimeEntries: a paged list was asked for without limit"]


def test_filters_are_read_in_the_specs_spelling_only(world: tuple[State, Seeded]) -> None:
    """``startDate`` is not ``StartDate``: the fake ignores it, as a server may, answering
    with everything, and records the request as a client bug."""
    with FakeClickTime(world[0]) as fake, client(fake) as http:
        spelled = http.get("/Me/TimeEntries", params={**WEEK, "StartDate": "2026-11-17"}).json()
        assert [e["Date"] for e in spelled["data"]] == ["2026-11-17"]
        assert fake.violations == []
        misspelled = http.get("/Me/TimeEntries", params={"startDate": "2026-11-17", "limit": 10})
        assert misspelled.status_code == 400
        assert fake.violations == [
            "GET /Me/TimeEntries: 'startDate' is not a query parameter of this operation"
        ]
    with FakeClickTime(world[0], validate=False) as fake, client(fake) as http:
        ignored = http.get("/Me/TimeEntries", params={"startDate": "2026-11-17", "limit": 10})
        assert len(ignored.json()["data"]) == 2


# ---------------------------------------------------------------- catalog


def test_the_catalog_parses_and_maps_like_the_fixtures(world: tuple[State, Seeded]) -> None:
    state, ids = world
    state.company["TaskRestrictionMethod"] = "byjob"
    with serving(state) as fake, client(fake) as http:
        paged: Query = {"limit": 100, "offset": 0, "verbose": "true"}
        jobs = wire.Envelope[list[wire.Job]].model_validate(
            http.get("/Me/Jobs", params=paged).json()
        )
        tasks = wire.Envelope[list[wire.Task]].model_validate(
            http.get("/Me/Tasks", params=paged).json()
        )
        controls = wire.Envelope[list[wire.TaskControl]].model_validate(
            http.get("/Me/Jobs/TaskControls", params={"limit": 100}).json()
        )
        assert jobs.data
        assert tasks.data
        assert controls.data is not None
        assert jobs.data[0].client is not None
        assert jobs.data[0].client.name == "Acme Corp"
        allowed = mapping.job_tasks(jobs.data, tasks.data, controls.data)
        assert sorted(t.id for t in allowed if t.project_id == ids.admin) == [
            mapping.task_key(ids.admin, ids.meetings)
        ]
        bare = http.get(f"/Me/Jobs/{ids.website}/Tasks").json()
        assert "page" not in bare
        assert sorted(wire.task_ids(bare["data"])) == sorted([ids.development, ids.meetings])


def test_task_controls_exist_only_where_tasks_are_restricted_by_job(
    http: httpx.Client, world: tuple[State, Seeded]
) -> None:
    answer = http.get("/Me/Jobs/TaskControls", params={"limit": 10})
    assert answer.status_code == 403
    err = map_error(answer)
    assert isinstance(err, PermissionDeniedError)
    assert "restricted by Job" in str(err)


# ---------------------------------------------------------------- hours as text


@pytest.mark.parametrize(
    ("style", "kinds"), [("some", {str, float}), ("always", {str}), ("never", {float})]
)
def test_hours_arrive_as_strings_in_some_answers(
    world: tuple[State, Seeded], style: str, kinds: set[type]
) -> None:
    state = world[0]
    state.hours_as_text = style
    with serving(state) as fake, client(fake) as http:
        body = http.get("/Me/TimeEntries", params=WEEK).json()
        assert {type(e["Hours"]) for e in body["data"]} == kinds
        parsed = wire.Envelope[list[wire.TimeEntry]].model_validate(body).data
        assert parsed is not None
        assert sorted(e.hours or 0 for e in parsed) == [1.0, 6.5]


# ---------------------------------------------------------------- entries and rules


def test_entries_are_created_read_patched_in_part_and_deleted(
    http: httpx.Client, world: tuple[State, Seeded]
) -> None:
    ids = world[1]
    created = http.post("/Me/TimeEntries", json=entry_body(ids))
    assert created.status_code == 200
    eid = created.json()["data"]["ID"]
    patched = http.patch(f"/Me/TimeEntries/{eid}", json={"Comment": "Reviewed"})
    assert patched.json()["data"]["Comment"] == "Reviewed"
    read = wire.Envelope[wire.TimeEntry].model_validate(http.get(f"/Me/TimeEntries/{eid}").json())
    assert read.data is not None
    assert read.data.hours == 2.25
    assert read.data.date == date(2026, 11, 18)
    assert http.delete(f"/Me/TimeEntries/{eid}").status_code == 200
    assert http.get(f"/Me/TimeEntries/{eid}").status_code == 404


def test_the_date_of_an_entry_cannot_change(world: tuple[State, Seeded]) -> None:
    state = world[0]
    eid = next(iter(state.entries))
    with FakeClickTime(state) as fake, client(fake) as http:
        answer = http.patch(f"/Me/TimeEntries/{eid}", json={"Date": "2026-11-19"})
        assert answer.status_code == 400
        assert fake.violations == [
            f"PATCH /Me/TimeEntries/{eid}: Date is not a field of Patch/TimeEntryModel_Me"
        ]
    with FakeClickTime(state, validate=False) as fake, client(fake) as http:
        answer = http.patch(f"/Me/TimeEntries/{eid}", json={"Date": "2026-11-19"})
        assert "date of a time entry cannot be changed" in refused(answer)
    assert state.entries[eid].date == date(2026, 11, 16)


def test_a_body_off_the_models_is_refused_and_recorded(world: tuple[State, Seeded]) -> None:
    state, ids = world
    with FakeClickTime(state) as fake, client(fake) as http:
        answer = http.post("/Me/TimeEntries", json=entry_body(ids, Hours="2.25", IsBillable=True))
        assert answer.status_code == 400
        assert len(state.entries) == 2
        assert len(fake.violations) == 2
        assert any("Hours must be a JSON number" in v for v in fake.violations)
        assert any("IsBillable is not a field" in v for v in fake.violations)


@pytest.mark.parametrize(
    ("settings", "changes", "said"),
    [
        ({"me.RequireComments": True}, {"Comment": " "}, "A comment is required."),
        ({"me.RequireStartEndTime": True}, {}, "Start and end times are required."),
        ({}, {"Hours": 0}, "Zero-hour time entries are not allowed."),
        ({}, {"Date": "2026-11-19"}, "Time entries in the future are not allowed."),
        ({}, {"Hours": 2.3}, "Hours must be in increments of 0.25."),
        ({"MinTimeIncrement": None}, {"Hours": 2.333}, "at most 2 decimal places"),
        ({"LockDate": "2026-11-18"}, {}, "lock date 2026-11-18"),
        ({}, {"Hours": 25}, "between 0 and 24"),
        ({}, {"JobID": "job-9999"}, "A valid JobID is required."),
        ({}, {"TaskID": None}, "A valid TaskID is required."),
        ({"DisplayTaskSelector": False}, {"TaskID": "task-9999"}, "A valid TaskID"),
        ({}, {"StartTime": "13:00", "EndTime": "15:00"}, "Hours do not match StartTime"),
        ({}, {"StartTime": "13:00"}, "StartTime and EndTime go together"),
        ({}, {"BreakTime": 0.5}, "Break time is not enabled"),
        ({}, {"CostRate": 80.0}, "Only an Admin can set a cost rate."),
        ({"me.RequireStopwatch": True}, {"Date": "2026-11-17"}, "only today's time"),
    ],
)
def test_company_and_user_rules_refuse_with_a_message_naming_the_rule(
    world: tuple[State, Seeded], settings: dict[str, Any], changes: dict[str, Any], said: str
) -> None:
    state, ids = world
    for key, value in settings.items():
        target = state.me if key.startswith("me.") else state.company
        target[key.removeprefix("me.")] = value
    with serving(state) as fake, client(fake) as http:
        assert said in refused(http.post("/Me/TimeEntries", json=entry_body(ids, **changes)))
    assert len(state.entries) == 2


def test_rules_allow_what_the_company_allows(world: tuple[State, Seeded]) -> None:
    state, ids = world
    state.company |= {"AllowZeroHourTimeEntries": True, "AllowWorkedTimeEntryInFuture": True}
    state.me |= {"EnableBreakTime": True}
    timed = {"StartTime": "13:00", "EndTime": "15:45", "BreakTime": 0.5}
    with serving(state) as fake, client(fake) as http:
        allowed: list[dict[str, object]] = [{"Hours": 0}, {"Date": "2026-12-01"}, timed]
        for changes in allowed:
            assert http.post("/Me/TimeEntries", json=entry_body(ids, **changes)).status_code == 200
    assert len(state.entries) == 5


def test_a_task_outside_the_jobs_list_is_refused_where_tasks_are_restricted_by_job(
    world: tuple[State, Seeded],
) -> None:
    state, ids = world
    state.company["TaskRestrictionMethod"] = "byjob"
    with serving(state) as fake, client(fake) as http:
        body = entry_body(ids, JobID=ids.admin, TaskID=ids.development)
        assert "not allowed for this job" in refused(http.post("/Me/TimeEntries", json=body))
        body["TaskID"] = ids.meetings
        assert http.post("/Me/TimeEntries", json=body).status_code == 200


def test_a_patch_is_checked_as_the_entry_it_makes(world: tuple[State, Seeded]) -> None:
    state = world[0]
    state.me["RequireComments"] = True
    eid = next(iter(state.entries))
    with serving(state) as fake, client(fake) as http:
        assert "comment is required" in refused(
            http.patch(f"/Me/TimeEntries/{eid}", json={"Comment": ""})
        )
        assert http.patch(f"/Me/TimeEntries/{eid}", json={"Hours": 7.0}).status_code == 200
    assert state.entries[eid].hours == 7.0
    assert state.entries[eid].comment == "Implement login"


def test_a_company_with_dcaa_refuses_every_entry_write_with_403(
    world: tuple[State, Seeded],
) -> None:
    state, ids = world
    state.writes_forbidden = "Company requirements: DCAA must be disabled."
    with serving(state) as fake, client(fake) as http:
        answer = http.post("/Me/TimeEntries", json=entry_body(ids))
        err = map_error(answer)
        assert isinstance(err, PermissionDeniedError)
        assert "DCAA must be disabled" in str(err)
        assert http.delete(f"/Me/TimeEntries/{next(iter(state.entries))}").status_code == 403
