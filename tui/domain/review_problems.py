"""What is wrong with a week, and where each problem is fixed.

Every problem names the local day and, where there is one, the grid row and the entry whose
change fixes it, so the review can jump straight to that cell (and open its entries).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo

from tui.domain.durations import format_duration
from tui.domain.models import TimeEntry, WorkspaceRules
from tui.domain.timesheet import Catalog, RowKey, row_key
from tui.domain.weeks import at_local_time, day_bounds, local_date, seconds_by_day

ProblemKind = Literal[
    "empty_day", "gap", "overlap", "missing_fields", "crosses_midnight", "stale_timer"
]
KINDS: tuple[ProblemKind, ...] = (
    "stale_timer",
    "empty_day",
    "overlap",
    "missing_fields",
    "gap",
    "crosses_midnight",
)
"""Every kind, in the order a day's problems are listed: the most pressing first."""


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    day: date
    """The local day the problem is on: the column to jump to."""
    message: str
    key: RowKey | None = None
    """The grid row that fixes it; None when any row of the day will do."""
    entry_id: str | None = None
    """The entry to change; None when the cell (or the day) is the place to fix it."""
    at: datetime | None = None
    """Where in the day it is, for ordering."""


def _clock(instant: datetime, tz: ZoneInfo) -> str:
    return instant.astimezone(tz).strftime("%H:%M")


