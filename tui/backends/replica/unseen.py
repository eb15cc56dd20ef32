"""The replica's half of the store's stale check: entries the batch was not shown.

The store plans new time only where it overlaps nothing it was shown, so a replica entry
that a batch does not name and that holds time the batch claims (or, with ``windows``, time
on the days the edit was reckoned on) is one another window or the service put there
meanwhile: the batch is stale, as it is on the embedded store (``tui.backends.local.atomic``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from tui.backends.changes import EntryChange
from tui.backends.replica import tables
from tui.domain.models import TimeEntry

_FAR = timedelta(days=366 * 50)  # a running entry claims all time from its start
Span = tuple[datetime, datetime]


def claims(before: TimeEntry | None, after: TimeEntry | None) -> list[Span]:
    """The time ``after`` holds that ``before`` did not."""
    if after is None:
        return []
    new = _span(after)
    if before is None:
        return [new] if new[0] < new[1] else []
    old = _span(before)
    parts = [(new[0], min(new[1], old[0])), (max(new[0], old[1]), new[1])]
    return [(a, b) for a, b in parts if a < b]


def _span(entry: TimeEntry) -> Span:
    return entry.start, entry.end if entry.end is not None else entry.start + _FAR


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
