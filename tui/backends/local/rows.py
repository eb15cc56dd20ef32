"""The embedded store's SQL helpers: rows to models, catalog saves, entry selects.

Each helper runs inside the transaction of the connection it is given.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Iterable
from typing import TypeVar

from tui.backends.errors import BackendError, NotFoundError, ValidationError, notices
from tui.backends.local import row_checks, schema
from tui.domain.models import Client, Model, Project, Tag, Task, TimeEntry

M = TypeVar("M", bound=Model)
Named = TypeVar("Named", Client, Tag)

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
TAG_INSERT = "INSERT INTO entry_tag (entry_id, tag_id, position) VALUES (?, ?, ?)"
TASKS = "SELECT t.* FROM task t JOIN project p ON p.id = t.project_id WHERE p.workspace_id = ?"


def row_model(model: type[M], row: sqlite3.Row) -> M | None:
    """A model from a row of the store, or None when the row has no id to be known by.
    punch validates what it writes, so a row is only made safe here (a NULL name, a colour
    that is not one: another program wrote it), not validated again: start-up reads
    hundreds."""
    data = row_checks.catalog_values(model.__name__.lower(), dict(row))
    if data is None:
        return None
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


def row_models(model: type[M], rows: Iterable[sqlite3.Row]) -> list[M]:
    """The rows' models; rows without an id are left out, and said."""
    found = [row_model(model, row) for row in rows]
    kept = [item for item in found if item is not None]
    if missing := len(found) - len(kept):
        what = model.__name__.lower()
        notices.warning(
            f"{missing} {what} row{'s' if missing != 1 else ''} in the data file "
            f"{'have' if missing != 1 else 'has'} no id and {'are' if missing != 1 else 'is'}"
            " left out."
        )
    return kept


def catalog(conn: sqlite3.Connection, model: type[M], table: str, workspace_id: str) -> list[M]:
    schema.require_workspace(conn, workspace_id)
    sql = f"SELECT * FROM {table} WHERE workspace_id = ? ORDER BY name COLLATE NOCASE, id"
    return row_models(model, conn.execute(sql, (workspace_id,)))


def save_named(conn: sqlite3.Connection, table: str, item: Named, *, new: bool) -> Named:
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


def save_project(conn: sqlite3.Connection, project: Project, *, new: bool) -> Project:
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


def save_task(conn: sqlite3.Connection, workspace_id: str | None, task: Task, *, new: bool) -> Task:
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


def select_entries(
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
    found: list[TimeEntry] = []
    skipped: list[str] = []
    for row in entries:
        read = row_checks.entry(row, tags.get(row["id"], ()))
        if read == row_checks.NO_START:
            continue  # counted once by the scan for them (unreadable_starts)
        if isinstance(read, str):
            skipped.append(read)
        else:
            found.append(read)
    if skipped:
        row_checks.report(len(skipped), skipped[0])
    return found


def unreadable_starts(conn: sqlite3.Connection) -> int:
    """Entries no week shows: their start is not a time at all (text, out of range)."""
    where, params = row_checks.UNREADABLE_STARTS
    return int(conn.execute(f"SELECT count(*) FROM entry WHERE {where}", params).fetchone()[0])


def stop_running(conn: sqlite3.Connection, starting: TimeEntry) -> None:
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


def mapped(err: sqlite3.Error) -> BackendError:
    text = str(err)
    if isinstance(err, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return BackendError(
            "The local data file is busy: another punch process is writing to it. Try again."
        )
    if isinstance(err, sqlite3.IntegrityError):
        return ValidationError(f"That change does not fit the stored data ({text}).")
    return BackendError(f"The local data file could not be used ({text}).")