def _span(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """``10:00–10:30``, or ``Thu 22:15 → Fri 00:55`` across midnight."""
    if local_date(start, tz) == local_date(end, tz):
        return f"{_clock(start, tz)}–{_clock(end, tz)}"
    return f"{start.astimezone(tz):%a %H:%M} → {end.astimezone(tz):%a %H:%M}"


def _when(entry: TimeEntry, tz: ZoneInfo) -> str:
    """Its clock times, or its hours where the entry has none."""
    assert entry.end is not None
    if not entry.clock_times:
        return f"{format_duration(entry.seconds())} on {entry.start.astimezone(tz):%a}"
    return _span(entry.start, entry.end, tz)


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, (end - start) // timedelta(seconds=1))


def _what(entry: TimeEntry, catalog: Catalog) -> str:
    return entry.description.strip() or catalog.label(row_key(entry))


def find_problems(
    finished: Iterable[TimeEntry],
    running: TimeEntry | None,
    *,
    totals: Sequence[tuple[date, int, int]],
    tz: ZoneInfo,
    now: datetime,
    workday: tuple[time, time],
    gap_seconds: int,
    lunch_seconds: int,
    catalog: Catalog,
    rules: WorkspaceRules,
) -> list[Problem]:
    """The problems of the days in ``totals`` ((day, seconds, target), consecutive days).

    Days after today are never empty yet, and a day is not empty while a timer runs on it.
    """
    days = [day for day, _, _ in totals]
    start, end = day_bounds(days[0], tz)[0], day_bounds(days[-1], tz)[1]
    today = local_date(now, tz)
    inside = sorted(
        (e for e in finished if e.end is not None and e.start < end and e.end > start),
        key=lambda e: (e.start, e.id),
    )
    problems: list[Problem] = []
    stale = running is not None and local_date(running.start, tz) < today
    if running is not None and stale and running.start < end and now > start:
        problems.append(
            Problem(
                "stale_timer",
                local_date(running.start, tz),
                f"Timer running since {running.start.astimezone(tz):%a %d %b %H:%M} "
                f"({format_duration(running.seconds(now))})",
                key=row_key(running),
                at=running.start,
            )
        )
    for day, seconds, target in totals:
        timer_on_day = running is not None and running.start < day_bounds(day, tz)[1]
        if target > 0 and seconds == 0 and day < today and not timer_on_day:
            message = f"No time on a working day (target {format_duration(target)})"
            problems.append(Problem("empty_day", day, message))
    # An entry of a date and hours only (no clock times) has no place in the day: no gap or
    # overlap can be read from it.
    clocked = [e for e in inside if e.clock_times]
    busy = [*clocked, *([running] if running is not None else [])]
    problems += _overlaps(busy, start, end, tz, now, catalog)
    for entry in inside:
        assert entry.end is not None
        first_day = local_date(max(entry.start, start), tz)
        lacks = rules.missing(entry)
        if lacks:
            problems.append(
                Problem(
                    "missing_fields",
                    first_day,
                    f"Missing {', '.join(lacks)}: {_when(entry, tz)} {_what(entry, catalog)}",
                    key=row_key(entry),
                    entry_id=entry.id,
                    at=entry.start,
                )
            )
        if entry.clock_times and len(seconds_by_day(entry.start, entry.end, tz)) > 1:
            problems.append(
                Problem(
                    "crosses_midnight",
                    first_day,
                    f"Crosses midnight: {_span(entry.start, entry.end, tz)} "
                    f"({format_duration(entry.seconds())}) {_what(entry, catalog)}",
                    key=row_key(entry),
                    entry_id=entry.id,
                    at=entry.start,
                )
            )
    for day in days:
        problems += _gaps(busy, day, tz, now, workday, (gap_seconds, lunch_seconds))
    order = {kind: n for n, kind in enumerate(KINDS)}
    problems.sort(key=lambda p: (p.day, order[p.kind], p.at or start, p.message))
    return problems


def _overlaps(
    busy: Sequence[TimeEntry],
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    now: datetime,
    catalog: Catalog,
) -> list[Problem]:
    """One problem per pair of entries that share time inside [start, end)."""
    problems: list[Problem] = []
    open_: list[tuple[datetime, TimeEntry]] = []
    for entry in sorted(busy, key=lambda e: (e.start, e.id)):
        entry_end = entry.end if entry.end is not None else max(now, entry.start)
        open_ = [(until, other) for until, other in open_ if until > entry.start]
        for until, other in open_:
            shared_start = max(entry.start, start)
            shared_end = min(until, entry_end, end)
            if shared_end <= shared_start:
                continue
            # The finished one of the two is the one whose entries dialog can fix it.
            fix = entry if entry.end is not None else other
            names = [catalog.label(row_key(e)) for e in (other, entry)]
            said = f"two entries of {names[0]}" if names[0] == names[1] else " and ".join(names)
            problems.append(
                Problem(
                    "overlap",
                    local_date(shared_start, tz),
                    f"Overlap {_span(shared_start, shared_end, tz)} "
                    f"({format_duration(_seconds(shared_start, shared_end))}): {said}",
                    key=row_key(fix),
                    entry_id=fix.id if fix.end is not None else None,
                    at=shared_start,
                )
            )
        open_.append((entry_end, entry))
    return problems


def _gaps(
    busy: Sequence[TimeEntry],
    day: date,
    tz: ZoneInfo,
    now: datetime,
    workday: tuple[time, time],
    limits: tuple[int, int],
) -> list[Problem]:
    """Untracked time longer than the gap limit between two entries, both inside the
    working day. Time before the first and after the last entry is under-time, shown by
    the day's bar, not a gap.

    ``limits`` is (gap, lunch) in seconds: one break a day of up to the lunch limit is a
    lunch, not a problem; the longest such break is taken (the earlier one of equals), so
    a shorter hole the same day is still the one reported. On a day without a lunch, a
    break too long to be one says so, so a long lunch listed as a gap is not a puzzle."""
    gap_seconds, lunch_seconds = limits
    opens, closes = at_local_time(day, workday[0], tz), at_local_time(day, workday[1], tz)
    if closes <= opens:
        return []
    spans: list[tuple[datetime, datetime, TimeEntry]] = []
    for entry in sorted(busy, key=lambda e: (e.start, e.id)):
        entry_end = entry.end if entry.end is not None else max(now, entry.start)
        a, b = max(entry.start, opens), min(entry_end, closes)
        if b <= a:
            continue
        if spans and a <= spans[-1][1]:
            last_a, last_b, last_entry = spans[-1]
            spans[-1] = (last_a, b, entry) if b > last_b else (last_a, last_b, last_entry)
        else:
            spans.append((a, b, entry))
    holes = [
        (gap_start, gap_end, before)
        for (_, gap_start, before), (gap_end, _, _) in pairwise(spans)
        if _seconds(gap_start, gap_end) > gap_seconds
    ]
    lunches = [n for n, (a, b, _) in enumerate(holes) if _seconds(a, b) <= lunch_seconds]
    lunch = max(lunches, key=lambda n: (_seconds(*holes[n][:2]), -n), default=None)
    too_long = f", longer than a {format_duration(lunch_seconds)} lunch"
    problems = []
    for n, (gap_start, gap_end, before) in enumerate(holes):
        if n == lunch:
            continue
        length = _seconds(gap_start, gap_end)
        why = too_long if lunch is None and length > lunch_seconds > gap_seconds else ""
        problems.append(
            Problem(
                "gap",
                day,
                f"Gap {_span(gap_start, gap_end, tz)} ({format_duration(length)}) "
                f"between entries{why}",
                key=row_key(before),
                entry_id=before.id if before.end is not None else None,
                at=gap_start,
            )
        )
    return problems
