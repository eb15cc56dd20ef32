"""The optional parts of the wrapped backend, each present only when the inner backend has
it (the store asks with ``isinstance``, so a wrapper claiming a part its service lacks would
offer what cannot be done). Catalog changes and workspace changes go straight to the service
and are then kept in the replica; a client, project, task or tag made while the service does
not answer is kept under a local id and made later (``catalog_journal``). Renames and
workspace changes still need the service."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from tui.backends.base import (
    Backend,
    CatalogWrites,
    ChecksChanges,
    ChecksFromCache,
    HasTerms,
    HasWorkspaceRules,
    ServerClock,
    TimeOffReader,
    TimesheetDetails,
    TimesheetPeriods,
    WorkspaceAdmin,
    WorkspaceTimesheets,
)
from tui.backends.changes import EntryChange
from tui.backends.errors import BackendError, NotSentError
from tui.backends.replica import catalog_journal, tables
from tui.backends.replica.backend import ReplicaBackend
from tui.backends.replica.reads import unreachable
from tui.backends.replica.schema import new_local_id
from tui.domain.models import (
    DEFAULT_PROJECT_COLOR,
    Client,
    Project,
    Tag,
    Task,
    Workspace,
    WorkspaceRules,
)
from tui.domain.periods import TimesheetPeriod
from tui.domain.terms import Terms
from tui.domain.time_off import TimeOff

M = TypeVar("M", Client, Project, Task, Tag)


class _Part(ReplicaBackend):
    async def _keep(self, ws: str | None, kind: str, item: M) -> M:
        """Put what the service made or changed into the replica's catalog."""

        def run(conn: sqlite3.Connection) -> None:
            where = ws
            if where is None:
                found = conn.execute(
                    "SELECT ws FROM catalog WHERE kind = ? AND id = ?", (kind, item.id)
                ).fetchone()
                if found is None:
                    return
                where = str(found[0])
            if tables.catalog(conn, where, kind) is not None:
                tables.put_catalog_item(conn, where, kind, item.as_dict())

        await self._db.write(run)
        return item

    async def _forget_periods(self, ws: str) -> None:
        """The periods kept for the grid are read afresh after a submission changed one."""
        await self._db.write(
            lambda conn: conn.execute(
                "DELETE FROM meta WHERE key LIKE ? ESCAPE '\\'", (f"periods:{_like(ws)}:%",)
            )
        )


class CatalogWritesPart(_Part):
    """A client, project, task or tag is made on the service when it answers; when it does
    not, the item is kept in the replica under a local id and made later, in order, before
    any entry that names it (see ``catalog_journal``)."""

    async def _made(
        self, ws: str, kind: str, make: Callable[[], Awaitable[M]], offline_item: M
    ) -> M:
        self._start()
        unknown = 0  # how many sends began whose outcome is unknown: looked up before again
        if not (self._offline and self._clock() < self._retry_at):
            try:
                return await self._keep(ws, kind, await make())
            except BackendError as err:
                if not unreachable(err):
                    raise
                unknown = 0 if isinstance(err, NotSentError) else 1
                self._heard(False)
        at = self._clock()

        def run(conn: sqlite3.Connection) -> None:
            catalog_journal.journal_item(conn, ws, kind, offline_item, at)
            if unknown:
                conn.execute(
                    "UPDATE catalog_journal SET tries = ? WHERE local_id = ?",
                    (unknown, offline_item.id),
                )

        await self._db.write(run)
        self._kick()
        await self._update_report()
        return offline_item

    async def create_client(self, workspace_id: str, name: str) -> Client:
        inner: Any = self.inner
        local = Client(id=new_local_id(), workspace_id=workspace_id, name=name)
        return await self._made(
            workspace_id, "client", lambda: inner.create_client(workspace_id, name), local
        )

    async def update_client(self, client: Client) -> Client:
        inner: Any = self.inner
        saved: Client = await inner.update_client(client)
        return await self._keep(client.workspace_id, "client", saved)

    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project:
        inner: Any = self.inner
        local = Project(
            id=new_local_id(),
            workspace_id=workspace_id,
            name=name,
            client_id=client_id,
            billable=billable,
            color=color or DEFAULT_PROJECT_COLOR,
        )
        return await self._made(
            workspace_id,
            "project",
            lambda: inner.create_project(workspace_id, name, client_id, color, billable),
            local,
        )

    async def update_project(self, project: Project) -> Project:
        inner: Any = self.inner
        saved: Project = await inner.update_project(project)
        return await self._keep(project.workspace_id, "project", saved)

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task:
        inner: Any = self.inner
        local = Task(id=new_local_id(), project_id=project_id, name=name)
        return await self._made(
            workspace_id, "task", lambda: inner.create_task(workspace_id, project_id, name), local
        )

    async def update_task(self, task: Task) -> Task:
        inner: Any = self.inner
        saved: Task = await inner.update_task(task)
        return await self._keep(None, "task", saved)

    async def create_tag(self, workspace_id: str, name: str) -> Tag:
        inner: Any = self.inner
        local = Tag(id=new_local_id(), workspace_id=workspace_id, name=name)
        return await self._made(
            workspace_id, "tag", lambda: inner.create_tag(workspace_id, name), local
        )

    async def update_tag(self, tag: Tag) -> Tag:
        inner: Any = self.inner
        saved: Tag = await inner.update_tag(tag)
        return await self._keep(tag.workspace_id, "tag", saved)


