"""Clients, projects, tasks and tags made while Clockify cannot be reached (issue 10: "every
catalog creation goes into the journal"), against the fake Clockify behind the replica.

Offline, an item is kept under a local id, listed at once, and entries can use it. When the
service is back it is made before any entry change, the service's id replaces the local one
in the replica, the waiting entry changes and the items that belong to it, and nothing is made
twice: not when the answer to a send was lost, not when an item of that name was made
elsewhere meanwhile. A refusal is kept for the user, with the items that belonged to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.backends.replica.harness import wrapped
from tests.backends.replica.test_replica_journal import settled, until_drained
from tests.fakes.clockify import FakeClockify, State
from tests.fakes.clockify.state import Space
from tui.backends.replica.schema import is_local_id
from tui.domain.models import TimeEntry

T0 = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
WEEK = (T0 - timedelta(hours=8), T0 + timedelta(days=7))
H = timedelta(hours=1)
PROJECTS = r"/workspaces/[^/]+/projects"


@pytest.fixture
def fake() -> Iterator[FakeClockify]:
    state = State(timezone="UTC")
    state.add_workspace("Personal")
    with FakeClockify(state, rate_limit=None) as server:
        yield server
    assert server.violations == []


def space(fake: FakeClockify) -> Space:
    return next(iter(fake.state.spaces.values()))


def entry(ws: str, project_id: str, task_id: str | None = None) -> TimeEntry:
    return TimeEntry(
        id="local-" + os.urandom(16).hex(),
        workspace_id=ws,
        start=T0,
        end=T0 + H,
        description="offline work",
        project_id=project_id,
        task_id=task_id,
    )


async def test_a_client_project_task_and_entry_made_offline_reach_the_service_in_order(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3") as replica:
        backend: Any = replica  # with the catalog parts the wrapper adds
        ws = (await backend.list_workspaces())[0].id
        for listed in (backend.list_clients, backend.list_projects, backend.list_tags):
            await listed(ws)
        await backend.list_tasks(ws)
        await backend.list_entries(ws, *WEEK)
        fake.down = True
        client = await backend.create_client(ws, "Globex")
        project = await backend.create_project(ws, "Launch", client.id, billable=True)
        task = await backend.create_task(ws, project.id, "Planning")
        tag = await backend.create_tag(ws, "onsite")
        assert all(is_local_id(i.id) for i in (client, project, task, tag))
        # Listed at once, and usable: an entry on the new project and task.
        assert [p.name for p in await backend.list_projects(ws)] == ["Launch"]
        assert [t.name for t in await backend.list_tasks(ws, project.id)] == ["Planning"]
        planned = entry(ws, project.id, task.id).replace(tag_ids=(tag.id,))
        [made] = await backend.apply_changes(ws, [(None, planned)])
        assert made is not None
        assert backend.sync_report().waiting == 5  # four items and the entry

        fake.down = False
        await until_drained(backend)
        with fake.state.lock:
            [c] = space(fake).clients.values()
            [p] = space(fake).projects.values()
            [t] = space(fake).tasks.values()
            [e] = space(fake).entries.values()
            assert (c["name"], p["name"], p["clientId"], p["billable"]) == (
                "Globex",
                "Launch",
                c["id"],
                True,
            )
            assert (t["name"], t["projectId"]) == ("Planning", p["id"])
            assert (e.project_id, e.task_id) == (p["id"], t["id"])
            assert [space(fake).tags[g]["name"] for g in e.tag_ids] == ["onsite"]
        # The replica now speaks the service's ids, and the report says where each went.
        assert [x.id for x in await backend.list_projects(ws)] == [p["id"]]
        [shown] = await backend.list_entries(ws, *WEEK)
        assert (shown.project_id, shown.task_id) == (p["id"], t["id"])
        resolved = dict(backend.sync_report().resolved_ids)
        assert resolved[client.id] == c["id"]
        assert resolved[project.id] == p["id"]
        # An undo step recorded before still names the local project: it reaches the real one.
        later = entry(ws, project.id)
        await backend.apply_changes(ws, [(None, later.replace(start=T0 + 2 * H, end=T0 + 3 * H))])
        await until_drained(backend)
        with fake.state.lock:
            assert {x.project_id for x in space(fake).entries.values()} == {p["id"]}
    assert len(fake.sent("POST", PROJECTS)) == 1


async def test_a_refresh_while_offline_items_wait_keeps_them_listed(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3", reads="fresh") as replica:
        backend: Any = replica  # with the catalog parts the wrapper adds
        ws = (await backend.list_workspaces())[0].id
        await backend.list_projects(ws)
        fake.fail("POST", r"/workspaces/[^/]+/projects", status=503, times=10)
        made = await backend.create_project(ws, "Kept")
        assert is_local_id(made.id)
        # The service answers lists (only its writes fail): a fresh list keeps the waiting one.
        assert [p.name for p in await backend.list_projects(ws)] == ["Kept"]


async def test_a_project_whose_answer_was_lost_is_not_made_twice(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3", settle=0.0) as replica:
        backend: Any = replica  # with the catalog parts the wrapper adds
        ws = (await backend.list_workspaces())[0].id
        await backend.list_projects(ws)
        fake.down = True
        made = await backend.create_project(ws, "Lost answer")
        assert is_local_id(made.id)
        # Back, but the first send's answer is lost although the project was made.
        fake.fail("POST", PROJECTS, status=503, process=True)
        fake.down = False
        await until_drained(backend)
        with fake.state.lock:
            [project] = space(fake).projects.values()
        assert project["name"] == "Lost answer"
        assert [p.id for p in await backend.list_projects(ws)] == [project["id"]]
        assert dict(backend.sync_report().resolved_ids)[made.id] == project["id"]


async def test_a_name_made_elsewhere_meanwhile_is_that_item_and_a_refusal_is_kept(
    fake: FakeClockify, tmp_path: Path
) -> None:
    async with wrapped(fake, tmp_path / "r.sqlite3") as replica:
        backend: Any = replica  # with the catalog parts the wrapper adds
        ws = (await backend.list_workspaces())[0].id
        await backend.list_clients(ws)
        await backend.list_projects(ws)
        fake.down = True
        twin = await backend.create_client(ws, "Initech")
        doomed = await backend.create_project(ws, "x" * 300)  # longer than Clockify allows
        orphan = await backend.create_task(ws, doomed.id, "Never")
        with fake.state.lock:
            fake.state.add_client(space(fake), "Initech")  # made in the web app meanwhile
        fake.down = False
        await settled(backend, "failed")
        report = backend.sync_report()
        assert sorted(f.label for f in report.failed) == [
            "create project “" + "x" * 300 + "”",
            "create task “Never”",
        ]
        assert all(f.reason for f in report.failed)
        with fake.state.lock:
            assert [c["name"] for c in space(fake).clients.values()] == ["Initech"]  # not twice
        assert dict(report.resolved_ids)[twin.id] == next(iter(space(fake).clients))
        assert [p.name for p in await backend.list_projects(ws)] == []  # not on the service
        for failed in report.failed:
            await backend.discard(failed.change_id)
        assert backend.sync_report().state == "synced"
        assert orphan.id not in {t.id for t in await backend.list_tasks(ws)}
