"""Words for the versions of an entry that a refused or conflicting change holds, the same in
the TUI's list of refused changes and in ``punch sync``: when, how long, what."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from tui.domain.durations import format_duration
from tui.domain.models import TimeEntry
from tui.domain.safe_text import safe_line


def version_text(entry: TimeEntry | None, tz: ZoneInfo) -> str:
    """``Mon 16 Nov 09:00–10:30 (1:30) Standup`` in the user's zone; "(deleted)" for none."""
    if entry is None:
        return "(deleted)"
    start = entry.start.astimezone(tz)
    if entry.end is None:
        span = f"{start:%a %d %b %H:%M}–running"
    else:
        end = entry.end.astimezone(tz)
        until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %d %b %H:%M}"
        span = f"{start:%a %d %b %H:%M}–{until} ({format_duration(entry.seconds())})"
    return f"{span} {safe_line(entry.description) or '(no description)'}"


def removed_text(changes: Iterable[tuple[TimeEntry | None, TimeEntry | None]]) -> str:
    """What an edit takes away that the user wrote words for, for the status line:
    ``removed 1 entry: Overlap test — u undoes``; "" when it deletes no described entry."""
    gone = [
        safe_line(before.description)
        for before in sorted(
            (b for b, a in changes if b is not None and a is None and b.description.strip()),
            key=lambda entry: entry.start,
        )
    ]
    if not gone:
        return ""
    shown = ", ".join(gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
    return f"removed {len(gone)} entr{'y' if len(gone) == 1 else 'ies'}: {shown} — u undoes"


def with_removed(label: str, changes: Iterable[tuple[TimeEntry | None, TimeEntry | None]]) -> str:
    """``label``, naming the described entries the edit removes (see :func:`removed_text`)."""
    removed = removed_text(changes)
    return f"{label}; {removed}" if removed else label
