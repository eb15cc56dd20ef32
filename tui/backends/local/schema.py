"""The SQLite file: connection settings, versioned migrations, and row <-> model mapping.

Instants are stored as integer UTC epoch seconds: durations are whole seconds everywhere in
punchcard, integers compare and index cheaply, and no time-zone text can be misread later.
"""

from __future__ import annotations

import getpass
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.backends.errors import BackendError, NotFoundError, ValidationError
from tui.domain.models import EntryFields, TimeEntry

SCHEMA_VERSION = 1
# 'PUNC': marks a file as a punchcard store, so another program's database is never taken
# for one (see opening.py). Stores made before it carry 0 and are known by their tables.
APPLICATION_ID = 0x50554E43
# Another punch process (the CLI from a status line, a second TUI) may hold the write lock
# for a moment; waiting a few seconds beats failing a user's edit.
BUSY_TIMEOUT_MS = 5000

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = timedelta(seconds=1)

_V1: Sequence[str] = (
    """CREATE TABLE workspace (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL
    )""",
    """CREATE TABLE person (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT,
        timezone TEXT,
        week_start INTEGER CHECK (week_start BETWEEN 0 AND 6)
    )""",
    """CREATE TABLE client (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspace(id),
        name TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0
    )""",
    # The code checks duplicates with full Unicode case folding; these NOCASE indexes are a
    # last line of defence that can only ever agree with it (they fold ASCII only).
    "CREATE UNIQUE INDEX client_name ON client(workspace_id, name COLLATE NOCASE)",
    """CREATE TABLE project (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspace(id),
        client_id TEXT REFERENCES client(id),
        name TEXT NOT NULL,
        color TEXT NOT NULL,
        billable INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE UNIQUE INDEX project_name
        ON project(workspace_id, ifnull(client_id, ''), name COLLATE NOCASE)""",
    """CREATE TABLE task (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES project(id),
        name TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE UNIQUE INDEX task_name ON task(project_id, name COLLATE NOCASE)",
    """CREATE TABLE tag (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspace(id),
        name TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE UNIQUE INDEX tag_name ON tag(workspace_id, name COLLATE NOCASE)",
    """CREATE TABLE entry (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL REFERENCES workspace(id),
        start_at INTEGER NOT NULL,
        end_at INTEGER CHECK (end_at IS NULL OR end_at >= start_at),
        description TEXT NOT NULL DEFAULT '',
        project_id TEXT REFERENCES project(id),
        task_id TEXT REFERENCES task(id),
        billable INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX entry_window ON entry(workspace_id, start_at)",
    # The timer rule (one running entry per workspace) holds even if code elsewhere slips.
    "CREATE UNIQUE INDEX entry_running ON entry(workspace_id) WHERE end_at IS NULL",
    """CREATE TABLE entry_tag (
        entry_id TEXT NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
        tag_id TEXT NOT NULL REFERENCES tag(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (entry_id, tag_id)
    ) WITHOUT ROWID""",
)


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)


# Version n is reached by running MIGRATIONS[n] on a store at version n - 1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_to_1}


def new_id() -> str:
    return uuid.uuid4().hex


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the store at ``path``, checked, migrated and ready to use
    (read-only when the file cannot be written: see :mod:`.opening`)."""
    from tui.backends.local.opening import open_file  # opening builds on this module

    return open_file(path).conn


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the store up to ``SCHEMA_VERSION`` and give a fresh one its defaults, atomically."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if version > SCHEMA_VERSION:
            raise BackendError(
                f"This data file was written by a newer punchcard (schema {version}); "
                "please upgrade punchcard."
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](conn)
            conn.execute(f"PRAGMA user_version = {target}")
        _ensure_defaults(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _ensure_defaults(conn: sqlite3.Connection) -> None:
    if conn.execute("SELECT 1 FROM person").fetchone() is None:
        conn.execute(
            "INSERT INTO person (id, name) VALUES (?, ?)", (new_id(), _login_name() or "me")
        )
    if conn.execute("SELECT 1 FROM workspace").fetchone() is None:
        conn.execute("INSERT INTO workspace (id, name) VALUES (?, ?)", (new_id(), "Personal"))


def _login_name() -> str:
    try:
        return getpass.getuser().strip()
    except Exception:  # no login name in containers and some service managers
        return ""


def to_epoch(instant: datetime) -> int:
    """Whole UTC seconds, rounded down; exact integer arithmetic, no float drift."""
    return (instant - _EPOCH) // _SECOND


def to_epoch_ceil(instant: datetime) -> int:
    return -((_EPOCH - instant) // _SECOND)


def from_epoch(seconds: int) -> datetime:
    return _EPOCH + timedelta(seconds=seconds)


# The rules SQL cannot express well (Unicode case folding, cross-table ownership) are
# checked here, inside the caller's write transaction, so they cannot race another process.


def clean_name(name: str, what: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError(f"A {what} needs a name.")
    return cleaned


def require_aware(*instants: datetime) -> None:
    if any(instant.tzinfo is None or instant.utcoffset() is None for instant in instants):
        raise ValidationError("Times must carry a time zone.")


def exists(conn: sqlite3.Connection, table: str, item_id: str, workspace_id: str) -> bool:
    sql = f"SELECT 1 FROM {table} WHERE id = ? AND workspace_id = ?"
    return conn.execute(sql, (item_id, workspace_id)).fetchone() is not None


def require_workspace(conn: sqlite3.Connection, workspace_id: str) -> None:
    if conn.execute("SELECT 1 FROM workspace WHERE id = ?", (workspace_id,)).fetchone() is None:
        raise NotFoundError(f"There is no workspace with id {workspace_id!r}.")


def require(conn: sqlite3.Connection, table: str, item_id: str, workspace_id: str) -> None:
    require_workspace(conn, workspace_id)
    if not exists(conn, table, item_id, workspace_id):
        raise NotFoundError(
            f"There is no {table.replace('entry', 'time entry')} with id {item_id!r}."
        )


def check_unique(
    conn: sqlite3.Connection,
    what: str,
    sql: str,
    params: tuple[object, ...],
    item_id: str,
    name: str,
) -> None:
    """``sql`` selects (id, name) of the items that may not share ``name``."""
    # casefold, not SQL NOCASE: "Ärger" and "ärger" are the same name to a user.
    folded = name.casefold()
    for other_id, other in conn.execute(sql, params):
        if other_id != item_id and other.casefold() == folded:
            raise ValidationError(f"There is already a {what} named {other!r}.")


@dataclass(frozen=True)
class Refs:
    """A workspace's project, task and tag ids, to check entries' references in memory."""

    projects: frozenset[str]
    task_projects: dict[str, str]
    tags: frozenset[str]

    @classmethod
    def load(cls, conn: sqlite3.Connection, workspace_id: str) -> Refs:
        ids = (workspace_id,)
        projects = conn.execute("SELECT id FROM project WHERE workspace_id = ?", ids)
        tasks = conn.execute(
            "SELECT t.id, t.project_id FROM task t JOIN project p ON p.id = t.project_id"
            " WHERE p.workspace_id = ?",
            ids,
        )
        tags = conn.execute("SELECT id FROM tag WHERE workspace_id = ?", ids)
        return cls(
            projects=frozenset(row[0] for row in projects),
            task_projects={row[0]: row[1] for row in tasks},
            tags=frozenset(row[0] for row in tags),
        )

    def entry(self, entry_id: str, workspace_id: str, fields: EntryFields) -> TimeEntry:
        """The entry exactly as it will be stored, or ``ValidationError`` naming the fault."""
        if fields.project_id is not None and fields.project_id not in self.projects:
            raise ValidationError(f"There is no project with id {fields.project_id!r}.")
        if fields.task_id is not None:
            owner = self.task_projects.get(fields.task_id)
            if owner is None:
                raise ValidationError(f"There is no task with id {fields.task_id!r}.")
            if owner != fields.project_id:
                raise ValidationError("That task belongs to a different project.")
        for tag_id in fields.tag_ids:
            if tag_id not in self.tags:
                raise ValidationError(f"There is no tag with id {tag_id!r}.")
        end = None if fields.end is None else from_epoch(to_epoch(fields.end))
        return TimeEntry(
            id=entry_id,
            workspace_id=workspace_id,
            start=from_epoch(to_epoch(fields.start)),
            end=end,
            description=fields.description,
            project_id=fields.project_id,
            task_id=fields.task_id,
            # A tag twice on one entry means nothing more than once.
            tag_ids=tuple(dict.fromkeys(fields.tag_ids)),
            billable=fields.billable,
        )


def entry_row(entry: TimeEntry) -> tuple[object, ...]:
    """The values of ``ENTRY_INSERT``, in its order."""
    end = None if entry.end is None else to_epoch(entry.end)
    return (
        entry.id,
        entry.workspace_id,
        to_epoch(entry.start),
        end,
        entry.description,
        entry.project_id,
        entry.task_id,
        entry.billable,
    )


ENTRY_INSERT = (
    "INSERT INTO entry (id, workspace_id, start_at, end_at, description, project_id, task_id,"
    " billable) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
