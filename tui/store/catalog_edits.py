"""Workspaces, clients, projects, tasks and tags: each change goes to the backend, then the
catalog is read again so every screen sees the same names."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar

from tui.backends.base import WorkspaceAdmin, catalog_writes
from tui.backends.errors import BackendError
from tui.domain.models import Client, Project, Tag, Task, Workspace

if TYPE_CHECKING:
    from tui.backends.base import Backend
    from tui.store.snapshot import Severity, Snapshot

T = TypeVar("T")


class CatalogEdits:
    if TYPE_CHECKING:
        backend: Backend
        snapshot: Snapshot

        def _publish(self, **changes: Any) -> None: ...
        def say(self, message: str, severity: Severity = "information") -> None: ...
        def _workspace_id(self) -> str: ...
        async def refresh_catalog(self) -> None: ...

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
            catalog_writes(self.backend).create_client(ws, name.strip()),
            f"Created client {name.strip()}",
        )

    async def update_client(self, client: Client) -> Client | None:
        verb = "Archived" if client.archived else "Saved"
        return await self._call(
            catalog_writes(self.backend).update_client(client), f"{verb} client {client.name}"
        )

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
            catalog_writes(self.backend).create_project(
                ws, name.strip(), client_id, color, billable
            ),
            f"Created project {name.strip()}",
        )

    async def update_project(self, project: Project) -> Project | None:
        verb = "Archived" if project.archived else "Saved"
        return await self._call(
            catalog_writes(self.backend).update_project(project), f"{verb} project {project.name}"
        )

    # ------------------------------------------------------------ tasks

    async def create_task(self, project_id: str, name: str) -> Task | None:
        ws = self._workspace_id()
        return await self._call(
            catalog_writes(self.backend).create_task(ws, project_id, name.strip()),
            f"Created task {name.strip()}",
        )

    async def update_task(self, task: Task) -> Task | None:
        verb = "Marked done:" if task.done else "Saved task"
        return await self._call(
            catalog_writes(self.backend).update_task(task), f"{verb} {task.name}"
        )

    # ------------------------------------------------------------ tags

    async def create_tag(self, name: str) -> Tag | None:
        ws = self._workspace_id()
        return await self._call(
            catalog_writes(self.backend).create_tag(ws, name.strip()), f"Created tag {name.strip()}"
        )

    async def update_tag(self, tag: Tag) -> Tag | None:
        verb = "Archived" if tag.archived else "Saved"
        return await self._call(
            catalog_writes(self.backend).update_tag(tag), f"{verb} tag {tag.name}"
        )
