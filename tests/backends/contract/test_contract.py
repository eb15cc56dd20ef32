"""What every backend must do, through the ``Backend`` protocol alone.

Times are whole seconds and names plain ASCII, so a remote backend is held to the rules and
not to the local store's habits.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.backends.contract.harness import CatalogBackend
from tui.backends import registry
from tui.backends.base import PARTS, Backend, CatalogWrites, HasWorkspaceRules, WorkspaceAdmin
from tui.backends.errors import BackendError, NotFoundError, ValidationError
from tui.domain.models import Capabilities, EntryFields, TimeEntry, User

T0 = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # a Monday
H = timedelta(hours=1)
MISSING = "0123456789abcdef0123456789abcdef"


def same(entry: TimeEntry | EntryFields, fields: EntryFields) -> bool:
    """Equal as entries; the order of tags carries no meaning."""
    got = entry.fields() if isinstance(entry, TimeEntry) else entry
    return _tags_sorted(got) == _tags_sorted(fields)


def _tags_sorted(fields: EntryFields) -> EntryFields:
    return fields.replace(tag_ids=tuple(sorted(fields.tag_ids)))


async def test_identity(backend: Backend) -> None:
    assert isinstance(backend, Backend)
    assert backend.name
    assert isinstance(backend.capabilities, Capabilities)
    user = await backend.get_user()
    assert isinstance(user, User)
    assert user.id
    assert user.name


# Workspaces


async def test_the_entry_declares_the_parts_the_backend_has(
    backend: Backend, backend_name: str
) -> None:
    """The registry's word (which chooses the tests below) and the backend agree, and the
    capability screens read says the same about workspaces."""
    entry = registry.get(backend_name)
    assert entry.name == backend.name
    assert entry.capabilities == backend.capabilities
    has = {part for part, protocol in PARTS.items() if isinstance(backend, protocol)}
    assert has == set(entry.parts)
    assert backend.capabilities.create_workspaces == isinstance(backend, WorkspaceAdmin)


@pytest.mark.needs_part("workspace_admin")
async def test_workspaces_create_and_rename(backend: Backend, ws: str) -> None:
    assert isinstance(backend, WorkspaceAdmin)
    team = await backend.create_workspace("Team")
    assert team.name == "Team"
    assert {w.id for w in await backend.list_workspaces()} >= {ws, team.id}

    renamed = await backend.rename_workspace(team.id, "Squad")
    assert (renamed.id, renamed.name) == (team.id, "Squad")
    names = {w.id: w.name for w in await backend.list_workspaces()}
    assert names[team.id] == "Squad"

    with pytest.raises(NotFoundError):
        await backend.rename_workspace(MISSING, "Nobody")
    with pytest.raises(ValidationError):
        await backend.create_workspace("  ")
    with pytest.raises(ValidationError):
        await backend.rename_workspace(team.id, "")


@pytest.mark.needs_part("workspace_admin", "catalog_writes")
async def test_workspaces_are_separate(backend: CatalogBackend, ws: str) -> None:
    assert isinstance(backend, WorkspaceAdmin)
    other = await backend.create_workspace("Other")
    await backend.create_client(ws, "Acme")
    await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H))
    assert await backend.list_clients(other.id) == []
    assert await backend.list_entries(other.id, T0 - H, T0 + 2 * H) == []


# Clients, projects, tasks, tags


@pytest.mark.needs_part("catalog_writes")
async def test_clients(backend: CatalogBackend, ws: str) -> None:
    acme = await backend.create_client(ws, "Acme")
    globex = await backend.create_client(ws, "Globex")
    assert (acme.workspace_id, acme.name, acme.archived) == (ws, "Acme", False)
    assert {c.id for c in await backend.list_clients(ws)} == {acme.id, globex.id}

    renamed = await backend.update_client(acme.replace(name="ACME Inc"))
    archived = await backend.update_client(globex.replace(archived=True))
    listed = {c.id: c for c in await backend.list_clients(ws)}
    assert listed[acme.id] == renamed
    assert renamed.name == "ACME Inc"
    assert listed[globex.id] == archived
    assert archived.archived

    # A client may change the case of its own name.
    assert (await backend.update_client(renamed.replace(name="Acme Inc"))).name


@pytest.mark.needs_part("catalog_writes")
async def test_client_rules(backend: CatalogBackend, ws: str) -> None:
    acme = await backend.create_client(ws, "Acme")
    with pytest.raises(ValidationError):
        await backend.create_client(ws, "")
    with pytest.raises(ValidationError):
        await backend.create_client(ws, "acme")
    globex = await backend.create_client(ws, "Globex")
    with pytest.raises(ValidationError):
        await backend.update_client(globex.replace(name="ACME"))
    with pytest.raises(NotFoundError):
        await backend.update_client(acme.replace(id=MISSING))


@pytest.mark.needs_part("catalog_writes")
async def test_projects(backend: CatalogBackend, ws: str) -> None:
    acme = await backend.create_client(ws, "Acme")
    web = await backend.create_project(ws, "Website", acme.id, "#e06c75", billable=True)
    internal = await backend.create_project(ws, "Internal")
    assert (web.client_id, web.color, web.billable, web.archived) == (
        acme.id,
        "#e06c75",
        True,
        False,
    )
    assert internal.client_id is None
    assert not internal.billable
    assert internal.color
    assert {p.id for p in await backend.list_projects(ws)} == {web.id, internal.id}

    changed = web.replace(name="Web shop", color="#61afef", billable=False, client_id=None)
    assert await backend.update_project(changed) == changed
    archived = await backend.update_project(internal.replace(archived=True))
    listed = {p.id: p for p in await backend.list_projects(ws)}
    assert listed == {web.id: changed, internal.id: archived}


@pytest.mark.needs_part("catalog_writes")
async def test_project_rules(backend: CatalogBackend, ws: str) -> None:
    acme = await backend.create_client(ws, "Acme")
    globex = await backend.create_client(ws, "Globex")
    web = await backend.create_project(ws, "Website", acme.id)
    await backend.create_project(ws, "Website", globex.id)  # another client's is fine
    await backend.create_project(ws, "Website")  # and so is one without a client
    with pytest.raises(ValidationError):
        await backend.create_project(ws, "WEBSITE", acme.id)
    with pytest.raises(ValidationError):
        await backend.create_project(ws, " ")
    with pytest.raises(ValidationError):
        await backend.create_project(ws, "Orphan", MISSING)
    other = await backend.create_project(ws, "Mobile", acme.id)
    with pytest.raises(ValidationError):
        await backend.update_project(other.replace(name="website"))
    with pytest.raises(NotFoundError):
        await backend.update_project(web.replace(id=MISSING))


@pytest.mark.needs_part("catalog_writes")
async def test_tasks(backend: CatalogBackend, ws: str) -> None:
    web = await backend.create_project(ws, "Website")
    app = await backend.create_project(ws, "App")
    design = await backend.create_task(ws, web.id, "Design")
    build = await backend.create_task(ws, web.id, "Development")
    app_design = await backend.create_task(ws, app.id, "Design")  # same name, other project
    assert (design.project_id, design.name, design.done) == (web.id, "Design", False)

    assert {t.id for t in await backend.list_tasks(ws, web.id)} == {design.id, build.id}
    everything = await backend.list_tasks(ws, None)
    assert {t.id for t in everything} == {design.id, build.id, app_design.id}

    done = await backend.update_task(build.replace(done=True))
    renamed = await backend.update_task(design.replace(name="UX"))
    listed = {t.id: t for t in await backend.list_tasks(ws, web.id)}
    assert listed == {design.id: renamed, build.id: done}
    assert done.done
    assert renamed.name == "UX"


@pytest.mark.needs_part("catalog_writes")
async def test_task_rules(backend: CatalogBackend, ws: str) -> None:
    web = await backend.create_project(ws, "Website")
    design = await backend.create_task(ws, web.id, "Design")
    review = await backend.create_task(ws, web.id, "Review")
    with pytest.raises(ValidationError):
        await backend.create_task(ws, web.id, "design")
    with pytest.raises(ValidationError):
        await backend.create_task(ws, web.id, "")
    with pytest.raises(ValidationError):
        await backend.update_task(review.replace(name="DESIGN"))
    with pytest.raises(NotFoundError):
        await backend.update_task(design.replace(id=MISSING))
    with pytest.raises((NotFoundError, ValidationError)):
        await backend.create_task(ws, MISSING, "Lost")


@pytest.mark.needs_part("catalog_writes")
async def test_tags(backend: CatalogBackend, ws: str) -> None:
    meeting = await backend.create_tag(ws, "meeting")
    urgent = await backend.create_tag(ws, "urgent")
    assert (meeting.workspace_id, meeting.name, meeting.archived) == (ws, "meeting", False)
    archived = await backend.update_tag(urgent.replace(archived=True))
    renamed = await backend.update_tag(meeting.replace(name="meetings"))
    listed = {t.id: t for t in await backend.list_tags(ws)}
    assert listed == {meeting.id: renamed, urgent.id: archived}

    with pytest.raises(ValidationError):
        await backend.create_tag(ws, "MEETINGS")
    with pytest.raises(ValidationError):
        await backend.create_tag(ws, "")
    with pytest.raises(ValidationError):
        await backend.update_tag(archived.replace(name="Meetings"))
    with pytest.raises(NotFoundError):
        await backend.update_tag(meeting.replace(id=MISSING))


# Time entries


async def _catalog(backend: CatalogWrites, ws: str) -> tuple[str, str, str, str, str, str]:
    """Two projects with a task each, and two tags: (p1, t1, p2, t2, tag1, tag2)."""
    p1 = await backend.create_project(ws, "Website", billable=True)
    p2 = await backend.create_project(ws, "Internal")
    t1 = await backend.create_task(ws, p1.id, "Development")
    t2 = await backend.create_task(ws, p2.id, "Meetings")
    tag1 = await backend.create_tag(ws, "remote")
    tag2 = await backend.create_tag(ws, "urgent")
    return p1.id, t1.id, p2.id, t2.id, tag1.id, tag2.id


@pytest.mark.needs_part("catalog_writes")
async def test_create_and_list_an_entry(backend: CatalogBackend, ws: str) -> None:
    p1, t1, _, _, tag1, tag2 = await _catalog(backend, ws)
    fields = EntryFields(
        start=T0,
        end=T0 + 90 * timedelta(minutes=1),
        description="Fix login bug",
        project_id=p1,
        task_id=t1,
        tag_ids=(tag1, tag2),
        billable=True,
    )
    created = await backend.create_entry(ws, fields)
    assert created.id
    assert created.workspace_id == ws
    assert same(created, fields)
    assert created.end is not None
    assert created.end.utcoffset() == timedelta(0)

    listed = await backend.list_entries(ws, T0 - H, T0 + 3 * H)
    assert [e.id for e in listed] == [created.id]
    assert same(listed[0], fields)


async def test_list_by_window(backend: Backend, ws: str) -> None:
    lo, hi = T0, T0 + 8 * H

    async def add(start: datetime, end: datetime, what: str) -> str:
        return (
            await backend.create_entry(ws, EntryFields(start=start, end=end, description=what))
        ).id

    # Created out of order, to see the list sorted by start.
    inside = await add(lo + 3 * H, lo + 4 * H, "inside")
    across_end = await add(hi - H, hi + H, "across the end")
    across_start = await add(lo - H, lo + H, "across the start")
    await add(lo - 3 * H, lo - 2 * H, "before")
    await add(lo - 2 * H, lo, "ends as the window starts")
    await add(hi, hi + 2 * H, "starts as the window ends")
    await add(hi + 3 * H, hi + 4 * H, "after")

    listed = await backend.list_entries(ws, lo, hi)
    assert [e.id for e in listed] == [across_start, inside, across_end]
    assert await backend.list_entries(ws, hi + 5 * H, hi + 6 * H) == []


@pytest.mark.needs_part("catalog_writes")
async def test_update_replaces_every_field(backend: CatalogBackend, ws: str) -> None:
    p1, t1, p2, t2, tag1, tag2 = await _catalog(backend, ws)
    entry = await backend.create_entry(
        ws,
        EntryFields(
            start=T0,
            end=T0 + H,
            description="Standup",
            project_id=p1,
            task_id=t1,
            tag_ids=(tag1,),
            billable=True,
        ),
    )
    changed = EntryFields(
        start=T0 + 2 * H,
        end=T0 + 4 * H,
        description="Sprint planning",
        project_id=p2,
        task_id=t2,
        tag_ids=(tag2,),
        billable=False,
    )
    updated = await backend.update_entry(entry.replace(**changed.entry_fields()))
    assert updated.id == entry.id
    assert same(updated, changed)
    listed = await backend.list_entries(ws, T0 - H, T0 + 5 * H)
    assert [e.id for e in listed] == [entry.id]
    assert same(listed[0], changed)

    # A PUT: what the new entry leaves out is gone.
    bare = EntryFields(start=T0, end=T0 + H)
    cleared = await backend.update_entry(updated.replace(**bare.entry_fields()))
    assert same(cleared, bare)
    assert same((await backend.list_entries(ws, T0, T0 + H))[0], bare)


async def test_delete_entry(backend: Backend, ws: str) -> None:
    keep = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H))
    drop = await backend.create_entry(ws, EntryFields(start=T0 + H, end=T0 + 2 * H))
    await backend.delete_entry(ws, drop.id)
    assert [e.id for e in await backend.list_entries(ws, T0, T0 + 3 * H)] == [keep.id]
    with pytest.raises(NotFoundError):
        await backend.delete_entry(ws, drop.id)
    with pytest.raises(NotFoundError):
        await backend.update_entry(drop)


async def test_running_entry(backend: Backend, ws: str) -> None:
    assert await backend.running_entry(ws) is None
    first = await backend.create_entry(ws, EntryFields(start=T0, description="first"))
    assert first.running
    running = await backend.running_entry(ws)
    assert running is not None
    assert running.id == first.id
    # A running entry overlaps every window after its start.
    assert [e.id for e in await backend.list_entries(ws, T0 + 9 * H, T0 + 10 * H)] == [first.id]
    assert await backend.list_entries(ws, T0 - 2 * H, T0) == []

    second = await backend.create_entry(ws, EntryFields(start=T0 + 2 * H, description="second"))
    running = await backend.running_entry(ws)
    assert running is not None
    assert running.id == second.id
    listed = await backend.list_entries(ws, T0, T0 + 3 * H)
    assert [e.id for e in listed] == [first.id, second.id]
    assert listed[0].end == second.start  # stopped where the next began: no gap, no overlap
    assert listed[1].running

    stopped = await backend.update_entry(second.replace(end=T0 + 3 * H))
    assert not stopped.running
    assert await backend.running_entry(ws) is None


@pytest.mark.needs_part("catalog_writes")
async def test_entry_references_are_checked(backend: CatalogBackend, ws: str) -> None:
    p1, t1, p2, t2, tag1, _ = await _catalog(backend, ws)
    bad = [
        EntryFields(start=T0, end=T0 + H, project_id=MISSING),
        EntryFields(start=T0, end=T0 + H, project_id=p1, task_id=MISSING),
        EntryFields(start=T0, end=T0 + H, project_id=p1, task_id=t2),  # task of another project
        EntryFields(start=T0, end=T0 + H, tag_ids=(tag1, MISSING)),
    ]
    for fields in bad:
        with pytest.raises(ValidationError):
            await backend.create_entry(ws, fields)
    assert await backend.list_entries(ws, T0 - H, T0 + 2 * H) == []

    entry = await backend.create_entry(ws, EntryFields(start=T0, end=T0 + H, project_id=p2))
    with pytest.raises(ValidationError):
        await backend.update_entry(entry.replace(task_id=t1))
    assert same((await backend.list_entries(ws, T0, T0 + H))[0], entry.fields())


@pytest.mark.needs_part("catalog_writes")
async def test_entries_of_archived_projects_stay_readable(backend: CatalogBackend, ws: str) -> None:
    project = await backend.create_project(ws, "Old")
    task = await backend.create_task(ws, project.id, "Work")
    fields = EntryFields(start=T0, end=T0 + H, project_id=project.id, task_id=task.id)
    entry = await backend.create_entry(ws, fields)
    await backend.update_task(task.replace(done=True))
    await backend.update_project(project.replace(archived=True))
    listed = await backend.list_entries(ws, T0, T0 + H)
    assert [e.id for e in listed] == [entry.id]
    assert same(listed[0], fields)


async def test_unknown_workspace_and_entry(backend: Backend, ws: str) -> None:
    with pytest.raises(NotFoundError):
        await backend.update_entry(TimeEntry(id=MISSING, workspace_id=ws, start=T0, end=T0 + H))
    with pytest.raises(NotFoundError):
        await backend.delete_entry(ws, MISSING)
    with pytest.raises(BackendError):
        await backend.create_entry(MISSING, EntryFields(start=T0, end=T0 + H))


@pytest.mark.needs_part("workspace_rules")
async def test_workspace_rules_name_what_an_entry_lacks(backend: Backend, ws: str) -> None:
    assert isinstance(backend, HasWorkspaceRules)
    rules = await backend.workspace_rules(ws)
    bare = EntryFields(start=T0, end=T0 + H)
    # Whatever the workspace demands is named, and an entry with everything passes.
    full = EntryFields(
        start=T0, end=T0 + H, description="x", project_id="p", task_id="t", tag_ids=("g",)
    )
    assert rules.missing(full) == []
    demanded = [
        rules.project_required,
        rules.task_required,
        rules.tags_required,
        rules.description_required,
    ]
    assert len(rules.missing(bare)) == sum(demanded)
    with pytest.raises(NotFoundError):
        await backend.workspace_rules(MISSING)
