"""Workspaces, clients, projects, tasks and tags: each change goes to the backend, then the
catalog is read again so every screen sees the same names."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from tui.backends.base import Backend, CatalogWrites, WorkspaceAdmin, catalog_writes
from tui.backends.errors import BackendError
from tui.domain.models import Client, Project, Tag, Task, Workspace
from tui.domain.timesheet import RowKey
from tui.store.publisher import Publisher
from tui.store.row_choice import RowChoice
from tui.store.snapshot import Severity, Snapshot

T = TypeVar("T")


class CatalogEdits:
    def __init__(
        self,
        backend: Backend,
        publisher: Publisher,
        *,
        refresh_catalog: Callable[[], Awaitable[None]],
    ) -> None:
        self.backend = backend
        self._publisher = publisher
        self.refresh_catalog = refresh_catalog

    @property
    def _writes(self) -> CatalogWrites:
        """The backend's catalog writes, or stand-ins that refuse with a message."""
        return catalog_writes(self.backend)

    @property
    def snapshot(self) -> Snapshot:
        return self._publisher.snapshot

    def _publish(self, **changes: Any) -> None:
        self._publisher.publish(**changes)

    def say(self, message: str, severity: Severity = "information") -> None:
        self._publisher.say(message, severity)

    def _workspace_id(self) -> str:
        return self._publisher.workspace_id()

    async def _call(self, action: Awaitable[T], done: str) -> T | None:
        try:
            result = await action
        except BackendError as err:
            self.say(str(err), "error")
            return None
        await self.refresh_catalog()
        self.say(done)
        return result

    # ------------------------------------------------------------ workspaces

    async def create_workspace(self, name: str) -> Workspace | None:
        if not isinstance(self.backend, WorkspaceAdmin):
            self.say(f"Workspaces are not created in punch on {self.backend.name}.", "error")
            return None
        try:
            workspace = await self.backend.create_workspace(name.strip())
            workspaces = await self.backend.list_workspaces()
        except BackendError as err:
            self.say(str(err), "error")
            return None
        self._publish(workspaces=tuple(workspaces), message=f"Created workspace {workspace.name}")
        return workspace

    async def rename_workspace(self, workspace_id: str, name: str) -> Workspace | None:
        if not isinstance(self.backend, WorkspaceAdmin):
            self.say(f"Workspaces are not renamed in punch on {self.backend.name}.", "error")
            return None
        try:
            renamed = await self.backend.rename_workspace(workspace_id, name.strip())
            workspaces = await self.backend.list_workspaces()
        except BackendError as err:
            self.say(str(err), "error")
            return None
        current = self.snapshot.workspace
        if current is not None and current.id == renamed.id:
            current = renamed
        self._publish(
            workspaces=tuple(workspaces),
            workspace=current,
            message=f"Renamed workspace to {renamed.name}",
        )
        return renamed

    # ------------------------------------------------------------ clients

    async def create_client(self, name: str) -> Client | None:
        ws = self._workspace_id()
        return await self._call(
            self._writes.create_client(ws, name.strip()),
            f"Created client {name.strip()}",
        )

    async def update_client(self, client: Client) -> Client | None:
        verb = "Archived" if client.archived else "Saved"
        return await self._call(self._writes.update_client(client), f"{verb} client {client.name}")

    # ------------------------------------------------------------ projects

    async def create_project(
        self,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project | None:
        ws = self._workspace_id()
        return await self._call(
            self._writes.create_project(ws, name.strip(), client_id, color, billable),
            f"Created project {name.strip()}",
        )

    async def update_project(self, project: Project) -> Project | None:
        verb = "Archived" if project.archived else "Saved"
        return await self._call(
            self._writes.update_project(project), f"{verb} project {project.name}"
        )

    # ------------------------------------------------------------ tasks

    async def create_task(self, project_id: str, name: str) -> Task | None:
        ws = self._workspace_id()
        return await self._call(
            self._writes.create_task(ws, project_id, name.strip()),
            f"Created task {name.strip()}",
        )

    async def update_task(self, task: Task) -> Task | None:
        verb = "Marked done:" if task.done else "Saved task"
        return await self._call(self._writes.update_task(task), f"{verb} {task.name}")

    # ------------------------------------------------------------ tags

    async def create_tag(self, name: str) -> Tag | None:
        ws = self._workspace_id()
        return await self._call(
            self._writes.create_tag(ws, name.strip()), f"Created tag {name.strip()}"
        )

    async def update_tag(self, tag: Tag) -> Tag | None:
        verb = "Archived" if tag.archived else "Saved"
        return await self._call(self._writes.update_tag(tag), f"{verb} tag {tag.name}")

    # ------------------------------------------------------------ what the row picker names

    async def create_row(self, choice: RowChoice) -> RowKey | None:
        """Create the client, project and task a picker choice names (reusing a client of
        that name); the new row's key, or None (and a message) when the backend refuses."""
        ws = self._workspace_id()
        snap = self.snapshot
        try:
            project_id = choice.project_id
            if project_id is None:
                if not choice.project:
                    raise BackendError("Name a project to create")
                client_id = None
                if choice.client:
                    found = next(
                        (c for c in snap.clients if c.name.casefold() == choice.client.casefold()),
                        None,
                    )
                    client = found or await self._writes.create_client(ws, choice.client)
                    client_id = client.id
                project_id = (await self._writes.create_project(ws, choice.project, client_id)).id
            task_id = None
            if choice.task:
                task_id = (await self._writes.create_task(ws, project_id, choice.task)).id
        except BackendError as err:
            self.say(str(err), "error")
            return None
        await self.refresh_catalog()
        return (project_id, task_id)

    async def ensure_tags(self, names: Iterable[str]) -> tuple[str, ...]:
        """Ids for tag names, creating the ones that do not exist yet."""
        ws = self._workspace_id()
        known = {t.name.casefold(): t.id for t in self.snapshot.tags}
        ids: list[str] = []
        created = False
        for name in names:
            name = name.strip()
            if not name:
                continue
            if name.casefold() not in known:
                known[name.casefold()] = (await self._writes.create_tag(ws, name)).id
                created = True
            if known[name.casefold()] not in ids:
                ids.append(known[name.casefold()])
        if created:
            await self.refresh_catalog()
        return tuple(ids)
