"""The embedded store: the whole Backend protocol over one SQLite file, no account needed."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tui.backends.errors import BackendError, NotFoundError, ValidationError
from tui.backends.local import schema
from tui.domain.models import (
    DEFAULT_PROJECT_COLOR,
    Capabilities,
    Client,
    EntryFields,
    Model,
    Project,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
    WorkspaceRules,
)

if TYPE_CHECKING:
    from tui.backends.base import Backend, CatalogWrites, HasWorkspaceRules, WorkspaceAdmin

T = TypeVar("T")
M = TypeVar("M", bound=Model)
Named = TypeVar("Named", Client, Tag)

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_DEFAULT_COLOR = DEFAULT_PROJECT_COLOR
_TAG_INSERT = "INSERT INTO entry_tag (entry_id, tag_id, position) VALUES (?, ?, ?)"
_TASKS = "SELECT t.* FROM task t JOIN project p ON p.id = t.project_id WHERE p.workspace_id = ?"


class LocalBackend:
    """Every call is one SQLite transaction, run off the event loop.

    Nothing is cached between calls, so two punch processes on one file see each other's
    writes on their next call.
    """

    name: str = "local"
    capabilities: Capabilities = Capabilities(
        billable=True,
        tags=True,
        clients=True,
        running_timer=True,
        submit_timesheet=False,
        create_workspaces=True,
    )

    def __init__(self, path: Path) -> None:
        self.path = path
        # One connection shared by worker threads; the lock keeps each transaction whole.
        self._lock = threading.Lock()
        try:
            self._conn: sqlite3.Connection | None = schema.connect(path)
        except sqlite3.Error as err:
            raise _mapped(err) from err

    def _run(self, work: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise BackendError("The local data file is already closed.")
            try:
                # IMMEDIATE takes the write lock up front, so checks made inside the
                # transaction still hold when it commits; reads get one consistent snapshot.
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    result = work(conn)
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
                return result
            except sqlite3.Error as err:
                raise _mapped(err) from err

    async def _read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self._run, work, write=False)

    async def _write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.to_thread(self._run, work, write=True)

    async def aclose(self) -> None:
        def close() -> None:
            with self._lock:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None

        await asyncio.to_thread(close)

    # User and workspaces

    async def get_user(self) -> User:
        sql = "SELECT * FROM person ORDER BY rowid LIMIT 1"
        return await self._read(lambda conn: _model(User, conn.execute(sql).fetchone()))

    async def list_workspaces(self) -> list[Workspace]:
        sql = "SELECT * FROM workspace ORDER BY rowid"
        return await self._read(lambda conn: [_model(Workspace, r) for r in conn.execute(sql)])

    async def create_workspace(self, name: str) -> Workspace:
        workspace = Workspace(id=schema.new_id(), name=schema.clean_name(name, "workspace"))

        def run(conn: sqlite3.Connection) -> Workspace:
            conn.execute("INSERT INTO workspace VALUES (?, ?)", (workspace.id, workspace.name))
            return workspace

        return await self._write(run)

    async def rename_workspace(self, workspace_id: str, name: str) -> Workspace:
        workspace = Workspace(id=workspace_id, name=schema.clean_name(name, "workspace"))

        def run(conn: sqlite3.Connection) -> Workspace:
            schema.require_workspace(conn, workspace_id)
            conn.execute(
                "UPDATE workspace SET name = ? WHERE id = ?", (workspace.name, workspace.id)
            )
            return workspace

        return await self._write(run)

    # Clients, projects, tasks, tags

    async def workspace_rules(self, workspace_id: str) -> WorkspaceRules:
        await self._read(lambda conn: schema.require_workspace(conn, workspace_id))
        return WorkspaceRules()  # the embedded store demands nothing of an entry

    async def list_clients(self, workspace_id: str) -> list[Client]:
        return await self._read(lambda conn: _catalog(conn, Client, "client", workspace_id))

    async def create_client(self, workspace_id: str, name: str) -> Client:
        client = Client(id=schema.new_id(), workspace_id=workspace_id, name=name)
        return await self._write(lambda conn: _save_named(conn, "client", client, new=True))

    async def update_client(self, client: Client) -> Client:
        return await self._write(lambda conn: _save_named(conn, "client", client, new=False))

    async def list_projects(self, workspace_id: str) -> list[Project]:
        return await self._read(lambda conn: _catalog(conn, Project, "project", workspace_id))

    async def create_project(
        self,
        workspace_id: str,
        name: str,
        client_id: str | None = None,
        color: str | None = None,
        billable: bool = False,
    ) -> Project:
        project = Project(
            id=schema.new_id(),
            workspace_id=workspace_id,
            name=name,
            client_id=client_id,
            color=color or _DEFAULT_COLOR,
            billable=billable,
        )
        return await self._write(lambda conn: _save_project(conn, project, new=True))

    async def update_project(self, project: Project) -> Project:
        return await self._write(lambda conn: _save_project(conn, project, new=False))

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        """Tasks of one project, or of every project in the workspace when ``None``."""

        def run(conn: sqlite3.Connection) -> list[Task]:
            schema.require_workspace(conn, workspace_id)
            sql, params = _TASKS, [workspace_id]
            if project_id is not None:
                schema.require(conn, "project", project_id, workspace_id)
                sql, params = f"{sql} AND t.project_id = ?", [workspace_id, project_id]
            sql += " ORDER BY p.name COLLATE NOCASE, p.id, t.name COLLATE NOCASE"
            return [_model(Task, row) for row in conn.execute(sql, params)]

        return await self._read(run)

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task:
        task = Task(id=schema.new_id(), project_id=project_id, name=name)
        return await self._write(lambda conn: _save_task(conn, workspace_id, task, new=True))

    async def update_task(self, task: Task) -> Task:
        return await self._write(lambda conn: _save_task(conn, None, task, new=False))

    async def list_tags(self, workspace_id: str) -> list[Tag]:
        return await self._read(lambda conn: _catalog(conn, Tag, "tag", workspace_id))

    async def create_tag(self, workspace_id: str, name: str) -> Tag:
        tag = Tag(id=schema.new_id(), workspace_id=workspace_id, name=name)
        return await self._write(lambda conn: _save_named(conn, "tag", tag, new=True))

    async def update_tag(self, tag: Tag) -> Tag:
        return await self._write(lambda conn: _save_named(conn, "tag", tag, new=False))

    # Time entries

    async def list_entries(
        self, workspace_id: str, start: datetime, end: datetime
    ) -> list[TimeEntry]:
        """Entries that overlap ``[start, end)``, the running one included, sorted by start."""
        schema.require_aware(start, end)
        # The last test keeps a zero-length entry that starts inside the window.
        where = (
            "workspace_id = ? AND start_at < ? AND (end_at IS NULL OR end_at > ? OR start_at >= ?)"
        )
        params = (
            workspace_id,
            schema.to_epoch_ceil(end),
            schema.to_epoch(start),
            schema.to_epoch_ceil(start),
        )

        def run(conn: sqlite3.Connection) -> list[TimeEntry]:
            schema.require_workspace(conn, workspace_id)
            return _select_entries(conn, where, params) if start < end else []

        return await self._read(run)

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        def run(conn: sqlite3.Connection) -> TimeEntry | None:
            schema.require_workspace(conn, workspace_id)
            found = _select_entries(conn, "workspace_id = ? AND end_at IS NULL", (workspace_id,))
            return found[0] if found else None

        return await self._read(run)

    async def create_entry(self, workspace_id: str, fields: EntryFields) -> TimeEntry:
        """Add an entry. Times are kept to the whole second, rounded down.

        Only one entry per workspace runs at a time: creating one with ``end=None`` stops the
        running entry at the new entry's start, so the two meet with no gap and no overlap.
        A timer cannot start before the running one did (``ValidationError``).
        """
        return (await self.bulk_insert_entries(workspace_id, [fields]))[0]

    async def bulk_insert_entries(
        self, workspace_id: str, entries: Sequence[EntryFields]
    ) -> list[TimeEntry]:
        """Add many entries in one transaction: all of them, or none if any is invalid.

        The rules of ``create_entry`` apply, and at most one of them may be running.
        """
        if sum(fields.end is None for fields in entries) > 1:
            raise ValidationError("Only one time entry can be running at a time.")

        def run(conn: sqlite3.Connection) -> list[TimeEntry]:
            schema.require_workspace(conn, workspace_id)
            refs = schema.Refs.load(conn, workspace_id)
            created = [refs.entry(schema.new_id(), workspace_id, fields) for fields in entries]
            for entry in created:
                if entry.end is None:
                    _stop_running(conn, entry)
            conn.executemany(schema.ENTRY_INSERT, [schema.entry_row(e) for e in created])
            conn.executemany(
                _TAG_INSERT,
                [(e.id, tag, pos) for e in created for pos, tag in enumerate(e.tag_ids)],
            )
            return created

        return await self._write(run)

    async def update_entry(self, entry: TimeEntry) -> TimeEntry:
        """Replace the whole entry (every field is sent). Making it run stops any other timer."""

        def run(conn: sqlite3.Connection) -> TimeEntry:
            ws = entry.workspace_id
            schema.require(conn, "entry", entry.id, ws)
            saved = schema.Refs.load(conn, ws).entry(entry.id, ws, entry)
            if saved.end is None:
                _stop_running(conn, saved)
            conn.execute(
                "UPDATE entry SET start_at = ?, end_at = ?, description = ?, project_id = ?,"
                " task_id = ?, billable = ? WHERE id = ?",
                (*schema.entry_row(saved)[2:], saved.id),
            )
            conn.execute("DELETE FROM entry_tag WHERE entry_id = ?", (saved.id,))
            conn.executemany(
                _TAG_INSERT, [(saved.id, tag, pos) for pos, tag in enumerate(saved.tag_ids)]
            )
            return saved

        return await self._write(run)

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None:
        def run(conn: sqlite3.Connection) -> None:
            schema.require(conn, "entry", entry_id, workspace_id)
            conn.execute("DELETE FROM entry WHERE id = ?", (entry_id,))

        await self._write(run)


# Each helper below runs inside the transaction of the connection it is given.


def _model(model: type[M], row: sqlite3.Row) -> M:
    """A model from a row of our own store, which only ever holds values that were validated
    on the way in: constructed without validating again, as start-up reads hundreds."""
    data = dict(row)
    for field in dataclasses.fields(model):  # type: ignore[arg-type]
        if field.type in (bool, "bool") and field.name in data:
            data[field.name] = bool(data[field.name])  # SQLite keeps booleans as 0/1
    return model(
        **{
            f.name: data[f.name]
            for f in dataclasses.fields(model)  # type: ignore[arg-type]
            if f.name in data
        }
    )


def _catalog(conn: sqlite3.Connection, model: type[M], table: str, workspace_id: str) -> list[M]:
    schema.require_workspace(conn, workspace_id)
    sql = f"SELECT * FROM {table} WHERE workspace_id = ? ORDER BY name COLLATE NOCASE, id"
    return [_model(model, row) for row in conn.execute(sql, (workspace_id,))]


def _save_named(conn: sqlite3.Connection, table: str, item: Named, *, new: bool) -> Named:
    """Insert or update a client or a tag: both are a name unique in their workspace."""
    item = item.replace(name=schema.clean_name(item.name, table))
    ws = item.workspace_id
    if new:
        schema.require_workspace(conn, ws)
    else:
        schema.require(conn, table, item.id, ws)
    same = f"SELECT id, name FROM {table} WHERE workspace_id = ?"
    schema.check_unique(conn, table, same, (ws,), item.id, item.name)
    if new:
        sql = f"INSERT INTO {table} (name, archived, id, workspace_id) VALUES (?, ?, ?, ?)"
    else:
        sql = f"UPDATE {table} SET name = ?, archived = ? WHERE id = ? AND workspace_id = ?"
    conn.execute(sql, (item.name, item.archived, item.id, ws))
    return item


def _save_project(conn: sqlite3.Connection, project: Project, *, new: bool) -> Project:
    project = project.replace(name=schema.clean_name(project.name, "project"))
    ws, client_id = project.workspace_id, project.client_id
    if new:
        schema.require_workspace(conn, ws)
    else:
        schema.require(conn, "project", project.id, ws)
    if client_id is not None and not schema.exists(conn, "client", client_id, ws):
        raise ValidationError(f"There is no client with id {client_id!r}.")
    if not _COLOR.fullmatch(project.color):
        raise ValidationError(f"{project.color!r} is not a colour like #5a9bd5.")
    # Projects of different clients may share a name; ``IS`` matches NULL to NULL.
    same = "SELECT id, name FROM project WHERE workspace_id = ? AND client_id IS ?"
    schema.check_unique(conn, "project", same, (ws, client_id), project.id, project.name)
    values = (client_id, project.name, project.color, project.billable, project.archived)
    if new:
        sql = "INSERT INTO project (client_id, name, color, billable, archived, id, workspace_id)"
        sql += " VALUES (?, ?, ?, ?, ?, ?, ?)"
    else:
        sql = "UPDATE project SET client_id = ?, name = ?, color = ?, billable = ?, archived = ?"
        sql += " WHERE id = ? AND workspace_id = ?"
    conn.execute(sql, (*values, project.id, ws))
    return project


def _save_task(
    conn: sqlite3.Connection, workspace_id: str | None, task: Task, *, new: bool
) -> Task:
    """A new task names the workspace its project is in; a changed one is found by its id."""
    task = task.replace(name=schema.clean_name(task.name, "task"))
    if workspace_id is not None:
        schema.require(conn, "project", task.project_id, workspace_id)
    else:
        row = conn.execute("SELECT t.project_id FROM task t WHERE t.id = ?", (task.id,)).fetchone()
        if row is None:
            raise NotFoundError(f"There is no task with id {task.id!r}.")
        if row["project_id"] != task.project_id:
            raise ValidationError("A task cannot move to another project.")
    same = "SELECT id, name FROM task WHERE project_id = ?"
    schema.check_unique(conn, "task", same, (task.project_id,), task.id, task.name)
    if new:
        sql = "INSERT INTO task (name, done, id, project_id) VALUES (?, ?, ?, ?)"
    else:
        sql = "UPDATE task SET name = ?, done = ? WHERE id = ? AND project_id = ?"
    conn.execute(sql, (task.name, task.done, task.id, task.project_id))
    return task


def _select_entries(
    conn: sqlite3.Connection, where: str, params: tuple[object, ...]
) -> list[TimeEntry]:
    rows = conn.execute(f"SELECT * FROM entry WHERE {where} ORDER BY start_at, rowid", params)
    entries = rows.fetchall()
    tags: dict[str, list[str]] = {}
    for entry_id, tag_id in conn.execute(
        "SELECT entry_tag.entry_id, entry_tag.tag_id FROM entry_tag"
        f" JOIN entry ON entry.id = entry_tag.entry_id WHERE {where}"
        " ORDER BY entry_tag.entry_id, entry_tag.position",
        params,
    ):
        tags.setdefault(entry_id, []).append(tag_id)
    return [schema.entry_from(row, tags.get(row["id"], ())) for row in entries]


def _stop_running(conn: sqlite3.Connection, starting: TimeEntry) -> None:
    row = conn.execute(
        "SELECT id, start_at FROM entry WHERE workspace_id = ? AND end_at IS NULL",
        (starting.workspace_id,),
    ).fetchone()
    if row is None or row["id"] == starting.id:
        return
    start_at = schema.to_epoch(starting.start)
    if start_at < row["start_at"]:
        raise ValidationError(
            "A timer cannot start before the running one did; stop or edit that one first."
        )
    conn.execute("UPDATE entry SET end_at = ? WHERE id = ?", (start_at, row["id"]))


def _mapped(err: sqlite3.Error) -> BackendError:
    text = str(err)
    if isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return BackendError(
            "The local data file is busy: another punch process is writing to it. Try again."
        )
    if isinstance(err, sqlite3.IntegrityError):
        return ValidationError(f"That change does not fit the stored data ({text}).")
    return BackendError(f"The local data file could not be used ({text}).")


if TYPE_CHECKING:
    # Fails type checking, not a user, if the class drifts from the protocols.
    _conforms: type[Backend] = LocalBackend
    _writes: type[CatalogWrites] = LocalBackend
    _admin: type[WorkspaceAdmin] = LocalBackend
    _rules: type[HasWorkspaceRules] = LocalBackend
