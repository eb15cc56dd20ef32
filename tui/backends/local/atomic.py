"""A batch of entry changes applied all-or-nothing against the state it was planned on.

Runs inside the caller's ``BEGIN IMMEDIATE`` transaction: the write lock is taken before the
first check, so what is checked still holds when the batch commits, and two punch processes
serialise on the file.

Two checks (three with ``windows``) make a batch stale (:class:`StaleChanges`, nothing changed):

- a ``before`` no longer equals the stored entry (changed or deleted elsewhere);
- the batch claims time (a new entry, or an entry grown or moved) that a stored entry the
  batch does not name already holds. The store plans new time where it overlaps nothing it
  was shown, so such an entry is one it was not shown: another window wrote there. Naming an
  entry as ``(e, e)`` (unchanged) says "I know it is there" and allows the overlap;
- with ``windows`` (the days a cell edit was reckoned on), an entry the batch does not name
  holds time in one of them: added elsewhere, it changes what the cell holds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

from tui.backends.changes import EntryChange, StaleChanges, claims
from tui.backends.errors import ValidationError
from tui.backends.local import rows, schema
from tui.domain.models import TimeEntry

Span = tuple[int, int]


def apply(
    conn: sqlite3.Connection,
    workspace_id: str,
    changes: Sequence[EntryChange],
    windows: Sequence[tuple[datetime, datetime]] = (),
) -> list[TimeEntry | None]:
    schema.require_workspace(conn, workspace_id)
    for before, after in changes:
        for entry in (before, after):
            if entry is not None:
                schema.require_aware(entry.start, *([entry.end] if entry.end else []))
                if entry.workspace_id != workspace_id:
                    raise ValidationError("A change names an entry of another workspace.")
        if before is not None and after is not None and before.id != after.id:
            raise ValidationError("An update must keep the entry's id.")
    named = {before.id for before, _ in changes if before is not None}
    spans = [
        (schema.to_epoch(a), schema.to_epoch_ceil(b))
        for before, after in changes
        for a, b in claims(before, after)
    ]
    spans += [(schema.to_epoch(a), schema.to_epoch_ceil(b)) for a, b in windows]
    stale = _stale_befores(conn, changes) + _unseen_in(conn, workspace_id, named, spans)
    if stale:
        ids = tuple(dict.fromkeys(stale))
        raise StaleChanges(
            f"{len(ids)} entr{'y' if len(ids) == 1 else 'ies'} changed elsewhere meanwhile.", ids
        )
    refs = schema.Refs.load(conn, workspace_id)
    current: dict[str, TimeEntry | None] = {}  # what this batch has made of an entry so far
    made: dict[str, str] = {}  # the id a created entry was planned under -> its stored id
    results: list[TimeEntry | None] = []
    for before, after in changes:
        if before is not None:
            if before.id in made:  # planned on an entry this batch creates
                before = before.replace(id=made[before.id])
                after = after.replace(id=before.id) if after is not None else None
            if before.id in current and current[before.id] != before:
                raise ValidationError("A batch changes one entry from two different states.")
        if after is None:
            assert before is not None
            conn.execute("DELETE FROM entry WHERE id = ?", (before.id,))
            current[before.id] = None
            results.append(None)
            continue
        if before is None:
            saved = refs.entry(schema.new_id(), workspace_id, after)
            made[after.id] = saved.id
            conn.execute(schema.ENTRY_INSERT, schema.entry_row(saved))
        else:
            saved = refs.entry(before.id, workspace_id, after)
            if saved != before:  # an unchanged entry (e, e) is only checked, never written
                conn.execute(
                    "UPDATE entry SET start_at = ?, end_at = ?, description = ?,"
                    " project_id = ?, task_id = ?, billable = ? WHERE id = ?",
                    (*schema.entry_row(saved)[2:], saved.id),
                )
                conn.execute("DELETE FROM entry_tag WHERE entry_id = ?", (saved.id,))
        if before is None or saved != before:
            conn.executemany(
                rows.TAG_INSERT, [(saved.id, tag, i) for i, tag in enumerate(saved.tag_ids)]
            )
        current[saved.id] = saved
        results.append(saved)
    return results


def _stale_befores(conn: sqlite3.Connection, changes: Sequence[EntryChange]) -> list[str]:
    """Ids whose first ``before`` in the batch is not what is stored (later ones follow on
    from the batch's own changes)."""
    first: dict[str, TimeEntry] = {}
    created: set[str] = set()
    for before, after in changes:
        if before is None and after is not None:
            created.add(after.id)
        elif before is not None and before.id not in created:
            first.setdefault(before.id, before)
    if not first:
        return []
    marks = ", ".join("?" * len(first))
    stored = {e.id: e for e in rows.select_entries(conn, f"id IN ({marks})", tuple(first))}
    return [
        entry_id
        for entry_id, before in first.items()
        if (found := stored.get(entry_id)) is None
        or found.fields() != before.fields()
        or found.workspace_id != before.workspace_id
    ]


def _unseen_in(
    conn: sqlite3.Connection, workspace_id: str, named: set[str], spans: Iterable[Span]
) -> list[str]:
    """Stored entries the batch does not name that hold time within ``spans``."""
    found: list[str] = []
    for start, end in spans:
        # Zero-length entries hold no time; a running one (no end) holds all from its start.
        cursor = conn.execute(
            "SELECT id FROM entry WHERE workspace_id = ? AND start_at < ?"
            " AND (end_at IS NULL OR (end_at > ? AND end_at > start_at))",
            (workspace_id, end, start),
        )
        found.extend(row[0] for row in cursor if row[0] not in named)
    return found
