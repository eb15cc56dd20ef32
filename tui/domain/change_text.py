"""Words for the versions of an entry that a refused or conflicting change holds, the same in
the TUI's list of refused changes and in ``punch sync``: when, how long, what."""

from __future__ import annotations

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
