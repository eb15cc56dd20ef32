"""The Clockify backend and the store over it, against the fake server: time-zone windows,
whole-entry PUTs, the timer, locked entries, required fields, what a week load costs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fakes.clockify import State
from tests.fakes.clockify.seed import seed_bench
from tests.fakes.clockify.testing import connected, serving
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.backends.errors import NotFoundError, ValidationError
from tui.backends.http import PermissionDeniedError
from tui.config import Settings
from tui.domain.models import EntryFields, Task
from tui.domain.weeks import week_bounds
from tui.store import Store

NEW_YORK = ZoneInfo("America/New_York")
H = timedelta(hours=1)
USER_ENTRIES = "/workspaces/[^/]+/user/[^/]+/time-entries"


def ny(day: int, hour: int, minute: int = 0) -> datetime:
    """A November 2026 wall-clock time in New York, as a UTC instant."""
    return datetime(2026, 11, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)


def store_on(backend) -> Store:
    return Store(
        backend,
        Settings(),
        clock=lambda: FROZEN_NOW,
        machine_tz=BERLIN,
        remember_workspace=False,
    )


# ---------------------------------------------------------------- time zones


async def test_week_window_is_sent_as_wall_clock_in_the_profile_zone() -> None:
    state = State(timezone="America/New_York")
    space = state.add_workspace("Personal")
    inside = state.add_entry(space, ny(16, 0, 30), ny(16, 1, 30), description="Mon 00:30")
    state.add_entry(space, ny(15, 23, 0), ny(15, 23, 30), description="Sunday before")
    across = state.add_entry(space, ny(15, 23, 0), ny(16, 2, 0), description="across midnight")
    last = state.add_entry(space, ny(22, 23, 0), ny(22, 23, 59), description="Sun 23:00")
    state.add_entry(space, ny(23, 0, 0), ny(23, 1, 0), description="next week")
    with serving(state) as fake:
        async with connected(fake) as backend:
            start, end = week_bounds(date(2026, 11, 16), NEW_YORK)
            listed = await backend.list_entries(space.id, start, end)
    query = fake.sent("GET", USER_ENTRIES)[0]
    # Local midnights with a Z (API notes §2.7), a day early to catch entries running in.
    assert (query.param("start"), query.param("end")) == (
        "2026-11-15T00:00:00Z",
        "2026-11-23T00:00:00Z",
    )
    assert query.param("page-size") == "200"
    assert [e.id for e in listed] == [across, inside, last]


async def test_store_days_and_weeks_follow_the_clockify_profile() -> None:
    state = State(timezone="America/New_York", week_start="SUNDAY")
    space = state.add_workspace("Personal")
    state.add_entry(space, ny(15, 22), ny(15, 23))  # Sunday evening in New York
    with serving(state) as fake:
        async with connected(fake) as backend:
            store = store_on(backend)
            await store.open()
    snap = store.snapshot
    assert snap.tz.key == "America/New_York"
    assert snap.week == date(2026, 11, 15)
    assert snap.timezone_note == "Times in America/New_York (this machine: Europe/Berlin)"
    assert snap.grid.day_totals[0] == 3600  # Sunday is the first column


# ---------------------------------------------------------------- entries


async def test_put_sends_the_whole_entry_and_keeps_what_punch_does_not_edit() -> None:
    state = State()
    space = state.add_workspace("Personal")
    project = state.add_project(space, "Website")
    task = state.add_task(space, project, "Design")
    tag = state.add_tag(space, "remote")
    entry_id = state.add_entry(
        space,
        ny(16, 9),
        ny(16, 10),
        description="Pause",
        project_id=project,
        task_id=task,
        tag_ids=[tag],
        type="BREAK",
        custom_fields=[{"customFieldId": "6f0000000000000000000001", "value": "A-12"}],
    )
    with serving(state) as fake:
        async with connected(fake) as backend:
            (entry,) = await backend.list_entries(space.id, ny(16, 0), ny(17, 0))
            saved = await backend.update_entry(entry.replace(end=ny(16, 11)))
    (put,) = fake.sent("PUT", f"/workspaces/{space.id}/time-entries/{entry_id}")
    assert put.body == {
        "start": "2026-11-16T14:00:00Z",
        "end": "2026-11-16T16:00:00Z",
        "billable": False,
        "description": "Pause",
        "projectId": project,
        "taskId": task,
        "tagIds": [tag],
        "type": "BREAK",
        "customFields": [{"customFieldId": "6f0000000000000000000001", "value": "A-12"}],
    }
    assert saved.seconds() == 2 * 3600
    assert saved.tag_ids == (tag,)
    kept = state.spaces[space.id].entries[entry_id]
    assert kept.type == "BREAK"
    assert kept.custom_fields[0]["value"] == "A-12"


async def test_starting_a_timer_stops_the_running_one_first() -> None:
    with serving() as fake:
        async with connected(fake) as backend:
            ws = (await backend.list_workspaces())[0].id
            first = await backend.create_entry(ws, EntryFields(start=ny(16, 9)))
            second = await backend.create_entry(ws, EntryFields(start=ny(16, 10)))
            running = await backend.running_entry(ws)
            listed = await backend.list_entries(ws, ny(16, 0), ny(17, 0))
    assert running is not None
    assert running.id == second.id
    assert [e.end for e in listed] == [ny(16, 10), None]
    assert listed[0].id == first.id
    writes = [(r.method, r.path.rsplit("/", 1)[-1]) for r in fake.requests if r.method != "GET"]
    # Each start stops whatever runs first (nothing, the first time: a 404 it ignores).
    assert writes == [("PATCH", "time-entries"), ("POST", "time-entries")] * 2
    posts = fake.sent("POST", "/workspaces/[^/]+/time-entries")
    assert "end" not in posts[1].body  # a running entry is an entry without an end
    patch = fake.sent("PATCH", USER_ENTRIES)[1]
    assert patch.body == {"end": "2026-11-16T15:00:00Z"}
    in_progress = fake.sent("GET", USER_ENTRIES)[0]
    assert in_progress.param("in-progress") == "true"


async def test_locked_entries_are_shown_locked_and_never_sent() -> None:
    state = State()
    space = state.add_workspace("Personal", lockTimeEntries="2026-11-17T00:00:00Z")
    project = state.add_project(space, "Website")
    state.add_entry(space, ny(16, 9), ny(16, 10), project_id=project)
    with serving(state) as fake:
        async with connected(fake) as backend:
            store = store_on(backend)
            await store.open()
            (entry,) = store.snapshot.entries
            assert entry.locked
            with pytest.raises(ValidationError, match="locked"):
                await backend.update_entry(entry.replace(description="x"))
            assert not await store.set_cell((project, None), 0, 7200)
            assert "locked" in store.snapshot.message
            assert not await store.delete_entry(entry)
    assert fake.sent("PUT", ".*") == []
    assert fake.sent("DELETE", ".*") == []


async def test_required_fields_are_checked_before_any_call() -> None:
    state = State()
    space = state.add_workspace("Strict", forceProjects=True, forceDescription=True)
    project = state.add_project(space, "Website")
    with serving(state) as fake:
        async with connected(fake) as backend:
            rules = await backend.workspace_rules(space.id)
            assert rules.project_required
            assert rules.description_required
            with pytest.raises(ValidationError, match="project and description"):
                await backend.create_entry(space.id, EntryFields(start=ny(16, 9), end=ny(16, 10)))
            store = store_on(backend)
            await store.open()
            assert not await store.set_cell((project, None), 0, 3600)
            message = store.snapshot.message
            assert "requires description" in message
            assert "cell's entries (e)" in message
            assert store.snapshot.grid.total == 0
            assert not store.snapshot.can_undo
            described = EntryFields(
                start=ny(16, 9), end=ny(16, 10), project_id=project, description="Planning"
            )
            assert await store.create_entry(described)
    assert len(fake.sent("POST", "/workspaces/[^/]+/time-entries")) == 1


async def test_a_role_that_may_not_create_projects_gets_a_clear_refusal() -> None:
    state = State()
    space = state.add_workspace("Team", onlyAdminsCreateProject=True)
    space.admin = False
    with serving(state) as fake:
        async with connected(fake) as backend:
            with pytest.raises(PermissionDeniedError, match="role in this workspace"):
                await backend.create_project(space.id, "Website")
            tag = await backend.create_tag(space.id, "remote")  # tags are allowed here
    assert tag.name == "remote"


# ---------------------------------------------------------------- what a load costs


async def test_a_week_load_is_one_request_per_200_entries_plus_metadata() -> None:
    state = State(timezone="Europe/Berlin")
    seed_bench(state, date(2026, 11, 16), entries=300, projects=60)
    with serving(state, latency=0.05) as fake:
        async with connected(fake) as backend:
            store = store_on(backend)
            await store.open()
            assert len(store.snapshot.entries) == 300
            assert len(store.snapshot.projects) == 60
            assert len(store.snapshot.tasks) == 120
            opened = [(r.method, r.path.split("/")[-1]) for r in fake.requests]
            fake.forget_requests()
            await store.shift_week(-1)
            await store.shift_week(1)
            weeks = [(r.param("in-progress"), r.param("page")) for r in fake.sent("GET", ".*")]
    gets = [name for method, name in opened if method == "GET"]
    assert sorted(gets) == sorted(
        [
            "user",
            "workspaces",
            "clients",
            "projects",
            "tags",
            "time-entries",
            "time-entries",
            "time-entries",
        ]  # two pages of entries + the timer
    )
    assert not [name for name in gets if name == "tasks"], "never one request per project"
    # Moving between weeks reads entries only: the metadata is kept for the session.
    assert sorted(weeks, key=str) == sorted(
        [(None, "1"), ("true", "1"), (None, "1"), (None, "2"), ("true", "1")], key=str
    )
    assert fake.peak_in_flight >= 3, "independent requests must run at the same time"


async def test_catalog_is_kept_current_by_own_writes_and_read_again_when_stale() -> None:
    now = [0.0]
    with serving() as fake:
        async with connected(fake, clock=lambda: now[0]) as backend:
            ws = (await backend.list_workspaces())[0].id
            await backend.list_projects(ws)
            made = await backend.create_project(ws, "Website")
            assert [p.id for p in await backend.list_projects(ws)] == [made.id]
            assert len(fake.sent("GET", "/workspaces/[^/]+/projects")) == 1
            now[0] += 10_000  # past the catalog's time to live
            await backend.list_projects(ws)
            assert len(fake.sent("GET", "/workspaces/[^/]+/projects")) == 2
    hydrated = fake.sent("GET", "/workspaces/[^/]+/projects")[0]
    assert hydrated.param("hydrated") == "true"
    assert hydrated.param("archived") is None


async def test_a_task_is_updated_from_itself_alone_even_before_any_catalog_read() -> None:
    """Every update takes only the object; a task names its project, and the backend finds
    the project's workspace from what it read, or reads the projects to find it."""
    state = State()
    state.add_workspace("Personal")
    other = state.add_workspace("Other")
    project = state.add_project(other, "Website")
    task_id = state.add_task(other, project, "Design")
    with serving(state) as fake:
        async with connected(fake) as backend:  # a fresh process: nothing read yet
            done = await backend.update_task(Task(id=task_id, project_id=project, name="UX"))
            assert (done.name, done.project_id) == ("UX", project)
            assert [t.name for t in await backend.list_tasks(other.id, project)] == ["UX"]
            assert len(fake.sent("PUT", f"/workspaces/{other.id}/projects/.*")) == 1
            with pytest.raises(NotFoundError):
                await backend.update_task(Task(id=task_id, project_id="nope" * 6, name="X"))
