"""Reading and writing the replica's tables, inside a transaction the caller holds.

Plain functions over a ``sqlite3.Connection``: the backend wraps each batch in one
``BEGIN IMMEDIATE … COMMIT`` so a change, the replica's new state and the journal row that
carries it are all there or none is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.backends.replica.schema import entry_from, entry_json, epoch
from tui.domain.models import TimeEntry

# ---------------------------------------------------------------- meta and catalog


def meta(conn: sqlite3.Connection, key: str) -> Any:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else json.loads(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: Any) -> bool:
    """Store ``value``; True when it differs from what was stored."""
    text = json.dumps(value, sort_keys=True)
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    if row is not None and row[0] == text:
        return False
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, text))
    return True


def catalog(conn: sqlite3.Connection, ws: str, kind: str) -> list[dict[str, Any]] | None:
    """The items of one kind, or None when the service was never asked for them."""
    if meta(conn, f"catalog:{ws}:{kind}") is None:
        return None
    rows = conn.execute(
        "SELECT body FROM catalog WHERE ws = ? AND kind = ? ORDER BY rowid", (ws, kind)
    )
    return [json.loads(body) for (body,) in rows]


def set_catalog(
    conn: sqlite3.Connection, ws: str, kind: str, items: Iterable[dict[str, Any]]
) -> bool:
    """Replace one kind whole; True when anything differs."""
    items = list(items)
    old = catalog(conn, ws, kind)
    if old == items:
        return False
    conn.execute("DELETE FROM catalog WHERE ws = ? AND kind = ?", (ws, kind))
    conn.executemany(
        "INSERT OR REPLACE INTO catalog VALUES (?, ?, ?, ?)",
        [(ws, kind, str(item.get("id", "")), json.dumps(item)) for item in items],
    )
    set_meta(conn, f"catalog:{ws}:{kind}", True)
    return True


def put_catalog_item(conn: sqlite3.Connection, ws: str, kind: str, item: dict[str, Any]) -> None:
    """One item the wrapper created or changed through the service."""
    conn.execute(
        "INSERT OR REPLACE INTO catalog VALUES (?, ?, ?, ?)",
        (ws, kind, str(item["id"]), json.dumps(item)),
    )


# ---------------------------------------------------------------- entries


def get_entry(conn: sqlite3.Connection, entry_id: str) -> TimeEntry | None:
    row = conn.execute("SELECT body FROM entry WHERE id = ?", (entry_id,)).fetchone()
    return None if row is None else entry_from(row[0])


def put_entry(conn: sqlite3.Connection, entry: TimeEntry) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?, ?)",
        (entry.id, entry.workspace_id, epoch(entry.start), epoch(entry.end), entry_json(entry)),
    )


def drop_entry(conn: sqlite3.Connection, entry_id: str) -> None:
    conn.execute("DELETE FROM entry WHERE id = ?", (entry_id,))


_OVERLAP = "ws = ? AND start < ? AND (stop IS NULL OR stop > ? OR start >= ?)"


def entries_in(
    conn: sqlite3.Connection, ws: str, start: datetime, end: datetime
) -> list[TimeEntry]:
    """Entries overlapping ``[start, end)`` (the running one included), as the services
    list them, sorted by start."""
    lo, hi = epoch(start), epoch(end)
    rows = conn.execute(
        f"SELECT body FROM entry WHERE {_OVERLAP} ORDER BY start, id", (ws, hi, lo, lo)
    )
    found = [entry_from(body) for (body,) in rows]
    return [e for e in found if e is not None]


def running(conn: sqlite3.Connection, ws: str) -> TimeEntry | None:
    row = conn.execute(
        "SELECT body FROM entry WHERE ws = ? AND stop IS NULL ORDER BY start DESC LIMIT 1", (ws,)
    ).fetchone()
    return None if row is None else entry_from(row[0])


def span_fetched(conn: sqlite3.Connection, ws: str, start: datetime, end: datetime) -> float | None:
    """When the service last listed a window holding ``[start, end)``; None: never."""
    row = conn.execute(
        "SELECT max(fetched) FROM span WHERE ws = ? AND start <= ? AND stop >= ?",
        (ws, epoch(start), epoch(end)),
    ).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def add_span(conn: sqlite3.Connection, ws: str, start: datetime, end: datetime, at: float) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO span VALUES (?, ?, ?, ?)", (ws, epoch(start), epoch(end), at)
    )


# ---------------------------------------------------------------- ids


def resolve(conn: sqlite3.Connection, entry_id: str) -> str:
    """The entry's id today: a local id the service has since given its own id maps to it."""
    row = conn.execute("SELECT server FROM ids WHERE local = ?", (entry_id,)).fetchone()
    return entry_id if row is None else str(row[0])