class WorkspaceRulesPart(_Part):
    async def workspace_rules(self, workspace_id: str) -> WorkspaceRules:
        inner: Any = self.inner
        key = f"rules:{workspace_id}"
        rules: WorkspaceRules = await self._reads.cached(
            key,
            lambda conn: _rules(tables.meta(conn, key)),
            lambda: inner.workspace_rules(workspace_id),
            lambda conn, got: tables.set_meta(conn, key, got.as_dict()),
        )
        return rules


def _rules(data: Any) -> WorkspaceRules | None:
    return None if data is None else WorkspaceRules(**data)


class ServerClockPart(_Part):
    @property
    def server_time_offset(self) -> float | None:
        inner: Any = self.inner
        offset = inner.server_time_offset
        return offset if isinstance(offset, float) else None


class WorkspaceAdminPart(_Part):
    async def _forget_workspaces(self) -> None:
        await self._db.write(lambda conn: conn.execute("DELETE FROM meta WHERE key = 'workspaces'"))

    async def create_workspace(self, name: str) -> Workspace:
        inner: Any = self.inner
        made: Workspace = await inner.create_workspace(name)
        await self._forget_workspaces()
        return made

    async def rename_workspace(self, workspace_id: str, name: str) -> Workspace:
        inner: Any = self.inner
        saved: Workspace = await inner.rename_workspace(workspace_id, name)
        await self._forget_workspaces()
        return saved


class TimesheetPeriodsPart(_Part):
    async def timesheet_period(self, workspace_id: str, day: date) -> TimesheetPeriod:
        inner: Any = self.inner
        period: TimesheetPeriod = await inner.timesheet_period(workspace_id, day)
        return period

    async def submit_timesheet(
        self, workspace_id: str, period: TimesheetPeriod, comment: str | None = None
    ) -> TimesheetPeriod:
        inner: Any = self.inner
        done: TimesheetPeriod = await inner.submit_timesheet(workspace_id, period, comment)
        await self._forget_periods(workspace_id)
        return done


class WorkspaceTimesheetsPart(_Part):
    async def uses_timesheets(self, workspace_id: str) -> bool:
        inner: Any = self.inner
        key = f"timesheets:{workspace_id}"
        used: bool = await self._reads.cached(
            key,
            lambda conn: _flag(tables.meta(conn, key)),
            lambda: inner.uses_timesheets(workspace_id),
            lambda conn, got: tables.set_meta(conn, key, got),
        )
        return used


class ChecksChangesPart(_Part):
    """The service's own check, which the replica already asks before it keeps changes."""

    async def check_changes(self, workspace_id: str, changes: Sequence[EntryChange]) -> None:
        inner: Any = self.inner
        await inner.check_changes(workspace_id, changes)


class ChecksFromCachePart(_Part):
    """The service's check needs no request, so the journal asks it offline too."""

    checks_from_cache = True


def _flag(data: Any) -> bool | None:
    return None if data is None else bool(data)


