"""The replica's half of the store's stale check: entries the batch was not shown.

The store plans new time only where it overlaps nothing it was shown, so a replica entry
that a batch does not name and that holds time the batch claims (or, with ``windows``, time
on the days the edit was reckoned on) is one another window or the service put there
meanwhile: the batch is stale, as it is on the embedded store (``tui.backends.local.atomic``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

from tui.backends.changes import EntryChange, claims
from tui.backends.replica import tables

Span = tuple[datetime, datetime]


def unseen(
    conn: sqlite3.Connection,
    ws: str,
    changes: Sequence[EntryChange],
    windows: Iterable[Span] = (),
) -> list[str]:
    """Ids of replica entries the batch does not name that hold time it claims."""
    named: set[str] = set()
    for before, _ in changes:
        if before is not None:
            named |= {before.id, tables.resolve(conn, before.id)}
    spans = [span for before, after in changes for span in claims(before, after)]
    spans += list(windows)
    found: list[str] = []
    for start, end in spans:
        for entry in tables.entries_in(conn, ws, start, end):
            holds = entry.end is None or entry.end > entry.start
            overlaps = entry.start < end and (entry.end is None or entry.end > start)
            if holds and overlaps and entry.id not in named and entry.id not in found:
                found.append(entry.id)
    return found