def server_ids(conn: sqlite3.Connection) -> set[str]:
    return {str(server) for (server,) in conn.execute("SELECT server FROM ids")}


def record_id(
    conn: sqlite3.Connection, local: str, saved: TimeEntry, *, keep_intent: bool = False
) -> None:
    """``local`` is ``saved.id`` on the service from now on: in the replica, in the journal
    rows still to send, and for every later lookup. ``keep_intent``: later changes of the
    entry wait, so the replica keeps showing them rather than what was saved."""
    server = saved.id
    conn.execute("INSERT OR REPLACE INTO ids VALUES (?, ?)", (local, server))
    conn.execute("UPDATE ids SET server = ? WHERE server = ?", (server, local))
    intent = get_entry(conn, local)
    drop_entry(conn, local)
    if keep_intent and intent is not None:
        put_entry(conn, intent.replace(id=server))
    elif not keep_intent:
        put_entry(conn, saved)
    rows = conn.execute(
        "SELECT seq, before, after FROM journal WHERE entry_id = ?", (local,)
    ).fetchall()
    for seq, before, after in rows:
        conn.execute(
            "UPDATE journal SET entry_id = ?, before = ?, after = ? WHERE seq = ?",
            (server, _renamed(before, server), _renamed(after, server), seq),
        )


def _renamed(text: str | None, server: str) -> str | None:
    entry = entry_from(text)
    return None if entry is None else entry_json(entry.replace(id=server))


# ---------------------------------------------------------------- the journal


@dataclass(frozen=True)
class Row:
    seq: int
    ws: str
    entry_id: str
    before: TimeEntry | None
    after: TimeEntry | None
    tries: int
    failed: str | None
    conflict: bool
    theirs: TimeEntry | None
    tried_at: float | None = None

    @property
    def label(self) -> str:
        shown = self.after or self.before
        what = "create" if self.before is None else "delete" if self.after is None else "change"
        when = shown.start.strftime("%a %d %b %H:%M") if shown else ""
        name = f" “{shown.description}”" if shown and shown.description else ""
        return f"{what} entry{name} {when}".strip()


_ROW = (
    "SELECT seq, ws, entry_id, before, after, tries, failed, conflict, theirs, tried_at "
    "FROM journal"
)


def _row(values: tuple[Any, ...]) -> Row:
    seq, ws, entry_id, before, after, tries, failed, conflict, theirs, tried_at = values
    return Row(
        seq,
        ws,
        entry_id,
        entry_from(before),
        entry_from(after),
        tries,
        failed,
        bool(conflict),
        entry_from(theirs),
        tried_at,
    )


def rows(conn: sqlite3.Connection) -> list[Row]:
    return [_row(r) for r in conn.execute(f"{_ROW} ORDER BY seq")]


def row(conn: sqlite3.Connection, seq: int) -> Row | None:
    found = conn.execute(f"{_ROW} WHERE seq = ?", (seq,)).fetchone()
    return None if found is None else _row(found)


def next_to_send(conn: sqlite3.Connection) -> Row | None:
    """The oldest change not refused, and not behind a refused change of its entry."""
    held = {r.entry_id for r in rows(conn) if r.failed is not None}
    for candidate in rows(conn):
        if candidate.failed is None and candidate.entry_id not in held:
            return candidate
    return None


def append(
    conn: sqlite3.Connection, ws: str, before: TimeEntry | None, after: TimeEntry | None, at: float
) -> None:
    """Journal one change, or cancel the last unsent change of the entry when this one
    exactly reverses it (an undo before anything was sent leaves nothing to send)."""
    shown = after or before
    entry_id = shown.id if shown is not None else ""
    last = conn.execute(
        f"{_ROW} WHERE entry_id = ? ORDER BY seq DESC LIMIT 1", (entry_id,)
    ).fetchone()
    if last is not None:
        prior = _row(last)
        if prior.tries == 0 and prior.failed is None and _reverses(prior, before, after):
            conn.execute("DELETE FROM journal WHERE seq = ?", (prior.seq,))
            return
    conn.execute(
        "INSERT INTO journal (ws, entry_id, before, after, made) VALUES (?, ?, ?, ?, ?)",
        (ws, entry_id, entry_json(before), entry_json(after), at),
    )


def _reverses(prior: Row, before: TimeEntry | None, after: TimeEntry | None) -> bool:
    from tui.backends.replica.schema import same

    return (
        (prior.before is None) == (after is None)
        and (prior.after is None) == (before is None)
        and same(prior.before, after)
        and same(prior.after, before)
    )


def pending_ids(conn: sqlite3.Connection) -> set[str]:
    """Entries whose local intent the replica keeps over what the service says."""
    return {
        str(entry_id)
        for (entry_id,) in conn.execute("SELECT entry_id FROM journal WHERE failed IS NULL")
    }