class TimesheetDetailsPart(_Part):
    """A week's periods are kept with the week, so a warm start and a week change paint
    without waiting for the service, then refresh in the background as the entries do (the
    grid follows when they changed). A stale period cannot do harm meanwhile: an edit is
    checked by the service's own check and again when sent, and a submission or its undo
    goes straight to the service, which says what it allows, and is read afresh after."""

    async def timesheet_periods(
        self, workspace_id: str, first: date, last: date
    ) -> list[TimesheetPeriod]:
        inner: Any = self.inner
        key = f"periods:{workspace_id}:{first.isoformat()}:{last.isoformat()}"
        periods: list[TimesheetPeriod] = await self._reads.cached(
            key,
            lambda conn: _periods(tables.meta(conn, key)),
            lambda: inner.timesheet_periods(workspace_id, first, last),
            lambda conn, got: tables.set_meta(conn, key, [_period_json(p) for p in got]),
        )
        return periods

    async def undo_submission(self, workspace_id: str, period: TimesheetPeriod) -> TimesheetPeriod:
        inner: Any = self.inner
        done: TimesheetPeriod = await inner.undo_submission(workspace_id, period)
        await self._forget_periods(workspace_id)
        return done


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _period_json(period: TimesheetPeriod) -> dict[str, Any]:
    return asdict(period) | {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _periods(data: Any) -> list[TimesheetPeriod] | None:
    if data is None:
        return None
    return [
        TimesheetPeriod(
            **item
            | {"start": date.fromisoformat(item["start"]), "end": date.fromisoformat(item["end"])}
        )
        for item in data
    ]


class TermsPart(_Part):
    """Kept with the catalog, so a start from disk already speaks the company's words."""

    async def terms(self, workspace_id: str) -> Terms:
        inner: Any = self.inner
        key = f"terms:{workspace_id}"
        terms: Terms = await self._reads.cached(
            key,
            lambda conn: _terms(tables.meta(conn, key)),
            lambda: inner.terms(workspace_id),
            lambda conn, got: tables.set_meta(conn, key, asdict(got)),
        )
        return terms


def _terms(data: Any) -> Terms | None:
    return None if data is None else Terms(**data)


class TimeOffPart(_Part):
    """Kept with the week, read from disk first and refreshed as the entries are."""

    async def list_time_off(self, workspace_id: str, first: date, last: date) -> list[TimeOff]:
        inner: Any = self.inner
        key = f"time_off:{workspace_id}:{first.isoformat()}:{last.isoformat()}"
        found: list[TimeOff] = await self._reads.cached(
            key,
            lambda conn: _time_off(tables.meta(conn, key)),
            lambda: inner.list_time_off(workspace_id, first, last),
            lambda conn, got: tables.set_meta(
                conn, key, [asdict(t) | {"day": t.day.isoformat()} for t in got]
            ),
        )
        return found


def _time_off(data: Any) -> list[TimeOff] | None:
    if data is None:
        return None
    return [TimeOff(**item | {"day": date.fromisoformat(item["day"])}) for item in data]


_PARTS: tuple[tuple[type, type[_Part]], ...] = (
    (CatalogWrites, CatalogWritesPart),
    (HasWorkspaceRules, WorkspaceRulesPart),
    (ServerClock, ServerClockPart),
    (WorkspaceAdmin, WorkspaceAdminPart),
    (TimesheetPeriods, TimesheetPeriodsPart),
    (WorkspaceTimesheets, WorkspaceTimesheetsPart),
    (ChecksChanges, ChecksChangesPart),
    (ChecksFromCache, ChecksFromCachePart),
    (TimesheetDetails, TimesheetDetailsPart),
    (HasTerms, TermsPart),
    (TimeOffReader, TimeOffPart),
)
_classes: dict[tuple[type, ...], type[ReplicaBackend]] = {}


def wrap(
    inner: Backend, path: Path, *, parts: tuple[type, ...] | None = None, **options: Any
) -> ReplicaBackend:
    """``inner`` behind a replica at ``path``, with exactly the optional parts it has (or,
    for a backend not opened yet, the ``parts`` its registry entry declares)."""
    if parts is None:
        parts = tuple(protocol for protocol, _ in _PARTS if isinstance(inner, protocol))
    parts = tuple(part for protocol, part in _PARTS if protocol in parts)
    cls = _classes.get(parts)
    if cls is None:
        cls = type("ReplicaBackend", (*parts, ReplicaBackend), {}) if parts else ReplicaBackend
        _classes[parts] = cls
    return cls(inner, path, **options)
