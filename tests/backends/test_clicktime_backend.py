"""The ClickTime backend over real HTTP against the fake ClickTime: who, where, the catalog,
a week's entries and what a week load costs, paging, writes (PATCH of what changed, a day
move, looked-up retries) and the errors a user sees."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.backends.clicktime_helpers import MONDAY, WS, Slept, at, clicktime
from tests.fakes.clicktime import Options, State
from tests.fakes.clicktime.testing import seeded
from tui.backends.base import HasWorkspaceRules, TimesheetPeriods
from tui.backends.errors import AuthError, BackendError, NotFoundError, ValidationError
from tui.domain.models import EntryFields

SUNDAY_NEXT = MONDAY + timedelta(days=7)


async def test_user_company_and_rules() -> None:
    async with clicktime() as (backend, fake):
        user = await backend.get_user()
        assert (user.id, user.name, user.email, user.week_start) == (
            "user-0001",
            "Doe, Jane",
            "jane.doe@example.com",
            0,
        )
        assert [(w.id, w.name) for w in await backend.list_workspaces()] == [(WS, "Example Co")]
        assert isinstance(backend, HasWorkspaceRules)
        assert isinstance(backend, TimesheetPeriods)
        rules = await backend.workspace_rules(WS)
        assert (rules.project_required, rules.task_required, rules.description_required) == (
            True,
            True,
            False,
        )
        with pytest.raises(NotFoundError):
            await backend.workspace_rules("another-company")
        # The token travels as ``Token <token>`` and /Me and /Company are read once.
        assert {r.headers["authorization"] for r in fake.sent()} == {f"Token {fake.token}"}
        assert len(fake.sent("GET", "/Me")) == 1
        assert len(fake.sent("GET", "/Company")) == 1


async def test_a_company_that_hides_its_settings_is_one_workspace_still() -> None:
    state, _ = seeded()
    state.me["RequireComments"] = True
    async with clicktime(state) as (backend, fake):
        fake.options = Options(company_readable=False)
        [workspace] = await backend.list_workspaces()
        assert (workspace.id, workspace.name) == ("clicktime", "ClickTime")
        assert (await backend.workspace_rules("clicktime")).description_required


async def test_jobs_clients_and_tasks_restricted_by_job() -> None:
    state, ids = seeded(State(TaskRestrictionMethod="byjob"))
    async with clicktime(state) as (backend, fake):
        projects = await backend.list_projects(WS)
        assert [(p.name, p.client_id) for p in projects] == [
            ("ADM - Internal / Admin", ids.client),
            ("WR-100 - Website Redesign", ids.client),
        ]
        assert [c.name for c in await backend.list_clients(WS)] == ["Acme Corp"]
        website = await backend.list_tasks(WS, ids.website)
        assert [(t.name, t.project_id) for t in website] == [
            ("DEV - Development", ids.website),
            ("MTG - Meetings", ids.website),
        ]
        admin = await backend.list_tasks(WS, ids.admin)
        assert [t.id for t in admin] == [f"{ids.admin}/{ids.meetings}"]
        assert len(await backend.list_tasks(WS)) == 3
        assert await backend.list_tags(WS) == []
        # One paged list each, whatever was asked: never one request per job.
        assert len(fake.sent("GET", "/Me/Jobs/TaskControls")) == 1
        assert fake.sent("GET", r"/Me/Jobs/[^/]+/Tasks") == []
        assert len(fake.sent("GET", "/Me/Jobs")) == 1
        assert len(fake.sent("GET", "/Me/Tasks")) == 1
        lists = fake.sent("GET", r"/Me/(Jobs|Tasks|Clients).*")
        assert all(r.param("limit") == "1000" and r.param("offset") == "0" for r in lists)


async def test_every_task_on_every_job_where_tasks_are_not_restricted() -> None:
    async with clicktime() as (backend, fake):
        tasks = await backend.list_tasks(WS)
        assert len(tasks) == 4  # two tasks on each of two jobs
        assert fake.sent("GET", "/Me/Jobs/TaskControls") == []


async def test_a_week_load_reads_entries_and_timesheets_once() -> None:
    state, ids = seeded()
    state.hours_as_text = "always"
    async with clicktime(state) as (backend, fake):
        await backend.list_projects(WS)
        await backend.list_tasks(WS)
        before = len(fake.sent())
        week = await backend.list_entries(WS, at(MONDAY), at(SUNDAY_NEXT))
        assert [(e.start, e.seconds(), e.description) for e in week] == [
            (at(MONDAY), int(6.5 * 3600), "Implement login"),
            (at(MONDAY + timedelta(days=1)), 3600, "Standup"),
        ]
        assert week[0].task_id == f"{ids.website}/{ids.development}"
        load = fake.sent()[before:]
        assert sorted(r.path for r in load) == ["/Me/TimeEntries", "/Me/Timesheets"]
        [entries] = [r for r in load if r.path == "/Me/TimeEntries"]
        assert (entries.param("StartDate"), entries.param("EndDate")) == (
            "2026-11-16",
            "2026-11-22",
        )
        assert (entries.param("limit"), entries.param("offset")) == ("500", "0")
        # The next week costs the same two requests: the catalog is cached.
        await backend.list_projects(WS)
        await backend.list_entries(WS, at(SUNDAY_NEXT), at(SUNDAY_NEXT + timedelta(days=7)))
        assert len(fake.sent()) == before + 4


async def test_a_create_sends_what_clicktime_takes_rounded_to_the_increment() -> None:
    state, ids = seeded()
    async with clicktime(state) as (backend, fake):
        day = MONDAY + timedelta(days=2)
        fields = EntryFields(
            start=at(day, 9),
            end=at(day, 10, 5),  # 1 h 05 min: 1.0 h on a quarter-hour company
            description="Review",
            project_id=ids.website,
            task_id=f"{ids.website}/{ids.meetings}",
        )
        made = await backend.create_entry(WS, fields)
        [post] = fake.sent("POST", "/Me/TimeEntries")
        assert post.body == {
            "Date": "2026-11-18",
            "Hours": 1.0,
            "JobID": ids.website,
            "TaskID": ids.meetings,
            "Comment": "Review",
        }
        assert made.seconds() == 3600
        assert state.entries[made.id].hours == 1.0


async def test_rules_are_checked_before_anything_is_sent() -> None:
    state, ids = seeded(State(JobTermSingular="Project", LockDate="2026-11-01"))
    state.me["RequireComments"] = True
    task = f"{ids.website}/{ids.development}"
    async with clicktime(state) as (backend, fake):
        day = MONDAY + timedelta(days=1)

        def entry(start: int = 9, minutes: int = 60, **more: object) -> EntryFields:
            values: dict[str, object] = {
                "start": at(day, start),
                "end": at(day, start) + timedelta(minutes=minutes),
                "description": "x",
                "project_id": ids.website,
                "task_id": task,
            } | more
            return EntryFields(**values)  # type: ignore[arg-type]

        cases = [
            (entry(project_id=None, task_id=None), "needs a project"),
            (entry(description=" "), "comment"),
            (entry(minutes=5), "zero-hour"),
            (entry(task_id=f"{ids.admin}/{ids.development}"), "not allowed on this project"),
            (
                entry(project_id="job-elsewhere", task_id=f"job-elsewhere/{ids.meetings}"),
                "not one you can book",
            ),
            (
                entry(start=9).replace(
                    start=at(date(2026, 10, 30), 9), end=at(date(2026, 10, 30), 10)
                ),
                "lock date",
            ),
            (
                entry().replace(start=at(date(2026, 11, 20), 9), end=at(date(2026, 11, 20), 10)),
                "future",
            ),
        ]
        for fields, said in cases:
            with pytest.raises(ValidationError, match=said):
                await backend.create_entry(WS, fields)
        assert fake.sent("POST") == []


async def test_an_update_patches_only_what_changed() -> None:
    state, _ = seeded()
    async with clicktime(state) as (backend, fake):
        [first, _] = await backend.list_entries(WS, at(MONDAY), at(SUNDAY_NEXT))
        changed = await backend.update_entry(first.replace(description="Login and logout"))
        [patch] = fake.sent("PATCH")
        assert patch.body == {"Comment": "Login and logout"}
        assert changed.id == first.id
        longer = await backend.update_entry(changed.replace(end=changed.start + timedelta(hours=7)))
        assert fake.sent("PATCH")[-1].body == {"Hours": 7.0}
        assert longer.seconds() == 7 * 3600
        # Nothing changed: nothing sent.
        await backend.update_entry(longer)
        assert len(fake.sent("PATCH")) == 2


async def test_moving_an_entry_to_another_day_is_a_create_then_a_delete() -> None:
    state, _ = seeded()
    async with clicktime(state) as (backend, fake):
        [first, _] = await backend.list_entries(WS, at(MONDAY), at(SUNDAY_NEXT))
        day = timedelta(days=1)
        moved = await backend.update_entry(
            first.replace(start=first.start + day, end=first.start + day + timedelta(hours=6.5))
        )
        assert fake.sent("PATCH") == []
        assert fake.sent("POST")[0].body["Date"] == "2026-11-17"
        assert len(fake.sent("DELETE")) == 1
        assert first.id not in state.entries
        assert state.entries[moved.id].date == date(2026, 11, 17)


async def test_writes_whose_answer_is_lost_are_looked_up_not_repeated() -> None:
    state, ids = seeded()
    async with clicktime(state) as (backend, fake):
        [first, _] = await backend.list_entries(WS, at(MONDAY), at(SUNDAY_NEXT))
        fake.fail("POST", "/Me/TimeEntries", status=502, process=True)
        fields = EntryFields(
            start=at(MONDAY, 9),
            end=at(MONDAY, 11),
            project_id=ids.admin,
            task_id=f"{ids.admin}/{ids.meetings}",
        )
        made = await backend.create_entry(WS, fields)
        assert len(fake.sent("POST")) == 1
        assert len(state.entries) == 3
        assert state.entries[made.id].hours == 2.0

        fake.fail("PATCH", r"/Me/TimeEntries/.+", status=504, process=True)
        await backend.update_entry(first.replace(description="Changed once"))
        assert len(fake.sent("PATCH")) == 1
        assert state.entries[first.id].comment == "Changed once"

        fake.fail("DELETE", r"/Me/TimeEntries/.+", status=502, process=True)
        await backend.delete_entry(WS, made.id)
        assert len(fake.sent("DELETE")) == 1
        with pytest.raises(NotFoundError):
            await backend.delete_entry(WS, made.id)
        with pytest.raises(NotFoundError):
            await backend.update_entry(made)


async def test_a_refusal_is_one_sentence_from_clicktimes_errors() -> None:
    state, ids = seeded()
    state.company["MinTimeIncrement"] = None  # so only ClickTime can refuse the hours
    state.company["PrecisionForHoursValues"] = 2
    state.me["RequireStartEndTime"] = True
    async with clicktime(state) as (backend, fake):
        fake.fail(
            "POST",
            "/Me/TimeEntries",
            status=400,
            body=json.dumps(
                {
                    "data": None,
                    "errors": [
                        {"Field": "Hours", "Message": "Too many.", "MessageDetail": ["over 24"]}
                    ],
                }
            ).encode(),
        )
        fields = EntryFields(
            start=at(MONDAY, 9),
            end=at(MONDAY, 10),
            project_id=ids.admin,
            task_id=f"{ids.admin}/{ids.meetings}",
        )
        with pytest.raises(ValidationError, match=r"Hours: Too many\. \(over 24\)"):
            await backend.create_entry(WS, fields)
        # With start and end times required they are sent, and come back.
        made = await backend.create_entry(WS, fields)
        assert fake.sent("POST")[-1].body["StartTime"] == "09:00"
        assert fake.sent("POST")[-1].body["EndTime"] == "10:00"
        assert (made.start, made.end) == (at(MONDAY, 9), at(MONDAY, 10))


async def test_a_2xx_with_errors_is_a_failure_and_429_is_waited_out() -> None:
    slept = Slept()
    async with clicktime(sleep=slept) as (backend, fake):
        body = {"data": {"ID": "user-0001"}, "errors": [{"Message": "Partial failure."}]}
        fake.fail("GET", "/Me", status=200, body=json.dumps(body).encode())
        with pytest.raises(BackendError, match="Partial failure"):
            await backend.get_user()
        fake.burst("GET", "/Me/Jobs", times=2, retry_after="3")
        assert len(await backend.list_projects(WS)) == 2
        assert slept.waits == [3.0, 3.0]


async def test_a_rejected_token_says_how_to_log_in_and_never_shows_itself() -> None:
    state, _ = seeded()
    async with clicktime(state) as (backend, fake):
        state.token = "another-token"
        with pytest.raises(AuthError) as caught:
            await backend.get_user()
        assert "punch login clicktime" in str(caught.value)
        assert fake.token not in str(caught.value)
        assert "fake-clicktime-token" not in repr(backend)


async def test_a_lost_create_beside_an_identical_entry_is_not_taken_for_it() -> None:
    state, ids = seeded()
    day = MONDAY + timedelta(days=1)
    state.add_entry(day, 2.0, ids.admin, ids.meetings, comment="Sync")
    async with clicktime(state) as (backend, fake):
        fields = EntryFields(
            start=at(day, 9),
            end=at(day, 11),
            description="Sync",
            project_id=ids.admin,
            task_id=f"{ids.admin}/{ids.meetings}",
        )
        # The day was never listed: it is read first, so the old entry is known, and a
        # create that did not land is sent again rather than taken for it.
        fake.fail("POST", "/Me/TimeEntries", status=502)
        made = await backend.create_entry(WS, fields)
        assert len(fake.sent("POST")) == 2
        syncs = [e.id for e in state.entries.values() if e.comment == "Sync"]
        assert len(syncs) == 2
        assert made.id == syncs[1]
