"""The embedded store: the whole Backend protocol over one SQLite file, no account needed."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tui.backends.changes import EntryChange
from tui.backends.errors import BackendError, ValidationError
from tui.backends.local import atomic, opening, row_checks, rows, schema
from tui.backends.sqlite_tx import in_transaction
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
    from tui.backends.base import (
        Backend,
        CatalogWrites,
        HasWorkspaceRules,
        OpeningNote,
        WorkspaceAdmin,
    )
    from tui.backends.changes import AtomicChanges, ChangeWatch, WindowedChanges

T = TypeVar("T")
M = TypeVar("M", bound=Model)
Named = TypeVar("Named", Client, Tag)


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
        # Set once a read finds damage the check on opening could not see: from then on
        # nothing is written into the file.
        self._damage: BackendError | None = None
        self._scanned = False  # for entries no week shows (see list_entries)
        opened = opening.open_file(path)
        self._conn: sqlite3.Connection | None = opened.conn
        self.read_only = opened.read_only
        try:
            self._data_version = _data_version(opened.conn)
        except sqlite3.Error as err:
            opened.conn.close()
            raise rows.mapped(err) from err

    def opening_note(self) -> str:
        """Said once on the status line when the store opens (:class:`OpeningNote`)."""
        if self.read_only:
            return f"Read-only: changes cannot be saved to {self.path}"
        return ""

    def _run(self, work: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        with self._lock:
            conn = self._conn
            if conn is None:
                raise BackendError("The local data file is already closed.")
            if self._damage is not None:
                raise self._damage
            if write and self.read_only:
                raise opening.read_only_error(self.path)
            try:
                return in_transaction(conn, work, write=write)
            except sqlite3.Error as err:
                raise self._mapped(err) from None

    def _mapped(self, err: sqlite3.Error) -> BackendError:
        if opening.is_damage(err):
            self._damage = opening.damaged(self.path, str(err))
            return self._damage
        if "readonly" in str(err):  # made read-only since it was opened
            return opening.read_only_error(self.path)
        return rows.mapped(err)

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
        return await self._read(lambda conn: row_checks.user(conn.execute(sql).fetchone()))

    async def list_workspaces(self) -> list[Workspace]:
        sql = "SELECT * FROM workspace ORDER BY rowid"
        return await self._read(lambda conn: rows.row_models(Workspace, conn.execute(sql)))

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
        return await self._read(lambda conn: rows.catalog(conn, Client, "client", workspace_id))

    async def create_client(self, workspace_id: str, name: str) -> Client:
        client = Client(id=schema.new_id(), workspace_id=workspace_id, name=name)
        return await self._write(lambda conn: rows.save_named(conn, "client", client, new=True))

    async def update_client(self, client: Client) -> Client:
        return await self._write(lambda conn: rows.save_named(conn, "client", client, new=False))

    async def list_projects(self, workspace_id: str) -> list[Project]:
        return await self._read(lambda conn: rows.catalog(conn, Project, "project", workspace_id))

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
            color=color or DEFAULT_PROJECT_COLOR,
            billable=billable,
        )
        return await self._write(lambda conn: rows.save_project(conn, project, new=True))

    async def update_project(self, project: Project) -> Project:
        return await self._write(lambda conn: rows.save_project(conn, project, new=False))

    async def list_tasks(self, workspace_id: str, project_id: str | None = None) -> list[Task]:
        """Tasks of one project, or of every project in the workspace when ``None``."""

        def run(conn: sqlite3.Connection) -> list[Task]:
            schema.require_workspace(conn, workspace_id)
            sql, params = rows.TASKS, [workspace_id]
            if project_id is not None:
                schema.require(conn, "project", project_id, workspace_id)
                sql, params = f"{sql} AND t.project_id = ?", [workspace_id, project_id]
            sql += " ORDER BY p.name COLLATE NOCASE, p.id, t.name COLLATE NOCASE"
            return rows.row_models(Task, conn.execute(sql, params))

        return await self._read(run)

    async def create_task(self, workspace_id: str, project_id: str, name: str) -> Task:
        task = Task(id=schema.new_id(), project_id=project_id, name=name)
        return await self._write(lambda conn: rows.save_task(conn, workspace_id, task, new=True))

    async def update_task(self, task: Task) -> Task:
        return await self._write(lambda conn: rows.save_task(conn, None, task, new=False))

    async def list_tags(self, workspace_id: str) -> list[Tag]:
        return await self._read(lambda conn: rows.catalog(conn, Tag, "tag", workspace_id))

    async def create_tag(self, workspace_id: str, name: str) -> Tag:
        tag = Tag(id=schema.new_id(), workspace_id=workspace_id, name=name)
        return await self._write(lambda conn: rows.save_named(conn, "tag", tag, new=True))

    async def update_tag(self, tag: Tag) -> Tag:
        return await self._write(lambda conn: rows.save_named(conn, "tag", tag, new=False))

    # Changes planned on what was shown, and other processes' changes

    async def apply_changes(
        self, workspace_id: str, changes: Sequence[EntryChange]
    ) -> list[TimeEntry | None]:
        """All of ``changes`` in one transaction, or none (see :mod:`.atomic`)."""
        return await self.apply_changes_within(workspace_id, changes, ())

    async def apply_changes_within(
        self,
        workspace_id: str,
        changes: Sequence[EntryChange],
        windows: Sequence[tuple[datetime, datetime]],
    ) -> list[TimeEntry | None]:
        """``apply_changes``, and stale when an entry it does not name is within ``windows``."""
        batch, spans = list(changes), list(windows)
        return await self._write(lambda conn: atomic.apply(conn, workspace_id, batch, spans))

    async def changed_elsewhere(self) -> bool:
        """``PRAGMA data_version`` moves only for commits of other connections: one cheap
        read of a counter SQLite keeps in memory, no table read."""

        def check() -> bool:
            with self._lock:
                if self._conn is None:
                    raise BackendError("The local data file is already closed.")
                try:
                    version = _data_version(self._conn)
                except sqlite3.Error as err:
                    raise self._mapped(err) from None
                changed, self._data_version = version != self._data_version, version
                return changed

        return await asyncio.to_thread(check)

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
            if not self._scanned:  # once: entries no week will ever show, said
                self._scanned = True
                row_checks.report_unreadable(rows.unreadable_starts(conn))
            return rows.select_entries(conn, where, params) if start < end else []

        return await self._read(run)

    async def running_entry(self, workspace_id: str) -> TimeEntry | None:
        def run(conn: sqlite3.Connection) -> TimeEntry | None:
            schema.require_workspace(conn, workspace_id)
            found = rows.select_entries(
                conn, "workspace_id = ? AND end_at IS NULL", (workspace_id,)
            )
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
                    rows.stop_running(conn, entry)
            conn.executemany(schema.ENTRY_INSERT, [schema.entry_row(e) for e in created])
            conn.executemany(
                rows.TAG_INSERT,
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
                rows.stop_running(conn, saved)
            conn.execute(
                "UPDATE entry SET start_at = ?, end_at = ?, description = ?, project_id = ?,"
                " task_id = ?, billable = ? WHERE id = ?",
                (*schema.entry_row(saved)[2:], saved.id),
            )
            conn.execute("DELETE FROM entry_tag WHERE entry_id = ?", (saved.id,))
            conn.executemany(
                rows.TAG_INSERT, [(saved.id, tag, pos) for pos, tag in enumerate(saved.tag_ids)]
            )
            return saved

        return await self._write(run)

    async def delete_entry(self, workspace_id: str, entry_id: str) -> None:
        def run(conn: sqlite3.Connection) -> None:
            schema.require(conn, "entry", entry_id, workspace_id)
            conn.execute("DELETE FROM entry WHERE id = ?", (entry_id,))

        await self._write(run)


def _data_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


if TYPE_CHECKING:
    # Fails type checking, not a user, if the class drifts from the protocols.
    _conforms: type[Backend] = LocalBackend
    _writes: type[CatalogWrites] = LocalBackend
    _admin: type[WorkspaceAdmin] = LocalBackend
    _rules: type[HasWorkspaceRules] = LocalBackend
    _atomic: type[AtomicChanges] = LocalBackend
    _windowed: type[WindowedChanges] = LocalBackend
    _watch: type[ChangeWatch] = LocalBackend
    _note: type[OpeningNote] = LocalBackend
