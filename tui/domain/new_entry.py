"""Where a new entry typed into a day starts and ends, before the user changes anything:
real values, not placeholders that look like values. It starts where the day's last
finished entry ends (or at the workday's start) and lasts an hour, or until now when now
comes sooner; it never runs past the day's end."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tui.domain.models import TimeEntry
from tui.domain.weeks import day_bounds

HOUR = timedelta(hours=1)


def new_entry_span(
    day: date,
    entries: Iterable[TimeEntry],
    tz: ZoneInfo,
    *,
    workday_start: time,
    now: datetime,
) -> tuple[datetime, datetime]:
    first, last = day_bounds(day, tz)
    ends = [e.end for e in entries if e.end is not None and first <= e.end <= last]
    start = max(ends) if ends else datetime.combine(day, workday_start, tz)
    start = min(max(start, first), last - timedelta(minutes=1))
    end = start + HOUR
    if start < now < end:
        end = now
    end = min(end, last)
    return start.astimezone(UTC).replace(microsecond=0), end.astimezone(UTC).replace(microsecond=0)
