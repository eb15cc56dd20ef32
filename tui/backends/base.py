"""The one protocol every backend implements. Small and async, so a caching wrapper can
compose with any remote backend later."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from tui.domain.models import (
    Capabilities,
    Client,
    EntryFields,
    Project,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
    WorkspaceRules,
)


@runtime_checkable
class Backend(Protocol):
    name: str
    capabilities: Capabilities

    async def get_user(self) -> User: ...

    # Workspaces
    async def list_workspaces(self) -> list[Workspace]: ...
    async def create_workspace(self, name: str) -> Workspace: ...
    async def rename_workspace(self, workspace_id: str, name: str) -> Workspace: ...
    async def workspace_rules(self, workspace_id: str) -> WorkspaceRules:
        """What the workspace requires of every entry."""
        ...

    # Clients, projects, tasks, tags: lists include archived/done items; callers filter.
    async def list_clients(self, workspace_id: str) -> list[Client]: ...
    async def create_client(self, workspace_id: str, name: str) -> Client: ...
    async def update_client(self, client: Client) -> Client: ...

    async def list_projects(self, workspace_id: str) -> list[Project]: ...
    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project: ...
    async def update_project(self, project: Project) -> Project: ...

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        """Tasks of one project, or of every project in the workspace when ``None``."""
        ...

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task: ...
    async def update_task(self, workspace_id: str, task: Task) -> Task: ...

    async def list_tags(self, workspace_id: str) -> list[Tag]: ...
    async def create_tag(self, workspace_id: str, name: str) -> Tag: ...
    async def update_tag(self, tag: Tag) -> Tag: ...

    # Time entries
    async def list_entries(
        self, workspace_id: str, start: datetime, end: datetime
    ) -> list[TimeEntry]:
        """Entries that overlap ``[start, end)``, the running one included, sorted by start."""
        ...

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry: ...
    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        """Replace the whole entry (every field is sent)."""
        ...

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None: ...
    async def running_entry(self, workspace_id: str) -> TimeEntry | None: ...

    async def aclose(self) -> None: ...
