"""The replica's SQLite file: what a remote service last said (user, workspaces, catalog,
weeks of entries) and the journal of changes not yet confirmed by it, in one file so a change
and the replica's new state commit in one transaction.

Instants are integer UTC epoch seconds in the columns that are queried, and ISO text inside
the JSON bodies. The file is created 0600: it holds the user's time and names.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.backends.sqlite_tx import use_wal
from tui.domain.models import TimeEntry

SCHEMA_VERSION = 2
LOCAL_PREFIX = "local-"
"""The store's ids of entries not saved yet (``tui/store/local_ids.py``, which this layer
cannot import): ``local-`` and 32 hex digits, unique across processes."""
BUSY_TIMEOUT_MS = 5000

_V1: Sequence[str] = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # One row per catalog item; kind is client, project, task, tag or rules.
    """CREATE TABLE catalog (
        ws TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
        PRIMARY KEY (ws, kind, id))""",
    """CREATE TABLE entry (
        id TEXT PRIMARY KEY, ws TEXT NOT NULL, start INTEGER NOT NULL, stop INTEGER,
        body TEXT NOT NULL)""",
    "CREATE INDEX entry_ws_start ON entry(ws, start)",
    # Windows of entries read from the service: a read inside one is served from here.
    """CREATE TABLE span (
        ws TEXT NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL, fetched REAL NOT NULL,
        PRIMARY KEY (ws, start, stop))""",
    # The journal, in order. entry_id is the entry's id today (local until resolved);
    # tries counts sends begun (a send whose outcome is unknown is looked up before the
    # next); failed holds the service's reason for a refusal, theirs its version on conflict.
    """CREATE TABLE journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, ws TEXT NOT NULL, entry_id TEXT NOT NULL,
        before TEXT, after TEXT, tries INTEGER NOT NULL DEFAULT 0, failed TEXT,
        conflict INTEGER NOT NULL DEFAULT 0, theirs TEXT, made REAL NOT NULL,
        tried_at REAL)""",
    "CREATE INDEX journal_entry ON journal(entry_id)",
    "CREATE TABLE ids (local TEXT PRIMARY KEY, server TEXT NOT NULL)",
    # Who sends: one process at a time holds the lease until it runs out.
    """CREATE TABLE sender (one INTEGER PRIMARY KEY CHECK (one = 1), owner TEXT NOT NULL,
        until REAL NOT NULL)""",
)
_V2: Sequence[str] = (
    # Clients, projects, tasks and tags made while the service could not be reached, in
    # order: body is the item as the replica shows it (its local id until the service gives
    # its own); tries counts sends begun, failed holds the service's refusal.
    """CREATE TABLE catalog_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, ws TEXT NOT NULL, kind TEXT NOT NULL,
        local_id TEXT NOT NULL UNIQUE, body TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 0,
        failed TEXT, made REAL NOT NULL)""",
)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating, 0600) and migrate the replica file."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    use_wal(conn)
    # FULL: a change the user was told is recorded survives a power cut too.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for since, statements in ((1, _V1), (2, _V2)):
            if version < since:
                for statement in statements:
                    conn.execute(statement)
        if version < SCHEMA_VERSION:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        conn.close()
        raise
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.chmod(side, 0o600)
    return conn


def new_local_id() -> str:
    return f"{LOCAL_PREFIX}{os.urandom(16).hex()}"


def is_local_id(entry_id: str) -> bool:
    return entry_id.startswith(LOCAL_PREFIX)


# ---------------------------------------------------------------- entries as text


def epoch(instant: datetime | None) -> int | None:
    return None if instant is None else int(instant.timestamp())


def _text(instant: datetime | None) -> str | None:
    return None if instant is None else instant.astimezone(UTC).isoformat()


def entry_json(entry: TimeEntry | None) -> str | None:
    if entry is None:
        return None
    return json.dumps(
        {
            "id": entry.id,
            "workspace_id": entry.workspace_id,
            "start": _text(entry.start),
            "end": _text(entry.end),
            "description": entry.description,
            "project_id": entry.project_id,
            "task_id": entry.task_id,
            "tag_ids": list(entry.tag_ids),
            "billable": entry.billable,
            "locked": entry.locked,
            "clock_times": entry.clock_times,
        }
    )


def entry_from(text: str | None) -> TimeEntry | None:
    if text is None:
        return None
    data: dict[str, Any] = json.loads(text)
    end = data.get("end")
    return TimeEntry(
        id=data["id"],
        workspace_id=data["workspace_id"],
        start=datetime.fromisoformat(data["start"]),
        end=datetime.fromisoformat(end) if end else None,
        description=data.get("description", ""),
        project_id=data.get("project_id"),
        task_id=data.get("task_id"),
        tag_ids=tuple(data.get("tag_ids", ())),
        billable=bool(data.get("billable", False)),
        locked=bool(data.get("locked", False)),
        clock_times=bool(data.get("clock_times", True)),
    )


def same(a: TimeEntry | None, b: TimeEntry | None) -> bool:
    """Equal as entries (the order of tags carries no meaning; ids are not compared)."""
    if a is None or b is None:
        return a is b
    fa, fb = a.fields(), b.fields()
    return fa.replace(tag_ids=tuple(sorted(fa.tag_ids))) == fb.replace(
        tag_ids=tuple(sorted(fb.tag_ids))
    )
