"""Clients, projects, tasks and tags made while the service cannot be reached.

Such an item gets a local id and goes into the replica's catalog and the ``catalog_journal``
table in one transaction, so it can be picked at once and entries can use it. The sender
makes the items on the service before it sends any entry change (an entry can only name an
item made before it), oldest first. Once the service has given an item its own id, that id
replaces the local one everywhere the replica holds it: the catalog, the entries, the entry
changes still waiting and the items still waiting (a project of a client made offline), and
``ids`` maps the local id for anything that still holds it (an undo step).

A send whose answer was lost is looked up by name before the item is made again, so an item
is never made twice; an item the service refuses because one of that name exists already is
that one. Any other refusal is kept, with the service's reason, for the user to retry or
discard (``punch sync --failed``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from tui.backends.replica import tables
from tui.backends.replica.schema import is_local_id
from tui.domain.models import Client, Project, Tag, Task, TimeEntry

KINDS = ("client", "project", "task", "tag")
Item = Client | Project | Task | Tag


@dataclass(frozen=True)
class WaitingItem:
    seq: int
    ws: str
    kind: str
    local_id: str
    body: dict[str, Any]
    tries: int
    failed: str | None

    @property
    def label(self) -> str:
        return f"create {self.kind} “{self.body.get('name', '')}”"

    @property
    def parent(self) -> str | None:
        """The id of the item this one belongs to (a project's client, a task's project)."""
        found = self.body.get("client_id") or self.body.get("project_id")
        return str(found) if found else None


def journal_item(conn: sqlite3.Connection, ws: str, kind: str, item: Item, at: float) -> None:
    """Show ``item`` (local id) in the catalog and keep it to be made on the service."""
    body = item.as_dict()
    tables.put_catalog_item(conn, ws, kind, body)
    conn.execute(
        "INSERT INTO catalog_journal (ws, kind, local_id, body, made) VALUES (?, ?, ?, ?, ?)",
        (ws, kind, item.id, json.dumps(body), at),
    )


def waiting_items(conn: sqlite3.Connection) -> list[WaitingItem]:
    rows = conn.execute(
        "SELECT seq, ws, kind, local_id, body, tries, failed FROM catalog_journal ORDER BY seq"
    ).fetchall()
    return [
        WaitingItem(seq, ws, kind, local, json.loads(body), tries, failed)
        for seq, ws, kind, local, body, tries, failed in rows
    ]


def next_item(conn: sqlite3.Connection) -> WaitingItem | None:
    return next((i for i in waiting_items(conn) if i.failed is None), None)


def unsent_items(conn: sqlite3.Connection, ws: str, kind: str) -> list[dict[str, Any]]:
    """The items of a kind still to be made, as the catalog shows them: kept beside what the
    service lists, which does not have them yet."""
    return [
        i.body for i in waiting_items(conn) if i.ws == ws and i.kind == kind and i.failed is None
    ]


def count_try(conn: sqlite3.Connection, seq: int) -> bool:
    """Counted before the send (a lost answer then means: look first). False when the item
    was discarded meanwhile."""
    done = conn.execute("UPDATE catalog_journal SET tries = tries + 1 WHERE seq = ?", (seq,))
    return done.rowcount > 0


def refuse(conn: sqlite3.Connection, item: WaitingItem, reason: str) -> None:
    """Kept with the reason; the catalog no longer shows it (the service does not have it)."""
    conn.execute("UPDATE catalog_journal SET failed = ? WHERE seq = ?", (reason, item.seq))
    conn.execute(
        "DELETE FROM catalog WHERE ws = ? AND kind = ? AND id = ?",
        (item.ws, item.kind, item.local_id),
    )


def retry(conn: sqlite3.Connection, seq: int) -> bool:
    found = [i for i in waiting_items(conn) if i.seq == seq and i.failed is not None]
    if not found:
        return False
    conn.execute("UPDATE catalog_journal SET failed = NULL, tries = 0 WHERE seq = ?", (seq,))
    tables.put_catalog_item(conn, found[0].ws, found[0].kind, found[0].body)
    return True


def discard(conn: sqlite3.Connection, seq: int) -> bool:
    found = [i for i in waiting_items(conn) if i.seq == seq and i.failed is not None]
    if not found:
        return False
    conn.execute("DELETE FROM catalog_journal WHERE seq = ?", (seq,))
    return True


def resolve_item(conn: sqlite3.Connection, item: WaitingItem, saved: dict[str, Any]) -> None:
    """The service made ``item`` as ``saved``: its id replaces the local one everywhere."""
    local, server = item.local_id, str(saved["id"])
    conn.execute("DELETE FROM catalog_journal WHERE seq = ?", (item.seq,))
    conn.execute(
        "DELETE FROM catalog WHERE ws = ? AND kind = ? AND id = ?", (item.ws, item.kind, local)
    )
    tables.put_catalog_item(conn, item.ws, item.kind, saved)
    conn.execute("INSERT OR REPLACE INTO ids VALUES (?, ?)", (local, server))
    # Local ids are unique random strings, so the quoted id stands for itself in any JSON.
    old, new = json.dumps(local), json.dumps(server)
    for table, column in (
        ("journal", "before"),
        ("journal", "after"),
        ("journal", "theirs"),
        ("entry", "body"),
        ("catalog", "body"),
        ("catalog_journal", "body"),
    ):
        conn.execute(
            f"UPDATE {table} SET {column} = replace({column}, ?, ?) WHERE instr({column}, ?) > 0",
            (old, new, old),
        )


def with_server_refs(conn: sqlite3.Connection, entry: TimeEntry) -> TimeEntry:
    """``entry`` naming the service's ids of items made offline and made since (an undo
    step recorded before the item was made still holds its local id)."""
    refs = [entry.project_id, entry.task_id, *entry.tag_ids]
    if not any(ref is not None and is_local_id(ref) for ref in refs):
        return entry

    def server(ref: str | None) -> str | None:
        return None if ref is None else tables.resolve(conn, ref)

    return entry.replace(
        project_id=server(entry.project_id),
        task_id=server(entry.task_id),
        tag_ids=tuple(tables.resolve(conn, t) for t in entry.tag_ids),
    )


def anything_to_send(conn: sqlite3.Connection) -> bool:
    return next_item(conn) is not None or tables.next_to_send(conn) is not None
