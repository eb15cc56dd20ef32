"""The proof that a backend is one room: a small in-memory backend, written and registered in
this file alone, passes the whole contract suite and carries a Pilot session of the grid.

Nothing outside this file names it. The contract suite runs in a child pytest that loads this
module as a plugin (``-p``): its ``pytest_configure`` registers the backend and its harness
before the suite is collected, so the suite's own parametrisation picks it up.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from tests.app.pilot_helpers import settle
from tests.frozen_time import BERLIN, FROZEN_NOW
from tui.backends import registry
from tui.backends.base import Backend
from tui.backends.errors import NotFoundError, ValidationError
from tui.domain.models import (
    DEFAULT_PROJECT_COLOR,
    Capabilities,
    Client,
    EntryFields,
    Project,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
)

NAME = "memory"
REPO = Path(__file__).resolve().parents[2]
CAPABILITIES = Capabilities(create_workspaces=False)


class MemoryBackend:
    """The core protocol and catalog writes, over dicts; names are unique per parent,
    ignoring case, as every real service makes them."""

    name = NAME
    capabilities = CAPABILITIES

    def __init__(self) -> None:
        self._ids = (f"m{n:06d}" for n in itertools.count(1))
        self.workspace = Workspace(id=next(self._ids), name="Memory")
        self.clients: dict[str, Client] = {}
        self.projects: dict[str, Project] = {}
        self.tasks: dict[str, Task] = {}
        self.tags: dict[str, Tag] = {}
        self.entries: dict[str, TimeEntry] = {}

    async def get_user(self) -> User:
        return User(id="me", name="Memory user")

    async def list_workspaces(self) -> list[Workspace]:
        return [self.workspace]

    def _ws(self, workspace_id: str) -> str:
        if workspace_id != self.workspace.id:
            raise NotFoundError(f"No workspace {workspace_id}")
        return workspace_id

    @staticmethod
    def _name(name: str, taken: list[str]) -> str:
        name = name.strip()
        if not name:
            raise ValidationError("A name cannot be empty")
        if name.casefold() in {t.casefold() for t in taken}:
            raise ValidationError(f"{name} exists already")
        return name

    # ------------------------------------------------------------ catalog reads

    async def list_clients(self, workspace_id: str) -> list[Client]:
        self._ws(workspace_id)
        return list(self.clients.values())

    async def list_projects(self, workspace_id: str) -> list[Project]:
        self._ws(workspace_id)
        return list(self.projects.values())

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        self._ws(workspace_id)
        return [t for t in self.tasks.values() if project_id in (None, t.project_id)]

    async def list_tags(self, workspace_id: str) -> list[Tag]:
        self._ws(workspace_id)
        return list(self.tags.values())

    # ------------------------------------------------------------ catalog writes

    async def create_client(self, workspace_id: str, name: str) -> Client:
        taken = [c.name for c in self.clients.values()]
        made = Client(id=next(self._ids), workspace_id=self._ws(workspace_id), name="")
        made = made.replace(name=self._name(name, taken))
        self.clients[made.id] = made
        return made

    async def update_client(self, client: Client) -> Client:
        if client.id not in self.clients:
            raise NotFoundError(f"No client {client.id}")
        taken = [c.name for c in self.clients.values() if c.id != client.id]
        self.clients[client.id] = client.replace(name=self._name(client.name, taken))
        return self.clients[client.id]

    def _project_names(self, client_id: str | None, but: str | None = None) -> list[str]:
        if client_id is not None and client_id not in self.clients:
            raise ValidationError(f"No client {client_id}")
        return [p.name for p in self.projects.values() if p.client_id == client_id and p.id != but]

    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project:
        self._ws(workspace_id)
        made = Project(
            id=next(self._ids),
            workspace_id=workspace_id,
            name=self._name(name, self._project_names(client_id)),
            client_id=client_id,
            color=color or DEFAULT_PROJECT_COLOR,
            billable=billable,
        )
        self.projects[made.id] = made
        return made

    async def update_project(self, project: Project) -> Project:
        if project.id not in self.projects:
            raise NotFoundError(f"No project {project.id}")
        taken = self._project_names(project.client_id, but=project.id)
        self.projects[project.id] = project.replace(name=self._name(project.name, taken))
        return self.projects[project.id]

    def _task_names(self, project_id: str, but: str | None = None) -> list[str]:
        if project_id not in self.projects:
            raise NotFoundError(f"No project {project_id}")
        return [t.name for t in self.tasks.values() if t.project_id == project_id and t.id != but]

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task:
        self._ws(workspace_id)
        made = Task(
            id=next(self._ids),
            project_id=project_id,
            name=self._name(name, self._task_names(project_id)),
        )
        self.tasks[made.id] = made
        return made

    async def update_task(self, task: Task) -> Task:
        if task.id not in self.tasks:
            raise NotFoundError(f"No task {task.id}")
        taken = self._task_names(task.project_id, but=task.id)
        self.tasks[task.id] = task.replace(name=self._name(task.name, taken))
        return self.tasks[task.id]

    async def create_tag(self, workspace_id: str, name: str) -> Tag:
        taken = [t.name for t in self.tags.values()]
        made = Tag(id=next(self._ids), workspace_id=self._ws(workspace_id), name="")
        made = made.replace(name=self._name(name, taken))
        self.tags[made.id] = made
        return made

    async def update_tag(self, tag: Tag) -> Tag:
        if tag.id not in self.tags:
            raise NotFoundError(f"No tag {tag.id}")
        taken = [t.name for t in self.tags.values() if t.id != tag.id]
        self.tags[tag.id] = tag.replace(name=self._name(tag.name, taken))
        return self.tags[tag.id]

    # ------------------------------------------------------------ entries

    def _check(self, fields: EntryFields) -> None:
        if fields.project_id is not None and fields.project_id not in self.projects:
            raise ValidationError(f"No project {fields.project_id}")
        task = self.tasks.get(fields.task_id) if fields.task_id else None
        if fields.task_id is not None and (task is None or task.project_id != fields.project_id):
            raise ValidationError(f"No task {fields.task_id} in that project")
        if any(tag not in self.tags for tag in fields.tag_ids):
            raise ValidationError("No such tag")

    async def list_entries(
        self, workspace_id: str, start: datetime, end: datetime
    ) -> list[TimeEntry]:
        self._ws(workspace_id)
        overlapping = [
            e for e in self.entries.values() if e.start < end and (e.end is None or e.end > start)
        ]
        return sorted(overlapping, key=lambda e: e.start)

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        self._ws(workspace_id)
        self._check(fields)
        if fields.running:  # one timer at a time: the running one stops as this one starts
            running = await self.running_entry(workspace_id)
            if running is not None:
                self.entries[running.id] = running.replace(end=fields.start)
        made = TimeEntry(id=next(self._ids), workspace_id=workspace_id, **fields.entry_fields())
        self.entries[made.id] = made
        return made

    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        if entry.id not in self.entries:
            raise NotFoundError(f"No entry {entry.id}")
        self._check(entry.fields())
        self.entries[entry.id] = entry
        return entry

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None:
        self._ws(workspace_id)
        if self.entries.pop(entry_id, None) is None:
            raise NotFoundError(f"No entry {entry_id}")

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        self._ws(workspace_id)
        return next((e for e in self.entries.values() if e.running), None)

    async def aclose(self) -> None:
        pass


def memory_entry(backend: MemoryBackend | None = None) -> registry.BackendEntry:
    async def opener() -> Backend:
        return backend or MemoryBackend()

    return registry.BackendEntry(
        name=NAME,
        title="In memory",
        capabilities=CAPABILITIES,
        opener=opener,
        parts=("catalog_writes",),
    )


@asynccontextmanager
async def _harness(tmp_path: Path) -> AsyncIterator[Backend]:
    yield MemoryBackend()


def pytest_configure(config: pytest.Config) -> None:
    """Loaded with ``-p``: the backend joins the registry and the contract suite."""
    from tests.backends.contract.harness import contract_harness

    registry.register(memory_entry())
    contract_harness(NAME, _harness)


# ---------------------------------------------------------------- the evidence


def _pytest(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    return done.stdout


def _contract_tests_for(parts: set[str]) -> set[str]:
    """The contract tests a backend with ``parts`` must pass: every one whose
    ``needs_part`` marker asks for no more than it has."""
    from tests.backends.contract import test_contract

    wanted = set()
    for name in dir(test_contract):
        if not name.startswith("test_"):
            continue
        marks = getattr(getattr(test_contract, name), "pytestmark", [])
        needs = {part for mark in marks if mark.name == "needs_part" for part in mark.args}
        if needs <= parts:
            wanted.add(name)
    return wanted


def test_the_memory_backend_passes_the_contract_suite_it_joins_by_registering() -> None:
    plugin = ["-p", "tests.app.test_memory_backend", "tests/backends/contract"]
    collected = _pytest(*plugin, "--collect-only", "-k", NAME)
    names = {
        line.split("::")[-1].removesuffix(f"[{NAME}]")
        for line in collected.splitlines()
        if line.endswith(f"[{NAME}]")
    }
    expected = _contract_tests_for({"catalog_writes"})
    assert len(expected) >= 15
    assert "test_running_entry" in expected
    assert names == expected, collected[-2000:]
    result = _pytest(*plugin, "-k", NAME)
    assert result.strip().splitlines()[-1].startswith(f"{len(names)} passed"), result[-3000:]


@pytest.fixture
def registered_memory() -> Iterator[MemoryBackend]:
    backend = MemoryBackend()
    website = Project(id="p-web", workspace_id=backend.workspace.id, name="Website")
    backend.projects[website.id] = website
    monday = datetime.combine(FROZEN_NOW.astimezone(BERLIN).date(), time(9), BERLIN)
    monday -= timedelta(days=monday.weekday())
    backend.entries["e1"] = TimeEntry(
        id="e1",
        workspace_id=backend.workspace.id,
        start=monday,
        end=monday + timedelta(hours=1),
        project_id=website.id,
    )
    with registry.registered(memory_entry(backend)):
        yield backend


async def test_the_grid_edits_a_week_on_the_memory_backend_chosen_by_name(
    registered_memory: MemoryBackend,
) -> None:
    from tui.app_factory import build_app
    from tui.config import Settings

    settings = Settings(timezone="Europe/Berlin", backend=NAME)
    app = build_app(settings, clock=lambda: FROZEN_NOW, machine_tz=BERLIN)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.store is not None
        assert app.store.backend is registered_memory
        assert app.snapshot is not None
        assert app.snapshot.grid.total == 3600
        # The cursor opens on today's weekday (Wednesday): go to Monday, the entry's cell.
        for key in ("h", "h", "h", "h", "h", "h"):
            await pilot.press(key)
        for key in "2:30":
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        assert app.snapshot.grid.total == 9000
    stored = list(registered_memory.entries.values())
    assert [e.seconds() for e in stored] == [9000]  # the one entry grew; nothing was added


def test_the_memory_backend_is_offered_only_while_registered(
    registered_memory: MemoryBackend,
) -> None:
    assert NAME in registry.names()


def test_nothing_outside_this_file_names_the_memory_backend() -> None:
    assert NAME not in registry.names()
    here = Path(__file__).resolve()
    for path in [*(REPO / "tui").rglob("*.py"), *(REPO / "tests").rglob("*.py")]:
        if path.resolve() != here:
            assert "MemoryBackend" not in path.read_text(encoding="utf-8"), path
