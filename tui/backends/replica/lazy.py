"""The service's client, opened on first need: a warm start answers from the replica and
paints before anything imports httpx and pydantic (most of what it would otherwise wait
for); the import then happens off the event loop."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Any

from tui.backends.base import Backend, ChecksChanges
from tui.backends.replica.sender import SendsWritesOnce
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


class LazyBackend:
    """Every call opens the backend first (once). The wrapper offers only the optional parts
    the registry entry declares, so only those of the calls below are ever made."""

    def __init__(
        self,
        name: str,
        capabilities: Capabilities,
        opener: Callable[[], Awaitable[Backend]],
        *,
        preload: str | None = None,
    ) -> None:
        self.name = name
        self.capabilities = capabilities
        self._opener = opener
        self._preload = preload
        self._backend: Backend | None = None
        self._lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        return f"LazyBackend({self._backend or self.name!r})"

    async def opened(self) -> Any:
        if self._backend is None:
            self._lock = self._lock or asyncio.Lock()
            async with self._lock:
                if self._backend is None:
                    if self._preload:
                        await asyncio.to_thread(importlib.import_module, self._preload)
                    backend = await self._opener()
                    if isinstance(backend, SendsWritesOnce):
                        backend.send_writes_once()
                    self._backend = backend
        return self._backend

    @property
    def server_time_offset(self) -> float | None:
        backend: Any = self._backend
        offset = None if backend is None else backend.server_time_offset
        return offset if isinstance(offset, float) else None

    async def aclose(self) -> None:
        if self._backend is not None:
            await self._backend.aclose()

    # ------------------------------------------------------------ the core

    async def get_user(self) -> User:
        return await (await self.opened()).get_user()  # type: ignore[no-any-return]

    async def list_workspaces(self) -> list[Workspace]:
        return await (await self.opened()).list_workspaces()  # type: ignore[no-any-return]

    async def list_clients(self, workspace_id: str) -> list[Client]:
        return await (await self.opened()).list_clients(workspace_id)  # type: ignore[no-any-return]

    async def list_projects(self, workspace_id: str) -> list[Project]:
        return await (await self.opened()).list_projects(workspace_id)  # type: ignore[no-any-return]

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        found = await (await self.opened()).list_tasks(workspace_id, project_id)
        return found  # type: ignore[no-any-return]

    async def list_tags(self, workspace_id: str) -> list[Tag]:
        return await (await self.opened()).list_tags(workspace_id)  # type: ignore[no-any-return]

    async def list_entries(
        self, workspace_id: str, start: datetime, end: datetime
    ) -> list[TimeEntry]:
        found = await (await self.opened()).list_entries(workspace_id, start, end)
        return found  # type: ignore[no-any-return]

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        made = await (await self.opened()).create_entry(workspace_id, fields)
        return made  # type: ignore[no-any-return]

    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        return await (await self.opened()).update_entry(entry)  # type: ignore[no-any-return]

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None:
        await (await self.opened()).delete_entry(workspace_id, entry_id)

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        return await (await self.opened()).running_entry(workspace_id)  # type: ignore[no-any-return]

    # ------------------------------------------------------------ optional parts

    async def workspace_rules(self, workspace_id: str) -> WorkspaceRules:
        return await (await self.opened()).workspace_rules(workspace_id)  # type: ignore[no-any-return]

    async def create_client(self, workspace_id: str, name: str) -> Client:
        return await (await self.opened()).create_client(workspace_id, name)  # type: ignore[no-any-return]

    async def update_client(self, client: Client) -> Client:
        return await (await self.opened()).update_client(client)  # type: ignore[no-any-return]

    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project:
        inner = await self.opened()
        return await inner.create_project(workspace_id, name, client_id, color, billable)  # type: ignore[no-any-return]

    async def update_project(self, project: Project) -> Project:
        return await (await self.opened()).update_project(project)  # type: ignore[no-any-return]

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task:
        return await (await self.opened()).create_task(workspace_id, project_id, name)  # type: ignore[no-any-return]

    async def update_task(self, task: Task) -> Task:
        return await (await self.opened()).update_task(task)  # type: ignore[no-any-return]

    async def create_tag(self, workspace_id: str, name: str) -> Tag:
        return await (await self.opened()).create_tag(workspace_id, name)  # type: ignore[no-any-return]

    async def update_tag(self, tag: Tag) -> Tag:
        return await (await self.opened()).update_tag(tag)  # type: ignore[no-any-return]

    async def create_workspace(self, name: str) -> Workspace:
        return await (await self.opened()).create_workspace(name)  # type: ignore[no-any-return]

    async def rename_workspace(self, workspace_id: str, name: str) -> Workspace:
        return await (await self.opened()).rename_workspace(workspace_id, name)  # type: ignore[no-any-return]

    async def uses_timesheets(self, workspace_id: str) -> bool:
        return await (await self.opened()).uses_timesheets(workspace_id)  # type: ignore[no-any-return]

    async def check_changes(self, workspace_id: str, changes: Sequence[Any]) -> None:
        """Asked by the replica before it keeps changes: the service's own check, where the
        opened backend has one."""
        opened = await self.opened()
        if isinstance(opened, ChecksChanges):
            await opened.check_changes(workspace_id, changes)

    async def timesheet_period(self, workspace_id: str, day: date) -> Any:
        return await (await self.opened()).timesheet_period(workspace_id, day)

    async def submit_timesheet(
        self, workspace_id: str, period: Any, comment: str | None = None
    ) -> Any:
        return await (await self.opened()).submit_timesheet(workspace_id, period, comment)

    async def timesheet_periods(self, workspace_id: str, first: date, last: date) -> Any:
        return await (await self.opened()).timesheet_periods(workspace_id, first, last)

    async def undo_submission(self, workspace_id: str, period: Any) -> Any:
        return await (await self.opened()).undo_submission(workspace_id, period)

    async def terms(self, workspace_id: str) -> Any:
        return await (await self.opened()).terms(workspace_id)

    async def list_time_off(self, workspace_id: str, first: date, last: date) -> Any:
        return await (await self.opened()).list_time_off(workspace_id, first, last)
